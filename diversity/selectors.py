"""Reads of the monitoring: the settings row, one applicant's own answers, and the adverse-impact
report (one aggregate query of the event log grouped by answers and furthest stage)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction

from django.db.models import (
    Count,
    Max,
    OuterRef,
    PositiveSmallIntegerField,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from applications.models import Application, JobOpening, JobStage, StageEvent, StageKind
from diversity import impact
from diversity.models import SETTINGS_PK, MonitoringSettings, SelfIdentification
from diversity.options import NO_ANSWER, Option, group_label

# The questions, in the report's order: (stored field, the settings' options field).
DIMENSIONS = (("gender", "gender_options"), ("age_band", "age_band_options"))


def monitoring_settings() -> MonitoringSettings:
    """The organisation's settings (the defaults, unsaved and switched off, until HR saves)."""
    return MonitoringSettings.objects.filter(pk=SETTINGS_PK).first() or MonitoringSettings(
        pk=SETTINGS_PK
    )


def self_identification_of(application: Application) -> SelfIdentification | None:
    """The applicant's own answers, for their form only (never for a page of staff)."""
    return SelfIdentification.objects.filter(application=application).first()


def _period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return since, until


def _applications(start: date, end: date, job: JobOpening | None) -> QuerySet[Application]:
    since, until = _period_bounds(start, end)
    applications = Application.objects.filter(submitted_at__gte=since, submitted_at__lt=until)
    return applications.filter(job=job) if job is not None else applications


def reached_rows(*, start: date, end: date, job: JobOpening | None = None) -> list[impact.Reached]:
    """Applications submitted in the period (of one job, or all), counted per job, answers and
    furthest stage reached: one query, whatever the number of applications."""
    answers = SelfIdentification.objects.filter(application=OuterRef("pk"))
    furthest = (
        StageEvent.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(position=Max("to_stage__position"))
        .values("position")
    )
    rows = (
        _applications(start, end, job)
        .annotate(
            answered_gender=Coalesce(Subquery(answers.values("gender")[:1]), Value(NO_ANSWER)),
            answered_age_band=Coalesce(Subquery(answers.values("age_band")[:1]), Value(NO_ANSWER)),
            # An application with no event yet is where it was entered.
            furthest=Coalesce(
                Subquery(furthest, output_field=PositiveSmallIntegerField()), "stage__position"
            ),
        )
        .values("job_id", "answered_gender", "answered_age_band", "furthest")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [
        impact.Reached(
            job_id=row["job_id"],
            answers={"gender": row["answered_gender"], "age_band": row["answered_age_band"]},
            furthest=row["furthest"],
            count=row["count"],
        )
        for row in rows
    ]


def pipelines(job_ids: set[int]) -> dict[int, list[tuple[int, str]]]:
    """Each job's (position, kind) pairs, one query."""
    found: dict[int, list[tuple[int, str]]] = {job_id: [] for job_id in job_ids}
    stages = JobStage.objects.filter(job_id__in=job_ids).values_list("job_id", "position", "kind")
    for job_id, position, kind in stages:
        found[job_id].append((position, kind))
    return found


def percent(rate: Fraction | None) -> str:
    """A rate as the report prints it ("33.3"), empty for none."""
    return "" if rate is None else f"{float(rate) * 100:.1f}"


def ratio_text(ratio: Fraction | None) -> str:
    return "" if ratio is None else f"{float(ratio):.2f}"


@dataclass(frozen=True)
class GroupRow:
    label: str
    result: impact.GroupImpact

    @property
    def rate_percent(self) -> str:
        return percent(self.result.rate)

    @property
    def ratio_text(self) -> str:
        return ratio_text(self.result.ratio)


@dataclass(frozen=True)
class StageRow:
    kind: str
    label: str
    previous_label: str
    result: impact.StageImpact
    groups: list[GroupRow]

    @property
    def highest_percent(self) -> str:
        return percent(self.result.highest_rate)


@dataclass(frozen=True)
class Dimension:
    name: str
    asked: bool
    stages: list[StageRow]


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    job: JobOpening | None
    config: MonitoringSettings
    applications: int
    answered: int
    dimensions: list[Dimension]


def _stage_rows(
    stages: list[impact.StageImpact], options: list[Option], language: str
) -> list[StageRow]:
    labels = dict(StageKind.choices)
    rows = []
    previous = str(labels[StageKind.APPLIED])
    for stage in stages:
        label = str(labels.get(stage.kind, stage.kind))
        groups = [GroupRow(group_label(options, g.group, language), g) for g in stage.groups]
        rows.append(StageRow(stage.kind, label, previous, stage, groups))
        previous = label
    return rows


def adverse_impact_report(*, start: date, end: date, job: JobOpening | None = None) -> Report:
    """The four-fifths rule per stage and per question (see `diversity.impact`): three queries
    (the settings, the aggregate, the pipelines of the jobs in it)."""
    config = monitoring_settings()
    rows = reached_rows(start=start, end=end, job=job)
    stages_of = pipelines({row.job_id for row in rows})
    language = get_language() or "en"
    dimensions = []
    for name, options_field in DIMENSIONS:
        options: list[Option] = getattr(config, options_field)
        results = impact.adverse_impact(
            rows,
            stages_of,
            name,
            kinds=StageKind.values,
            order=[option["code"] for option in options],
        )
        dimensions.append(
            Dimension(
                name=name,
                asked=getattr(config, f"ask_{name}"),
                stages=_stage_rows(results, options, language),
            )
        )
    return Report(
        start=start,
        end=end,
        job=job,
        config=config,
        applications=sum(row.count for row in rows),
        answered=sum(row.count for row in rows if any(row.answers.values())),
        dimensions=dimensions,
    )
