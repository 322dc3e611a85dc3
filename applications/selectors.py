"""Read queries shared by pages and the API: lists, pipelines, funnels and time in stage."""

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import django_filters
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import blinding
from applications.models import (
    DEGREE_ORDER,
    Application,
    ApplicationStatus,
    Candidate,
    Channel,
    CVDocument,
    DegreeLevel,
    JobOpening,
    JobQuestion,
    JobStage,
    PipelineTemplate,
    PossibleDuplicate,
    Posting,
    RejectionReason,
    StageEvent,
    StageKind,
)
from ats.roles import is_hr


def _is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


# --- jobs --------------------------------------------------------------------------------


def default_pipeline_template() -> PipelineTemplate | None:
    """The template new jobs copy their stages from, if HR has marked one."""
    return PipelineTemplate.objects.filter(is_default=True).first()


def rejection_reasons() -> QuerySet[RejectionReason]:
    """The reasons HR may choose when rejecting (retired ones stay on old events only)."""
    return RejectionReason.objects.filter(is_active=True)


def job_list() -> QuerySet[JobOpening]:
    """Jobs with their application totals; stage counts come from `job_stage_counts`."""
    return (
        JobOpening.objects.annotate(
            application_count=Count("applications"),
            active_count=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.ACTIVE)
            ),
            hired_count=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.HIRED)
            ),
        )
        .prefetch_related(Prefetch("stages", queryset=JobStage.objects.order_by("position")))
        .order_by("-opens_on", "reference")
    )


def job_stage_counts(job_ids: list[int]) -> dict[int, Counter[int]]:
    """{job id: {stage id: number of active or hired applications in it}} in one query."""
    rows = (
        Application.objects.filter(job_id__in=job_ids)
        .exclude(status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN])
        .values_list("job_id", "stage_id")
        .annotate(n=Count("id"))
    )
    counts: dict[int, Counter[int]] = defaultdict(Counter)
    for job_id, stage_id, n in rows:
        counts[job_id][stage_id] = n
    return counts


def job_get(pk: int) -> JobOpening:
    job = job_list().filter(pk=pk).first()
    if job is None:
        raise Http404(_("No such job opening."))
    return job


