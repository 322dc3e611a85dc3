"""Celery tasks of interviews: the hourly scorecard reminders (messages go through the outbox)."""

from celery import shared_task

from interviews import services


# Hourly from beat; each seat is claimed before its e-mail, so overlapping runs send it once.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_scorecard_reminders() -> int:
    return services.scorecard_reminders_send()
