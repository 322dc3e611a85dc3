"""Reads about applications: the list, the access check, the timeline, filters, the board."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import django_filters
from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import blinding, workflow
from applications.models import (
    ApplicantAccess,
    Application,
    ApplicationStatus,
    Candidate,
    Channel,
    JobOpening,
    JobStage,
    StageEvent,
    StageKind,
)
from applications.selectors.cvs import DEGREE_FILTER_CHOICES, application_filter_by_cv
from applications.selectors.duplicates import candidate_has_duplicate_flag
from applications.selectors.personal import application_end
from ats.actors import UserLike
from ats.roles import is_hr

ModelT = TypeVar("ModelT", bound=Model)


def application_list() -> QuerySet[Application]:
    # The CV's summary rides along in the same query; its full text and parse result can be
    # tens of kilobytes each, so lists leave them behind and `application_cv` loads them for one.
    return Application.objects.select_related(
        "candidate", "job", "stage", "source", "rejection_reason", "cv"
    ).defer("cv__text", "cv__parsed", "cv__corrections")


def application_get_for_user(user: UserLike, pk: int) -> Application:
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
    application: Application | None = blinding.annotate_identity_masks(queryset, user).first()
    if application is None:
        raise Http404(_("No such application."))
    return application


def application_timeline(application: Application) -> QuerySet[StageEvent]:
    return application.events.select_related(
        "from_stage", "to_stage", "actor", "rejection_reason"
    ).order_by("at", "id")


def candidate_search(queryset: QuerySet[ModelT], text: str) -> QuerySet[ModelT]:
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


class CVFilterFields(django_filters.FilterSet):
    """The CV filters' fields; a subclass says with `filter_cv` what a match is (an application
    whose CV says so, or a person with such an application)."""

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


class ApplicationCVFilter(CVFilterFields):
    """The CV filters alone: the pipeline page's filter bar, and part of the API's filters."""

    class Meta:
        model = Application
        fields: list[str] = []

    def filter_cv(
        self, queryset: QuerySet[Application], name: str, value: Any
    ) -> QuerySet[Application]:
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

    def search(
        self, queryset: QuerySet[Application], name: str, value: str
    ) -> QuerySet[Application]:
        return candidate_search(queryset, value)


@dataclass
class PipelineColumn:
    stage: JobStage
    applications: list[Application]
    next_stage: JobStage | None  # where the board's "advance" sends a card


def job_pipeline(
    job: JobOpening,
    *,
    include_closed: bool = False,
    cv_filters: Mapping[str, Any] | None = None,
    viewer: UserLike | None = None,
) -> list[PipelineColumn]:
    """The job's stages in order, each with its applications (two queries in all).

    `cv_filters` are `application_filter_by_cv`'s keyword arguments (the board's filter bar).
    Each application's `masked` says how the `viewer` sees it when they may not see who applied
    (blind screening); a search of the CV text never finds those, as it would find their names.
    """
    stages = list(job.stages.order_by("position"))
    applications: QuerySet[Application] = (
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
        application.masked = blinding.masked(application)  # type: ignore[attr-defined]
        by_stage[application.stage_id].append(application)
    return [
        PipelineColumn(stage, by_stage.get(stage.pk, []), workflow.next_stage(stages, stage))
        for stage in stages
    ]


def application_get_by_token(token: str) -> Application:
    """The application behind a secret status link, or 404 (the same for any wrong token)."""
    import hashlib

    digest = hashlib.sha256(token.encode()).hexdigest()
    access = ApplicantAccess.objects.filter(token_hash=digest).first()
    application = (
        None if access is None else application_list().filter(pk=access.application_id).first()
    )
    if access is None or application is None or application.candidate.erased_at is not None:
        raise Http404(_("This status link is not valid. Use the newest link we e-mailed you."))
    if status_link_expired(application, issued_at=access.issued_at):
        raise StatusLinkExpired(_("This status link has expired. Ask for a fresh one below."))
    return application


class StatusLinkExpired(Http404):
    """A real status link past its time: the page answers 404 and offers a fresh link."""


def status_link_expired(application: Application, *, issued_at: datetime) -> bool:
    """A link stops working STATUS_LINK_DAYS after the later of its application's end and its
    own issue (so a fresh link asked for after the end works for that long again)."""
    ended = application_end(application)
    if ended is None:
        return False
    start = max(ended, issued_at)
    return timezone.now() > start + timedelta(days=settings.STATUS_LINK_DAYS)
