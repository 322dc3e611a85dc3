"""django-filter FilterSets of the interview API (the querysets come from the selectors)."""

from typing import Any

import django_filters
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy

from applications.models import JobOpening
from interviews.models import Interview, InterviewRound, PanelMember, RoundDecision, Scorecard


class RoundFilter(django_filters.FilterSet):
    job = django_filters.ModelChoiceFilter(
        field_name="stage__job", queryset=JobOpening.objects.all(), label=gettext_lazy("job")
    )

    class Meta:
        model = InterviewRound
        fields = ["job", "stage"]


class InterviewFilter(django_filters.FilterSet):
    job = django_filters.ModelChoiceFilter(
        field_name="application__job", queryset=JobOpening.objects.all(), label=gettext_lazy("job")
    )
    interviewer = django_filters.ModelChoiceFilter(
        method="filter_interviewer", queryset=User.objects.all(), label=gettext_lazy("panel member")
    )
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Interview
        fields = ["job", "round", "application", "status", "interviewer"]

    def filter_interviewer(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        seats = PanelMember.objects.filter(
            interview=OuterRef("pk"), interviewer=value, removed_at__isnull=True
        )
        return queryset.filter(Exists(seats))


class PanelMemberFilter(django_filters.FilterSet):
    class Meta:
        model = PanelMember
        fields = ["interview", "interviewer", "conflict_status"]


class ScorecardFilter(django_filters.FilterSet):
    class Meta:
        model = Scorecard
        fields = ["interview", "interviewer", "status", "recommendation"]


class DecisionFilter(django_filters.FilterSet):
    job = django_filters.ModelChoiceFilter(
        field_name="round__stage__job", queryset=JobOpening.objects.all(), label=gettext_lazy("job")
    )

    class Meta:
        model = RoundDecision
        fields = ["job", "round", "application", "outcome"]
