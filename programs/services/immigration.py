"""A case's immigration records: notification letter, visa, registration, work and residence
permits, and the renewals that supersede them."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ats.actors import Actor, require_hr
from ats.errors import InvalidInput, full_clean
from programs.deadlines import permit_category_for_points
from programs.models import (
    CaseEvent,
    ExpertCase,
    ImmigrationRecord,
    RecordKind,
    RecordStatus,
)
from programs.services.base import audit, changed_fields, lock_case, refuse_unknown

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
    *, case: ExpertCase, actor: Actor, kind: str, at: datetime | None = None, **fields: Any
) -> ImmigrationRecord:
    """Record a notification letter, visa, registration, work permit card or residence permit.

    Side effects: an issued permit supersedes the earlier permits of its kind (a renewal); a
    CaseEvent.
    """
    require_hr(actor, _("record immigration steps"))
    refuse_unknown(fields, RECORD_FIELDS)
    with transaction.atomic():
        current = lock_case(case)
        record = ImmigrationRecord(case=current, kind=kind, **fields)
        full_clean(record, exclude=["case"])
        _check_record(record)
        record.save()
        renewed = _supersede_older(record)

        def summary() -> str:
            line = _("%(record)s recorded (%(status)s)") % {
                "record": record,
                "status": record.get_status_display().lower(),
            }
            return line + " · " + _("renewal") if renewed else line

        audit(current, kind=CaseEvent.Kind.IMMIGRATION, actor=actor, summary=summary, at=at)
    return record


def immigration_record_update(
    *, record: ImmigrationRecord, actor: Actor, **fields: Any
) -> ImmigrationRecord:
    """Correct or complete a record (e.g. applied → issued). Side effects: as on create."""
    require_hr(actor, _("record immigration steps"))
    refuse_unknown(fields, RECORD_FIELDS)
    with transaction.atomic():
        case = lock_case(record.case)
        current = ImmigrationRecord.objects.get(pk=record.pk)
        changed = changed_fields(current, fields)
        if not changed:
            return current
        full_clean(current, exclude=["case"])
        _check_record(current)
        current.save(update_fields=[*changed, "updated_at"])
        _supersede_older(current)
        audit(
            case,
            kind=CaseEvent.Kind.IMMIGRATION,
            actor=actor,
            summary=lambda: _("%(record)s changed (%(status)s)")
            % {"record": current, "status": current.get_status_display().lower()},
        )
    return current
