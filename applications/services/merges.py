"""Merging two candidates who are one person, undoing a merge exactly, reopening a flag.

A merge moves every row that refers to the absorbed candidate over to the survivor. The rows
are found through the models' meta (every concrete foreign key or one-to-one field to
`Candidate`, in every installed app), so that a table added later is covered without a change
here. What the merge did is written on its `CandidateMerge.changes`, which is all that
`candidate_merge_undo` needs to put every row back as it was.
"""

import datetime as dt
import decimal
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core import serializers
from django.db import IntegrityError, models, router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import personal_data
from applications.models import (
    Candidate,
    CandidateMerge,
    DuplicateReopening,
    PossibleDuplicate,
    fold_name,
    phone_key,
)
from applications.selectors.duplicates import duplicate_open_count_forget
from ats.actors import Actor, acting_user, require_hr
from ats.errors import ConflictError, DomainError

REASON_MAX = 2000
# The survivor keeps its own values; an empty one is filled from the absorbed candidate.
FILLED_FIELDS = ("full_name", "phone", "nationality", "country_of_residence")
# Columns derived from a filled field (`Candidate.save` keeps them in step).
DERIVED = {"full_name": ("name_key", fold_name), "phone": ("phone_key", phone_key)}
FLAG_STATE = ("resolution", "resolution_note", "resolved_by_id", "resolved_at")
FLAG_STATE_FIELDS = ["resolution", "resolution_note", "resolved_by", "resolved_at"]


class _ExactEncoder(json.JSONEncoder):
    """Values as JSON without losing anything `to_python` needs back (microseconds included:
    Django's own encoder cuts them to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.date | dt.time):
            return o.isoformat()
        if isinstance(o, decimal.Decimal | uuid.UUID):
            return str(o)
        if hasattr(o, "code"):  # django-countries' Country
            return o.code
        return super().default(o)


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=_ExactEncoder))


@dataclass(frozen=True)
class CandidateReference:
    """One column, somewhere in the project, that points at a candidate."""

    model: type[models.Model]
    field: "models.ForeignKey[Any, Any]"

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def rows(self) -> "models.QuerySet[Any]":
        return self.model._base_manager.all()


def candidate_references() -> list[CandidateReference]:
    """Every concrete FK or one-to-one to `Candidate` in every installed app (many-to-many
    through tables included), except the merge record's own and `Candidate.merged_into`."""
    references = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or model is CandidateMerge:
            continue
        for field in meta.concrete_fields:
            if not isinstance(field, models.ForeignKey):  # one-to-one fields included
                continue
            if field.remote_field.model is not Candidate:
                continue
            if model is Candidate and field.name == "merged_into":
                continue
            references.append(CandidateReference(model, field))
    return references


def _reference(label: str, field_name: str) -> CandidateReference:
    model = apps.get_model(label)
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.ForeignKey):
        raise TypeError(f"{label}.{field_name} is not a foreign key")
    return CandidateReference(model, field)


def _lock_pair(first_pk: int, second_pk: int) -> dict[int, Candidate]:
    # Both rows locked, in key order, so that two merges of the same people cannot deadlock.
    rows = Candidate.objects.select_for_update().filter(pk__in=[first_pk, second_pk])
    return {candidate.pk: candidate for candidate in rows.order_by("pk")}


def _refuse_merge(survivor: Candidate, absorbed: Candidate) -> None:
    if survivor.pk == absorbed.pk:
        raise DomainError(_("A candidate cannot be merged into themselves."), code="merge_self")
    for candidate in (survivor, absorbed):
        if candidate.erased_at is not None:
            raise DomainError(
                _("%(name)s's data has been erased; an erased candidate cannot be merged.")
                % {"name": candidate.full_name or candidate.pk},
                code="erased",
            )
        if candidate.merged_into_id is not None:
            raise DomainError(
                _("%(name)s was already merged into another candidate.")
                % {"name": candidate.full_name},
                code="already_merged",
            )
    holds = personal_data.legal_holds(Candidate.objects.filter(pk__in=[survivor.pk, absorbed.pk]))
    for candidate in (survivor, absorbed):
        if candidate.pk in holds:
            raise DomainError(
                _("%(name)s's data is on hold (%(reasons)s); it cannot be merged until released.")
                % {"name": candidate.full_name, "reasons": "; ".join(holds[candidate.pk])},
                code="legal_hold",
            )


