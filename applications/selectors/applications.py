"""Reads about applications: the list, the access check, the timeline, filters, the board."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import django_filters
from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Model, Q, QuerySet, Window
from django.db.models.functions import RowNumber
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
    JobStageTally,
    StageEvent,
    StageKind,
    fold_name,
    normalise_email,
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


def candidate_name_or_email_match(word: str, prefix: str = "") -> Q:
    """One word found in the folded name (case and accents ignored) or the lower-cased e-mail.

    Both are plain `LIKE '%word%'` on the stored keys, which the trigram GIN indexes of
    PostgreSQL answer (`candidate_name_key_trgm`, migration 0011; `candidate_email_trgm`,
    migration 0014) instead of reading every candidate.
    """
    return Q(**{f"{prefix}name_key__contains": fold_name(word)}) | Q(
        **{f"{prefix}email_normalised__contains": normalise_email(word)}
    )


def candidate_search(queryset: QuerySet[ModelT], text: str) -> QuerySet[ModelT]:
    """Free-text search on candidate name and e-mail: every word in one of them."""
    text = text.strip()
    if not text:
        return queryset
    prefix = "" if queryset.model is Candidate else "candidate__"
    query = Q()
    for word in text.split():
        query &= candidate_name_or_email_match(word, prefix)
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


# The cards a board column shows at first, and each "show more" adds.
BOARD_PAGE_SIZE = 50


@dataclass
class PipelineColumn:
    stage: JobStage
    applications: list[Application]  # the first page of the column's cards
    next_stage: JobStage | None  # where the board's "advance" sends a card
    total: int = 0  # every card of the column under the board's filters

    @property
    def more(self) -> int:
        """How many cards of the column are not shown yet."""
        return max(self.total - len(self.applications), 0)

    @property
    def next_page(self) -> int:
        """How many cards "show more" adds."""
        return min(self.more, BOARD_PAGE_SIZE)


@dataclass(frozen=True)
class BoardCursor:
    """Where a column's next page starts: after this card in the board's order."""

    stage_entered_at: datetime
    id: int

    @classmethod
    def after(cls, application: Application) -> "BoardCursor":
        return cls(application.stage_entered_at, application.pk)


def board_applications(
    job: JobOpening,
    *,
    include_closed: bool = False,
    cv_filters: Mapping[str, Any] | None = None,
    viewer: UserLike | None = None,
) -> QuerySet[Application]:
    """The job's applications the board shows under its filters, in the board's order.

    `cv_filters` are `application_filter_by_cv`'s keyword arguments (the board's filter bar).
    Each row carries the masks of the `viewer` (blind screening); a search of the CV text never
    finds masked rows, as it would find their names.
    """
    applications: QuerySet[Application] = Application.objects.filter(job=job)
    applications = blinding.annotate_identity_masks(applications, viewer)
    if cv_filters:
        applications = application_filter_by_cv(applications, **cv_filters)
        if cv_filters.get("cv_text", "").strip():
            applications = blinding.exclude_masked(applications)
    if not include_closed:
        applications = applications.exclude(
            status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]
        )
    return applications


def _board_cards(applications: QuerySet[Application]) -> QuerySet[Application]:
    """What a card shows rides along: the candidate, source, CV summary, duplicate flag."""
    return (
        applications.select_related("candidate", "job", "stage", "source", "rejection_reason", "cv")
        .defer("cv__text", "cv__parsed", "cv__corrections")
        .annotate(has_open_duplicate=candidate_has_duplicate_flag("candidate_id", open_only=True))
    )


def _with_masks(applications: list[Application]) -> list[Application]:
    for application in applications:
        application.masked = blinding.masked(application)  # type: ignore[attr-defined]
    return applications


def job_pipeline(
    job: JobOpening,
    *,
    include_closed: bool = False,
    cv_filters: Mapping[str, Any] | None = None,
    viewer: UserLike | None = None,
    per_column: int = BOARD_PAGE_SIZE,
) -> list[PipelineColumn]:
    """The job's stages in order, each with its card count and its first `per_column` cards.

    Two queries whatever the size: the stages with their tallies (the column totals of the
    whole board; filtered, one GROUP BY stage counts them) and the first cards of every
    column (picked by `_first_ids`).
    `job_pipeline_column` gives the cards after those, a page at a time.
    """
    stages = list(job.stages.select_related("tally").order_by("position"))
    chosen = board_applications(
        job, include_closed=include_closed, cv_filters=cv_filters, viewer=viewer
    )
    if include_closed or cv_filters or not all(_has_tally(stage) for stage in stages):
        totals = dict(
            chosen.order_by()
            .values("stage_id")
            .annotate(n=Count("id"))
            .values_list("stage_id", "n")
        )
    else:
        # The whole board counts the active and hired cards of each stage: the stage's tally
        # keeps that number (`JobStageTally.current`), so no count of the job's applications.
        totals = {stage.pk: stage.tally.current for stage in stages}
    first = _board_cards(chosen).filter(
        pk__in=_first_ids(chosen, stages, per_column, narrowed=_searches_cv_text(cv_filters))
    )
    by_stage: dict[int, list[Application]] = defaultdict(list)
    for application in _with_masks(list(first.order_by("stage_entered_at", "id"))):
        by_stage[application.stage_id].append(application)
    return [
        PipelineColumn(
            stage,
            by_stage.get(stage.pk, []),
            workflow.next_stage(stages, stage),
            totals.get(stage.pk, 0),
        )
        for stage in stages
    ]


def _has_tally(stage: JobStage) -> bool:
    try:
        stage.tally  # noqa: B018  (loaded with the stage)
    except JobStageTally.DoesNotExist:
        return False
    return True


def _searches_cv_text(cv_filters: Mapping[str, Any] | None) -> bool:
    return bool(cv_filters and str(cv_filters.get("cv_text", "")).strip())


def _first_ids(
    chosen: QuerySet[Application], stages: list[JobStage], per_column: int, *, narrowed: bool
) -> QuerySet[Any]:
    """The ids of each column's first `per_column` cards in the board's order, as a subquery.

    The whole board: one `LIMIT` per stage on the index `application_board_order` (stage,
    stage_entered_at, id), so the cost is that of the cards shown, not of the job's
    applications, all stages as one `UNION ALL`. A board `narrowed` by a CV-text search: the
    matches come from the full-text index, so one window query numbers those alone (walking a
    column in order would test every card's CV until 50 match). SQLite cannot slice inside a
    compound query; it numbers with the window query too (its jobs are the small ones).
    """
    ordered = chosen.order_by("stage_entered_at", "id")
    if stages and not narrowed and connection.features.supports_slicing_ordering_in_compound:
        ids = ordered.values_list("pk", flat=True)
        parts = [ids.filter(stage=stage)[:per_column] for stage in stages]
        return parts[0].union(*parts[1:], all=True)
    numbered = ordered.annotate(
        board_row=Window(
            RowNumber(),
            partition_by=[F("stage_id")],
            order_by=[F("stage_entered_at").asc(), F("id").asc()],
        )
    )
    return numbered.filter(board_row__lte=per_column).values_list("pk", flat=True)


def job_pipeline_column(
    job: JobOpening,
    stage: JobStage,
    *,
    after: BoardCursor | None = None,
    include_closed: bool = False,
    cv_filters: Mapping[str, Any] | None = None,
    viewer: UserLike | None = None,
    limit: int = BOARD_PAGE_SIZE,
) -> tuple[list[Application], int]:
    """The next `limit` cards of one column after `after` (keyset paging on the board's order
    `(stage_entered_at, id)`, so a card that moves meanwhile never shifts the others), and
    how many there are after them (under the same filters)."""
    chosen = board_applications(
        job, include_closed=include_closed, cv_filters=cv_filters, viewer=viewer
    ).filter(stage=stage)
    if after is not None:
        chosen = chosen.filter(
            Q(stage_entered_at__gt=after.stage_entered_at)
            | Q(stage_entered_at=after.stage_entered_at, id__gt=after.id)
        )
    cards = _with_masks(list(_board_cards(chosen).order_by("stage_entered_at", "id")[:limit]))
    if len(cards) < limit:
        return cards, 0
    last = cards[-1]
    after_last = chosen.filter(
        Q(stage_entered_at__gt=last.stage_entered_at)
        | Q(stage_entered_at=last.stage_entered_at, id__gt=last.pk)
    )
    return cards, after_last.count()


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
