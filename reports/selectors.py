"""The organisation's reports, each one or a few SQL aggregates over a `ReportScope`.

Funnels, time in stage and time to hire come from the append-only StageEvent log only, so a
back-move never makes a report drift. The number of queries of a report does not depend on the
number of applications: every figure is a GROUP BY, a filtered count or a subquery, and Python
only combines the aggregated rows (a few per job, stage kind, channel or month).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    ApplicationStatus,
    Channel,
    JobOpening,
    JobStage,
    Offer,
    StageEvent,
    StageKind,
)
from ats.errors import InvalidInput
from ats.i18n.names import translate_name
from interviews.models import InterviewStatus, PanelMember, Scorecard, ScorecardStatus
from interviews.selectors import person_name
from reports.sql import Median, Seconds

DAY = 86400.0
HOUR = 3600.0
# The oldest and newest dates a report may ask for, and its longest span: a range beyond
# these is a typing mistake, and ten years of months is already a long trend.
EARLIEST = dt.date(1970, 1, 1)
LATEST = dt.date(2099, 12, 31)
MAX_SPAN_DAYS = 3660
KIND_ORDER: list[str] = list(StageKind.values)


# --- the scope: dates and filters ------------------------------------------------------------


@dataclass(frozen=True)
class ReportScope:
    """Which part of the organisation a report covers: a date range (inclusive, in the local
    time zone) and optionally one department, one job and one source channel."""

    date_from: dt.date
    date_to: dt.date
    department: str = ""
    job: JobOpening | None = None
    channel: Channel | None = None

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date_from, dt.time.min))

    @property
    def end(self) -> dt.datetime:
        """The first moment after the range."""
        next_day = self.date_to + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(next_day, dt.time.min))

    def jobs(self, prefix: str = "") -> Q:
        """The department and job filters, on the job opening reached through `prefix`."""
        q = Q()
        if self.department:
            q &= Q(**{f"{prefix}department": self.department})
        if self.job is not None:
            q &= Q(**{f"{prefix}pk": self.job.pk})
        return q

    def applications(self, prefix: str = "", *, submitted: bool = True) -> Q:
        """The job and channel filters on the application reached through `prefix`, and (unless
        `submitted` is False) its submission inside the range."""
        q = self.jobs(f"{prefix}job__")
        if self.channel is not None:
            q &= Q(**{f"{prefix}source_id": self.channel.pk})
        if submitted:
            q &= Q(
                **{f"{prefix}submitted_at__gte": self.start, f"{prefix}submitted_at__lt": self.end}
            )
        return q

    def query(self) -> dict[str, str]:
        """The scope as query parameters (for the CSV links and the API)."""
        params = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}
        if self.department:
            params["department"] = self.department
        if self.job is not None:
            params["job"] = str(self.job.pk)
        if self.channel is not None:
            params["channel"] = self.channel.slug
        return params


def default_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last 12 months: from the first day of the month eleven months back, to today."""
    today = today or timezone.localdate()
    month = today.year * 12 + today.month - 1 - 11
    return dt.date(month // 12, month % 12 + 1, 1), today


def report_scope(
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    department: str = "",
    job: JobOpening | None = None,
    channel: Channel | None = None,
    today: dt.date | None = None,
) -> ReportScope:
    """A checked scope; a missing date defaults to the last 12 months' end.

    Raises InvalidInput naming the field: a date outside 1970–2099, `from` after `to`, or a
    range longer than ten years.
    """
    default_from, default_to = default_range(today)
    date_to = date_to or default_to
    date_from = date_from or min(default_from, date_to)
    errors: dict[str, list[str]] = {}
    for name, value in (("from", date_from), ("to", date_to)):
        if not EARLIEST <= value <= LATEST:
            errors[name] = [
                _("Give a date between %(first)s and %(last)s.")
                % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}
            ]
    if not errors and date_from > date_to:
        errors["to"] = [_("The end of the range cannot be before its start.")]
    elif not errors and (date_to - date_from).days > MAX_SPAN_DAYS:
        errors["to"] = [_("A report covers at most ten years.")]
    if errors:
        raise InvalidInput(errors)
    return ReportScope(date_from, date_to, department.strip(), job, channel)


