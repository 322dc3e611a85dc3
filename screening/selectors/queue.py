"""The screening queue of a job, and the job and application lookups its pages share."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus, JobOpening, JobStage, StageKind
from applications.selectors import application_list, job_get
from ats.actors import Actor
from ats.roles import is_hr
from screening.models import (
    Evaluation,
    Recommendation,
    ScreeningCriteria,
    ScreeningDecision,
    applicant_reference,
)
from screening.selectors.blinding import applicant_label, identity_hidden
from screening.selectors.criteria import evaluation_stale
from screening.selectors.decisions import DecisionSummary, decision_summary


def queue_applications(job: JobOpening) -> QuerySet[Application]:
    """Active applications in the job's screening stages, oldest first, with their evaluation
    and every decision (two queries for any number of applications)."""
    return (
        Application.objects.filter(
            job=job, status=ApplicationStatus.ACTIVE, stage__kind=StageKind.SCREENING
        )
        .select_related("candidate", "stage", "screening_evaluation")
        .prefetch_related(
            Prefetch(
                "screening_decisions",
                queryset=ScreeningDecision.objects.select_related("reviewer").order_by("at", "id"),
            )
        )
        .order_by("submitted_at", "id")
    )


@dataclass
class QueueRow:
    application: Application
    evaluation: Evaluation | None
    summary: DecisionSummary
    hidden: bool
    stale: bool

    @property
    def reference(self) -> str:
        return applicant_reference(self.application.pk)

    @property
    def label(self) -> str:
        return applicant_label(self.application, self.hidden)

    @property
    def recommended(self) -> bool:
        """The rules recommend a pass on the current criteria."""
        return (
            self.evaluation is not None
            and self.evaluation.recommendation == Recommendation.PASS
            and not self.stale
        )


def queue_rows(
    job: JobOpening, criteria: ScreeningCriteria, user: Actor, *, pending_only: bool = False
) -> list[QueueRow]:
    rows = []
    for application in queue_applications(job):
        summary = decision_summary(application.screening_decisions.all())
        if pending_only and summary.latest_of(user) is not None:
            continue
        evaluation = getattr(application, "screening_evaluation", None)
        rows.append(
            QueueRow(
                application=application,
                evaluation=evaluation,
                summary=summary,
                hidden=identity_hidden(application, criteria, summary, user),
                stale=evaluation is not None and evaluation_stale(evaluation, criteria),
            )
        )
    return rows


def next_undecided(rows: list[QueueRow], user: Actor, after_id: int) -> int | None:
    """The next application in queue order this reviewer has not decided, wrapping round."""
    ids = [r.application.pk for r in rows]
    start = ids.index(after_id) + 1 if after_id in ids else 0
    for row in rows[start:] + rows[:start]:
        if row.application.pk != after_id and row.summary.latest_of(user) is None:
            return row.application.pk
    return None


def queue_application_get(job: JobOpening, user: Actor, pk: int) -> Application:
    """One application of this job for the screening pages (the same access rule as everywhere)."""
    if not is_hr(user):
        raise Http404(_("No such application."))
    application = application_list().filter(pk=pk, job=job).first()
    if application is None:
        raise Http404(_("No such application."))
    return application


def job_get_for_user(user: Actor, pk: int) -> JobOpening:
    if not is_hr(user):
        raise Http404(_("No such job opening."))
    return job_get(pk)


def job_has_stage(job: JobOpening, kind: str) -> bool:
    # Uses the job's prefetched stages when it has them (job_get prefetches them).
    return any(stage.kind == kind for stage in job.stages.all())


def stage_after(job: JobOpening, kind: str) -> JobStage | None:
    """The stage that follows the job's stage of this kind (where its applications go next)."""
    stages = list(job.stages.all())
    for stage, following in zip(stages, stages[1:], strict=False):
        if stage.kind == kind:
            return following
    return None
