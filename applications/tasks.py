"""Celery tasks of the applications app: thin wrappers that load ids and call services."""

from celery import shared_task

from applications import services


# SMTP and network errors are OSErrors and usually pass; anything else is a bug to see.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_stage_event(event_id: int) -> bool:
    return services.stage_event_notify(event_id=event_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_status_link(application_id: int, token: str, again: bool = False) -> None:
    services.status_link_send(application_id=application_id, token=token, again=again)


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


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_fresh_status_link(application_id: int) -> None:
    """The link is minted here, when the e-mail goes: the broker never holds a secret."""
    services.status_link_send_fresh(application_id=application_id)


@shared_task
def apply_retention() -> int:
    """Daily (Celery beat): erase everybody whose retention period has ended."""
    return len(services.retention_apply())


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_subject_access_request(request_id: int) -> None:
    services.subject_access_request_notify(request_id=request_id)
