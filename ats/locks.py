"""Transaction-scoped named locks, so that concurrent requests for one thing take turns."""

import hashlib
from collections.abc import Sequence

from django.db import connection


def _key(parts: Sequence[str]) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def advisory_lock(*parts: str) -> None:
    """Hold a lock named by `parts` until the current transaction ends (call inside atomic).

    PostgreSQL: `pg_advisory_xact_lock` on a 64-bit hash of the name. SQLite needs none: its
    transactions begin IMMEDIATE (ats/settings.py), so writers already take turns.
    """
    advisory_locks(parts)


def advisory_locks(*names: Sequence[str]) -> None:
    """Hold several named locks, taken in the order given, with one statement. Every caller
    that takes more than one names them in the same order (by kind), so no two wait on each
    other."""
    if connection.vendor != "postgresql" or not names:
        return
    # PostgreSQL evaluates a select list from left to right: the locks are taken in order.
    calls = ", ".join(["pg_advisory_xact_lock(%s)"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {calls}", [_key(name) for name in names])  # noqa: S608
