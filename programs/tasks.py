"""Celery tasks of the programmes app: open a case after a workflow move, daily reminders."""

from celery import shared_task

from ats.actors import SYSTEM
from programs import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def open_case_for_stage_event(event_id: int) -> int | None:
    case = services.case_open_for_stage_event(event_id=event_id, actor=SYSTEM)
    return case.pk if case else None


# SMTP and network errors are OSErrors and usually pass; anything else is a bug to see.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_programme_reminders() -> int:
    return services.reminders_send()
