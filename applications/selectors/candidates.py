"""Reads of the candidates database: people across jobs, searched, filtered, tagged, noted."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import django_filters
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import (
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from applications import blinding
from applications.models import (
    TAG_NAME_MAX,
    Application,
    Candidate,
    CandidateNote,
    CandidateTag,
    Channel,
    CVDocument,
    Tag,
    fold_name,
)
from applications.selectors.applications import (
    CVFilterFields,
    application_list,
    candidate_name_or_email_match,
)
from applications.selectors.cvs import (
    CV_SEARCH_CONFIG,
    StoredCVVector,
    application_cv_text_search,
    application_filter_by_cv,
    is_postgres,
    search_words,
)
from applications.selectors.personal import start_of_day, talent_pool_candidates
from ats.actors import UserLike
from ats.roles import is_hr

CANDIDATES_PAGE_SIZE = 25


def _latest_application() -> QuerySet[Application]:
    return Application.objects.filter(candidate=OuterRef("pk")).order_by("-submitted_at", "-pk")


def candidate_directory(viewer: UserLike, *, include_erased: bool = False) -> QuerySet[Candidate]:
    """Everybody on file but the erased (the API lists those too) and those merged into another,
    each with their last application's id and date and their tags (one query more for any
    number), and the identity masks of this viewer.

    `blinding.masked(candidate)` says whether the viewer may see who the person is.
    """
    # A candidate merged into another is no longer a person of their own.
    people = Candidate.objects.filter(merged_into__isnull=True)
    if not include_erased:
        people = people.filter(erased_at__isnull=True)
    queryset = people.annotate(
        last_applied=Subquery(_latest_application().values("submitted_at")[:1]),
        latest_application_id=Subquery(_latest_application().values("pk")[:1]),
    ).prefetch_related(
        Prefetch("candidate_tags", queryset=CandidateTag.objects.select_related("tag"))
    )
    return blinding.annotate_identity_masks(queryset, viewer)


def _applications_matching_cv(text: str) -> QuerySet[Application]:
    """The applications whose CV text matches (the one CV search: GIN index on PostgreSQL)."""
    return application_cv_text_search(Application.objects.all(), text)


def _skills_match(word: str) -> Q:
    # The parser's skills and HR's corrected ones (a correction is not in the CV text).
    return Q(cv__parsed__skills__value__icontains=word) | Q(
        cv__corrections__skills__value__icontains=word
    )


def _word_match(word: str) -> Q:
    """One word found in the name (folded: case and accents ignored), e-mail, phone, or the
    skills of any of the person's applications (the CV text is searched apart)."""
    digits = "".join(c for c in word if c.isdigit())
    match = candidate_name_or_email_match(word)
    if len(digits) >= 3:
        match |= Q(phone_key__contains=digits) | Q(phone__contains=word)
    elsewhere = Application.objects.filter(_skills_match(word)).values("candidate")
    return match | Q(pk__in=elsewhere)


def candidate_directory_search(queryset: QuerySet[Candidate], text: str) -> QuerySet[Candidate]:
    """People whose name, e-mail, phone, skills or CV text (any application's) match `text`.

    Everywhere: every word must be found in one of those fields (the name folded, the CV text
    through `application_cv_text_search`). PostgreSQL adds, for the whole text, full-text
    search of the CV text (web-search syntax: "quoted phrases", -excluded; the stored vector's
    GIN index, migration 0017) and trigram word similarity of the name (pg_trgm, the GIN index of
    migration 0011: "Okafr" finds "Okafor"); each row gets a `search_rank`, the better of the
    name's similarity and the best CV's rank, for ordering best first.
    """
    words = search_words(text)
    if not words:
        return queryset
    every_word = Q()
    for word in words:
        every_word &= _word_match(word) | Q(
            pk__in=_applications_matching_cv(word).values("candidate")
        )
    if not is_postgres():
        return queryset.filter(every_word)
    text, folded = text.strip(), fold_name(text)
    query = SearchQuery(text, config=CV_SEARCH_CONFIG, search_type="websearch")
    cv_rank = (
        CVDocument.objects.filter(application__candidate=OuterRef("pk"))
        .annotate(search=StoredCVVector())
        .filter(search=query)
        .annotate(rank=SearchRank(StoredCVVector(), query))
        .order_by("-rank")
        .values("rank")[:1]
    )
    return queryset.filter(
        every_word
        | Q(TrigramWordSimilar(F("name_key"), Value(folded)))
        | Q(pk__in=_applications_matching_cv(text).values("candidate"))
    ).annotate(
        search_rank=Greatest(
            Coalesce(TrigramWordSimilarity(folded, "name_key"), 0.0),
            Coalesce(Subquery(cv_rank, output_field=FloatField()), 0.0),
            output_field=FloatField(),
        )
    )


def _from_applications(queryset: QuerySet[Candidate], applications: Any) -> QuerySet[Candidate]:
    return queryset.filter(pk__in=applications.values("candidate"))


