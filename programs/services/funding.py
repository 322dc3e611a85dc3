"""Funding applications of a case: their moves, and the rules of the programme they apply to."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ats.actors import Actor, require_hr
from ats.errors import DomainError, full_clean
from programs.models import (
    GRANTED_FUNDING_STATUSES,
    CaseEvent,
    ExpertCase,
    FundingApplication,
    FundingStatus,
    Programme,
    ProgrammeCategory,
)
from programs.services.base import audit, changed_fields, lock_case, refuse_unknown
from programs.services.reference import check_category

F = FundingStatus

# Allowed funding moves. A decision ends the review; only an award goes on to run.
FUNDING_TRANSITIONS: dict[str, tuple[str, ...]] = {
    F.DRAFT: (F.SUBMITTED, F.WITHDRAWN),  # the host submits in the call window
    F.SUBMITTED: (F.UNDER_REVIEW, F.AWARDED, F.DECLINED, F.WITHDRAWN),
    F.UNDER_REVIEW: (F.AWARDED, F.DECLINED, F.WITHDRAWN),  # withdrawn only before a decision
    F.AWARDED: (F.ACTIVE, F.CANCELLED),  # the fellowship starts, or is cancelled
    F.ACTIVE: (F.COMPLETED, F.CANCELLED),
    F.DECLINED: (),
    F.WITHDRAWN: (),
    F.COMPLETED: (),
    F.CANCELLED: (),
}


def _check_eligibility(case: ExpertCase, programme: Programme) -> None:
    if not programme.excludes_host_nationals:
        return
    if not case.nationality:
        raise DomainError(
            _("Record the expert's nationality first: %(programme)s is not open to %(country)s.")
            % {"programme": programme.name, "country": programme.host_country.name},
            code="nationality_unknown",
            field="nationality",
        )
    if case.nationality == programme.host_country:
        raise DomainError(
            _("%(programme)s is not open to nationals of %(country)s.")
            % {"programme": programme.name, "country": programme.host_country.name},
            code="host_national",
        )


def _check_continuation(funding: FundingApplication, case: ExpertCase) -> None:
    """At most `max_continuations` continuations granted for the same expert and host."""
    limit = funding.programme.max_continuations
    if limit is None or funding.continuation_number == 0:
        return
    if funding.continuation_number > limit:
        raise DomainError(
            ngettext(
                "%(programme)s grants at most %(n)d continuation.",
                "%(programme)s grants at most %(n)d continuations.",
                limit,
            )
            % {"programme": funding.programme.name, "n": limit},
            code="too_many_continuations",
            field="continuation_number",
        )
    granted = (
        FundingApplication.objects.filter(
            programme_id=funding.programme_id,
            case__application__candidate_id=case.application.candidate_id,
            case__host_institute__iexact=case.host_institute,
            continuation_number__gte=1,
            status__in=GRANTED_FUNDING_STATUSES,
        )
        .exclude(pk=funding.pk)
        .count()
    )
    if granted >= limit:
        raise DomainError(
            _(
                "%(programme)s has already granted %(n)d continuations for this expert at "
                "%(host)s; no more are possible."
            )
            % {"programme": funding.programme.name, "n": granted, "host": case.host_institute},
            code="too_many_continuations",
            field="continuation_number",
        )


def _check_decision_dates(funding: FundingApplication, to_status: str) -> None:
    if funding.submitted_on is None:
        raise DomainError(
            _("A funding application is %(status)s only after its submission date is recorded.")
            % {"status": FundingStatus(to_status).label.lower()},
            code="submission_date_missing",
            field="submitted_on",
        )
    if funding.decided_on is None:
        raise DomainError(
            _("Record the date of the decision."), code="decision_date_missing", field="decided_on"
        )
    if funding.decided_on < funding.submitted_on:
        raise DomainError(
            _("The decision cannot be before the submission."),
            code="decision_before_submission",
            field="decided_on",
        )


def funding_application_create(
    *,
    case: ExpertCase,
    actor: Actor,
    programme: Programme,
    call_year: int,
    category: ProgrammeCategory | None = None,
    continuation_number: int = 0,
    amount: Decimal | None = None,
    currency: str = "CNY",
    duration_months: int | None = None,
    notes: str = "",
    at: datetime | None = None,
) -> FundingApplication:
    """A draft funding application for the case; refused when the programme excludes the
    expert's nationality or the continuation would exceed its limit. Side effects: CaseEvent."""
    require_hr(actor, _("change funding applications"))
    with transaction.atomic():
        current = lock_case(case)
        check_category(programme, category)
        _check_eligibility(current, programme)
        funding = FundingApplication(
            case=current,
            programme=programme,
            category=category,
            call_year=call_year,
            continuation_number=continuation_number,
            amount=amount,
            currency=currency.upper(),
            duration_months=duration_months,
            notes=notes,
        )
        _check_continuation(funding, current)
        full_clean(funding, exclude=["case"])
        funding.save()
        audit(
            current,
            kind=CaseEvent.Kind.FUNDING,
            actor=actor,
            summary=lambda: _("Funding application %(f)s added") % {"f": funding},
            at=at,
        )
    return funding


