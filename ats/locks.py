"""Transaction-scoped named locks, so that concurrent requests for one thing take turns."""

import hashlib

from django.db import connection


def advisory_lock(*parts: str) -> None:
    """Hold a lock named by `parts` until the current transaction ends (call inside atomic).

    PostgreSQL: `pg_advisory_xact_lock` on a 64-bit hash of the name. SQLite needs none: its
    transactions begin IMMEDIATE (ats/settings.py), so writers already take turns.
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
