"""Business actions on foreign-expert cases: open, update, move, funding, records, documents."""

import logging
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Application, ApplicationStatus, Offer, StageEvent, StageKind
from ats.actors import acting_user
from ats.errors import DomainError, InvalidInput, full_clean
from ats.roles import HR_GROUP
from programs import selectors
from programs import workflow as case_workflow
from programs.deadlines import permit_category_for_points
from programs.models import (
    GRANTED_FUNDING_STATUSES,
    CaseDocument,
    CaseEvent,
    CaseStatus,
    DocumentRequirement,
    DocumentStatus,
    ExpertCase,
    FundingApplication,
    FundingStatus,
    ImmigrationRecord,
    LegalisationKind,
    Programme,
    ProgrammeCategory,
    RecordKind,
    RecordStatus,
)

logger = logging.getLogger(__name__)

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# Scans and PDFs only; the type is read from the file's first bytes, never from its name.
DOCUMENT_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def _audit(
    case: ExpertCase,
    *,
    kind: str,
    actor: Any,
    summary: str = "",
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
    at: datetime | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=acting_user(actor),
        summary=summary[:300],
        reason=reason,
        from_status=from_status,
        to_status=to_status,
        at=at or timezone.now(),
    )


def _lock(case: ExpertCase) -> ExpertCase:
    return ExpertCase.objects.select_for_update().get(pk=case.pk)


# --- reference data (programmes are data HR edits) -------------------------------------------


@transaction.atomic
def programme_save(*, programme: Programme | None = None, **fields: Any) -> Programme:
    """Create or change a programme (its eligibility rules are its fields)."""
    programme = programme or Programme()
    for name, value in fields.items():
        setattr(programme, name, value)
    full_clean(programme)
    programme.save()
    return programme


@transaction.atomic
def programme_category_save(
    *, category: ProgrammeCategory | None = None, **fields: Any
) -> ProgrammeCategory:
    category = category or ProgrammeCategory()
    for name, value in fields.items():
        setattr(category, name, value)
    full_clean(category)
    category.save()
    return category


@transaction.atomic
def document_requirement_save(
    *, requirement: DocumentRequirement | None = None, **fields: Any
) -> DocumentRequirement:
    requirement = requirement or DocumentRequirement()
    for name, value in fields.items():
        setattr(requirement, name, value)
    if requirement.category_id and requirement.category.programme_id != requirement.programme_id:
        raise DomainError(_("The category belongs to another programme."), field="category")
    full_clean(requirement)
    requirement.save()
    return requirement


# --- cases ---------------------------------------------------------------------------------


def _checklist_sync(case: ExpertCase) -> int:
    """Add the checklist lines of the case's programme and category that it does not have yet.

    Lines are never removed here: a document already received stays on the case.
    """
    if case.programme_id is None:
        return 0
    requirements = DocumentRequirement.objects.filter(programme_id=case.programme_id)
    have = set(case.documents.values_list("code", flat=True))
    new = [
        CaseDocument(
            case=case,
            requirement=r,
            code=r.code,
            name=r.name,
            required=r.required,
            authentication=r.authentication,
            position=r.position,
        )
        for r in requirements.order_by("position", "id")
        if r.code not in have and (r.category_id is None or r.category_id == case.category_id)
    ]
    CaseDocument.objects.bulk_create(new)
    return len(new)


def _check_category(programme: Programme | None, category: ProgrammeCategory | None) -> None:
    if category is not None and (programme is None or category.programme_id != programme.pk):
        raise DomainError(
            _("The category “%(category)s” is not one of the programme's.")
            % {"category": category.name},
            field="category",
        )


