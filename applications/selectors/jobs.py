"""Reads about job openings: lists with counts, stages, questions and answers, postings."""

from collections import Counter, defaultdict
from typing import Any
from urllib.parse import urlencode

import django_filters
from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.models import (
    Application,
    Channel,
    JobOpening,
    JobQuestion,
    JobStage,
    JobStageTally,
    PipelineTemplate,
    Posting,
    RejectionReason,
    StageKind,
)


def default_pipeline_template() -> PipelineTemplate | None:
    """The template new jobs copy their stages from, if HR has marked one."""
    return PipelineTemplate.objects.filter(is_default=True).first()


def rejection_reasons() -> QuerySet[RejectionReason]:
    """The reasons HR may choose when rejecting (retired ones stay on old events only)."""
    return RejectionReason.objects.filter(is_active=True)


def _tally_sum(field: str, where: Q | None = None) -> Coalesce:
    tallies = JobStageTally.objects.filter(stage__job_id=OuterRef("pk"))
    if where is not None:
        tallies = tallies.filter(where)
    total = tallies.order_by().values("stage__job_id").annotate(n=Sum(field)).values("n")
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def job_list() -> QuerySet[JobOpening]:
    """Jobs with their application totals; stage counts come from `job_stage_counts`."""
    return (
        JobOpening.objects.annotate(
            # From the stage tallies, one row a stage whatever the job's size: every application
            # has one furthest stage; the hired stand in the hired stage, the active elsewhere.
            application_count=_tally_sum("furthest"),
            active_count=_tally_sum("current", ~Q(stage__kind=StageKind.HIRED)),
            hired_count=_tally_sum("current", Q(stage__kind=StageKind.HIRED)),
        )
        .prefetch_related(Prefetch("stages", queryset=JobStage.objects.order_by("position")))
        .order_by("-opens_on", "reference")
    )


def job_stage_counts(job_ids: list[int]) -> dict[int, Counter[int]]:
    """{job id: {stage id: number of active or hired applications in it}} in one query of
    the stage tallies (one row a stage, whatever the jobs' sizes)."""
    rows = JobStageTally.objects.filter(stage__job_id__in=job_ids, current__gt=0).values_list(
        "stage__job_id", "stage_id", "current"
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
