"""HR's decision on an application after a round: advance (opens the gate) or reject."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import workflow
from applications.models import Application, JobStage, RejectionReason
from ats.actors import Actor, acting_user, require_hr
from ats.errors import DomainError
from ats.i18n.names import translate_name
from interviews import selectors
from interviews.models import InterviewRound, RoundDecision, RoundOutcome

DEFAULT_REJECTION = "interview-performance"


def round_decision_record(
    *,
    actor: Actor,
    application: Application,
    round: InterviewRound,
    outcome: str,
    note: str = "",
    rejection_reason: RejectionReason | None = None,
    reject_application: bool = True,
    move_on: bool = False,
    notify: bool = True,
    at: datetime | None = None,
) -> RoundDecision:
    """HR's decision for an application in a round (a later decision replaces an earlier one).

    `advance` needs a held interview with every scorecard the round waits for; with `move_on`
    the application then moves to the next stage through the engine. `reject` rejects the
    application through the engine with its reason (“Interview performance” unless another is
    given); `reject_application=False` records the decision only, for a caller that rejects
    through the engine itself (the demo loader does).
    """
    require_hr(actor, _("decide interview rounds"))
    if outcome not in RoundOutcome.values:
        raise DomainError(_("The decision is advance or reject."), field="outcome")
    with transaction.atomic():
        current = _application_to_decide(application, round)
        if outcome == RoundOutcome.ADVANCE:
            _check_ready_to_advance(current, round)
            rejection_reason = None
        elif rejection_reason is None:
            rejection_reason = RejectionReason.objects.get(code=DEFAULT_REJECTION)
        decision, _created = RoundDecision.objects.update_or_create(
            application=current,
            round=round,
            defaults={
                "outcome": outcome,
                "rejection_reason": rejection_reason,
                "note": note.strip(),
                "decided_by": acting_user(actor),
                "decided_at": at or timezone.now(),
            },
        )
        if rejection_reason is not None and reject_application:  # only a rejection has one
            workflow.reject(
                current,
                rejection_reason=rejection_reason,
                actor=actor,
                note=note.strip(),
                at=at,
                notify=notify,
            )
        if outcome == RoundOutcome.ADVANCE and move_on:
            _move_to_next_stage(current, actor=actor, at=at, notify=notify)
    return decision


def _application_to_decide(application: Application, round_: InterviewRound) -> Application:
    """The application, locked and fresh, if it is active in the round's stage."""
    list(Application.objects.select_for_update().filter(pk=application.pk).values_list("pk"))
    current = Application.objects.select_related("candidate", "stage", "job").get(pk=application.pk)
    if not selectors.stands_in_round(current, round_):
        raise DomainError(
            _("%(name)s is not active in “%(stage)s”; there is nothing to decide.")
            % {"name": current.candidate.full_name, "stage": translate_name(round_.stage.name)},
            code="not_in_round",
        )
    return current


def _check_ready_to_advance(application: Application, round_: InterviewRound) -> None:
    missing = selectors.round_refusal(application, round_, need_decision=False)
    if missing:
        raise DomainError(
            _("Not yet ready to advance: %(missing)s.") % {"missing": missing},
            code="gate_refused",
        )


def _move_to_next_stage(
    application: Application, *, actor: Actor, at: datetime | None, notify: bool
) -> None:
    following = (
        JobStage.objects.filter(job_id=application.job_id, position__gt=application.stage.position)
        .order_by("position")
        .first()
    )
    if following is not None:
        workflow.move(application, to_stage=following, actor=actor, at=at, notify=notify)
