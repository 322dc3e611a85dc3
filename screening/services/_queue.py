"""Work handed to Celery once the transaction commits: the one enqueue helper of screening."""

from __future__ import annotations

import logging
from typing import Any, ParamSpec

from celery import Task
from django.db import transaction

logger = logging.getLogger("screening.services")

P = ParamSpec("P")


def enqueue(task: Task[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
    """After commit, hand `task` to Celery; a broker that is down must not undo the saved change
    (the page offers to run it again), so a failure to enqueue is logged, never raised."""

    def send() -> None:
        try:
            task.delay(*args, **kwargs)
        except Exception:
            logger.exception("Could not enqueue %s%r", task.name, args)

    transaction.on_commit(send)
