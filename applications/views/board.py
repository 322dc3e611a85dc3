"""HR pages: the job list and a job's pipeline board (funnel, channels, bulk moves)."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from applications import blinding, selectors, workflow
from applications.forms import (
    BulkMoveForm,
    BulkRejectForm,
    BulkTagForm,
    RejectForm,
    rejection_notify,
)
from applications.models import JobOpening
from applications.views.common import applicant_label, tag_each
from ats.errors import DomainError
from ats.exports import csv_response
from ats.i18n.names import translate_name
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


@dataclass(frozen=True)
class BoardFilters:
    """The board's filter bar as read from the query string: what paging and bulk actions keep."""

    include_closed: bool
    cv_filters: dict[str, Any]
    form: forms.Form
    query: str  # the filters alone, as a query string (no paging parameters)

    def selection(self) -> dict[str, Any]:
        return {"include_closed": self.include_closed, "cv_filters": self.cv_filters}


def _board_filters(params: QueryDict) -> BoardFilters:
    include_closed = params.get("closed") == "1"
    # The filter bar: a bad value (e.g. "many" years) is shown as a form error and ignored.
    cv_filter = selectors.ApplicationCVFilter(params)
    cv_filters = {}
    if cv_filter.form.is_valid():
        cv_filters = {
            name: value
            for name, value in cv_filter.form.cleaned_data.items()
            if value not in (None, "")
        }
    kept = QueryDict(mutable=True)
    if include_closed:
        kept["closed"] = "1"
    for name in cv_filter.form.fields:
        value = params.get(name, "")
        if value:
            kept[name] = str(value)
    return BoardFilters(include_closed, cv_filters, cv_filter.form, kept.urlencode())


def _board_url(job_id: int, query: str) -> str:
    """The board with its filters (as a bulk form sends them back in `board`)."""
    kept = _board_filters(QueryDict(query)).query
    return reverse("hr-job", args=[job_id]) + (f"?{kept}" if kept else "")


def _pipeline_context(request: HttpRequest, job_id: int) -> dict[str, Any]:
    job = selectors.job_get(job_id)
    filters = _board_filters(request.GET)
    columns = selectors.job_pipeline(job, viewer=request.user, **filters.selection())
    funnel = selectors.job_funnel(job)
    top = max((row.reached for row in funnel), default=0) or 1
    return {
        "job": job,
        "columns": columns,
        "include_closed": filters.include_closed,
        "cv_filter_form": filters.form,
        "cv_filtered": bool(filters.cv_filters),
        "board_query": filters.query,
        "page_size": selectors.BOARD_PAGE_SIZE,
        "funnel": [(row, round(100 * row.reached / top)) for row in funnel],
        "channels": selectors.job_channel_yield(job),
        "time_to_hire": selectors.job_time_to_hire_days(job),
        # The bulk bar's options: a list, so they cost one query for the whole board.
        "reasons": list(selectors.rejection_reasons()),
    }


@hr_required
def job_pipeline(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "hr/job_pipeline.html", _pipeline_context(request, pk))


def _cursor(params: QueryDict) -> selectors.BoardCursor | None:
    """The `after_at`/`after_id` pair of a "show more" link; None for the column's start."""
    raw_at, raw_id = params.get("after_at", ""), params.get("after_id", "")
    if not raw_at and not raw_id:
        return None
    at = parse_datetime(raw_at)
    if at is None or not raw_id.isdigit():
        raise BadRequest(_("This “show more” link is damaged; reload the board."))
    return selectors.BoardCursor(at, int(raw_id))


@hr_required
def job_pipeline_cards(request: HttpRequest, pk: int, stage_id: int) -> HttpResponse:
    """A column's next cards after the last one shown: the fragment that "show more" adds to
    the board (htmx), or a page of its own (a plain link, without JavaScript)."""
    job = selectors.job_get(pk)
    stages = list(job.stages.order_by("position"))
    stage = next((s for s in stages if s.pk == stage_id), None)
    if stage is None:
        raise Http404(_("No such stage."))
    filters = _board_filters(request.GET)
    cards, more = selectors.job_pipeline_column(
        job, stage, after=_cursor(request.GET), viewer=request.user, **filters.selection()
    )
    context = {
        "job": job,
        "column": selectors.PipelineColumn(
            stage, cards, workflow.next_stage(stages, stage), total=len(cards) + more
        ),
        "board_query": filters.query,
        "page_size": selectors.BOARD_PAGE_SIZE,
    }
    # A boosted link (htmx loading a whole page) gets the page, like a plain one.
    if request.headers.get("HX-Request") == "true" and "HX-Boosted" not in request.headers:
        return render(request, "hr/_board_cards.html", context)
    context["columns"] = [selectors.PipelineColumn(s, [], None) for s in stages]
    context["reasons"] = list(selectors.rejection_reasons())
    return render(request, "hr/job_column.html", context)


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


