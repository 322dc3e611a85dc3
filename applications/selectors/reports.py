"""Reports of one job, computed from the append-only StageEvent log only."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationStatus,
    JobOpening,
    JobStage,
    StageEvent,
    StageKind,
)


@dataclass
class FunnelRow:
    stage: JobStage
    reached: int
    conversion: float | None  # share of the previous stage's applications that reached this one
    current: int
    avg_days: float | None  # mean time spent in the stage by those who left it


def job_funnel(job: JobOpening, *, now: datetime | None = None) -> list[FunnelRow]:
    """How many applications reached each stage, conversion, and mean days spent there.

    Computed from the append-only event log: the furthest stage each application ever entered
    counts it in every stage up to that one, so a later back-move changes nothing.
    """
    now = now or timezone.now()
    stages = list(job.stages.order_by("position"))
    furthest = (
        StageEvent.objects.filter(application__job=job)
        .values_list("application_id")
        .annotate(position=Max("to_stage__position"))
    )
    reached_at_least = Counter(position for _id, position in furthest)
    current = Counter(
        Application.objects.filter(
            job=job, status__in=[ApplicationStatus.ACTIVE, ApplicationStatus.HIRED]
        ).values_list("stage_id", flat=True)
    )
    durations = stage_durations(job, now=now)
    rows: list[FunnelRow] = []
    previous: int | None = None
    for stage in stages:
        reached = sum(n for pos, n in reached_at_least.items() if pos >= stage.position)
        conversion = (reached / previous) if previous else None
        spent = durations.get(stage.pk, [])
        avg = (sum(spent, timedelta()) / len(spent)).total_seconds() / 86400 if spent else None
        rows.append(FunnelRow(stage, reached, conversion, current.get(stage.pk, 0), avg))
        previous = reached
    return rows


def stage_durations(job: JobOpening, *, now: datetime) -> dict[int, list[timedelta]]:
    """{stage id: [time spent by each completed stay]} from consecutive events."""
    events = (
        StageEvent.objects.filter(application__job=job)
        .order_by("application_id", "at", "id")
        .values_list("application_id", "to_stage_id", "at")
    )
    spent: dict[int, list[timedelta]] = defaultdict(list)
    previous = None
    for application_id, stage_id, at in events:
        if previous and previous[0] == application_id and previous[1] != stage_id:
            spent[previous[1]].append(at - previous[2])
        if not previous or previous[0] != application_id or previous[1] != stage_id:
            previous = (application_id, stage_id, at)
    return spent


def job_time_to_hire_days(job: JobOpening) -> float | None:
    """Mean days from submission to entering the terminal stage, over hired applications."""
    hires = StageEvent.objects.filter(
        application__job=job, to_stage__kind=StageKind.HIRED, kind=StageEvent.Kind.MOVED
    ).values_list("application__submitted_at", "at")
    days = [(at - submitted).total_seconds() / 86400 for submitted, at in hires]
    return sum(days) / len(days) if days else None


def job_channel_yield(job: JobOpening) -> list[dict[str, Any]]:
    """Per source channel: applied, still active, hired (LinkedIn: 102 applied, 2 accepted)."""
    return list(
        Application.objects.filter(job=job)
        .values("source__name", "source__slug")
        .annotate(
            applied=Count("id"),
            active=Count("id", filter=Q(status=ApplicationStatus.ACTIVE)),
            hired=Count("id", filter=Q(status=ApplicationStatus.HIRED)),
        )
        .order_by("-applied")
    )
