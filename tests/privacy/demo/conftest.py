"""The privacy tests on the demo share one load of it (see tests/demo/conftest.py), with its
files in a folder of their own that every test of this package reads."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="package")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, demo_media):
    with (
        override_settings(MEDIA_ROOT=demo_media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _private_media(settings, demo_media):
    """The demo's CVs are where the demo put them (not in a fresh folder per test)."""
    settings.MEDIA_ROOT = demo_media
