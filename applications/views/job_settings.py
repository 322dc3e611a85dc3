"""HR pages that create a job opening and edit its settings (details, stages, questions,
postings, offer approvers)."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import selectors, services
from applications.forms import (
    JobForm,
    OfferApproversForm,
    PostingForm,
    QuestionForm,
    QuestionFormSet,
    RowsFormSet,
    StageFormSet,
)
from ats.errors import DomainError, InvalidInput
from ats.forms import add_domain_error
from ats.roles import hr_required


@hr_required
def job_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = JobForm(request.POST, creating=True)
        if form.is_valid():
            try:
                job = services.job_create(actor=request.user, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Job opening %(ref)s created. Add its questions and postings here.")
                    % {"ref": job.reference},
                )
                return redirect("hr-job-settings", pk=job.pk)
        return render(request, "hr/job_create.html", {"form": form}, status=400)
    default = selectors.default_pipeline_template()
    form = JobForm(creating=True, initial={"pipeline": default})
    return render(request, "hr/job_create.html", {"form": form})


def _stage_initial(job) -> list[dict[str, Any]]:
    return [
        {"id": s.pk, "name": s.name, "kind": s.kind, "notify_applicant": s.notify_applicant}
        for s in job.stages.all()
    ]


def _question_initial(questions) -> list[dict[str, Any]]:
    return [
        {
            "id": q.pk,
            "label": q.label,
            "help_text": q.help_text,
            "kind": q.kind,
            "choices": "\n".join(q.choices or []),
            "required": q.required,
            "is_knockout": q.is_knockout,
            "knockout_answer": q.knockout_answer,
        }
        for q in questions
    ]


def _settings_context(job, **bound: Any) -> dict[str, Any]:
    """The settings page: each section's form, bound where a post was refused."""
    questions = list(selectors.job_questions(job))
    stage_counts = selectors.job_stage_application_counts(job)
    answer_counts = {pk: len(v) for pk, v in selectors.job_answer_values(job).items()}
    stage_formset = bound.get("stage_formset") or StageFormSet(
        prefix="stages", initial=_stage_initial(job)
    )
    question_formset = bound.get("question_formset") or QuestionFormSet(
        prefix="questions", initial=_question_initial(questions)
    )
    return {
        "job": job,
        "details_form": bound.get("details_form")
        or JobForm(initial={name: getattr(job, name) for name in JobForm.base_fields}),
        "stage_formset": stage_formset,
        "stage_rows": [
            (form, stage_counts.get(form.initial.get("id"), 0)) for form in stage_formset
        ],
        "question_formset": question_formset,
        "question_rows": [
            (form, answer_counts.get(form.initial.get("id"), 0)) for form in question_formset
        ],
        "postings": [
            (posting, selectors.posting_apply_url(posting))
            for posting in selectors.job_postings(job)
        ],
        "posting_form": bound.get("posting_form")
        or PostingForm(initial={"posted_on": timezone.localdate()}),
        "is_accepting": selectors.job_is_accepting(job),
        "approvers_form": bound.get("approvers_form") or _approvers_form(job),
    }


def _approvers_form(job, data=None) -> OfferApproversForm:
    approvers = list(selectors.job_offer_approvers(job))
    initial = {f"approver_{n}": a.user_id for n, a in enumerate(approvers, start=1)}
    return OfferApproversForm(data, initial=initial)


def _settings_approvers(request: HttpRequest, job) -> dict[str, Any] | None:
    form = _approvers_form(job, request.POST)
    if form.is_valid():
        try:
            services.offer_approvers_replace(actor=request.user, job=job, users=form.approvers())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Offer approvers saved."))
            return None
    return {"approvers_form": form}


