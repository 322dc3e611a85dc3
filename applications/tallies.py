"""The running tallies of each job stage (`JobStageTally`): the deltas of a change, applied in
one UPDATE, and their recomputation from the rows.

A change of one application is seen as where it stood before and where it stands after
(`Standing`: stage, status, furthest stage; None before for a new application, None after for
a deleted one). Its deltas per stage, summed over a batch, are added in one `UPDATE … SET
n = n + CASE stage_id WHEN … END`: each row is locked and incremented by the database, so
concurrent writers never lose a count. The counts:

- `furthest`: applications whose furthest stage is this one, so that the applications that
  reached stage s are the sum over the stages from s on (a back-move changes nothing);
- `current`: active or hired applications in the stage now;
- `stays`, `stay_seconds`: the events that left the stage and their `seconds_in_previous`
  (the mean time in stage is their quotient);
- `moves_in`, `moves_in_seconds`: the moves into the stage and their seconds since the
  application's submission (the hired stage's quotient is the mean time to hire).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from django.apps import apps as installed_apps
from django.apps.registry import Apps
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)

# Statuses counted as "in the stage now" (as the board and the funnel count them).
COUNTED_STATUSES = ("active", "hired")
MOVED = "moved"


@dataclass(frozen=True)
class Standing:
    """Where an application stands, as far as the tallies are concerned."""

    stage_id: int
    status: str
    furthest_stage_id: int


@dataclass(frozen=True)
class TallyChange:
    """One application's change: None before for a submission, None after for a deletion.

    `seconds_in_previous` is the stay in `before.stage_id` that the change ended (the event's
    value, None when the stage did not change); `seconds_since_submission` is given for a move
    into `after.stage_id` (event kind `moved`), None otherwise.
    """

    before: Standing | None
    after: Standing | None
    seconds_in_previous: float | None = None
    seconds_since_submission: float | None = None


@dataclass
class StageDelta:
    """What to add to one stage's tally (or, from `tallies_recount`, its whole value)."""

    furthest: int = 0
    current: int = 0
    stays: int = 0
    stay_seconds: float = 0.0
    moves_in: int = 0
    moves_in_seconds: float = 0.0

    def is_zero(self) -> bool:
        return not any(getattr(self, name) for name in TALLY_FIELDS)


TALLY_FIELDS = tuple(f.name for f in fields(StageDelta))


def change_deltas(change: TallyChange) -> dict[int, StageDelta]:
    """{stage id: delta} of one change; stages whose delta is zero are left out."""
    return batch_deltas([change])


def batch_deltas(changes: Iterable[TallyChange]) -> dict[int, StageDelta]:
    """The deltas of many changes summed per stage (each change added straight into the sum:
    a bulk move's chunk of 1,000 makes no delta of its own per change)."""
    total: dict[int, StageDelta] = {}

    def at(stage_id: int) -> StageDelta:
        delta = total.get(stage_id)
        if delta is None:
            delta = total[stage_id] = StageDelta()
        return delta

    for change in changes:
        before, after = change.before, change.after
        if before is not None:
            at(before.furthest_stage_id).furthest -= 1
            if before.status in COUNTED_STATUSES:
                at(before.stage_id).current -= 1
            if change.seconds_in_previous is not None:
                stay = at(before.stage_id)
                stay.stays += 1
                stay.stay_seconds += change.seconds_in_previous
        if after is not None:
            at(after.furthest_stage_id).furthest += 1
            if after.status in COUNTED_STATUSES:
                at(after.stage_id).current += 1
            if change.seconds_since_submission is not None:
                move = at(after.stage_id)
                move.moves_in += 1
                move.moves_in_seconds += change.seconds_since_submission
    return {pk: delta for pk, delta in total.items() if not delta.is_zero()}


def tallies_record(changes: Iterable[TallyChange]) -> None:
    """Add the changes' deltas to the tallies: one UPDATE for the whole batch (none when
    nothing changes), to be called in the transaction that wrote the changes (e.g. once per
    chunk of a bulk move). A stage without its tally row (created by code that skipped
    `tallies_open`) gets one, and its job's tallies are recomputed."""
    tallies_apply(batch_deltas(changes))


def tallies_apply(deltas: Mapping[int, StageDelta]) -> None:
    """Add {stage id: delta} to the tallies in one UPDATE."""
    from applications.models import JobStageTally

    deltas = {pk: d for pk, d in deltas.items() if not d.is_zero()}
    if not deltas:
        return
    values: dict[str, Any] = {}
    for name in TALLY_FIELDS:
        # One SQL type per column (a float sum of seconds, an integer count).
        kind = float if name.endswith("seconds") else int
        touched = {pk: kind(getattr(d, name)) for pk, d in deltas.items() if getattr(d, name)}
        if not touched:
            continue
        if len(deltas) == 1:
            values[name] = F(name) + Value(next(iter(touched.values())))
            continue
        values[name] = F(name) + Case(
            *(When(stage_id=pk, then=Value(v)) for pk, v in touched.items()),
            default=Value(kind(0)),
        )
    updated = JobStageTally.objects.filter(stage_id__in=list(deltas)).update(**values)
    if updated != len(deltas):
        _repair(set(deltas))


def _repair(stage_ids: set[int]) -> None:
    """Some stages had no tally row: give their jobs the rows and recount them, from the rows
    as this transaction sees them (the change just written included)."""
    from applications.models import JobStage

    job_ids = set(JobStage.objects.filter(pk__in=stage_ids).values_list("job_id", flat=True))
    for job_id in sorted(job_ids):
        tallies_rebuild(job_id)


