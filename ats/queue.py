"""Work handed to Celery: the one enqueue helper of every app, and the requeue of stale work.

A business change and the work it causes (a CV to parse, a message to send, a webhook to
deliver) are written in one transaction; the task is enqueued only once that transaction has
committed. A broker that is down never undoes or breaks the change: the failure to enqueue is
logged, the row stays pending, and `requeue_stale` (Celery beat every minute, or
`manage.py requeue_stale`) hands it to Celery again once the broker is back.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Union

from celery import Task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("ats.queue")

TaskRef = Union["Task[Any, Any]", str]


def _task(task: TaskRef) -> Task[Any, Any]:
    """A task object, or one named by its dotted name (no import cycle with the task modules);
    the named task's module is imported on first use (web processes never autodiscover)."""
    if not isinstance(task, str):
        return task
    from ats.celery import app

    if task not in app.tasks:
        importlib.import_module(task.rpartition(".")[0])
    return app.tasks[task]


def enqueue(task: TaskRef, *args: Any, **kwargs: Any) -> bool:
    """Hand `task` to Celery now; False (and logged) when the broker cannot take it."""
    try:
        resolved = _task(task)
        resolved.apply_async(args=args, kwargs=kwargs)
    except Exception:
        logger.exception("Could not enqueue %s%r; requeue_stale will retry it", task, args)
        return False
    return True


def enqueue_on_commit(task: TaskRef, *args: Any, **kwargs: Any) -> None:
    """Once the current transaction commits, hand `task` to Celery (never raises)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


# Each app registers, from its AppConfig.ready(), a function that re-enqueues its own pending
# work created before a cut-off and returns how many items it handed over.
Requeuer = Callable[[datetime], int]
_requeuers: dict[str, Requeuer] = {}


def register_requeuer(name: str, requeuer: Requeuer) -> None:
    _requeuers[name] = requeuer


def requeue_stale(older_than: timedelta | None = None) -> dict[str, int]:
    """Re-enqueue every app's work still pending after `older_than` (REQUEUE_AFTER_SECONDS)."""
    if older_than is None:
        older_than = timedelta(seconds=settings.REQUEUE_AFTER_SECONDS)
    cutoff = timezone.now() - older_than
    counts: dict[str, int] = {}
    for name, requeuer in sorted(_requeuers.items()):
        try:
            counts[name] = requeuer(cutoff)
        except Exception:
            logger.exception("Requeue of %s failed", name)
            counts[name] = 0
    if any(counts.values()):
        logger.info("Requeued stale work: %s", counts)
    return counts
