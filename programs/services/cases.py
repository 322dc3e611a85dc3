"""Expert cases: opened for an accepted expert, their details changed, moved along the workflow."""

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import events
from applications.models import Application, Offer, StageEvent
from ats.actors import Actor, SystemActor, acting_user, require_hr
from ats.errors import DomainError, full_clean
from programs import workflow as case_workflow
from programs.models import CaseEvent, CaseStatus, ExpertCase, Programme, ProgrammeCategory
from programs.services.base import audit, changed_fields, lock_case, refuse_unknown
from programs.services.documents import checklist_sync
from programs.services.reference import check_category

CASE_FIELDS = (
    "programme",
    "category",
    "nationality",
    "passport_number",
    "passport_expiry",
    "date_of_birth",
    "host_institute",
    "supervisor",
    "position",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "arrived_on",
    "notes",
)


def _new_case(
    application: Application,
    *,
    recorded_as: Actor,
    programme: Programme | None,
    category: ProgrammeCategory | None,
    host_institute: str,
    supervisor: str,
    opened_at: datetime,
) -> ExpertCase:
    """The unsaved case, with the nationality, the position and the planned start copied from
    the candidate and the accepted offer."""
    offer = (
        Offer.objects.filter(application=application, status=Offer.Status.ACCEPTED)
        .order_by("-offered_on")
        .first()
    )
    return ExpertCase(
        application=application,
        programme=programme,
        category=category,
        nationality=application.candidate.nationality,
        host_institute=host_institute.strip(),
        supervisor=supervisor.strip(),
        position=(offer.position_title if offer else "") or application.job.title,
        planned_start=offer.start_date if offer else None,
        opened_at=opened_at,
        opened_by=acting_user(recorded_as),
    )


def _open(
    application: Application,
    *,
    recorded_as: Actor,
    programme: Programme | None = None,
    category: ProgrammeCategory | None = None,
    host_institute: str = "",
    supervisor: str = "",
    at: datetime | None = None,
) -> ExpertCase:
    """Open the case (or return the one there is); `recorded_as` is who the history names."""
    existing = ExpertCase.objects.filter(application_id=application.pk).first()
    if existing is not None:
        return existing
    application = Application.objects.select_related("candidate", "job", "stage").get(
        pk=application.pk
    )
    if not case_workflow.opens_case(application):
        raise DomainError(
            _("Only an application at the offer or joined stage, still active, opens a case."),
            code="not_accepted",
            field="application",
        )
    check_category(programme, category)
    case = _new_case(
        application,
        recorded_as=recorded_as,
        programme=programme,
        category=category,
        host_institute=host_institute,
        supervisor=supervisor,
        opened_at=at or timezone.now(),
    )
    full_clean(case, exclude=["application"])
    try:
        with transaction.atomic():
            case.save()
            checklist_sync(case)
            audit(
                case,
                kind=CaseEvent.Kind.OPENED,
                actor=recorded_as,
                to_status=case.status,
                summary=lambda: _("Case opened from the application to %(job)s")
                % {"job": application.job.reference},
                at=case.opened_at,
            )
    except IntegrityError:
        # Opened meanwhile by another request or the workflow listener: that one stands.
        existing = ExpertCase.objects.filter(application_id=application.pk).first()
        if existing is None:
            raise
        return existing
    return case


def case_open(
    *,
    application: Application,
    actor: Actor,
    programme: Programme | None = None,
    category: ProgrammeCategory | None = None,
    host_institute: str = "",
    supervisor: str = "",
    at: datetime | None = None,
) -> ExpertCase:
    """Open the case of an accepted expert (idempotent: an existing case is returned as is).

    The expert's nationality, the position and the planned start are copied from the candidate
    and the accepted offer. Side effects: the programme's checklist lines; a CaseEvent "opened".
    """
    require_hr(actor, _("open a foreign expert's case"))
    return _open(
        application,
        recorded_as=actor,
        programme=programme,
        category=category,
        host_institute=host_institute,
        supervisor=supervisor,
        at=at,
    )


def case_open_for_stage_event(*, event_id: int, actor: SystemActor) -> ExpertCase | None:
    """The workflow listener's action: an application to a foreign-expert call reached the
    offer or joined stage, so its case is opened (once). Returns None when nothing applies.

    It runs in a task after the move's commit, on the system's authority (`actor`); the history
    names the person who made the move (the case follows from their move), else the system.
    """
    event = (
        StageEvent.objects.select_related("application__job", "to_stage", "actor")
        .filter(pk=event_id)
        .first()
    )
    if event is None or not event.application.job.is_foreign_expert_call:
        return None
    application = event.application
    application.refresh_from_db(fields=["status", "stage"])
    if not case_workflow.opens_case(application):
        return None
    mover: Actor = event.actor if event.actor is not None else actor
    return _open(application, recorded_as=mover, at=event.at)


