"""Project-wide Celery tasks."""

from celery import shared_task
from django.db import connection


@shared_task
def health() -> dict[str, str]:
    """What a worker sees: its database vendor and name (monitoring and the CI check)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"vendor": connection.vendor, "database": str(connection.settings_dict["NAME"])}


@shared_task
def requeue_stale() -> dict[str, int]:
    """Beat, every minute: pending work whose task was lost (broker down) goes back to Celery."""
    from ats import queue

    return queue.requeue_stale()
