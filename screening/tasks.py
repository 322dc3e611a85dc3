"""Celery tasks of screening: run the rules again, send exam invitations. Thin: ids in,
a service does the work."""

from celery import shared_task

from screening import services


@shared_task
def evaluate_cv(cv_id: int) -> str | None:
    evaluation = services.evaluation_run_for_cv(cv_id=cv_id)
    return evaluation.recommendation if evaluation else None


@shared_task
def evaluate_job(job_id: int) -> int:
    return services.evaluations_run_for_job(job_id=job_id)


# SMTP and network errors are OSErrors and usually pass; anything else is a bug to see.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_exam_invitation(sitting_id: int, updated: bool = False) -> bool:
    return services.exam_invitation_send(sitting_id=sitting_id, updated=updated)
