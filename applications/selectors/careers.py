"""Reads for the public careers pages: which jobs are open, and their filters."""

from datetime import date

import django_filters
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import (
    JobOpening,
)


def job_is_accepting(job: JobOpening, *, today: date | None = None) -> bool:
    """Open, opened, and not past its closing date (the careers pages hide it by themselves)."""
    today = today or timezone.localdate()
    return (
        job.status == JobOpening.Status.OPEN
        and (job.opens_on is None or job.opens_on <= today)
        and (job.closes_on is None or job.closes_on >= today)
    )


def open_jobs(*, today: date | None = None) -> QuerySet[JobOpening]:
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

    def search(self, queryset: QuerySet[JobOpening], name: str, value: str) -> QuerySet[JobOpening]:
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(requirements__icontains=word)
                | Q(reference__iexact=word)
            )
        return queryset


def open_job_get(reference: str, *, today: date | None = None) -> JobOpening:
    job = open_jobs(today=today).filter(reference=reference).prefetch_related("questions").first()
    if job is None:
        raise Http404(_("This position is not open (any more)."))
    return job
