"""Rule evaluations: the screening rules run on an application and stored.

Runs are the system's own work (a CV was read, criteria changed) and take no actor; HR asking
for a run again is checked.
"""

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    ApplicationStatus,
    CVDocument,
    JobOpening,
    JobQuestion,
    StageKind,
)
from ats.actors import Actor, require_hr
from ats.queue import enqueue_on_commit

# screening.tasks imports the services back; neither uses the other before it is called.
from screening import selectors, tasks
from screening.models import Evaluation, ScreeningCriteria


def _evaluate_and_store(
    application: Application,
    *,
    criteria: ScreeningCriteria,
    questions: Sequence[JobQuestion],
    cv: CVDocument | None,
) -> Evaluation:
    result = selectors.evaluate_application(
        application, criteria=criteria, questions=questions, cv=cv
    )
    evaluation, _created = Evaluation.objects.update_or_create(
        application=application,
        defaults={
            "results": [r.as_dict() for r in result.results],
            "recommendation": result.recommendation,
            "score": result.score,
            "criteria_version": selectors.criteria_version(criteria),
            "cv_read": bool(cv and cv.parse_status == CVDocument.ParseStatus.PARSED),
            "evaluated_at": timezone.now(),
        },
    )
    return evaluation


def evaluation_run(*, application: Application) -> Evaluation | None:
    """Run the rules on the application's current CV, form and the job's criteria; store it.

    None for a job without a screening stage (nothing to screen).
    """
    application = Application.objects.select_related("candidate", "job", "stage").get(
        pk=application.pk
    )
    job = application.job
    if not job.stages.filter(kind=StageKind.SCREENING).exists():
        return None
    return _evaluate_and_store(
        application,
        criteria=selectors.criteria_for_job(job),
        questions=selectors.knockout_questions(job),
        cv=CVDocument.objects.filter(application=application).first(),
    )


def evaluation_run_for_cv(*, cv_id: int) -> Evaluation | None:
    """A CV was read or corrected: evaluate its application again."""
    cv = CVDocument.objects.filter(pk=cv_id).select_related("application").first()
    if cv is None:
        return None
    return evaluation_run(application=cv.application)


def evaluation_request_for_cv(*, cv_id: int) -> None:
    """Evaluate the CV's application again in a task, once the current transaction commits
    (the CV listener of `applications`; the system's own work, so no actor)."""
    enqueue_on_commit(tasks.evaluate_cv, cv_id)


def evaluations_run_for_job(*, job_id: int) -> int:
    """Evaluate again every active application of the job not yet past screening.

    Those already past it keep the evaluation their screening relied on.
    """
    job = JobOpening.objects.filter(pk=job_id).first()
    if job is None or not job.stages.filter(kind=StageKind.SCREENING).exists():
        return 0
    criteria = selectors.criteria_for_job(job)
    questions = selectors.knockout_questions(job)
    applications = (
        Application.objects.filter(
            job=job,
            status=ApplicationStatus.ACTIVE,
            stage__kind__in=selectors.BLIND_STAGE_KINDS,
        )
        .select_related("candidate", "stage", "cv")
        .order_by("id")
    )
    count = 0
    for application in applications:
        _evaluate_and_store(
            application,
            criteria=criteria,
            questions=questions,
            cv=getattr(application, "cv", None),
        )
        count += 1
    return count


def evaluations_request_for_job(*, job: JobOpening, actor: Actor) -> None:
    """HR asks to run the rules again on the job's waiting applications (Celery, on commit)."""
    require_hr(actor, _("run the screening rules again"))
    enqueue_on_commit(tasks.evaluate_job, job.pk)