def tallies_open(stage_ids: Iterable[int]) -> None:
    """Zero tallies for new stages (a new job's copy of its pipeline, a stage added to it)."""
    from applications.models import JobStageTally

    JobStageTally.objects.bulk_create(
        [JobStageTally(stage_id=pk) for pk in stage_ids], ignore_conflicts=True
    )


def with_furthest_stage(applications: QuerySet[Any]) -> QuerySet[Any]:
    """The applications with `furthest_stage_id`: the id of their job's stage at their
    `furthest_position` (a subquery in the same SELECT, no statement of its own)."""
    from applications.models import JobStage

    stage = JobStage.objects.filter(
        job_id=OuterRef("job_id"), position=OuterRef("furthest_position")
    ).values("pk")[:1]
    return applications.annotate(furthest_stage_id=Subquery(stage))


def standing_of(application: Any) -> Standing:
    """An application's standing: free when it comes from `with_furthest_stage`, one query
    for its furthest stage otherwise."""
    furthest = getattr(application, "furthest_stage_id", None)
    if furthest is None:
        from applications.models import JobStage

        furthest = JobStage.objects.values_list("pk", flat=True).get(
            job_id=application.job_id, position=application.furthest_position
        )
    return Standing(application.stage_id, application.status, furthest)


def change_of(
    application: Any,
    *,
    to_stage: Any,
    to_status: str,
    seconds_in_previous: float | None,
    moved_at: datetime | None,
) -> TallyChange:
    """The change of `application`, as it stands before the change (ideally from
    `with_furthest_stage`), to `to_stage` (a JobStage) and `to_status`: the stay it ended
    (the event's `seconds_in_previous`) and, for a move (event kind `moved`), when it moved.
    What a bulk path collects per application and hands to `tallies_record` once a chunk."""
    before = standing_of(application)
    rises = to_stage.position > application.furthest_position
    after = Standing(to_stage.pk, to_status, to_stage.pk if rises else before.furthest_stage_id)
    since = (moved_at - application.submitted_at).total_seconds() if moved_at else None
    return TallyChange(before, after, seconds_in_previous, since)


def tallies_recount(job_id: int, *, apps: Apps | None = None) -> dict[int, StageDelta]:
    """{stage id: tally} of a job computed from its applications and events (GROUP BYs that
    read every row of the job: for repair, backfill and tests, not for reports)."""
    registry = apps or installed_apps
    application_model = registry.get_model("applications", "Application")
    event_model = registry.get_model("applications", "StageEvent")
    stage_model = registry.get_model("applications", "JobStage")
    stage_at = dict(stage_model.objects.filter(job_id=job_id).values_list("position", "pk"))
    tallies = {pk: StageDelta() for pk in stage_at.values()}
    applications = application_model.objects.filter(job_id=job_id).order_by()
    for position, n in applications.values_list("furthest_position").annotate(n=Count("*")):
        tallies[stage_at[position]].furthest = n
    counted = applications.filter(status__in=COUNTED_STATUSES)
    for stage_id, n in counted.values_list("stage_id").annotate(n=Count("*")):
        tallies[stage_id].current = n
    stays = (
        event_model.objects.filter(from_stage__job_id=job_id, seconds_in_previous__isnull=False)
        .order_by()
        .values_list("from_stage_id")
        .annotate(n=Count("*"), seconds=Sum("seconds_in_previous"))
    )
    for stage_id, n, seconds in stays:
        tallies[stage_id].stays, tallies[stage_id].stay_seconds = n, seconds
    since = ExpressionWrapper(F("at") - F("application__submitted_at"), DurationField())
    moves = (
        event_model.objects.filter(to_stage__job_id=job_id, kind=MOVED)
        .order_by()
        .values_list("to_stage_id")
        .annotate(n=Count("*"), since=Sum(since))
    )
    for stage_id, n, total in moves:
        tallies[stage_id].moves_in, tallies[stage_id].moves_in_seconds = n, total.total_seconds()
    return tallies


def tallies_rebuild(job_id: int, *, apps: Apps | None = None) -> None:
    """Recompute a job's tallies from its rows (after a bulk insert that bypassed the engine,
    by the backfill migration, or to repair). The tally rows are locked first, so a change
    committed meanwhile is either counted here or added on top afterwards, never both."""
    registry = apps or installed_apps
    stage_model = registry.get_model("applications", "JobStage")
    tally_model = registry.get_model("applications", "JobStageTally")
    with transaction.atomic():
        stage_ids = list(stage_model.objects.filter(job_id=job_id).values_list("pk", flat=True))
        tally_model.objects.bulk_create(
            [tally_model(stage_id=pk) for pk in stage_ids], ignore_conflicts=True
        )
        list(tally_model.objects.select_for_update().filter(stage_id__in=stage_ids).order_by("pk"))
        rows = [
            tally_model(stage_id=pk, **vars(tally))
            for pk, tally in tallies_recount(job_id, apps=apps).items()
        ]
        tally_model.objects.bulk_update(rows, list(TALLY_FIELDS))


def tallies_of(job_id: int) -> dict[int, StageDelta]:
    """{stage id: tally} as stored (for checks against `tallies_recount`)."""
    from applications.models import JobStageTally

    stored = JobStageTally.objects.filter(stage__job_id=job_id).values("stage_id", *TALLY_FIELDS)
    return {row.pop("stage_id"): StageDelta(**row) for row in stored}