def case_open(
    *,
    application: Application,
    actor: Any,
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
    existing = ExpertCase.objects.filter(application_id=application.pk).first()
    if existing is not None:
        return existing
    application = Application.objects.select_related("candidate", "job", "stage").get(
        pk=application.pk
    )
    if application.stage.kind not in (StageKind.OFFER, StageKind.HIRED) or application.status in (
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    ):
        raise DomainError(
            _("Only an application at the offer or joined stage, still active, opens a case."),
            code="not_accepted",
            field="application",
        )
    _check_category(programme, category)
    offer = (
        Offer.objects.filter(application=application, status=Offer.Status.ACCEPTED)
        .order_by("-offered_on")
        .first()
    )
    case = ExpertCase(
        application=application,
        programme=programme,
        category=category,
        nationality=application.candidate.nationality,
        host_institute=host_institute.strip(),
        supervisor=supervisor.strip(),
        position=(offer.position_title if offer else "") or application.job.title,
        planned_start=offer.start_date if offer else None,
        opened_at=at or timezone.now(),
        opened_by=acting_user(actor),
    )
    full_clean(case, exclude=["application"])
    try:
        with transaction.atomic():
            case.save()
            _checklist_sync(case)
            _audit(
                case,
                kind=CaseEvent.Kind.OPENED,
                actor=actor,
                to_status=case.status,
                summary=_("Case opened from the application to %(job)s")
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


def case_open_for_stage_event(*, event_id: int) -> ExpertCase | None:
    """The workflow listener's action: an application to a foreign-expert call reached the
    offer or joined stage, so its case is opened (once). Returns None when nothing applies."""
    event = (
        StageEvent.objects.select_related("application__job", "to_stage", "actor")
        .filter(pk=event_id)
        .first()
    )
    if event is None or not event.application.job.is_foreign_expert_call:
        return None
    application = event.application
    application.refresh_from_db(fields=["status", "stage"])
    if application.status not in (ApplicationStatus.ACTIVE, ApplicationStatus.HIRED):
        return None
    if application.stage.kind not in (StageKind.OFFER, StageKind.HIRED):
        return None
    return case_open(application=application, actor=event.actor, at=event.at)


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


def case_update(
    *, case: ExpertCase, actor: Any, at: datetime | None = None, **fields: Any
) -> ExpertCase:
    """Change a case's details (not its status: that is `case_move`).

    Side effects: a new programme or category adds its checklist lines; a CaseEvent "updated".
    """
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        current = _lock(case)
        changed = [name for name, value in fields.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, fields[name])
        _check_category(current.programme, current.category)
        full_clean(current, exclude=["application"])
        current.save(update_fields=[*changed, "updated_at"])
        if {"programme", "category"} & set(changed):
            _checklist_sync(current)
        labels = [str(ExpertCase._meta.get_field(name).verbose_name) for name in changed]
        _audit(
            current,
            kind=CaseEvent.Kind.UPDATED,
            actor=actor,
            summary=_("Changed: %(fields)s") % {"fields": ", ".join(labels)},
            at=at,
        )
    return current


def case_move(
    *,
    case: ExpertCase,
    to_status: str,
    actor: Any,
    reason: str = "",
    at: datetime | None = None,
) -> ExpertCase:
    """Move a case to its next status, if the move is allowed and its evidence is recorded.

    Entering "arrived" records the day of entry (the clock of the 15- and 30-day deadlines);
    entering "ended" records the actual end. Side effects: one CaseEvent "moved".
    """
    reason = reason.strip()
    if to_status not in CaseStatus.values:
        raise DomainError(_("Unknown status “%(s)s”.") % {"s": to_status}, field="to_status")
    with transaction.atomic():
        current = _lock(case)
        if current.status == to_status:
            return current
        target = CaseStatus(to_status)
        if to_status not in case_workflow.allowed_moves(current.status):
            raise DomainError(
                _("A case cannot move from “%(from)s” to “%(to)s”.")
                % {"from": current.get_status_display(), "to": target.label},
                code="illegal_move",
                field="to_status",
            )
        if to_status in case_workflow.REASON_REQUIRED and not reason:
            raise DomainError(
                _("Moving to “%(to)s” needs a reason.") % {"to": target.label},
                code="reason_required",
                field="reason",
            )
        now = at or timezone.now()
        day = timezone.localdate(now)
        missing = case_workflow.missing_evidence(current, to_status, on=day)
        if missing:
            raise DomainError(
                _("Cannot move to “%(to)s”: %(missing)s.")
                % {"to": target.label, "missing": "; ".join(missing)},
                code="evidence_missing",
            )
        from_status = current.status
        current.status = to_status
        update = ["status", "updated_at"]
        if to_status == CaseStatus.ARRIVED and current.arrived_on is None:
            current.arrived_on = day
            update.append("arrived_on")
        if to_status == CaseStatus.ENDED and current.actual_end is None:
            current.actual_end = max(day, current.actual_start or day)
            update.append("actual_end")
        current.save(update_fields=update)
        _audit(
            current,
            kind=CaseEvent.Kind.MOVED,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            at=now,
        )
    return current


# --- funding -------------------------------------------------------------------------------

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
    actor: Any,
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
    with transaction.atomic():
        current = _lock(case)
        _check_category(programme, category)
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
        _audit(
            current,
            kind=CaseEvent.Kind.FUNDING,
            actor=actor,
            summary=_("Funding application %(f)s added") % {"f": funding},
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
    *, funding: FundingApplication, actor: Any, **fields: Any
) -> FundingApplication:
    """Change the data of a funding application (its status moves with
    `funding_application_move`). Side effects: a CaseEvent."""
    unknown = set(fields) - set(FUNDING_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        case = _lock(funding.case)
        current = FundingApplication.objects.select_related("programme").get(pk=funding.pk)
        changed = [name for name, value in fields.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, fields[name])
        current.currency = (current.currency or "").upper()
        _check_category(current.programme, current.category)
        if current.status in GRANTED_FUNDING_STATUSES or current.status == F.DECLINED:
            _check_decision_dates(current, current.status)
        if "continuation_number" in changed:
            _check_continuation(current, case)
        full_clean(current, exclude=["case"])
        current.save(update_fields=[*changed, "currency", "updated_at"])
        _audit(
            case,
            kind=CaseEvent.Kind.FUNDING,
            actor=actor,
            summary=_("Funding application %(f)s changed") % {"f": current},
        )
    return current


def funding_application_move(
    *,
    funding: FundingApplication,
    actor: Any,
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
    if to_status not in FundingStatus.values:
        raise DomainError(_("Unknown status “%(s)s”.") % {"s": to_status}, field="to_status")
    with transaction.atomic():
        case = _lock(funding.case)
        current = FundingApplication.objects.select_related("programme").get(pk=funding.pk)
        if current.status == to_status:
            return current
        if to_status not in FUNDING_TRANSITIONS[current.status]:
            raise DomainError(
                _("A funding application cannot go from “%(from)s” to “%(to)s”.")
                % {"from": current.get_status_display(), "to": FundingStatus(to_status).label},
                code="illegal_move",
                field="to_status",
            )
        update = ["status", "updated_at"]
        if submitted_on is not None and submitted_on != current.submitted_on:
            current.submitted_on = submitted_on
            update.append("submitted_on")
        if decided_on is not None and decided_on != current.decided_on:
            current.decided_on = decided_on
            update.append("decided_on")
        if to_status == F.SUBMITTED:
            if current.submitted_on is None:
                raise DomainError(
                    _("Record the date of the submission."),
                    code="submission_date_missing",
                    field="submitted_on",
                )
            _check_eligibility(case, current.programme)
        if to_status in (F.AWARDED, F.DECLINED):
            _check_decision_dates(current, to_status)
        if to_status == F.AWARDED:
            _check_eligibility(case, current.programme)
            _check_continuation(current, case)
        from_label = current.get_status_display()
        current.status = to_status
        full_clean(current, exclude=["case"])
        current.save(update_fields=update)
        _audit(
            case,
            kind=CaseEvent.Kind.FUNDING,
            actor=actor,
            summary=_("Funding %(programme)s %(year)s: %(from)s → %(to)s")
            % {
                "programme": current.programme.code.upper(),
                "year": current.call_year,
                "from": from_label,
                "to": current.get_status_display(),
            },
            reason=reason.strip(),
            at=at,
        )
    return current


# --- immigration records -------------------------------------------------------------------

RECORD_FIELDS = (
    "kind",
    "status",
    "number",
    "visa_type",
    "permit_category",
    "points",
    "issued_on",
    "valid_from",
    "valid_to",
    "notes",
)


def _check_record(record: ImmigrationRecord) -> None:
    errors: dict[str, list[str]] = {}
    if record.kind == RecordKind.VISA and not record.visa_type:
        errors["visa_type"] = [_("Which visa (Z, R, F …)?")]
    if record.kind != RecordKind.VISA and record.visa_type:
        errors["visa_type"] = [_("Only a visa has a visa type.")]
    if record.kind != RecordKind.WORK_PERMIT and (record.permit_category or record.points):
        errors["permit_category"] = [_("Only a work permit has a category and points.")]
    if record.points is not None and record.permit_category:
        expected = permit_category_for_points(record.points)
        if expected != record.permit_category:
            errors["permit_category"] = [
                _("%(points)d points make category %(expected)s, not %(given)s.")
                % {"points": record.points, "expected": expected, "given": record.permit_category}
            ]
    if record.status in (RecordStatus.ISSUED, RecordStatus.SUPERSEDED) and not record.issued_on:
        errors["issued_on"] = [_("An issued record needs its date of issue.")]
    if errors:
        raise InvalidInput(errors)


def _supersede_older(record: ImmigrationRecord) -> int:
    """A renewed permit replaces the ones of its kind that expire earlier."""
    if record.status != RecordStatus.ISSUED or record.valid_to is None:
        return 0
    if record.kind not in (RecordKind.WORK_PERMIT, RecordKind.RESIDENCE_PERMIT):
        return 0
    return (
        ImmigrationRecord.objects.filter(
            case_id=record.case_id,
            kind=record.kind,
            status=RecordStatus.ISSUED,
            valid_to__lt=record.valid_to,
        )
        .exclude(pk=record.pk)
        .update(status=RecordStatus.SUPERSEDED, updated_at=timezone.now())
    )


def immigration_record_create(
    *, case: ExpertCase, actor: Any, kind: str, at: datetime | None = None, **fields: Any
) -> ImmigrationRecord:
    """Record a notification letter, visa, registration, work permit card or residence permit.

    Side effects: an issued permit supersedes the earlier permits of its kind (a renewal); a
    CaseEvent.
    """
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        current = _lock(case)
        record = ImmigrationRecord(case=current, kind=kind, **fields)
        full_clean(record, exclude=["case"])
        _check_record(record)
        record.save()
        renewed = _supersede_older(record)
        summary = _("%(record)s recorded (%(status)s)") % {
            "record": record,
            "status": record.get_status_display().lower(),
        }
        if renewed:
            summary += " · " + _("renewal")
        _audit(current, kind=CaseEvent.Kind.IMMIGRATION, actor=actor, summary=summary, at=at)
    return record


def immigration_record_update(
    *, record: ImmigrationRecord, actor: Any, **fields: Any
) -> ImmigrationRecord:
    """Correct or complete a record (e.g. applied → issued). Side effects: as on create."""
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        case = _lock(record.case)
        current = ImmigrationRecord.objects.get(pk=record.pk)
        changed = [name for name, value in fields.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, fields[name])
        full_clean(current, exclude=["case"])
        _check_record(current)
        current.save(update_fields=[*changed, "updated_at"])
        _supersede_older(current)
        _audit(
            case,
            kind=CaseEvent.Kind.IMMIGRATION,
            actor=actor,
            summary=_("%(record)s changed (%(status)s)")
            % {"record": current, "status": current.get_status_display().lower()},
        )
    return current


# --- documents -----------------------------------------------------------------------------

DOCUMENT_FIELDS = ("status", "legalisation_kind", "issued_on", "expires_on", "notes")


def _check_document(document: CaseDocument) -> None:
    if document.status == DocumentStatus.LEGALISED and document.legalisation_kind not in (
        LegalisationKind.APOSTILLE,
        LegalisationKind.CONSULAR,
    ):
        raise DomainError(
            _("Say how the document was legalised: apostille or consulate."),
            code="legalisation_kind_missing",
            field="legalisation_kind",
        )


def case_document_update(
    *, document: CaseDocument, actor: Any, at: datetime | None = None, **fields: Any
) -> CaseDocument:
    """Change a checklist line: its status (missing / received / legalised / verified /
    rejected), how it was legalised, its dates. Side effects: a CaseEvent."""
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        case = _lock(document.case)
        current = CaseDocument.objects.get(pk=document.pk)
        if fields.get("status") == DocumentStatus.VERIFIED and not fields.get(
            "legalisation_kind", current.legalisation_kind
        ):
            fields["legalisation_kind"] = LegalisationKind.VERIFICATION
        changed = [name for name, value in fields.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, fields[name])
        _check_document(current)
        full_clean(current, exclude=["case", "file"])
        current.save(update_fields=[*changed, "updated_at"])
        _audit(
            case,
            kind=CaseEvent.Kind.DOCUMENT,
            actor=actor,
            summary=_("%(name)s: %(status)s")
            % {"name": current.name, "status": current.get_status_display().lower()},
            at=at,
        )
    return current


def case_document_add(
    *,
    case: ExpertCase,
    actor: Any,
    name: str,
    required: bool = False,
    authentication: str = "none",
    at: datetime | None = None,
) -> CaseDocument:
    """An extra checklist line that the programme's template does not have."""
    from django.utils.text import slugify

    name = name.strip()
    if not name:
        raise DomainError(_("The document needs a name."), field="name")
    with transaction.atomic():
        current = _lock(case)
        base = slugify(name)[:30] or "document"
        code, n = base, 1
        taken = set(current.documents.values_list("code", flat=True))
        while code in taken:
            n += 1
            code = f"{base}-{n}"
        position = 1 + max(current.documents.values_list("position", flat=True), default=0)
        document = CaseDocument(
            case=current,
            code=code,
            name=name,
            required=required,
            authentication=authentication,
            position=position,
        )
        full_clean(document, exclude=["case", "file"])
        document.save()
        _audit(
            current,
            kind=CaseEvent.Kind.DOCUMENT,
            actor=actor,
            summary=_("%(name)s added to the checklist") % {"name": name},
            at=at,
        )
    return document


def _sniff(head: bytes) -> str | None:
    return next((kind for sig, kind in DOCUMENT_SIGNATURES.items() if head.startswith(sig)), None)


def case_document_attach(
    *, document: CaseDocument, actor: Any, uploaded: UploadedFile
) -> CaseDocument:
    """Store the scan of a document privately (PDF, JPEG or PNG, read from its first bytes).

    A missing document becomes received. Side effects: the replaced file is deleted after
    commit; a CaseEvent.
    """
    size = uploaded.size or 0
    if size == 0:
        raise DomainError(_("The file is empty."), field="file")
    limit = getattr(settings, "PROGRAMS_DOCUMENT_MAX_BYTES", DOCUMENT_MAX_BYTES)
    if size > limit:
        raise DomainError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}, field="file"
        )
    uploaded.seek(0)
    content_type = _sniff(uploaded.read(16))
    uploaded.seek(0)
    if content_type is None:
        raise DomainError(_("Upload a PDF, JPEG or PNG file."), code="file_type", field="file")
    with transaction.atomic():
        case = _lock(document.case)
        current = CaseDocument.objects.get(pk=document.pk)
        old_name = current.file.name if current.file else ""
        current.file.save("upload", uploaded, save=False)
        current.original_name = (uploaded.name or "")[:255]
        current.content_type = content_type
        current.size = size
        update = ["file", "original_name", "content_type", "size", "updated_at"]
        if current.status == DocumentStatus.MISSING:
            current.status = DocumentStatus.RECEIVED
            update.append("status")
        current.save(update_fields=update)
        if old_name:
            storage = current.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
        _audit(
            case,
            kind=CaseEvent.Kind.DOCUMENT,
            actor=actor,
            summary=_("%(name)s: file uploaded") % {"name": current.name},
        )
    return current


# --- reminders -----------------------------------------------------------------------------


def reminder_recipients() -> list[str]:
    """HR_NOTIFICATION_EMAILS, or else every active HR user with an e-mail address."""
    configured = [e for e in getattr(settings, "HR_NOTIFICATION_EMAILS", []) if e]
    if configured:
        return configured
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=HR_GROUP, email__gt="")
        .order_by("email")
    )
    return list(dict.fromkeys(users.values_list("email", flat=True)))


def reminders_send(*, today: date | None = None) -> int:
    """E-mail HR one list of the deadlines overdue or due in the next 14 days.

    Returns how many items it listed; sends nothing when there are none or nobody to tell.
    Side effects: one e-mail.
    """
    today = today or timezone.localdate()
    items = selectors.reminder_items(today=today)
    if not items:
        return 0
    recipients = reminder_recipients()
    if not recipients:
        logger.warning("Foreign-expert reminders: %d items but no HR e-mail address", len(items))
        return 0
    overdue = [i for i in items if i.overdue]
    due = [i for i in items if not i.overdue]
    context = {
        "today": today,
        "overdue": overdue,
        "due": due,
        "days": selectors.REMINDER_DAYS,
        "site_url": settings.SITE_URL,
    }
    subject = _("Foreign experts: %(overdue)d overdue, %(due)d due within %(days)d days") % {
        "overdue": len(overdue),
        "due": len(due),
        "days": selectors.REMINDER_DAYS,
    }
    body = render_to_string("programs/email/reminders.txt", context)
    send_mail(subject, body, None, recipients)
    return len(items)