FUNDING_FIELDS = (
    "category",
    "call_year",
    "submitted_on",
    "decided_on",
    "amount",
    "currency",
    "duration_months",
    "continuation_number",
    "notes",
)


def funding_application_update(
    *, funding: FundingApplication, actor: Actor, **fields: Any
) -> FundingApplication:
    """Change the data of a funding application (its status moves with
    `funding_application_move`). Side effects: a CaseEvent."""
    require_hr(actor, _("change funding applications"))
    refuse_unknown(fields, FUNDING_FIELDS)
    with transaction.atomic():
        case = lock_case(funding.case)
        current = FundingApplication.objects.select_related("programme").get(pk=funding.pk)
        changed = changed_fields(current, fields)
        if not changed:
            return current
        current.currency = (current.currency or "").upper()
        check_category(current.programme, current.category)
        if current.status in GRANTED_FUNDING_STATUSES or current.status == F.DECLINED:
            _check_decision_dates(current, current.status)
        if "continuation_number" in changed:
            _check_continuation(current, case)
        full_clean(current, exclude=["case"])
        current.save(update_fields=[*changed, "currency", "updated_at"])
        audit(
            case,
            kind=CaseEvent.Kind.FUNDING,
            actor=actor,
            summary=lambda: _("Funding application %(f)s changed") % {"f": current},
        )
    return current


def _record_dates(
    funding: FundingApplication, *, submitted_on: date | None, decided_on: date | None
) -> list[str]:
    """Set the dates given with a move; the names of those that changed."""
    changed = []
    if submitted_on is not None and submitted_on != funding.submitted_on:
        funding.submitted_on = submitted_on
        changed.append("submitted_on")
    if decided_on is not None and decided_on != funding.decided_on:
        funding.decided_on = decided_on
        changed.append("decided_on")
    return changed


def _check_move(funding: FundingApplication, case: ExpertCase, to_status: str) -> None:
    """The table of moves, then what the target status needs: a submission date and an open
    programme to submit; both dates to decide; an award re-checks nationality and continuations."""
    if to_status not in FUNDING_TRANSITIONS[funding.status]:
        raise DomainError(
            _("A funding application cannot go from “%(from)s” to “%(to)s”.")
            % {"from": funding.get_status_display(), "to": FundingStatus(to_status).label},
            code="illegal_move",
            field="to_status",
        )
    if to_status == F.SUBMITTED:
        if funding.submitted_on is None:
            raise DomainError(
                _("Record the date of the submission."),
                code="submission_date_missing",
                field="submitted_on",
            )
        _check_eligibility(case, funding.programme)
    if to_status in (F.AWARDED, F.DECLINED):
        _check_decision_dates(funding, to_status)
    if to_status == F.AWARDED:
        _check_eligibility(case, funding.programme)
        _check_continuation(funding, case)


def funding_application_move(
    *,
    funding: FundingApplication,
    actor: Actor,
    to_status: str,
    submitted_on: date | None = None,
    decided_on: date | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> FundingApplication:
    """Move a funding application along draft → submitted → under review → awarded/declined
    (withdrawn before a decision), awarded → active → completed (or cancelled).

    No award or refusal without a submission date and a decision date on or after it; an award
    re-checks nationality and continuations. Side effects: a CaseEvent.
    """
    require_hr(actor, _("change funding applications"))
    if to_status not in FundingStatus.values:
        raise DomainError(_("Unknown status “%(s)s”.") % {"s": to_status}, field="to_status")
    with transaction.atomic():
        case = lock_case(funding.case)
        current = FundingApplication.objects.select_related("programme").get(pk=funding.pk)
        if current.status == to_status:
            return current
        dates = _record_dates(current, submitted_on=submitted_on, decided_on=decided_on)
        _check_move(current, case, to_status)
        from_status = FundingStatus(current.status)
        current.status = to_status
        full_clean(current, exclude=["case"])
        current.save(update_fields=["status", "updated_at", *dates])
        audit(
            case,
            kind=CaseEvent.Kind.FUNDING,
            actor=actor,
            summary=lambda: _("Funding %(programme)s %(year)s: %(from)s → %(to)s")
            % {
                "programme": current.programme.code.upper(),
                "year": current.call_year,
                "from": from_status.label,
                "to": current.get_status_display(),
            },
            reason=reason.strip(),
            at=at,
        )
    return current
