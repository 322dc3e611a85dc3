"""Identity masks that other apps register: whose applicant a user may not see, on every page.

Blind screening lives in `screening`, which depends on this app; the pipeline board, the
application page and the API live here and must not import it. So an app registers a mask
from its `AppConfig.ready()`: a condition on `Application` naming the applications whose
applicant this user must not see, how such an applicant is called instead, and where the user
looks at the application without the identity. The condition becomes a subquery annotated on
the list's own query, so masking a list of any length costs no query of its own.

A mask may also say whether it can hide anybody at all (`in_use`, a condition on no row, such as
"some job is screened blind"): the database answers it once per query, and the per-row subquery
runs only when it holds, so a list costs nothing more where the mask is not in use.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, Model, OuterRef, Q, QuerySet, Subquery, When

from applications.models import Application


@dataclass(frozen=True)
class IdentityMask:
    # The applications whose applicant this user must not see, or None when there are none.
    applications: Callable[[Any], Q | None]
    # How a masked applicant is named, from the application's id ("Applicant #A-0042").
    label: Callable[[int], str]
    # Where this user looks at a masked application (job id, application id).
    url: Callable[[int, int], str]
    # Whether the mask can hide anybody at all, as an uncorrelated EXISTS (None: assume so).
    in_use: Callable[[], Exists] | None = None


_masks: list[IdentityMask] = []


def register_identity_mask(mask: IdentityMask) -> None:
    """Called from the owning app's `AppConfig.ready()`."""
    if mask not in _masks:
        _masks.append(mask)


@dataclass(frozen=True)
class Masked:
    """What a masked row shows instead of its applicant."""

    application_id: int
    label: str
    url: str  # empty for a candidate


def _field(index: int) -> str:
    return f"identity_mask_{index}"


def annotate_identity_masks(queryset: QuerySet, user: Any) -> QuerySet:
    """Applications or candidates, each with the id of its (first) masked application per mask.

    A candidate is masked when any of their applications is.
    """
    link = "pk" if queryset.model is Application else "candidate"
    for index, mask in enumerate(_masks):
        condition = mask.applications(user)
        if condition is None:
            continue
        masked = Application.objects.filter(condition, **{link: OuterRef("pk")}).order_by("pk")
        first: Subquery | Case = Subquery(masked.values("pk")[:1])
        if mask.in_use is not None:
            # Evaluated once (an InitPlan on PostgreSQL); the subquery only when it holds.
            first = Case(When(mask.in_use(), then=first), default=None)
        queryset = queryset.annotate(**{_field(index): first})
    return queryset


def exclude_masked(queryset: QuerySet) -> QuerySet:
    """Drop the masked rows of an annotated queryset (a name search must not find them)."""
    for index in range(len(_masks)):
        if _field(index) in queryset.query.annotations:
            queryset = queryset.filter(**{f"{_field(index)}__isnull": True})
    return queryset


def masked(row: Model) -> Masked | None:
    """How an annotated application or candidate is shown, or None when it is not masked."""
    for index, mask in enumerate(_masks):
        application_id = getattr(row, _field(index), None)
        if application_id is None:
            continue
        # A candidate's row has no job at hand, and nothing shows a URL for a candidate.
        url = mask.url(row.job_id, application_id) if isinstance(row, Application) else ""
        return Masked(application_id, mask.label(application_id), url)
    return None


def masked_applications(user: Any) -> QuerySet[Application] | None:
    """Every application whose applicant this user must not see, or None when there is none
    to hide (for views that drop such rows rather than rename them, e.g. the admin)."""
    conditions = [c for c in (mask.applications(user) for mask in _masks) if c is not None]
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return Application.objects.filter(combined)