class CandidateFilter(CVFilterFields):
    """The candidates database's search box and filters (the HR page and the API).

    The CV filters are the board's (minimum degree, years, languages, CV text), answered for
    the person by any of their applications (`filter_cv` below).
    """

    q = django_filters.CharFilter(
        method="search", max_length=200, label=_("Name, e-mail, phone, skills or CV text")
    )
    nationality = django_filters.ChoiceFilter(
        field_name="nationality", choices=countries, label=_("Nationality")
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Channel.objects.all(),
        to_field_name="slug",
        method="filter_source",
        label=_("Source channel"),
    )
    # At most one tag per name ignoring case, and one link per person and tag: no duplicates.
    tag = django_filters.CharFilter(
        field_name="candidate_tags__tag__name",
        lookup_expr="iexact",
        max_length=TAG_NAME_MAX,
        label=_("Tag"),
    )
    talent_pool = django_filters.BooleanFilter(
        method="filter_talent_pool", label=_("In the talent pool")
    )
    applied_from = django_filters.DateFilter(
        method="filter_applied", label=_("Last applied on or after")
    )
    applied_to = django_filters.DateFilter(
        method="filter_applied", label=_("Last applied on or before")
    )

    class Meta:
        model = Candidate
        fields: list[str] = []

    def search(self, queryset: QuerySet[Candidate], name: str, value: str) -> QuerySet[Candidate]:
        return candidate_directory_search(queryset, value)

    def filter_cv(
        self, queryset: QuerySet[Candidate], name: str, value: Any
    ) -> QuerySet[Candidate]:
        # Some application of theirs has a CV that says so (corrections included).
        cvs = application_filter_by_cv(Application.objects.all(), **{name: value})
        return _from_applications(queryset, cvs)

    def filter_source(
        self, queryset: QuerySet[Candidate], name: str, value: Channel
    ) -> QuerySet[Candidate]:
        return _from_applications(queryset, Application.objects.filter(source=value))

    def filter_talent_pool(
        self, queryset: QuerySet[Candidate], name: str, value: bool
    ) -> QuerySet[Candidate]:
        pool = Q(pk__in=talent_pool_candidates())
        return queryset.filter(pool) if value else queryset.exclude(pool)

    def filter_applied(
        self, queryset: QuerySet[Candidate], name: str, value: date
    ) -> QuerySet[Candidate]:
        # Days in the user's time zone: "on or before 3 May" includes the whole of 3 May.
        if name == "applied_from":
            return queryset.filter(Q(last_applied__gte=start_of_day(value)))
        return queryset.filter(Q(last_applied__lt=start_of_day(value + timedelta(days=1))))

    def filter_queryset(self, queryset: QuerySet[Candidate]) -> QuerySet[Candidate]:
        queryset = super().filter_queryset(queryset)  # type: ignore[no-untyped-call]
        data = self.form.cleaned_data
        if any((data.get(name) or "").strip() for name in ("q", "cv_text", "nationality")):
            # Blind screening: a search must not find by name (or nationality) a person the
            # viewer may not identify.
            queryset = blinding.exclude_masked(queryset)
        return queryset


def candidate_order(queryset: QuerySet[Candidate], *fallback: Any) -> QuerySet[Candidate]:
    """Best match first after a search on PostgreSQL (`search_rank`), else `fallback`."""
    if "search_rank" in queryset.query.annotations:
        return queryset.order_by("-search_rank", "full_name", "pk")
    return queryset.order_by(*fallback)


# The candidates page's order when nobody searched: who applied last first.
LAST_APPLIED_FIRST = (F("last_applied").desc(nulls_last=True), "full_name", "pk")


@dataclass
class CandidateRow:
    """A line of the candidates database: the person, their latest application, their tags."""

    candidate: Candidate
    latest: Application | None
    tags: list[Tag]
    masked: blinding.Masked | None

    @property
    def name(self) -> str:
        return self.masked.label if self.masked else self.candidate.full_name


def candidate_rows(candidates: Iterable[Candidate]) -> list[CandidateRow]:
    """The page's rows, with the latest applications (job, stage) in one query for all."""
    people = list(candidates)
    ids = [c.latest_application_id for c in people if c.latest_application_id]  # type: ignore[attr-defined]
    latest = {a.pk: a for a in application_list().filter(pk__in=ids)}
    return [
        CandidateRow(
            candidate=person,
            latest=latest.get(person.latest_application_id),  # type: ignore[attr-defined]
            tags=[link.tag for link in person.candidate_tags.all()],
            masked=blinding.masked(person),
        )
        for person in people
    ]


def candidate_directory_get_for_user(user: UserLike, pk: int) -> Candidate:
    """A person of the candidates database: HR only, never an erased one (else 404); annotated
    like the list (`blinding.masked` says whether this user may see who they are)."""
    if not is_hr(user):
        raise Http404(_("No such candidate."))
    candidate = candidate_directory(user).filter(pk=pk).first()
    if candidate is None:
        raise Http404(_("No such candidate."))
    return candidate


def candidate_survivor_id(pk: int) -> int | None:
    """The person a merged-in record now lives on (the last of a chain of merges), else None."""
    survivor = None
    seen = {pk}
    while (
        nxt := Candidate.objects.filter(pk=survivor or pk, merged_into__isnull=False)
        .values_list("merged_into_id", flat=True)
        .first()
    ) and nxt not in seen:
        survivor = nxt
        seen.add(nxt)
    return survivor


def candidate_applications(candidate: Candidate) -> QuerySet[Application]:
    """Every application of the person, newest first, with job, stage and the CV's summary."""
    return application_list().filter(candidate=candidate).order_by("-submitted_at", "-pk")


def candidate_notes(candidate: Candidate) -> QuerySet[CandidateNote]:
    return CandidateNote.objects.filter(candidate=candidate).select_related("author")


def candidate_tags(candidate: Candidate) -> QuerySet[CandidateTag]:
    return CandidateTag.objects.filter(candidate=candidate).select_related("tag", "added_by")


def tag_names() -> list[str]:
    """Every tag's name, for the pickers."""
    return list(Tag.objects.order_by("name").values_list("name", flat=True))