def _settings_details(request: HttpRequest, job) -> dict[str, Any] | None:
    form = JobForm(request.POST)
    if form.is_valid():
        try:
            services.job_update(job=job, actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Details saved."))
            return None
    return {"details_form": form}


def _settings_stages(request: HttpRequest, job) -> dict[str, Any] | None:
    formset = cast(
        RowsFormSet, StageFormSet(request.POST, prefix="stages", initial=_stage_initial(job))
    )
    if formset.is_valid():
        items = [
            {
                "id": f.cleaned_data.get("id"),
                "name": f.cleaned_data["name"],
                "kind": f.cleaned_data["kind"],
                "notify_applicant": f.cleaned_data.get("notify_applicant", False),
            }
            for f in formset.rows_in_order()
        ]
        try:
            services.job_stages_replace(job=job, actor=request.user, stages=items)
        except DomainError as exc:
            formset.non_form_errors().append(exc.message)
        else:
            messages.success(request, _("Stages saved."))
            return None
    return {"stage_formset": formset}


def _settings_questions(request: HttpRequest, job) -> dict[str, Any] | None:
    initial = _question_initial(selectors.job_questions(job))
    formset = cast(RowsFormSet, QuestionFormSet(request.POST, prefix="questions", initial=initial))
    if formset.is_valid():
        rows = formset.rows_in_order()
        items = [{name: f.cleaned_data[name] for name in QuestionForm.base_fields} for f in rows]
        try:
            services.job_questions_replace(job=job, actor=request.user, questions=items)
        except InvalidInput as exc:
            for key, errors in exc.errors.items():
                # Keys are `questions.<index in the list sent>.<field>`, or `questions`.
                parts = key.split(".", 2)
                if len(parts) < 2 or not parts[1].isdigit():
                    formset.non_form_errors().extend(errors)
                    continue
                form = rows[int(parts[1])]
                field = parts[2] if len(parts) == 3 else None
                if field not in form.fields or form[field].is_hidden:
                    field = None  # e.g. a foreign `id`: shown on top of the row
                for error in errors:
                    form.add_error(field, error)
        else:
            messages.success(request, _("Questions saved."))
            return None
    return {"question_formset": formset}


def _settings_posting_add(request: HttpRequest, job) -> dict[str, Any] | None:
    form = PostingForm(request.POST)
    if form.is_valid():
        try:
            services.posting_add(job=job, actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Posting added."))
            return None
    return {"posting_form": form}


def _settings_posting_remove(request: HttpRequest, job) -> dict[str, Any] | None:
    posting_id = request.POST.get("posting", "")
    posting = (
        selectors.job_postings(job).filter(pk=posting_id).first() if posting_id.isdigit() else None
    )
    if posting is None:
        messages.error(request, _("This posting was already removed."))
    else:
        services.posting_remove(posting=posting, actor=request.user)
        messages.success(request, _("Posting removed."))
    return None


# Each section of the settings page posts its own form, named by the hidden `section` field; the
# anchor is where the page returns to.
SETTINGS_SECTIONS: dict[str, tuple[Callable[[HttpRequest, Any], dict | None], str]] = {
    "details": (_settings_details, "details"),
    "stages": (_settings_stages, "stages"),
    "questions": (_settings_questions, "questions"),
    "posting_add": (_settings_posting_add, "postings"),
    "posting_remove": (_settings_posting_remove, "postings"),
    "offer_approvers": (_settings_approvers, "offer-approvers"),
}


@hr_required
def job_settings(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(pk)
    if request.method != "POST":
        return render(request, "hr/job_settings.html", _settings_context(job))
    section = SETTINGS_SECTIONS.get(request.POST.get("section", ""))
    if section is None:
        messages.error(request, _("Unknown settings section; nothing was changed."))
        return render(request, "hr/job_settings.html", _settings_context(job), status=400)
    handle, anchor = section
    bound = handle(request, job)
    if bound is None:
        return redirect(reverse("hr-job-settings", args=[job.pk]) + f"#{anchor}")
    messages.error(request, _("Nothing was saved: see the marked fields below."))
    # Read the job again: a refused update may have changed the object in memory.
    context = _settings_context(selectors.job_get(pk), **bound)
    return render(request, "hr/job_settings.html", context, status=400)
