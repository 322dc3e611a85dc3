"""Reviewers' screening decisions: pass, fail or hold, appended; the bulk pass of recommended.

A decision is a judgement somebody owns: only a person on the HR staff records one (no task or
system actor stands in for them).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus, JobOpening, StageKind
from ats.actors import Actor, acting_user, require_hr
from ats.errors import DomainError
from screening import selectors
from screening.models import (
    Decision,
    Evaluation,
    Recommendation,
    ScreeningCriteria,
    ScreeningDecision,
    applicant_reference,
)

NOTE_MAX = 2000


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(
            _("A note may have at most %(n)d characters.") % {"n": NOTE_MAX}, field="note"
        )
    return note


def _lock_in_screening(application: Application) -> None:
    """Lock the application row, and refuse unless it is active and in screening.

    The application row is the lock: no decision races a move out of screening.
    """
    locked = (
        Application.objects.select_for_update()
        .filter(pk=application.pk)
        .values_list("status", "stage__kind")
        .first()
    )
    if locked is None:
        raise DomainError(_("This application no longer exists."), code="not_found")
    status, stage_kind = locked
    if status != ApplicationStatus.ACTIVE or stage_kind != StageKind.SCREENING:
        raise DomainError(
            _("Screening decisions are recorded while the application is in screening."),
            code="not_in_screening",
        )


@transaction.atomic
def decision_record(
    *,
    application: Application,
    actor: Actor,
    decision: str,
    note: str = "",
    at: datetime | None = None,
    from_recommendation: bool = False,
) -> ScreeningDecision:
    """One reviewer's pass, fail or hold on an application in screening (appended, never
    changed: a later decision by the same reviewer supersedes it)."""
    require_hr(actor, _("record screening decisions"), person=True)
    if decision not in Decision.values:
        raise DomainError(_("Choose pass, fail or hold."), field="decision")
    note = _clean_note(note)
    _lock_in_screening(application)
    return ScreeningDecision.objects.create(
        application_id=application.pk,
        reviewer=acting_user(actor),
        decision=decision,
        note=note,
        at=at or timezone.now(),
        from_recommendation=from_recommendation,
    )


@dataclass(frozen=True)
class BulkDecisionOutcome:
    application_id: int
    reference: str
    recorded: bool
    message: str


def _not_passable(
    application: Application,
    evaluation: Evaluation | None,
    *,
    actor: Actor,
    criteria: ScreeningCriteria,
) -> str | None:
    """Why "pass every recommended" leaves this application alone (None: it passes it)."""
    own = selectors.decision_summary(application.screening_decisions.all()).latest_of(actor)
    if own is not None and own.decision == Decision.PASS:
        return _("you already passed it")
    if evaluation is None:
        return _("not evaluated yet")
    if selectors.evaluation_stale(evaluation, criteria):
        return _("the criteria changed since it was evaluated; run the rules again first")
    if evaluation.recommendation != Recommendation.PASS:
        return _("the rules recommend “%(r)s”") % {
            "r": Recommendation(evaluation.recommendation).label
        }
    return None


def _recommended_note(evaluation: Evaluation) -> str:
    score = (
        _("score %(n)d") % {"n": evaluation.score}
        if evaluation.score is not None
        else _("no desired criteria")
    )
    return _("Recommended by the screening rules (%(score)s).") % {"score": score}


def decisions_pass_recommended(*, job: JobOpening, actor: Actor) -> list[BulkDecisionOutcome]:
    """Record a pass by `actor` for each application in screening whose current evaluation
    recommends pass; each is its own decision (and transaction). The report says, for every
    application in screening, what was recorded or why not."""
    require_hr(actor, _("record screening decisions"), person=True)
    criteria = selectors.criteria_for_job(job)
    outcomes = []
    for application in selectors.queue_applications(job):
        reference = applicant_reference(application.pk)
        evaluation = getattr(application, "screening_evaluation", None)
        skipped = _not_passable(application, evaluation, actor=actor, criteria=criteria)
        if skipped is None and evaluation is not None:
            try:
                decision_record(
                    application=application,
                    actor=actor,
                    decision=Decision.PASS,
                    note=_recommended_note(evaluation),
                    from_recommendation=True,
                )
            except DomainError as exc:
                skipped = exc.message
        recorded = skipped is None
        message = _("pass recorded") if recorded else str(skipped)
        outcomes.append(BulkDecisionOutcome(application.pk, reference, recorded, message))
    return outcomes
