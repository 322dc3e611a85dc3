"""Reports of one job: the funnel, time in stage and time to hire read from the stage tallies
the workflow engine keeps as it writes (`applications.tallies`), one row a stage, so their cost
does not grow with the job's applications; the channel yield is a GROUP BY on an index."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, Sum

from applications.models import (
    Application,
    ApplicationStatus,
    JobOpening,
    JobStage,
    JobStageTally,
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


def _tally(stage: JobStage) -> JobStageTally:
    try:
        return stage.tally
    except JobStageTally.DoesNotExist:  # a stage made outside the services: nothing counted
        return JobStageTally(stage=stage)


def job_funnel(job: JobOpening, *, now: datetime | None = None) -> list[FunnelRow]:
    """How many applications reached each stage, conversion, and mean days spent there.

    The furthest stage each application ever entered (which only rises) counts it in every
    stage up to that one, so a later back-move changes nothing. One query of the job's stages
    with their tallies, whatever the job's size. (`now` is kept for callers; completed stays
    alone are averaged.)
    """
    stages = list(JobStage.objects.filter(job=job).select_related("tally").order_by("position"))
    tallies = [_tally(stage) for stage in stages]
    reached_from: list[int] = []
    total = 0
    for tally in reversed(tallies):
        total += tally.furthest
        reached_from.append(total)
    reached_from.reverse()
    rows: list[FunnelRow] = []
    previous: int | None = None
    for stage, tally, reached in zip(stages, tallies, reached_from, strict=True):
        conversion = (reached / previous) if previous else None
        mean_days = tally.stay_seconds / tally.stays / DAY if tally.stays else None
        rows.append(FunnelRow(stage, reached, conversion, tally.current, mean_days))
        previous = reached
    return rows


def stage_mean_days(stage_ids: list[int]) -> dict[int, float]:
    """{stage id: mean days of the completed stays in it}, from the stage tallies (a stay
    ends with the event that left the stage, which keeps its length)."""
    stays = JobStageTally.objects.filter(stage_id__in=stage_ids, stays__gt=0).values_list(
        "stage_id", "stays", "stay_seconds"
    )
    return {stage_id: seconds / n / DAY for stage_id, n, seconds in stays}


def job_time_to_hire_days(job: JobOpening) -> float | None:
    """Mean days from submission to entering the terminal stage, over hired applications
    (the moves into the job's `hired` stage, from its tally)."""
    hired = JobStageTally.objects.filter(stage__job=job, stage__kind=StageKind.HIRED).aggregate(
        n=Sum("moves_in"), seconds=Sum("moves_in_seconds")
    )
    return hired["seconds"] / hired["n"] / DAY if hired["n"] else None


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
