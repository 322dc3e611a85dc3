"""Reads about possible duplicates: lists, the access check, a candidate's flags."""

from collections import defaultdict
from dataclasses import dataclass

import django_filters
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from applications import blinding
from applications.models import (
    Application,
    Candidate,
    CandidateMerge,
    PossibleDuplicate,
)
from ats.actors import UserLike
from ats.roles import is_hr


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


def possible_duplicate_list(user: UserLike | None = None) -> QuerySet[PossibleDuplicate]:
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


def possible_duplicate_get_for_user(user: UserLike, pk: int) -> PossibleDuplicate:
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

    def filter_resolved(
        self, queryset: QuerySet[PossibleDuplicate], name: str, value: bool
    ) -> QuerySet[PossibleDuplicate]:
        open_flags = Q(resolution=PossibleDuplicate.Resolution.OPEN)
        return queryset.exclude(open_flags) if value else queryset.filter(open_flags)

    def filter_candidate(
        self, queryset: QuerySet[PossibleDuplicate], name: str, value: Candidate
    ) -> QuerySet[PossibleDuplicate]:
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


def duplicate_queue(user: UserLike) -> QuerySet[PossibleDuplicate]:
    """The open flags, newest first, as the duplicates page lists them (a fixed number of
    queries whatever the page size)."""
    return (
        possible_duplicate_list(user)
        .filter(resolution=PossibleDuplicate.Resolution.OPEN)
        .order_by("-created_at", "-id")
    )


def duplicates_resolved(user: UserLike) -> QuerySet[PossibleDuplicate]:
    """Flags HR judged (not merged), the latest decision first: the ones that may be reopened."""
    return (
        possible_duplicate_list(user)
        .filter(resolution__in=[value for value, _label in PossibleDuplicate.DECISIONS])
        .order_by("-resolved_at", "-id")
    )


# The navigation's badge: the open count, kept in the cache (shared by the workers with Redis)
# so that an HR page shows it without a query or a second request. A change of the flags
# forgets it (`duplicate_open_count_forget`); a change made another way shows within a minute.
OPEN_COUNT_KEY = "duplicates:open-count"
OPEN_COUNT_SECONDS = 60


def duplicate_open_count() -> int:
    """The open flags, counted now (and kept for the badge)."""
    count = PossibleDuplicate.objects.filter(resolution=PossibleDuplicate.Resolution.OPEN).count()
    cache.set(OPEN_COUNT_KEY, count, OPEN_COUNT_SECONDS)
    return count


def duplicate_open_count_kept() -> int | None:
    """The badge's count as kept, or None when it must be counted (no query)."""
    kept: int | None = cache.get(OPEN_COUNT_KEY)
    return kept


def duplicate_open_count_forget() -> None:
    """Called by the services that open or close flags: the next page counts again. (At once,
    not on commit: a page counting before the commit keeps the old count a minute at most.)"""
    cache.delete(OPEN_COUNT_KEY)


def candidate_merge_list(user: UserLike) -> QuerySet[CandidateMerge]:
    """Merges, newest first, with both candidates (annotated with the user's identity masks)
    and who merged and undid them."""
    candidates = blinding.annotate_identity_masks(Candidate.objects.all(), user)
    return (
        CandidateMerge.objects.select_related("by", "undone_by")
        .prefetch_related(
            Prefetch("survivor", queryset=candidates), Prefetch("absorbed", queryset=candidates)
        )
        .order_by("-at", "-id")
    )


def candidate_merge_get_for_user(user: UserLike, pk: int) -> CandidateMerge:
    """The one access check for a merge record: HR only, else 404."""
    if not is_hr(user):
        raise Http404(_("No such merge."))
    merge = candidate_merge_list(user).filter(pk=pk).first()
    if merge is None:
        raise Http404(_("No such merge."))
    return merge
