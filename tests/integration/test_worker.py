"""On PostgreSQL with a real worker on Redis: tasks leave the process and reach the database."""

import time

import pytest

from applications import workflow
from ats.tasks import health
from tests.factories import make_application, stages

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_worker_uses_postgresql(celery_worker_process):
    result = health.delay().get(timeout=30)
    print(f"worker database vendor: {result['vendor']} ({result['database']})")
    assert result["vendor"] == "postgresql"
    assert result["database"].startswith("test_")


def test_move_notification_is_sent_by_the_worker(celery_worker_process, worker_mail_dir, hr_user):
    application = make_application()
    workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        mails = [p.read_text() for p in worker_mail_dir.iterdir()]
        if any(application.candidate.email in m for m in mails):
            break
        time.sleep(0.2)
    else:
        pytest.fail("the worker sent no notification within 30 s")
    assert any("Under review" in m for m in mails)
