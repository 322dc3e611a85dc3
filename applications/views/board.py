"""HR pages: the job list and a job's pipeline board (funnel, channels, bulk moves)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import blinding, selectors, workflow
from applications.forms import (
    BulkMoveForm,
    BulkRejectForm,
    BulkTagForm,
    RejectForm,
    rejection_notify,
)
from applications.views.common import applicant_label, tag_each
from ats.errors import DomainError
from ats.exports import csv_response
from ats.roles import hr_required, is_hr, is_interviewer


def home(request: HttpRequest) -> HttpResponse:
    if is_hr(request.user):
        return redirect("hr-jobs")
    if is_interviewer(request.user):
        return redirect("interviews-mine")
    return redirect("careers")


@hr_required
def job_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    queryset = selectors.job_list()
    if status:
        queryset = queryset.filter(status=status)
    jobs = list(queryset)
    counts = selectors.job_stage_counts([job.pk for job in jobs])
    rows = [
        {
            "job": job,
            "stages": [(stage, counts[job.pk].get(stage.pk, 0)) for stage in job.stages.all()],
        }
        for job in jobs
    ]
    return render(request, "hr/job_list.html", {"rows": rows, "status": status})


def _pipeline_context(request: HttpRequest, job_id: int) -> dict[str, Any]:
    job = selectors.job_get(job_id)
    include_closed = request.GET.get("closed") == "1"
    # The filter bar: a bad value (e.g. "many" years) is shown as a form error and ignored.
    cv_filter = selectors.ApplicationCVFilter(request.GET)
    cv_filters = {}
    if cv_filter.form.is_valid():
        cv_filters = {
            name: value
            for name, value in cv_filter.form.cleaned_data.items()
            if value not in (None, "")
        }
    columns = selectors.job_pipeline(
        job, include_closed=include_closed, cv_filters=cv_filters, viewer=request.user
    )
    funnel = selectors.job_funnel(job)
    top = max((row.reached for row in funnel), default=0) or 1
    return {
        "job": job,
        "columns": columns,
        "include_closed": include_closed,
        "cv_filter_form": cv_filter.form,
        "cv_filtered": bool(cv_filters),
        "funnel": [(row, round(100 * row.reached / top)) for row in funnel],
        "channels": selectors.job_channel_yield(job),
        "time_to_hire": selectors.job_time_to_hire_days(job),
        # Rendered once per card: a list, so the options cost one query for the whole board.
        "reasons": list(selectors.rejection_reasons()),
    }


@hr_required
def job_pipeline(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "hr/job_pipeline.html", _pipeline_context(request, pk))


@hr_required
def job_funnel_csv(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(pk)
    rows = [
        [
            row.stage.name,
            row.stage.kind,
            row.reached,
            "" if row.conversion is None else f"{row.conversion:.3f}",
            row.current,
            "" if row.avg_days is None else f"{row.avg_days:.1f}",
        ]
        for row in selectors.job_funnel(job)
    ]
    header = ["stage", "kind", "reached", "conversion", "in_stage_now", "avg_days"]
    return csv_response(f"funnel-{job.reference}.csv", header, rows)


def _errors_as_messages(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@hr_required
@require_POST
def job_bulk_move(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(pk)
    form = BulkMoveForm(request.POST, job=job)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect("hr-job", pk=job.pk)
    outcomes = workflow.move_many(
        form.cleaned_data["applications"],
        actor=request.user,
        to_stage=form.cleaned_data["to_stage"],
        reason=form.cleaned_data["reason"],
    )
    moved = [o for o in outcomes if o.ok]
    if moved:
        messages.success(request, _("%(n)d application(s) moved.") % {"n": len(moved)})
    refused = selectors.application_list().filter(
        pk__in=[o.application_id for o in outcomes if not o.ok]
    )
    names = {
        application.pk: applicant_label(application)
        for application in blinding.annotate_identity_masks(refused, request.user)
    }
    for outcome in outcomes:
        if not outcome.ok:
            who = names.get(outcome.application_id, f"#{outcome.application_id}")
            messages.error(request, f"{who}: {outcome.message}")
    return redirect("hr-job", pk=job.pk)


@hr_required
@require_POST
def job_bulk_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject the selected applications with one reason: each applicant gets one message, from
    the reason's template (now, held for review, after a delay, or none)."""
    job = selectors.job_get(pk)
    form = BulkRejectForm(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect("hr-job", pk=job.pk)
    chosen = selectors.application_list().filter(job=job, pk__in=form.cleaned_data["applications"])
    rejected = 0
    for application in blinding.annotate_identity_masks(chosen, request.user):
        try:
            workflow.reject(
                application,
                rejection_reason=form.cleaned_data["rejection_reason"],
                actor=request.user,
                notify=rejection_notify(form.cleaned_data),
            )
        except DomainError as exc:
            messages.error(request, f"{applicant_label(application)}: {exc.message}")
        else:
            rejected += 1
    if rejected:
        messages.success(request, _("%(n)d application(s) rejected.") % {"n": rejected})
    return redirect("hr-job", pk=job.pk)


@hr_required
@require_POST
def job_bulk_tag(request: HttpRequest, pk: int) -> HttpResponse:
    """Tag the people behind the selected applications (the candidates database's tags)."""
    job = selectors.job_get(pk)
    form = BulkTagForm(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect("hr-job", pk=job.pk)
    chosen = selectors.application_list().filter(job=job, pk__in=form.cleaned_data["applications"])
    people = [
        (applicant_label(application), application.candidate)
        for application in blinding.annotate_identity_masks(chosen, request.user)
    ]
    tag_each(request, people, form.cleaned_data["tag"])
    return redirect("hr-job", pk=job.pk)


@hr_required
@require_POST
def pipeline_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject from the pipeline board; back to the board with the result as a message."""
    application = selectors.application_get_for_user(request.user, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a rejection reason."))
    else:
        try:
            workflow.reject(
                application,
                rejection_reason=form.cleaned_data["rejection_reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
                notify=rejection_notify(form.cleaned_data),
            )
        except DomainError as exc:
            messages.error(request, f"{applicant_label(application)}: {exc.message}")
        else:
            messages.success(
                request, _("%(name)s rejected.") % {"name": applicant_label(application)}
            )
    return redirect(reverse("hr-job", args=[application.job_id]))


@hr_required
@require_POST
def pipeline_advance(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's "advance" button: move to the next stage through the same engine."""
    application = selectors.application_get_for_user(request.user, pk)
    outcome = workflow.move_many([application.pk], actor=request.user)[0]
    if outcome.ok:
        messages.success(
            request,
            _("%(name)s moved to %(stage)s.")
            % {"name": applicant_label(application), "stage": outcome.stage},
        )
    else:
        messages.error(request, f"{applicant_label(application)}: {outcome.message}")
    return redirect(reverse("hr-job", args=[application.job_id]))
