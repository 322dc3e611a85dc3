"""Interview rounds: one per interview stage of a job, what its panel rates, how large it is."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from applications.models import JobOpening, JobStage, StageKind
from ats.actors import Actor, require_hr
from ats.errors import DomainError, InvalidInput, full_clean
from interviews import selectors
from interviews.defaults import default_criteria
from interviews.models import SCALE, Criterion, InterviewRound, Rating

CRITERION_FIELDS = ("name", "description", "weight", *(f"anchor_{p}" for p in SCALE))

# One criterion as forms and the API send it: `{"id": existing id or absent, "name",
# "description", "weight", "anchor_1" … "anchor_5"}` (plain input, hence Any).
CriterionSpec = Mapping[str, Any]


def criterion_specs(criteria: Iterable[Criterion]) -> list[dict[str, Any]]:
    """Existing criteria as `round_update` takes them back (the start of an edit)."""
    return [{"id": c.pk, **{name: getattr(c, name) for name in CRITERION_FIELDS}} for c in criteria]


def rounds_ensure_for_job(*, job: JobOpening, actor: Actor) -> list[InterviewRound]:
    """The job's interview rounds, one per interview stage in order; the missing ones are
    created with the default criteria (round 1 and round 2 sets). Idempotent, safe when two
    requests create them at once. A job with no interview stage has no rounds."""
    require_hr(actor, _("set up interview rounds"))
    stages = list(JobStage.objects.filter(job=job, kind=StageKind.INTERVIEW).order_by("position"))
    existing = set(
        InterviewRound.objects.filter(stage__in=stages).values_list("stage_id", flat=True)
    )
    for number, stage in enumerate(stages, start=1):
        if stage.pk in existing:
            continue
        try:
            with transaction.atomic():
                round_ = InterviewRound.objects.create(stage=stage, name=stage.name)
                Criterion.objects.bulk_create(
                    Criterion(round=round_, position=position, **spec)
                    for position, spec in enumerate(default_criteria(number))
                )
        except IntegrityError:
            # Created meanwhile by another request: that one stands.
            if not InterviewRound.objects.filter(stage=stage).exists():
                raise
    return selectors.job_rounds(job)


def round_update(
    *,
    actor: Actor,
    round: InterviewRound,
    name: str,
    min_panel_size: int,
    criteria: Sequence[CriterionSpec],
) -> InterviewRound:
    """Rename the round, set its minimum panel size and replace its criteria list.

    Each criterion is a `CriterionSpec`, in the new order. A criterion that has ratings cannot
    be removed.
    """
    require_hr(actor, _("set up interview rounds"))
    name = name.strip()
    _check_round_input(name, criteria)
    with transaction.atomic():
        current = InterviewRound.objects.select_for_update().get(pk=round.pk)
        current.name = name
        current.min_panel_size = min_panel_size
        full_clean(current, exclude=["stage"])
        current.save(update_fields=["name", "min_panel_size", "updated_at"])
        _replace_criteria(current, criteria)
    return selectors.round_list().get(pk=current.pk)


def _check_round_input(name: str, criteria: Sequence[CriterionSpec]) -> None:
    """Every problem with the whole list at once: no name, no criteria, two with one name."""
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the round a name.")]
    if not criteria:
        errors["criteria"] = [_("A round needs at least one criterion.")]
    names = [str(c.get("name", "")).strip().casefold() for c in criteria]
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    if duplicates:
        errors["criteria"] = [
            _("Two criteria have the same name: %(names)s.") % {"names": ", ".join(duplicates)}
        ]
    if errors:
        raise InvalidInput(errors)


def _criterion_id(spec: CriterionSpec) -> int | None:
    value = spec.get("id")
    return int(value) if value else None


def _replace_criteria(round_: InterviewRound, criteria: Sequence[CriterionSpec]) -> None:
    """Write the new list over a locked round: keep, change, add and remove criteria."""
    existing = {c.pk: c for c in Criterion.objects.filter(round=round_)}
    keep = {pk for pk in map(_criterion_id, criteria) if pk is not None}
    if not keep <= set(existing):
        raise DomainError(_("A criterion in the list belongs to another round."))
    removed = set(existing) - keep
    rated = [existing[pk].name for pk in removed if Rating.objects.filter(criterion_id=pk).exists()]
    if rated:
        raise DomainError(
            _("Criteria that have ratings cannot be removed: %(names)s.")
            % {"names": ", ".join(sorted(rated))},
            field="criteria",
        )
    Criterion.objects.filter(pk__in=removed).delete()
    # Names are unique per round: park the kept rows first, so that two can swap names.
    for pk in keep:
        Criterion.objects.filter(pk=pk).update(name=f"__moving__{pk}")
    for position, spec in enumerate(criteria):
        kept = _criterion_id(spec)
        criterion = (existing.get(kept) if kept is not None else None) or Criterion(round=round_)
        criterion.position = position
        for field in CRITERION_FIELDS:
            value = spec.get(field, "")
            setattr(criterion, field, value.strip() if isinstance(value, str) else value)
        full_clean(criterion, exclude=["round"])
        criterion.save()
