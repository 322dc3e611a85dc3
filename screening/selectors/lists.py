"""The API's lists of evaluations, decisions and sittings, and their filters.

Everything blind masking needs rides along with each row (the criteria, the decisions, the
CV's parsed name and phone), so a page of any size costs the same few queries.
"""

from typing import Any, no_type_check

import django_filters
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy

from applications.models import StageKind
from screening.models import (
    Attendance,
    Decision,
    Evaluation,
    Recommendation,
    ScreeningDecision,
    Sitting,
)
from screening.selectors.decisions import latest_decisions
from screening.selectors.exams import SittingRow, exam_list, exam_rows

_DECISIONS = Prefetch(
    "application__screening_decisions",
    queryset=ScreeningDecision.objects.order_by("at", "id"),
)
_APPLICATION_PARTS = (
    "application__candidate",
    "application__stage",
    "application__job__screening_criteria",
    "application__cv",
)


def evaluation_list() -> QuerySet[Evaluation]:
    # The CV's parsed name and phone feed the masker; its full text stays behind.
    return (
        Evaluation.objects.select_related(*_APPLICATION_PARTS)
        .defer("application__cv__text")
        .prefetch_related(_DECISIONS)
    )


def decision_list() -> QuerySet[ScreeningDecision]:
    return (
        ScreeningDecision.objects.select_related("reviewer", *_APPLICATION_PARTS)
        .defer("application__cv__text")
        .prefetch_related(_DECISIONS)
    )


class EvaluationFilter(django_filters.FilterSet):
    job = django_filters.NumberFilter(field_name="application__job")
    application = django_filters.NumberFilter(field_name="application")
    recommendation = django_filters.ChoiceFilter(choices=Recommendation.choices)
    score_min = django_filters.NumberFilter(field_name="score", lookup_expr="gte")
    score_max = django_filters.NumberFilter(field_name="score", lookup_expr="lte")
    stage_kind = django_filters.ChoiceFilter(
        field_name="application__stage__kind", choices=StageKind.choices
    )
    decision = django_filters.ChoiceFilter(
        choices=Decision.choices,
        method="filter_decision",
        label=gettext_lazy("has a reviewer's latest decision of"),
    )

    class Meta:
        model = Evaluation
        fields = ["job", "application", "recommendation"]

    def filter_decision(
        self, queryset: QuerySet[Evaluation], name: str, value: str
    ) -> QuerySet[Evaluation]:
        return queryset.filter(
            application__in=latest_decisions().filter(decision=value).values("application_id")
        )


class DecisionFilter(django_filters.FilterSet):
    job = django_filters.NumberFilter(field_name="application__job")
    application = django_filters.NumberFilter(field_name="application")
    reviewer = django_filters.NumberFilter(field_name="reviewer")
    decision = django_filters.ChoiceFilter(choices=Decision.choices)
    after = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    before = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lte")

    class Meta:
        model = ScreeningDecision
        fields = ["job", "application", "reviewer", "decision"]


class SittingFilter(django_filters.FilterSet):
    """Attendance narrows in the database; passed and the score range need the results."""

    exam = django_filters.NumberFilter(field_name="exam")
    job = django_filters.NumberFilter(field_name="exam__job")
    attendance = django_filters.ChoiceFilter(choices=Attendance.choices)
    passed = django_filters.BooleanFilter(method="keep", label=gettext_lazy("passed"))
    score_min = django_filters.NumberFilter(method="keep", label=gettext_lazy("total at least"))
    score_max = django_filters.NumberFilter(method="keep", label=gettext_lazy("total at most"))

    class Meta:
        model = Sitting
        fields = ["exam", "job", "attendance"]

    # Untyped on purpose: the API schema documents a method filter by the type hint of its
    # `value` when there is one, by the filter's own type (boolean, number) otherwise.
    @no_type_check
    def keep(self, queryset, name, value):
        return queryset


def sitting_rows_filtered(
    queryset: QuerySet[Sitting], data: Any
) -> tuple[SittingFilter, list[SittingRow]]:
    """Sittings as rows with results, narrowed by `passed` and the total's range."""
    sitting_filter = SittingFilter(data, queryset=queryset)
    if not sitting_filter.is_valid():
        return sitting_filter, []
    kept = list(sitting_filter.qs.values_list("pk", "exam_id"))
    wanted = {pk for pk, _exam in kept}
    exams = exam_list().filter(pk__in={exam_id for _pk, exam_id in kept})
    rows: list[SittingRow] = []
    for exam in exams:
        # Ranks compare every candidate of the exam, whatever the filter keeps.
        rows.extend(r for r in exam_rows(exam) if r.sitting.pk in wanted)
    cleaned = sitting_filter.form.cleaned_data
    if cleaned.get("passed") is not None:
        rows = [r for r in rows if r.passed == cleaned["passed"]]
    if cleaned.get("score_min") is not None:
        rows = [
            r for r in rows if r.result.total is not None and r.result.total >= cleaned["score_min"]
        ]
    if cleaned.get("score_max") is not None:
        rows = [
            r for r in rows if r.result.total is not None and r.result.total <= cleaned["score_max"]
        ]
    rows.sort(key=lambda r: (r.sitting.exam_id, r.sitting.candidate_number))
    return sitting_filter, rows