def _pair_flags(a: Candidate, b: Candidate) -> models.QuerySet[PossibleDuplicate]:
    return PossibleDuplicate.objects.filter(
        Q(candidate=a, existing=b) | Q(candidate=b, existing=a)
    ).order_by("pk")


def _resolve_pair_flags(
    survivor: Candidate, absorbed: Candidate, actor: Actor, now: dt.datetime
) -> dict[str, dict[str, Any]]:
    """The flags between the two become "merged"; their previous state is returned."""
    flags = list(_pair_flags(survivor, absorbed))
    before = {
        str(flag.pk): _plain({name: getattr(flag, name) for name in FLAG_STATE}) for flag in flags
    }
    _pair_flags(survivor, absorbed).update(
        resolution=PossibleDuplicate.Resolution.MERGED,
        resolved_by=acting_user(actor),
        resolved_at=now,
    )
    duplicate_open_count_forget()
    return before


def _refuse_unmergeable(row: models.Model, conflict: IntegrityError) -> None:
    """Moving `row` broke a constraint: it may be deleted (and kept for the undo) only when
    nothing else goes with it."""
    message = _(
        "Both candidates have a %(what)s that cannot be combined (%(row)s). Resolve that "
        "first (for two applications to one job: withdraw or keep one); nothing was merged."
    ) % {"what": row._meta.verbose_name, "row": row}
    collector = Collector(using=router.db_for_write(type(row)), origin=row)
    try:
        collector.collect([row])
    except (ProtectedError, RestrictedError):
        raise DomainError(message, code="merge_conflict") from conflict
    others = [o for rows in collector.data.values() for o in rows if o != row]
    if others or collector.field_updates or any(qs.exists() for qs in collector.fast_deletes):
        raise DomainError(message, code="merge_conflict") from conflict


def _move_rows(
    survivor: Candidate, absorbed: Candidate
) -> tuple[list[list[Any]], list[dict[str, Any]]]:
    """Point every row of the absorbed candidate at the survivor; a row that would break a
    unique constraint (the same tag on both) is deleted, its serialised copy returned."""
    moved: list[list[Any]] = []
    deleted: list[dict[str, Any]] = []
    pair_flags = set(_pair_flags(survivor, absorbed).values_list("pk", flat=True))
    for reference in candidate_references():
        rows = reference.rows.filter(**{reference.field.name: absorbed})
        if reference.model is PossibleDuplicate:
            rows = rows.exclude(pk__in=pair_flags)
        for pk in rows.order_by("pk").values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    reference.rows.filter(pk=pk).update(**{reference.field.attname: survivor.pk})
            except IntegrityError as conflict:
                row = reference.rows.get(pk=pk)
                _refuse_unmergeable(row, conflict)
                deleted.extend(_plain(serializers.serialize("python", [row])))
                row.delete()
            else:
                moved.append([reference.label, pk, reference.field.name, absorbed.pk])
    return moved, deleted