def _bulk_report(
    request: HttpRequest,
    job: JobOpening,
    outcomes: list[workflow.BulkOutcome],
    *,
    action: str,
    done: str,
) -> HttpResponse:
    """What a bulk action did: how many were done, and per application what was refused."""
    refused_ids = [o.application_id for o in outcomes if not o.ok]
    chosen = selectors.application_list().filter(job=job, pk__in=refused_ids)
    names = {
        application.pk: applicant_label(application)
        for application in blinding.annotate_identity_masks(chosen, request.user)
    }
    refused = [
        (names.get(o.application_id, f"#{o.application_id}"), o) for o in outcomes if not o.ok
    ]
    return render(
        request,
        "hr/bulk_report.html",
        {
            "job": job,
            "action": action,
            "done": done % {"n": len(outcomes) - len(refused)},
            "refused": refused,
            "board_url": _board_url(job.pk, request.POST.get("board", "")),
        },
    )


@hr_required
@require_POST
def job_bulk_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the selected applications (each to its next stage, or all to one stage); the page
    says per application what the engine refused and why."""
    job = selectors.job_get(pk)
    form = BulkMoveForm(request.POST, job=job)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect(_board_url(job.pk, request.POST.get("board", "")))
    outcomes = workflow.move_many(
        form.cleaned_data["applications"],
        actor=request.user,
        to_stage=form.cleaned_data["to_stage"],
        reason=form.cleaned_data["reason"],
        job_id=job.pk,
    )
    moved = sum(outcome.ok for outcome in outcomes)
    done = ngettext("%(n)d application moved.", "%(n)d applications moved.", moved)
    return _bulk_report(request, job, outcomes, action=_("Move selected"), done=done)


@hr_required
@require_POST
def job_bulk_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject the selected applications with one reason and note: each applicant gets one
    message, from the reason's template (now, held for review, after a delay, or none); the
    page says per application what was refused and why."""
    job = selectors.job_get(pk)
    form = BulkRejectForm(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect(_board_url(job.pk, request.POST.get("board", "")))
    outcomes = workflow.reject_many(
        form.cleaned_data["applications"],
        actor=request.user,
        rejection_reason=form.cleaned_data["rejection_reason"],
        note=form.cleaned_data["note"],
        notify=rejection_notify(form.cleaned_data),
        job_id=job.pk,
    )
    rejected = sum(outcome.ok for outcome in outcomes)
    done = ngettext("%(n)d application rejected.", "%(n)d applications rejected.", rejected)
    return _bulk_report(request, job, outcomes, action=_("Reject selected"), done=done)


@hr_required
@require_POST
def job_bulk_tag(request: HttpRequest, pk: int) -> HttpResponse:
    """Tag the people behind the selected applications (the candidates database's tags)."""
    job = selectors.job_get(pk)
    form = BulkTagForm(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect(_board_url(job.pk, request.POST.get("board", "")))
    chosen = selectors.application_list().filter(job=job, pk__in=form.cleaned_data["applications"])
    people = [
        (applicant_label(application), application.candidate)
        for application in blinding.annotate_identity_masks(chosen, request.user)
    ]
    tag_each(request, people, form.cleaned_data["tag"])
    return redirect(_board_url(job.pk, request.POST.get("board", "")))


@hr_required
@require_POST
def pipeline_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """A card's "Reject" on the board: it sends the bulk bar's reason, note and message choice
    (one form for the board); back to the board with the result as a message."""
    application = selectors.application_get_for_user(request.user, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose a rejection reason under “Reject selected”, then press the card’s Reject."),
        )
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
    return redirect(_board_url(application.job_id, request.POST.get("board", "")))


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
            % {"name": applicant_label(application), "stage": translate_name(outcome.stage)},
        )
    else:
        messages.error(request, f"{applicant_label(application)}: {outcome.message}")
    return redirect(_board_url(application.job_id, request.POST.get("board", "")))
