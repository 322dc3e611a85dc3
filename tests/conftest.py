"""Shared fixtures: named people (HR, interviewers, anonymous) and their clients."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation
from rest_framework.test import APIClient

from ats.celery import app as celery_app
from tests.factories import UserFactory

# The schemathesis run (tests/schema) takes minutes: only `make test-schema` collects it.
collect_ignore = [] if os.environ.get("ATS_SCHEMA_RUN") == "1" else ["schema"]

# The Celery app reads the Django settings under the CELERY namespace, so its keys carry the
# prefix: `conf.task_always_eager = ...` would set an unprefixed key that reads never see.
EAGER = "CELERY_TASK_ALWAYS_EAGER"


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Passwords hashed by MD5 in tests, as Django's testing guide advises: the production
    hasher (PBKDF2, 1,000,000 iterations) takes half a second a user made or logged in with a
    password, most of the suite's time. What is tested of passwords (checks, lockouts, resets)
    does not depend on the hasher."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def _eager_celery_for_session_fixtures():
    """Module- and session-scoped fixtures (the demo) run before `_celery_mode`: eager for them
    too, even when `make test-postgres` configures a real broker instead of memory://."""
    celery_app.conf[EAGER] = True


@pytest.fixture(autouse=True)
def _celery_mode(request, settings):
    """Eager Celery everywhere except integration tests, which talk to a real worker."""
    integration = request.node.get_closest_marker("integration") is not None
    celery_app.conf[EAGER] = not integration
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield
    celery_app.conf[EAGER] = True


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request in Chinese (the language switcher,
    a staff profile, Accept-Language) leaves its language active on the thread afterwards, and
    the next test on that worker would read Chinese messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits, API throttles and login lockouts count in the cache: each test starts at 0."""
    cache.clear()


@pytest.fixture
def hr_user(db):
    return UserFactory(username="alice", first_name="Alice", groups=["hr"])


@pytest.fixture
def interviewer(db):
    return UserFactory(username="bob", first_name="Bob", groups=["interviewer"])


@pytest.fixture
def other_interviewer(db):
    return UserFactory(username="charlie", first_name="Charlie", groups=["interviewer"])


@pytest.fixture
def hr_client(hr_user):
    client = Client()
    client.force_login(hr_user)
    return client


@pytest.fixture
def hr_api(hr_user):
    client = APIClient()
    client.force_authenticate(hr_user)
    return client


@pytest.fixture
def interviewer_api(interviewer):
    client = APIClient()
    client.force_authenticate(interviewer)
    return client


@pytest.fixture
def anon_api():
    return APIClient()


# Fixtures through which a test reaches the database (pytest-django's, and the demo's loads).
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_setup", "live_server"})


def uses_database(item: pytest.Item) -> bool:
    """Whether a test may touch the database: pytest-django refuses it to every other test."""
    if item.get_closest_marker("django_db") is not None:
        return True
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(config, items):
    """`ATS_DATABASE_TESTS_ONLY=1` (the PostgreSQL half of `make test-postgres`) keeps the tests
    that touch the database: the others run the same code on either database, and the SQLite
    run has run them."""
    if os.environ.get("ATS_DATABASE_TESTS_ONLY") != "1":
        return
    kept, left = [], []
    for item in items:
        (kept if uses_database(item) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    # The default broker is memory:// (eager, no worker); a real one is named for the record.
    broker = settings.CELERY_BROKER_URL
    if settings.CELERY_TASK_ALWAYS_EAGER:
        broker += " (eager, no worker)"
    return [f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}; celery broker: {broker}"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, never into the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hr_decides_gates(monkeypatch):
    """Only the engine's own offer gate: for tests of the engine, pages and reports that move
    applications freely, independent of the gates other apps register."""
    from applications import gates, workflow

    monkeypatch.setattr(workflow, "_gates", {"offer": gates.offer_gate})
