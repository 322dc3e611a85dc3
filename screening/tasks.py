"""Celery tasks of screening: run the rules again. Thin: ids in, a service does the work."""

from celery import shared_task

from screening import services


@shared_task
def evaluate_cv(cv_id: int) -> str | None:
    evaluation = services.evaluation_run_for_cv(cv_id=cv_id)
    return evaluation.recommendation if evaluation else None


@shared_task
def evaluate_job(job_id: int) -> int:
    return services.evaluations_run_for_job(job_id=job_id)
