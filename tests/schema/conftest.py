"""The schema run's world: the seeded rows (once per run), the three identities, throttles out of
the way, and the counts printed at the end (operations, cases, errors, violations)."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core import signals
from django.db import close_old_connections
from rest_framework.throttling import SimpleRateThrottle

from tests.schema.seed import seed

SEEDED: dict[str, Any] = {}


@dataclass
class Tally:
    operations: set[str] = field(default_factory=set)
    cases: int = 0
    # One entry per distinct (operation, identity, failure title), whatever the shrinker retries.
    errors: set[tuple[str, str, str]] = field(default_factory=set)
    violations: set[tuple[str, str, str]] = field(default_factory=set)
    statuses: Counter[int] = field(default_factory=Counter)

    def line(self) -> str:
        return (
            f"schemathesis: {len(self.operations)} operations, {self.cases} cases, "
            f"{len(self.errors)} errors, {len(self.violations)} violations"
        )


TALLY = Tally()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seeded once, committed to the test database; each test still rolls its own writes back."""
    with django_db_blocker.unblock():
        SEEDED.update(seed())


@pytest.fixture(params=["hr", "interviewer", "anonymous"])
def identity(request, db) -> tuple[str, dict[str, str]]:
    """Who calls: HR and an interviewer by their API tokens, or nobody."""
    token = SEEDED["tokens"].get(request.param)
    return request.param, ({"Authorization": f"Token {token}"} if token else {})


@pytest.fixture(autouse=True)
def _no_throttles(monkeypatch, settings):
    """Generated requests come fast from one address: the rates must not answer for the API."""
    fast = {"anon": "1000000/minute", "user": "1000000/minute", "public": "1000000/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", fast)
    settings.APPLY_RATE_LIMIT_PER_HOUR = 1_000_000


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The requests go through the real WSGI handler, whose end-of-request signal would close
    the test's database connection; Django's own test client unhooks it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def pytest_terminal_summary(terminalreporter):
    if not TALLY.cases:
        return
    for kind, found in (("error", TALLY.errors), ("violation", TALLY.violations)):
        for operation, who, title in sorted(found):
            terminalreporter.write_line(f"{kind}: {operation} as {who}: {title}")
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(TALLY.statuses.items()))
    terminalreporter.write_line(f"responses by status: {statuses}")
    terminalreporter.write_line(TALLY.line())
