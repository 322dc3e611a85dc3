"""Reports of one job: GROUP BYs on what the workflow engine keeps as it writes the
append-only StageEvent log (each application's furthest stage, each event's time in the stage
it left), so their cost hardly grows with the job."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from applications.models import (
    Application,
    ApplicationStatus,
    JobOpening,
    JobStage,
    StageEvent,
    StageKind,
)

DAY = 86400


@dataclass
class FunnelRow:
    stage: JobStage
    reached: int
    conversion: float | None  # share of the previous stage's applications that reached this one
    current: int
    avg_days: float | None  # mean time spent in the stage by those who left it


def job_funnel(job: JobOpening, *, now: datetime | None = None) -> list[FunnelRow]:
    """How many applications reached each stage, conversion, and mean days spent there.

    The furthest stage each application ever entered (`furthest_position`, which only rises)
    counts it in every stage up to that one, so a later back-move changes nothing. A handful of
    GROUP BYs on indexed columns: the cost hardly grows with the job's applications. (`now` is
    kept for callers; completed stays alone are averaged.)
    """
    stages = list(job.stages.order_by("position"))
    furthest = (
        Application.objects.filter(job=job)
        .order_by()
        .values_list("furthest_position")
        .annotate(n=Count("*"))
    )
    reached_at_least = dict(furthest)
    current = dict(
        Application.objects.filter(
            job=job, status__in=[ApplicationStatus.ACTIVE, ApplicationStatus.HIRED]
        )
        .order_by()
        .values_list("stage_id")
        .annotate(n=Count("*"))
    )
    mean_days = stage_mean_days([stage.pk for stage in stages])
    rows: list[FunnelRow] = []
    previous: int | None = None
    for stage in stages:
        reached = sum(n for pos, n in reached_at_least.items() if pos >= stage.position)
        conversion = (reached / previous) if previous else None
        rows.append(
            FunnelRow(stage, reached, conversion, current.get(stage.pk, 0), mean_days.get(stage.pk))
        )
        previous = reached
    return rows


def stage_mean_days(stage_ids: list[int]) -> dict[int, float]:
    """{stage id: mean days of the completed stays in it}: a stay ends with the event that
    left the stage, which keeps its length (`seconds_in_previous`); one index answers."""
    stays = (
        StageEvent.objects.filter(from_stage_id__in=stage_ids, seconds_in_previous__isnull=False)
        .order_by()
        .values_list("from_stage_id")
        .annotate(mean=Avg("seconds_in_previous"))
    )
    return {stage_id: mean / DAY for stage_id, mean in stays}


def job_time_to_hire_days(job: JobOpening) -> float | None:
    """Mean days from submission to entering the terminal stage, over hired applications."""
    mean = StageEvent.objects.filter(
        to_stage__job=job, to_stage__kind=StageKind.HIRED, kind=StageEvent.Kind.MOVED
    ).aggregate(
        mean=Avg(ExpressionWrapper(F("at") - F("application__submitted_at"), DurationField()))
    )["mean"]
    return mean.total_seconds() / DAY if mean is not None else None


def job_channel_yield(job: JobOpening) -> list[dict[str, Any]]:
    """Per source channel: applied, still active, hired (LinkedIn: 102 applied, 2 accepted)."""
    return list(
        Application.objects.filter(job=job)
        .values("source__name", "source__slug")
        .annotate(
            applied=Count("*"),
            # `status` rather than `id`: the (job, source, status) index alone answers.
            active=Count("status", filter=Q(status=ApplicationStatus.ACTIVE)),
            hired=Count("status", filter=Q(status=ApplicationStatus.HIRED)),
        )
        .order_by("-applied")
    )
