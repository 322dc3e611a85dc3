"""Reads about CVs: the parsed fields with corrections, and filtering applications by CV."""

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db.models import Expression, Q, QuerySet
from django.utils import timezone

from applications.cv import entries
from applications.models import (
    DEGREE_ORDER,
    Application,
    CVDocument,
    DegreeLevel,
)


def is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


# 'simple' (no stemming, no stop words): CVs come in many languages and names must match as typed.
CV_SEARCH_CONFIG = "simple"


class StoredCVVector(Expression):
    """The CV's search vector as PostgreSQL stores it: the generated column `text_search`
    (`to_tsvector('simple', COALESCE(text, ''))`, migration 0017) with its GIN index
    `cv_text_search`. A match or a rank reads the stored vector instead of parsing every CV's
    text again. The column is not a model field (SQLite has no such type, and a model field
    would carry the vector into every CV loaded); it is named through the CV table's alias."""

    def __init__(self, alias: str | None = None) -> None:
        super().__init__(output_field=SearchVectorField())
        self.alias = alias

    def resolve_expression(self, query: Any = None, *args: Any, **kwargs: Any) -> "StoredCVVector":
        if self.alias is not None:  # resolved in its own query (then again in an outer one)
            return self
        if query.model is not CVDocument:
            raise ValueError("StoredCVVector belongs on a query of CVs")
        return StoredCVVector(query.get_initial_alias())

    def relabeled_clone(self, change_map: Mapping[str, str]) -> "StoredCVVector":
        return StoredCVVector(change_map.get(self.alias or "", self.alias))

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return f"{compiler.quote_name_unless_alias(self.alias)}.text_search", []

    def get_group_by_cols(self) -> list[Any]:
        return [self]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoredCVVector) and other.alias == self.alias

    def __hash__(self) -> int:
        return hash((StoredCVVector, self.alias))


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


# HR's corrected entries imply these values, unless HR corrected the value itself.
DERIVED_FIELDS = {"years_experience": "work", "highest_degree": "education"}


def cv_fields(cv: CVDocument) -> dict[str, dict[str, Any]]:
    """The parsed fields in reading order with HR's corrections laid over and marked.

    `value` is what counts (a correction wins); `parsed_value`, `confidence` and `source` stay
    the parser's so that HR can see what was read and why. Where HR corrected the work or
    education entries but not the years or the degree, those are worked out from the corrected
    entries (`derived_from` names the field, `corrected_by`/`_at` are its correction's).
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
            "derived_from": None,
        }
    for name, source in DERIVED_FIELDS.items():
        if source in cv.corrections and name not in cv.corrections:
            fields[name] |= {
                "value": _derived(name, fields[source]["value"] or [], cv),
                "derived_from": source,
                "corrected_by": fields[source]["corrected_by"],
                "corrected_at": fields[source]["corrected_at"],
            }
    return fields


def _derived(name: str, entries_value: list[dict[str, Any]], cv: CVDocument) -> Any:
    if name == "highest_degree":
        return entries.highest_level(entries_value)
    # An ongoing job counts up to the day the CV came in, as the parser counts to its date.
    return entries.paid_years(entries_value, timezone.localdate(cv.uploaded_at))


def search_words(text: str) -> list[str]:
    """The words of a search box, quotes taken off (a lone "-" is no word)."""
    return [word.strip("\"'") for word in text.split() if word.strip("\"'-")]


def application_cv_text_search(queryset: QuerySet[Application], text: str) -> QuerySet[Application]:
    """Applications whose CV text matches `text` (web-search syntax on PostgreSQL).

    On PostgreSQL the CV ids come from a sub-query on `CVDocument` alone, whose condition is
    the stored vector, so its GIN index answers it. SQLite has no index: every word must
    appear somewhere in the text (`icontains`).
    """
    text = text.strip()
    if not text:
        return queryset
    if is_postgres():
        matching = (
            CVDocument.objects.annotate(search=StoredCVVector())
            .filter(search=SearchQuery(text, config=CV_SEARCH_CONFIG, search_type="websearch"))
            .values("pk")
        )
        return queryset.filter(cv__in=matching)
    query = Q()
    for word in search_words(text):
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