def _field_label(name: str) -> str:
    field = ExpertCase._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def case_update(
    *, case: ExpertCase, actor: Actor, at: datetime | None = None, **fields: Any
) -> ExpertCase:
    """Change a case's details (not its status: that is `case_move`).

    Side effects: a new programme or category adds its checklist lines; a CaseEvent "updated".
    """
    require_hr(actor, _("change a foreign expert's case"))
    refuse_unknown(fields, CASE_FIELDS)
    with transaction.atomic():
        current = lock_case(case)
        changed = changed_fields(current, fields)
        if not changed:
            return current
        check_category(current.programme, current.category)
        full_clean(current, exclude=["application"])
        current.save(update_fields=[*changed, "updated_at"])
        if {"programme", "category"} & set(changed):
            checklist_sync(current)
        audit(
            current,
            kind=CaseEvent.Kind.UPDATED,
            actor=actor,
            summary=lambda: _("Changed: %(fields)s")
            % {"fields": ", ".join(_field_label(name) for name in changed)},
            at=at,
        )
    return current


def _check_case_move(case: ExpertCase, to_status: str, *, reason: str, on: date) -> None:
    """The table of moves, the reason some moves need, and the evidence the target needs."""
    target = CaseStatus(to_status)
    if to_status not in case_workflow.allowed_moves(case.status):
        raise DomainError(
            _("A case cannot move from “%(from)s” to “%(to)s”.")
            % {"from": case.get_status_display(), "to": target.label},
            code="illegal_move",
            field="to_status",
        )
    if to_status in case_workflow.REASON_REQUIRED and not reason:
        raise DomainError(
            _("Moving to “%(to)s” needs a reason.") % {"to": target.label},
            code="reason_required",
            field="reason",
        )
    missing = case_workflow.missing_evidence(case, to_status, on=on)
    if missing:
        raise DomainError(
            _("Cannot move to “%(to)s”: %(missing)s.")
            % {"to": target.label, "missing": "; ".join(missing)},
            code="evidence_missing",
        )


def _enter(case: ExpertCase, to_status: str, *, on: date) -> list[str]:
    """Set the new status and the dates entering it records; the names of the changed fields.

    Entering "arrived" records the day of entry; entering "ended" records the actual end.
    """
    case.status = to_status
    update = ["status", "updated_at"]
    if to_status == CaseStatus.ARRIVED and case.arrived_on is None:
        case.arrived_on = on
        update.append("arrived_on")
    if to_status == CaseStatus.ENDED and case.actual_end is None:
        case.actual_end = max(on, case.actual_start or on)
        update.append("actual_end")
    return update


def case_move(
    *,
    case: ExpertCase,
    to_status: str,
    actor: Actor,
    reason: str = "",
    at: datetime | None = None,
) -> ExpertCase:
    """Move a case to its next status, if the move is allowed and its evidence is recorded.

    Entering "arrived" records the day of entry (the clock of the 15- and 30-day deadlines);
    entering "ended" records the actual end. Side effects: one CaseEvent "moved"; the domain
    event "case.status_changed".
    """
    require_hr(actor, _("move a foreign expert's case"))
    reason = reason.strip()
    if to_status not in CaseStatus.values:
        raise DomainError(_("Unknown status “%(s)s”.") % {"s": to_status}, field="to_status")
    with transaction.atomic():
        current = lock_case(case)
        if current.status == to_status:
            return current
        now = at or timezone.now()
        day = timezone.localdate(now)
        _check_case_move(current, to_status, reason=reason, on=day)
        from_status = current.status
        current.save(update_fields=_enter(current, to_status, on=day))
        audit(
            current,
            kind=CaseEvent.Kind.MOVED,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            at=now,
        )
        events.emit("case.status_changed", data=_move_facts(current, from_status), at=now)
    return current


def _move_facts(case: ExpertCase, from_status: str) -> dict[str, Any]:
    # The status and the programme; passport, permits and notes stay inside.
    application = Application.objects.select_related("job", "stage").get(pk=case.application_id)
    return events.application_facts(application) | {
        "case_id": case.pk,
        "programme": case.programme.code if case.programme else None,
        "from_status": from_status,
        "to_status": case.status,
    }