def job_stage_application_counts(job: JobOpening) -> dict[int, int]:
    """{stage id: applications standing in it, whatever their status} for the stage editor."""
    rows = (
        Application.objects.filter(job=job)
        .values_list("stage_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def job_questions(job: JobOpening) -> QuerySet[JobQuestion]:
    return JobQuestion.objects.filter(job=job).order_by("position", "id")


def job_answer_values(job: JobOpening) -> dict[int, list[Any]]:
    """{question id: the answers given to it} over all the job's applications, in one query.

    An application stores its answers as `{"<question id>": {"question", "answer", ...}}`
    (a bare value when entered through the API); empty answers are not counted.
    """
    values: dict[int, list[Any]] = defaultdict(list)
    rows = Application.objects.filter(job=job).order_by().values_list("answers", flat=True)
    for answers in rows:
        if not isinstance(answers, dict):
            continue
        for key, entry in answers.items():
            value = entry.get("answer") if isinstance(entry, dict) else entry
            if str(key).isdigit() and value not in (None, ""):
                values[int(key)].append(value)
    return dict(values)


# --- postings ----------------------------------------------------------------------------


def posting_list() -> QuerySet[Posting]:
    return Posting.objects.select_related("job", "channel").order_by("job", "posted_on", "id")


def job_postings(job: JobOpening) -> QuerySet[Posting]:
    return posting_list().filter(job=job)


def apply_url(job: JobOpening, channel: Channel) -> str:
    """The job's public page with the channel it was posted on (`?source=`): the careers pages
    carry it to the application, which records it as the application's source."""
    path = reverse("careers-job", args=[job.reference])
    return f"{settings.SITE_URL}{path}?{urlencode({'source': channel.slug})}"


def posting_apply_url(posting: Posting) -> str:
    return apply_url(posting.job, posting.channel)


class PostingFilter(django_filters.FilterSet):
    job = django_filters.ModelChoiceFilter(queryset=JobOpening.objects.all())
    channel = django_filters.ModelChoiceFilter(
        queryset=Channel.objects.all(), to_field_name="slug", label=_("channel (code)")
    )
    posted_after = django_filters.DateFilter(field_name="posted_on", lookup_expr="gte")
    posted_before = django_filters.DateFilter(field_name="posted_on", lookup_expr="lte")

    class Meta:
        model = Posting
        fields = ["job", "channel"]


# --- applications ------------------------------------------------------------------------


def application_list() -> QuerySet[Application]:
    # The CV's summary rides along in the same query; its full text and parse result can be
    # tens of kilobytes each, so lists leave them behind and `application_cv` loads them for one.
    return Application.objects.select_related(
        "candidate", "job", "stage", "source", "rejection_reason", "cv"
    ).defer("cv__text", "cv__parsed", "cv__corrections")


def application_get_for_user(user, pk: int) -> Application:
    """The one access check for an application: HR sees all (later: interviewers, theirs)."""
    if not is_hr(user):
        raise Http404(_("No such application."))
    queryset = (
        application_list()
        # Rides along so that the page asks for flags only when there are some (most have none).
        .annotate(has_duplicate_flags=candidate_has_duplicate_flag("candidate_id", open_only=False))
        .filter(pk=pk)
    )
    # `blinding.masked(application)` says whether this user may see who applied.
    application = blinding.annotate_identity_masks(queryset, user).first()
    if application is None:
        raise Http404(_("No such application."))
    return application


def application_timeline(application: Application) -> QuerySet[StageEvent]:
    return application.events.select_related(
        "from_stage", "to_stage", "actor", "rejection_reason"
    ).order_by("at", "id")


def candidate_search(queryset: QuerySet, text: str) -> QuerySet:
    """Free-text search on candidate name and e-mail."""
    text = text.strip()
    if not text:
        return queryset
    prefix = "" if queryset.model is Candidate else "candidate__"
    query = Q()
    for word in text.split():
        query &= Q(**{f"{prefix}full_name__icontains": word}) | Q(
            **{f"{prefix}email__icontains": word}
        )
    return queryset.filter(query)


# --- CVs ---------------------------------------------------------------------------------

# Must compile to the expression of the GIN index in migration 0004,
# `to_tsvector('simple'::regconfig, COALESCE(text, ''))`, or PostgreSQL scans every CV.
# 'simple' (no stemming, no stop words): CVs come in many languages and names must match as typed.
CV_SEARCH_CONFIG = "simple"
CV_SEARCH_VECTOR = SearchVector("text", config=CV_SEARCH_CONFIG)

# The minimum-degree filter offers the levels that rank above "other".
DEGREE_FILTER_CHOICES = [
    (level, label) for level, label in DegreeLevel.choices if level != DegreeLevel.OTHER
]

# The parsed fields in the order HR reads them; corrections exist for some of them only.
CV_FIELD_ORDER = (
    "name",
    "email",
    "phone",
    "links",
    "highest_degree",
    "years_experience",
    "languages",
    "education",
    "work",
    "skills",
    "publications",
)


def application_cv(application: Application) -> CVDocument | None:
    """The application's CV with its text, parse result and corrections (one query, or none)."""
    summary = getattr(application, "cv", None)  # from `application_list`'s join, no query
    if summary is None:
        return None
    return CVDocument.objects.filter(pk=summary.pk).first()


def _corrected_at(raw: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(raw) if raw else None
    except (TypeError, ValueError):
        return None


def cv_fields(cv: CVDocument) -> dict[str, dict[str, Any]]:
    """The parsed fields in reading order with HR's corrections laid over and marked.

    `value` is what counts (a correction wins); `parsed_value`, `confidence` and `source` stay
    the parser's so that HR can see what was read and why.
    """
    fields: dict[str, dict[str, Any]] = {}
    for name in CV_FIELD_ORDER:
        parsed = cv.parsed.get(name) or {}
        correction = cv.corrections.get(name)
        fields[name] = {
            "value": correction["value"] if correction else parsed.get("value"),
            "parsed_value": parsed.get("value"),
            "confidence": parsed.get("confidence"),
            "source": parsed.get("source") or "",
            "corrected": correction is not None,
            "corrected_by": correction.get("by_name") if correction else None,
            "corrected_at": _corrected_at(correction.get("at")) if correction else None,
        }
    return fields


def _words(text: str) -> list[str]:
    return [word.strip("\"'") for word in text.split() if word.strip("\"'-")]


def application_cv_text_search(queryset: QuerySet, text: str) -> QuerySet:
    """Applications whose CV text matches `text` (web-search syntax on PostgreSQL).

    On PostgreSQL the CV ids come from a sub-query on `CVDocument` alone, whose condition is
    the indexed expression, so the GIN index answers it. SQLite has no index: every word must
    appear somewhere in the text (`icontains`).
    """
    text = text.strip()
    if not text:
        return queryset
    if _is_postgres():
        matching = (
            CVDocument.objects.annotate(search=CV_SEARCH_VECTOR)
            .filter(search=SearchQuery(text, config=CV_SEARCH_CONFIG, search_type="websearch"))
            .values("pk")
        )
        return queryset.filter(cv__in=matching)
    query = Q()
    for word in _words(text):
        query &= Q(cv__text__icontains=word)
    return queryset.filter(query)


def application_filter_by_cv(
    queryset: QuerySet[Application],
    *,
    degree: str = "",
    min_years: Decimal | float | None = None,
    language: str = "",
    cv_text: str = "",
) -> QuerySet[Application]:
    """Narrow applications by what their CV says (corrections included); empty means any.

    `degree` is a minimum (a master's passes "bachelor"); `language` may list several names,
    comma-separated, all required.
    """
    if degree:
        queryset = queryset.filter(cv__degree_rank__gte=DEGREE_ORDER[degree])
    if min_years is not None:
        queryset = queryset.filter(cv__years_experience__gte=min_years)
    for name in language.lower().split(","):
        if name.strip():
            # The stored list is comma-framed, so ",french," never matches inside another name.
            queryset = queryset.filter(cv__languages__icontains=f",{name.strip()},")
    return application_cv_text_search(queryset, cv_text)


class ApplicationCVFilter(django_filters.FilterSet):
    """The CV filters alone: the pipeline page's filter bar, and part of the API's filters."""

    degree = django_filters.ChoiceFilter(
        choices=DEGREE_FILTER_CHOICES, method="filter_cv", label=_("Minimum degree")
    )
    min_years = django_filters.NumberFilter(
        method="filter_cv", min_value=0, max_value=70, label=_("Minimum years of experience")
    )
    language = django_filters.CharFilter(
        method="filter_cv", max_length=100, label=_("Speaks (language)")
    )
    cv_text = django_filters.CharFilter(
        method="filter_cv", max_length=200, label=_("CV text contains")
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def filter_cv(self, queryset, name, value):
        return application_filter_by_cv(queryset, **{name: value})


class ApplicationFilter(ApplicationCVFilter):
    job = django_filters.ModelChoiceFilter(queryset=JobOpening.objects.all())
    stage = django_filters.ModelChoiceFilter(queryset=JobStage.objects.all())
    stage_kind = django_filters.ChoiceFilter(field_name="stage__kind", choices=StageKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices)
    source = django_filters.ModelChoiceFilter(
        queryset=Channel.objects.all(), to_field_name="slug", label=_("source channel (code)")
    )
    nationality = django_filters.CharFilter(
        field_name="candidate__nationality", lookup_expr="iexact", label=_("nationality (ISO code)")
    )
    submitted_after = django_filters.IsoDateTimeFilter(field_name="submitted_at", lookup_expr="gte")
    submitted_before = django_filters.IsoDateTimeFilter(
        field_name="submitted_at", lookup_expr="lte"
    )
    q = django_filters.CharFilter(method="search", label=_("name or e-mail contains"))

    class Meta:
        model = Application
        fields = ["job", "stage", "stage_kind", "status", "source", "nationality"]

    def search(self, queryset, name, value):
        return candidate_search(queryset, value)


# --- pipeline board ----------------------------------------------------------------------


@dataclass
class PipelineColumn:
    stage: JobStage
    applications: list[Application]


def job_pipeline(
    job: JobOpening,
    *,
    include_closed: bool = False,
    cv_filters: Mapping[str, Any] | None = None,
    viewer: Any = None,
) -> list[PipelineColumn]:
    """The job's stages in order, each with its applications (two queries in all).

    `cv_filters` are `application_filter_by_cv`'s keyword arguments (the board's filter bar).
    Each application's `masked` says how the `viewer` sees it when they may not see who applied
    (blind screening); a search of the CV text never finds those, as it would find their names.
    """
    stages = list(job.stages.order_by("position"))
    applications = (
        application_list()
        .filter(job=job)
        .annotate(has_open_duplicate=candidate_has_duplicate_flag("candidate_id", open_only=True))
        .order_by("stage_entered_at", "id")
    )
    applications = blinding.annotate_identity_masks(applications, viewer)
    if cv_filters:
        applications = application_filter_by_cv(applications, **cv_filters)
        if cv_filters.get("cv_text", "").strip():
            applications = blinding.exclude_masked(applications)
    if not include_closed:
        applications = applications.exclude(
            status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]
        )
    by_stage: dict[int, list[Application]] = defaultdict(list)
    for application in applications:
        application.masked = blinding.masked(application)
        by_stage[application.stage_id].append(application)
    return [PipelineColumn(stage, by_stage.get(stage.pk, [])) for stage in stages]


# --- possible duplicates ------------------------------------------------------------------


def candidate_has_duplicate_flag(candidate_ref: str, *, open_only: bool) -> Exists:
    """Whether the candidate in `candidate_ref` (a field of the outer query) is named by a flag
    (an open one, with `open_only`), on either side: a sub-query of the same query, so a list
    pays nothing per row."""
    flags = PossibleDuplicate.objects.filter(
        Q(candidate=OuterRef(candidate_ref)) | Q(existing=OuterRef(candidate_ref))
    )
    if open_only:
        flags = flags.filter(resolution=PossibleDuplicate.Resolution.OPEN)
    return Exists(flags)


def possible_duplicate_list(user=None) -> QuerySet[PossibleDuplicate]:
    """Flags with both candidates, each with their applications and jobs (three queries).

    With `user`, the candidates come annotated with that user's identity masks (blind
    screening), two queries more, so that a masked applicant is not named here either.
    """
    applications = Application.objects.select_related("job", "stage").order_by("-submitted_at")
    if user is None:
        people = PossibleDuplicate.objects.select_related("candidate", "existing")
    else:
        candidates = blinding.annotate_identity_masks(Candidate.objects.all(), user)
        people = PossibleDuplicate.objects.prefetch_related(
            Prefetch("candidate", queryset=candidates),
            Prefetch("existing", queryset=candidates),
        )
    return people.select_related("resolved_by").prefetch_related(
        Prefetch("candidate__applications", queryset=applications),
        Prefetch("existing__applications", queryset=applications),
    )


def possible_duplicate_get_for_user(user, pk: int) -> PossibleDuplicate:
    """The one access check for a duplicate flag: HR only, like the candidates it names."""
    if not is_hr(user):
        raise Http404(_("No such possible duplicate."))
    flag = possible_duplicate_list(user).filter(pk=pk).first()
    if flag is None:
        raise Http404(_("No such possible duplicate."))
    return flag


class PossibleDuplicateFilter(django_filters.FilterSet):
    resolved = django_filters.BooleanFilter(method="filter_resolved", label=_("resolved"))
    candidate = django_filters.ModelChoiceFilter(
        queryset=Candidate.objects.all(),
        method="filter_candidate",
        label=_("candidate (on either side)"),
    )

    class Meta:
        model = PossibleDuplicate
        fields: list[str] = []

    def filter_resolved(self, queryset, name, value):
        open_flags = Q(resolution=PossibleDuplicate.Resolution.OPEN)
        return queryset.exclude(open_flags) if value else queryset.filter(open_flags)

    def filter_candidate(self, queryset, name, value):
        return queryset.filter(Q(candidate=value) | Q(existing=value))


@dataclass
class DuplicateFlag:
    """A flag as one candidate's page shows it: the other candidate and their applications."""

    flag: PossibleDuplicate
    other: Candidate
    other_applications: list[Application]

    @property
    def is_open(self) -> bool:
        return self.flag.is_open


def application_duplicate_flags(application: Application) -> list[DuplicateFlag]:
    """The flags naming the application's candidate; no query when `application_get_for_user`
    already found there are none."""
    if getattr(application, "has_duplicate_flags", True) is False:
        return []
    return candidate_duplicate_flags(application.candidate)


def candidate_duplicate_flags(candidate: Candidate) -> list[DuplicateFlag]:
    """Every flag naming the candidate, on either side, open ones first (two queries)."""
    flags = list(
        PossibleDuplicate.objects.filter(Q(candidate=candidate) | Q(existing=candidate))
        .select_related("candidate", "existing", "resolved_by")
        .order_by("-created_at", "-id")
    )
    flags.sort(key=lambda flag: not flag.is_open)  # stable: open first, newest first in each
    others = {
        flag.pk: flag.existing if flag.candidate_id == candidate.pk else flag.candidate
        for flag in flags
    }
    applications: dict[int, list[Application]] = defaultdict(list)
    if flags:
        for application in (
            Application.objects.filter(candidate__in=[o.pk for o in others.values()])
            .select_related("job", "stage")
            .order_by("-submitted_at", "-id")
        ):
            applications[application.candidate_id].append(application)
    return [
        DuplicateFlag(flag, others[flag.pk], applications.get(others[flag.pk].pk, []))
        for flag in flags
    ]


# --- reports (from the StageEvent log only) ----------------------------------------------


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
    rows, previous = [], None
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


def job_channel_yield(job: JobOpening) -> list[dict]:
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


# --- careers pages and applicant status ----------------------------------------------------


def job_is_accepting(job: JobOpening, *, today=None) -> bool:
    """Open, opened, and not past its closing date (the careers pages hide it by themselves)."""
    today = today or timezone.localdate()
    return (
        job.status == JobOpening.Status.OPEN
        and (job.opens_on is None or job.opens_on <= today)
        and (job.closes_on is None or job.closes_on >= today)
    )


def open_jobs(*, today=None) -> QuerySet[JobOpening]:
    today = today or timezone.localdate()
    return (
        JobOpening.objects.filter(status=JobOpening.Status.OPEN)
        .filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today))
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .order_by("closes_on", "title")
    )


class OpenJobFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    department = django_filters.CharFilter(lookup_expr="iexact")
    location = django_filters.CharFilter(lookup_expr="icontains")
    employment_type = django_filters.ChoiceFilter(choices=JobOpening.EmploymentType.choices)

    class Meta:
        model = JobOpening
        fields = ["department", "location", "employment_type"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(requirements__icontains=word)
                | Q(reference__iexact=word)
            )
        return queryset


def open_job_get(reference: str, *, today=None) -> JobOpening:
    job = open_jobs(today=today).filter(reference=reference).prefetch_related("questions").first()
    if job is None:
        raise Http404(_("This position is not open (any more)."))
    return job


def application_get_by_token(token: str) -> Application:
    """The application behind a secret status link, or 404 (the same for any wrong token)."""
    import hashlib

    digest = hashlib.sha256(token.encode()).hexdigest()
    application = application_list().filter(access__token_hash=digest).first()
    if application is None:
        raise Http404(_("This status link is not valid. Use the newest link we e-mailed you."))
    return application
