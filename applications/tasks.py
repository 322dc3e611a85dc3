"""Celery tasks of the applications app: thin wrappers that load ids and call services."""

from celery import shared_task

from applications import services


# acks_late + reject_on_worker_lost: a worker killed mid-parse leaves the task on the broker,
# and another worker (or this one, restarted) parses the CV. The parser itself runs in a child
# process with its own time and memory limits, so a hostile PDF never takes the worker down.
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def parse_cv_document(self, cv_id: int) -> str:
    try:
        cv = services.cv_parse(cv_id=cv_id)
    except OSError as exc:
        if self.request.retries >= self.max_retries:
            services.cv_parse_failed(cv_id=cv_id, reason=f"storage error: {exc}")
        raise
    return cv.parse_status


@shared_task
def apply_retention() -> int:
    """Daily (Celery beat): erase everybody whose retention period has ended."""
    return len(services.retention_apply())