def department_choices() -> list[str]:
    return list(
        JobOpening.objects.exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def report_jobs() -> QuerySet[JobOpening]:
    return JobOpening.objects.exclude(status=JobOpening.Status.DRAFT).order_by(
        "-opens_on", "reference"
    )


# --- funnel and time in stage ----------------------------------------------------------------


@dataclass
class KindRow:
    kind: str
    label: str
    reached: int = 0
    conversion: float | None = None  # of the previous kind's applications, the share reaching it
    mean_days: float | None = None  # time in stages of this kind, over completed stays
    median_days: float | None = None
    stays: int = 0


def _thresholds(scope: ReportScope) -> dict[int, dict[str, int]]:
    """{job id: {kind: the position an application must have reached to count for the kind}}.

    An application counts for a kind once it reached the job's first stage of that kind or of
    a later kind, so that a job without an exam counts its interviewed applicants as past the
    exam hurdle too (as a skipped stage counts in the job's own funnel) and the funnel never
    rises from one kind to the next.
    """
    in_scope = Application.objects.filter(scope.applications()).values("job_id")
    first: dict[int, dict[str, int]] = defaultdict(dict)
    for job_id, kind, position in (
        JobStage.objects.filter(job_id__in=in_scope)
        .values_list("job_id", "kind")
        .annotate(first=Min("position"))
        .values_list("job_id", "kind", "first")
    ):
        first[job_id][kind] = position
    thresholds: dict[int, dict[str, int]] = {}
    for job_id, by_kind in first.items():
        thresholds[job_id] = {}
        for index, kind in enumerate(KIND_ORDER):
            later = [by_kind[k] for k in KIND_ORDER[index:] if k in by_kind]
            if later:
                thresholds[job_id][kind] = min(later)
    return thresholds


def funnel(scope: ReportScope) -> list[KindRow]:
    """Per stage kind, the applications submitted in the scope that reached it (by the furthest
    stage each ever entered, as `job_funnel` counts) and the conversion from the kind before;
    with the time they spent in stages of that kind. (`furthest_position` is kept by the
    workflow engine, so this is a GROUP BY.)"""
    counts = (
        Application.objects.filter(scope.applications())
        .values_list("job_id", "furthest_position")
        .annotate(n=Count("id"))
        .order_by()
    )
    thresholds = _thresholds(scope)
    labels = dict(StageKind.choices)
    rows = {kind: KindRow(kind, str(labels[kind])) for kind in KIND_ORDER}
    for job_id, position, n in counts:
        for kind, threshold in thresholds.get(job_id, {}).items():
            if position >= threshold:
                rows[kind].reached += n
    previous: int | None = None
    for row in rows.values():
        row.conversion = row.reached / previous if previous else None
        previous = row.reached
    for kind, stats in time_in_stage(scope).items():
        rows[kind].mean_days, rows[kind].median_days, rows[kind].stays = stats
    return list(rows.values())


def time_in_stage(scope: ReportScope) -> dict[str, tuple[float | None, float | None, int]]:
    """{kind: (mean days, median days, completed stays)}: a stay runs from the event that
    entered a stage (submission or move) to the next move out of it, which keeps its length
    (`seconds_in_previous`); a stay still going, or ended by a rejection, is not complete."""
    stays = (
        StageEvent.objects.filter(
            scope.applications("application__"),
            kind=StageEvent.Kind.MOVED,
            seconds_in_previous__isnull=False,
        )
        .values("from_stage__kind")
        .annotate(
            mean=Avg("seconds_in_previous"),
            median=Median("seconds_in_previous"),
            n=Count("id"),
        )
        .order_by()
    )
    return {
        row["from_stage__kind"]: (_days(row["mean"]), _days(row["median"]), row["n"])
        for row in stays
    }


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / DAY


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / HOUR


# --- time to hire and time to fill -----------------------------------------------------------


@dataclass
class MonthRow:
    month: dt.date
    hires: int
    mean_days_to_hire: float | None
    median_days_to_hire: float | None
    mean_days_to_fill: float | None


@dataclass
class FillRow:
    job_id: int
    reference: str
    title: str
    opened_on: dt.date
    hires: int
    days_to_first_hire: float | None
    days_to_last_hire: float | None


@dataclass
class HireTimes:
    hires: int
    mean_days_to_hire: float | None
    median_days_to_hire: float | None
    mean_days_to_fill: float | None
    median_days_to_fill: float | None
    months: list[MonthRow] = field(default_factory=list)
    jobs: list[FillRow] = field(default_factory=list)


def _hires(scope: ReportScope) -> QuerySet[StageEvent]:
    """Each application's first entry into a hired stage, made inside the range."""
    hired_before = StageEvent.objects.filter(
        application=OuterRef("application"),
        kind=StageEvent.Kind.MOVED,
        to_stage__kind=StageKind.HIRED,
    ).filter(Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk")))
    return StageEvent.objects.filter(
        scope.applications("application__", submitted=False),
        kind=StageEvent.Kind.MOVED,
        to_stage__kind=StageKind.HIRED,
        at__gte=scope.start,
        at__lt=scope.end,
    ).exclude(Exists(hired_before))


def _job_opened(prefix: str) -> Coalesce:
    """When a job opened: its opening date, or when it was created if it has none."""
    return Coalesce(
        Cast(f"{prefix}opens_on", DateTimeField()),
        F(f"{prefix}created_at"),
        output_field=DateTimeField(),
    )


def time_to_hire(scope: ReportScope) -> HireTimes:
    """Hires made in the range: days from submission to hire (time to hire) and from the job's
    opening to the hire (time to fill), overall, by month of hire and per job (first and last
    hire)."""
    to_hire = Seconds(F("at"), F("application__submitted_at"))
    to_fill = Seconds(F("at"), _job_opened("application__job__"))
    hires = _hires(scope)
    total = hires.aggregate(
        n=Count("id"),
        mean=Avg(to_hire),
        median=Median(to_hire),
        fill_mean=Avg(to_fill),
        fill_median=Median(to_fill),
    )
    months = (
        hires.annotate(month=TruncMonth("at"))
        .values("month")
        .annotate(n=Count("id"), mean=Avg(to_hire), median=Median(to_hire), fill=Avg(to_fill))
        .order_by("month")
    )
    jobs = (
        hires.values(
            "application__job_id",
            "application__job__reference",
            "application__job__title",
        )
        .annotate(
            opened=Min(_job_opened("application__job__")),
            n=Count("id"),
            first=Min(to_fill),
            last=Max(to_fill),
        )
        .order_by("application__job__reference")
    )
    return HireTimes(
        hires=total["n"],
        mean_days_to_hire=_days(total["mean"]),
        median_days_to_hire=_days(total["median"]),
        mean_days_to_fill=_days(total["fill_mean"]),
        median_days_to_fill=_days(total["fill_median"]),
        months=[
            MonthRow(
                _local_date(row["month"]),
                row["n"],
                _days(row["mean"]),
                _days(row["median"]),
                _days(row["fill"]),
            )
            for row in months
        ],
        jobs=[
            FillRow(
                row["application__job_id"],
                row["application__job__reference"],
                row["application__job__title"],
                _local_date(row["opened"]),
                row["n"],
                _days(row["first"]),
                _days(row["last"]),
            )
            for row in jobs
        ],
    )


def _local_date(value: dt.datetime | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


# --- channels --------------------------------------------------------------------------------

# What a channel's applications reached, each counted once it entered a stage of the kind.
CHANNEL_STEPS: list[tuple[str, str]] = [
    ("screened", StageKind.SCREENING),
    ("interviewed", StageKind.INTERVIEW),
    ("offered", StageKind.OFFER),
    ("hired", StageKind.HIRED),
]


@dataclass
class ChannelRow:
    slug: str
    name: str
    applied: int
    screened: int
    interviewed: int
    offered: int
    hired: int

    @property
    def hire_rate(self) -> float | None:
        return self.hired / self.applied if self.applied else None


def channel_yield(scope: ReportScope) -> list[ChannelRow]:
    """Per source channel, the applications submitted in the scope and how many of them ever
    entered a screening, interview, offer and hired stage (from the event log)."""

    def entered(kind: str) -> Q:
        return Q(Exists(StageEvent.objects.filter(application=OuterRef("pk"), to_stage__kind=kind)))

    rows = (
        Application.objects.filter(scope.applications())
        .values("source__slug", "source__name")
        .annotate(
            applied=Count("id"),
            **{name: Count("id", filter=entered(kind)) for name, kind in CHANNEL_STEPS},
        )
        .order_by("-applied", "source__name")
    )
    return [
        ChannelRow(
            slug=row["source__slug"],
            name=translate_name(row["source__name"]),
            applied=row["applied"],
            **{name: row[name] for name, _kind in CHANNEL_STEPS},
        )
        for row in rows
    ]


# --- offers ----------------------------------------------------------------------------------


@dataclass
class OfferSummary:
    made: int
    accepted: int
    declined: int
    withdrawn: int
    open: int

    @property
    def answered(self) -> int:
        return self.accepted + self.declined

    @property
    def acceptance_rate(self) -> float | None:
        """Accepted of the answered offers (an offer still open or withdrawn by us is neither)."""
        return self.accepted / self.answered if self.answered else None


def offer_acceptance(scope: ReportScope) -> OfferSummary:
    """Offers made in the range, by what became of them."""
    status = Offer.Status
    totals = Offer.objects.filter(
        scope.applications("application__", submitted=False),
        offered_on__gte=scope.date_from,
        offered_on__lte=scope.date_to,
    ).aggregate(
        made=Count("id"),
        accepted=Count("id", filter=Q(status=status.ACCEPTED)),
        declined=Count("id", filter=Q(status=status.DECLINED)),
        withdrawn=Count("id", filter=Q(status=status.WITHDRAWN)),
        open=Count("id", filter=Q(status=status.OFFERED)),
    )
    return OfferSummary(**totals)


# --- headcount -------------------------------------------------------------------------------


@dataclass
class HeadcountRow:
    job_id: int
    reference: str
    title: str
    department: str
    status: str
    headcount: int
    hired: int

    @property
    def open_seats(self) -> int:
        return max(self.headcount - self.hired, 0)

    @property
    def filled(self) -> float:
        return self.hired / self.headcount


def headcount(scope: ReportScope) -> list[HeadcountRow]:
    """Jobs opened in the range or that received applications in it: the applications hired
    (from the channel, when one is chosen) against the headcount planned."""
    received = Application.objects.filter(scope.applications(), job=OuterRef("pk"))
    hired = Q(applications__status=ApplicationStatus.HIRED)
    if scope.channel is not None:
        hired &= Q(applications__source_id=scope.channel.pk)
    jobs = (
        JobOpening.objects.filter(scope.jobs())
        .exclude(status=JobOpening.Status.DRAFT)
        .filter(Q(opens_on__gte=scope.date_from, opens_on__lte=scope.date_to) | Q(Exists(received)))
        .annotate(hired=Count("applications", filter=hired))
        .order_by("-opens_on", "reference")
    )
    return [
        HeadcountRow(
            job.pk,
            job.reference,
            job.title,
            job.department,
            job.get_status_display(),
            job.headcount,
            job.hired,
        )
        for job in jobs
    ]


# --- interviewers ----------------------------------------------------------------------------


@dataclass
class InterviewerRow:
    user_id: int
    name: str
    interviews: int
    scorecards: int = 0
    median_hours: float | None = None  # from the interview's end to the scorecard's submission


@dataclass
class InterviewerLoad:
    rows: list[InterviewerRow]
    scorecards: int
    median_hours: float | None


def interviewer_load(scope: ReportScope) -> InterviewerLoad:
    """Interviews (not cancelled) starting in the range, per interviewer on the panel, and the
    median hours from an interview's end to the submission of its scorecards."""
    in_range = Q(
        interview__starts_at__gte=scope.start,
        interview__starts_at__lt=scope.end,
    ) & scope.applications("interview__application__", submitted=False)
    seats = (
        PanelMember.objects.filter(in_range, removed_at__isnull=True)
        .exclude(interview__status=InterviewStatus.CANCELLED)
        .values("interviewer_id")
        .annotate(n=Count("interview", distinct=True))
        .order_by()
    )
    turnaround = Seconds(F("submitted_at"), F("interview__ends_at"))
    cards = Scorecard.objects.filter(in_range, status=ScorecardStatus.SUBMITTED)
    per_person = cards.values("interviewer_id").annotate(n=Count("id"), median=Median(turnaround))
    overall = cards.aggregate(n=Count("id"), median=Median(turnaround))
    loads = {row["interviewer_id"]: row["n"] for row in seats}
    scored = {row["interviewer_id"]: row for row in per_person.order_by()}
    users = User.objects.in_bulk(set(loads) | set(scored))
    rows = []
    for user_id, user in users.items():
        card: dict[str, Any] = scored.get(user_id, {})
        rows.append(
            InterviewerRow(
                user_id,
                person_name(user),
                loads.get(user_id, 0),
                card.get("n", 0),
                _hours(card.get("median")),
            )
        )
    rows.sort(key=lambda row: (-row.interviews, row.name.casefold()))
    return InterviewerLoad(rows, overall["n"], _hours(overall["median"]))