def _fill_survivor(
    survivor: Candidate, absorbed: Candidate, now: dt.datetime
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Empty fields of the survivor take the absorbed candidate's values; the old and new
    column values are returned (`updated_at` included, so that an undo restores it too)."""
    new: dict[str, Any] = {}
    for name in FILLED_FIELDS:
        if not getattr(survivor, name) and getattr(absorbed, name):
            new[name] = getattr(absorbed, name)
            if name in DERIVED:
                key, derive = DERIVED[name]
                new[key] = derive(new[name])
    if not new:
        return {}, {}
    new["updated_at"] = now
    old = {name: getattr(survivor, name) for name in new}
    Candidate.objects.filter(pk=survivor.pk).update(**new)
    return _plain(old), _plain(new)


@transaction.atomic
def candidate_merge(
    *, actor: Actor, survivor: Candidate, absorbed: Candidate, reason: str = ""
) -> CandidateMerge:
    """Merge `absorbed` into `survivor`: one person, kept under the survivor.

    Every row pointing at the absorbed candidate (applications, holds, access log, flags, and
    any table of any app) is moved to the survivor; a row that would then break a unique
    constraint is deleted and kept serialised on the merge record. The survivor keeps its
    details and fills empty ones from the absorbed candidate. The absorbed row stays, marked
    `merged_into`, hidden from lists and duplicate detection; its e-mail finds the survivor.
    Flags between the two become "merged". No e-mail, no task, no webhook event.
    """
    require_hr(actor, _("merge candidates"), person=True)
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise DomainError(_("A reason may have at most 2,000 characters."), field="reason")
    locked = _lock_pair(survivor.pk, absorbed.pk)
    survivor, absorbed = locked[survivor.pk], locked[absorbed.pk]
    _refuse_merge(survivor, absorbed)
    now = timezone.now()
    flags = _resolve_pair_flags(survivor, absorbed, actor, now)
    moved, deleted = _move_rows(survivor, absorbed)
    survivor_old, survivor_new = _fill_survivor(survivor, absorbed, now)
    Candidate.objects.filter(pk=absorbed.pk).update(merged_into=survivor, merged_at=now)
    return CandidateMerge.objects.create(
        survivor=survivor,
        absorbed=absorbed,
        by=acting_user(actor),
        at=now,
        reason=reason,
        changes={
            "moved": moved,
            "deleted": deleted,
            "survivor": survivor_old,
            "survivor_new": survivor_new,
            "flags": flags,
        },
    )


# --- undo ------------------------------------------------------------------------------------


def _python(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """JSON values of `_plain` back to what the columns hold."""
    result = {}
    for attname, value in values.items():
        field = next(f for f in model._meta.concrete_fields if f.attname == attname)
        result[attname] = None if value is None else field.to_python(value)
    return result


def _moved_by_reference(merge: CandidateMerge) -> dict[tuple[str, str], list[int]]:
    grouped: dict[tuple[str, str], list[int]] = {}
    for label, pk, field_name, _old in merge.changes.get("moved", []):
        grouped.setdefault((label, field_name), []).append(pk)
    return grouped


def _refuse_inexact_undo(merge: CandidateMerge, survivor: Candidate, absorbed: Candidate) -> None:
    """Every reason the undo could not put things back exactly as they were."""
    if merge.undone_at is not None:
        raise ConflictError(_("This merge was already undone."), code="already_undone")
    later = CandidateMerge.objects.filter(pk__gt=merge.pk, undone_at__isnull=True).filter(
        Q(survivor__in=[survivor, absorbed]) | Q(absorbed__in=[survivor, absorbed])
    )
    if later.exists():
        raise DomainError(
            _("A later merge involves the same people; undo that one first."), code="later_merge"
        )
    if absorbed.merged_into_id != survivor.pk:
        raise DomainError(_("The merged candidate is no longer merged."), code="not_merged")
    if (
        survivor.erased_at is not None
        or absorbed.erased_at is not None
        or merge.changes.get("erased")
    ):
        raise DomainError(
            _("The person's data has been erased since; the merge cannot be undone."),
            code="erased",
        )
    for (label, field_name), pks in _moved_by_reference(merge).items():
        reference = _reference(label, field_name)
        still = reference.rows.filter(pk__in=pks, **{reference.field.attname: survivor.pk})
        if still.count() != len(set(pks)):
            raise DomainError(
                _(
                    "A %(what)s moved by the merge was changed or deleted since; it cannot be "
                    "undone exactly."
                )
                % {"what": reference.model._meta.verbose_name},
                code="changed_since",
            )
    for row in merge.changes.get("deleted", []):
        model = apps.get_model(row["model"])
        if model._base_manager.filter(pk=row["pk"]).exists():
            raise DomainError(
                _("A %(what)s the merge removed exists again; it cannot be undone exactly.")
                % {"what": model._meta.verbose_name},
                code="changed_since",
            )
    new = _python(Candidate, merge.changes.get("survivor_new", {}))
    if any(getattr(survivor, name) != value for name, value in new.items() if name != "updated_at"):
        raise DomainError(
            _(
                "The kept candidate's details were changed since the merge; it cannot be undone "
                "exactly."
            ),
            code="changed_since",
        )


def _restore(merge: CandidateMerge, survivor: Candidate, absorbed: Candidate) -> None:
    for (label, field_name), pks in _moved_by_reference(merge).items():
        reference = _reference(label, field_name)
        reference.rows.filter(pk__in=pks).update(**{reference.field.attname: absorbed.pk})
    for restored in serializers.deserialize("python", merge.changes.get("deleted", [])):
        restored.save()
    old = _python(Candidate, merge.changes.get("survivor", {}))
    if old:
        Candidate.objects.filter(pk=survivor.pk).update(**old)
    Candidate.objects.filter(pk=absorbed.pk).update(merged_into=None, merged_at=None)
    for pk, state in merge.changes.get("flags", {}).items():
        PossibleDuplicate.objects.filter(pk=int(pk)).update(**_python(PossibleDuplicate, state))
        duplicate_open_count_forget()


@transaction.atomic
def candidate_merge_undo(*, actor: Actor, merge: CandidateMerge) -> CandidateMerge:
    """Put back everything `merge` changed: rows moved back, deleted rows recreated with
    their keys and values, the survivor's filled fields and the flags as they were, the
    absorbed candidate no longer merged. Refused when it could not be exact (a later merge of
    the same people, a moved row changed since). Recorded on the merge. No side effects.
    """
    require_hr(actor, _("undo merges"), person=True)
    merge = CandidateMerge.objects.select_for_update().get(pk=merge.pk)
    locked = _lock_pair(merge.survivor_id, merge.absorbed_id)
    survivor, absorbed = locked[merge.survivor_id], locked[merge.absorbed_id]
    _refuse_inexact_undo(merge, survivor, absorbed)
    try:
        with transaction.atomic():
            _restore(merge, survivor, absorbed)
    except IntegrityError as exc:
        raise DomainError(
            _("Rows added since the merge stand in the way; it cannot be undone exactly."),
            code="changed_since",
        ) from exc
    merge.undone_at = timezone.now()
    merge.undone_by = acting_user(actor)
    merge.save(update_fields=["undone_at", "undone_by"])
    return merge


# --- reopening a flag ------------------------------------------------------------------------


@transaction.atomic
def duplicate_reopen(*, duplicate: PossibleDuplicate, actor: Actor) -> PossibleDuplicate:
    """Take back HR's judgement on a possible duplicate: open again, the old resolution kept
    on a `DuplicateReopening`. A merged pair is reopened by undoing the merge. No side effects.
    """
    require_hr(actor, _("reopen possible duplicates"), person=True)
    duplicate = PossibleDuplicate.objects.select_for_update().get(pk=duplicate.pk)
    if duplicate.is_open:
        raise ConflictError(_("This possible duplicate is open already."), code="already_open")
    if duplicate.resolution == PossibleDuplicate.Resolution.MERGED:
        raise DomainError(
            _("These candidates were merged: undo the merge to reopen the flag."), code="merged"
        )
    DuplicateReopening.objects.create(
        flag=duplicate,
        previous_resolution=duplicate.resolution,
        previous_note=duplicate.resolution_note,
        previous_resolved_by=duplicate.resolved_by,
        previous_resolved_at=duplicate.resolved_at,
        by=acting_user(actor),
    )
    duplicate.resolution = PossibleDuplicate.Resolution.OPEN
    duplicate.resolution_note = ""
    duplicate.resolved_by = None
    duplicate.resolved_at = None
    duplicate.save(update_fields=FLAG_STATE_FIELDS)
    duplicate_open_count_forget()
    return duplicate
