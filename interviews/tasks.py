"""Celery tasks of interviews: invitations with .ics files, reopened scorecards, reminders."""

from celery import shared_task

from interviews import services
from interviews.services.notices import Notice


# SMTP and network errors are OSErrors and usually pass; anything else is a bug to see.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_interview_notice(
    interview_id: int, notice: Notice, user_ids: list[int] | None = None, candidate: bool = True
) -> int:
    return services.interview_notice_send(
        interview_id=interview_id, notice=notice, user_ids=user_ids, candidate=candidate
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_scorecard_reopened(scorecard_id: int) -> bool:
    return services.scorecard_reopened_send(scorecard_id=scorecard_id)


# Hourly from beat; each seat is claimed before its e-mail, so overlapping runs send it once.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_scorecard_reminders() -> int:
    return services.scorecard_reminders_send()
