"""The demo tests share one load of the whole demo (about 30 s: 139 CVs are generated and
parsed), kept for this package and rolled back after its last test; each test still runs in its
own savepoint, so nothing one test does is seen by the next."""

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)
