"""Settings read from the environment: the Celery broker default and when Celery is eager."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Loads the settings in a fresh process (they are read once, at import) and builds a broker
# connection the way beat, `celery control` and purge do, without connecting.
PROBE = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "ats.settings"
import django
django.setup()
from django.conf import settings
from ats.celery import app
uri = app.connection_for_write().as_uri()
print(json.dumps([settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER, uri]))
"""


def _probe(**env: str | None) -> tuple[str, bool, str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    for name, value in env.items():
        if value is not None:
            environ[name] = value
    done = subprocess.run(  # noqa: S603 - our own interpreter on a fixed script
        [sys.executable, "-W", "always", "-c", PROBE],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    broker, eager, uri = json.loads(done.stdout.strip().splitlines()[-1])
    return broker, eager, uri, done.stderr


@pytest.mark.parametrize("value", [None, ""])
def test_no_broker_means_memory_and_eager_without_a_warning(value):
    broker, eager, uri, stderr = _probe(CELERY_BROKER_URL=value)
    assert (broker, eager) == ("memory://localhost/", True)
    assert uri.startswith("memory://localhost")
    assert "No hostname was supplied" not in stderr


def test_a_real_broker_means_real_workers():
    broker, eager, _uri, _stderr = _probe(CELERY_BROKER_URL="redis://127.0.0.1:6379/15")
    assert (broker, eager) == ("redis://127.0.0.1:6379/15", False)


def test_any_memory_broker_is_eager():
    _broker, eager, _uri, _stderr = _probe(CELERY_BROKER_URL="memory://elsewhere/")
    assert eager is True
