"""HR pages of screening and the exam: criteria, the screening queue, exam set-up, marking,
results."""

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from applications import selectors as app_selectors
from applications.models import Application, CVDocument, JobOpening, StageKind
from applications.views import CV_FIELD_LABELS, cv_display_lines
from ats.errors import DomainError, InvalidInput
from ats.exports import csv_download
from ats.forms import add_domain_error
from ats.paging import page_of
from ats.roles import hr_required
from screening import blind, marking, selectors, services
from screening.forms import (
    CriteriaForm,
    DecisionForm,
    ExamForm,
    ImportForm,
    MarksGrid,
    SectionFormSet,
)
from screening.models import Attendance, Exam, MarkerRole, applicant_reference
from screening.panels import panel_context

# --- criteria ------------------------------------------------------------------------------


@hr_required
def criteria_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    criteria = selectors.criteria_for_job(job)
    status = 200
    if request.method == "POST":
        form = CriteriaForm(request.POST)
        if form.is_valid():
            try:
                services.criteria_save(job=job, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Criteria saved; the applications waiting for screening are re-evaluated."),
                )
                return redirect("hr-screening-criteria", pk=job.pk)
        status = 400
    else:
        form = CriteriaForm(initial=CriteriaForm.initial_from(criteria))
    context = {
        "job": job,
        "criteria": criteria,
        "form": form,
        "knockouts": selectors.knockout_questions(job),
        "has_screening": selectors.job_has_stage(job, StageKind.SCREENING),
    }
    return render(request, "screening/criteria.html", context, status=status)


# --- the screening queue -------------------------------------------------------------------


def _parsed_rows(
    cv: CVDocument | None, mask: blind.Masker | None, hidden: bool
) -> list[dict[str, Any]]:
    """The CV's parsed fields (corrections laid over) as lines; contact fields left out while
    the applicant is hidden, every other line masked."""
    if cv is None:
        return []
    personal = {"name", "email", "phone", "links"}
    rows = []
    for name, item in app_selectors.cv_fields(cv).items():
        if hidden and name in personal:
            continue
        lines = cv_display_lines(name, item["value"])
        if mask is not None:
            lines = [mask(line) for line in lines]
        rows.append(
            {
                "label": CV_FIELD_LABELS.get(name, name),
                "lines": lines,
                "corrected": item["corrected"],
                "source": mask(item["source"]) if mask is not None else item["source"],
            }
        )
    return rows


def _answers(application: Application, mask: blind.Masker | None) -> list[tuple[str, str]]:
    rows = []
    for entry in (application.answers or {}).values():
        if isinstance(entry, dict):
            question, answer = str(entry.get("question", "")), entry.get("answer", "")
        else:
            question, answer = "", entry
        if isinstance(answer, float) and answer.is_integer():
            answer = int(answer)
        answer = str(answer)
        rows.append((question, mask(answer) if mask is not None else answer))
    return rows


def _queue_context(
    request: HttpRequest, job: JobOpening, application_id: int | None, **bound: Any
) -> dict[str, Any]:
    criteria = selectors.criteria_for_job(job)
    rows = selectors.queue_rows(job, criteria, request.user)
    mine = {r.application.pk for r in rows if r.summary.latest_of(request.user) is not None}
    current_index = None
    if application_id is not None:
        current_index = next(
            (i for i, r in enumerate(rows) if r.application.pk == application_id), None
        )
    elif rows:
        current_index = next((i for i, r in enumerate(rows) if r.application.pk not in mine), 0)
    context: dict[str, Any] = {
        "job": job,
        "criteria": criteria,
        "rows": rows,
        "decided_by_me": len(mine),
        "recommended": sum(1 for r in rows if r.recommended),
        "gate_open": [r.application.pk for r in rows if r.summary.is_pass],
        "next_stage": selectors.stage_after(job, StageKind.SCREENING),
        "has_screening": selectors.job_has_stage(job, StageKind.SCREENING),
        "current": None,
    }
    if current_index is None:
        if application_id is not None:
            # Decided and moved on, or not in screening: its own page says where it is.
            context["gone"] = selectors.queue_application_get(job, request.user, application_id)
        return context
    row = rows[current_index]
    application = app_selectors.application_get_for_user(request.user, row.application.pk)
    cv = app_selectors.application_cv(application)
    mask = selectors.masker_for(application, cv) if row.hidden else None
    context.update(
        current=row,
        application=application,
        position=current_index + 1,
        previous_row=rows[current_index - 1] if current_index > 0 else None,
        next_row=rows[current_index + 1] if current_index + 1 < len(rows) else None,
        my_decision=row.summary.latest_of(request.user),
        results=selectors.result_rows(row.evaluation, mask=mask),
        answers=_answers(application, mask),
        parsed_rows=_parsed_rows(cv, mask, row.hidden),
        cv=cv,
        cv_text=mask(cv.text) if (cv is not None and mask is not None) else None,
        cv_is_pdf=cv is not None and cv.content_type == "application/pdf",
        nationality_shown=selectors.nationality_shown(criteria, row.hidden),
        decision_form=bound.get("decision_form") or DecisionForm(),
    )
    return context


@hr_required
@require_GET
def screening_queue(
    request: HttpRequest, pk: int, application_id: int | None = None
) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    return render(request, "screening/queue.html", _queue_context(request, job, application_id))


@hr_required
@require_GET
def screening_decided(request: HttpRequest, pk: int) -> HttpResponse:
    """Every decision recorded on the job's applications, also after they left screening."""
    job = selectors.job_get_for_user(request.user, pk)
    decisions = selectors.decision_history(job, request.user)
    page = page_of(decisions, request)
    return render(
        request,
        "screening/decided.html",
        {
            "job": job,
            "page": page,
            "decisions": selectors.decided_rows(page.object_list),
            "decision_count": page.paginator.count,
            "applications": decisions.order_by().values("application").distinct().count(),
            "has_screening": selectors.job_has_stage(job, StageKind.SCREENING),
        },
    )


@hr_required
@require_POST
def screening_decide(request: HttpRequest, pk: int, application_id: int) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    application = selectors.queue_application_get(job, request.user, application_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = services.decision_record(
                application=application,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            # The reference, not the name: a hold keeps a blind applicant hidden.
            messages.success(
                request,
                _("%(decision)s recorded for applicant #%(ref)s.")
                % {
                    "decision": decision.get_decision_display(),
                    "ref": applicant_reference(application.pk),
                },
            )
            rows = selectors.queue_rows(job, selectors.criteria_for_job(job), request.user)
            following = selectors.next_undecided(rows, request.user, application.pk)
            if following is None:
                return redirect("hr-screening", pk=job.pk)
            return redirect("hr-screening-application", pk=job.pk, application_id=following)
    context = _queue_context(request, job, application.pk, decision_form=form)
    return render(request, "screening/queue.html", context, status=400)


@hr_required
@require_POST
def screening_pass_recommended(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    outcomes = services.decisions_pass_recommended(job=job, actor=request.user)
    return render(
        request,
        "screening/pass_report.html",
        {
            "job": job,
            "outcomes": outcomes,
            "recorded": sum(1 for o in outcomes if o.recorded),
        },
    )


@hr_required
@require_POST
def screening_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    services.evaluations_request_for_job(job=job, actor=request.user)
    messages.success(request, _("The rules run again on the applications waiting for screening."))
    return redirect("hr-screening", pk=job.pk)


# --- the exam ------------------------------------------------------------------------------

PAST_EXAM_WARNING = gettext_lazy(
    "The examination's time has passed: no invitation or update can be sent for it."
)


def _exam_context(request: HttpRequest, job: JobOpening, **bound: Any) -> dict[str, Any]:
    exam = selectors.exam_for_job(job)
    sections = selectors.exam_sections(exam) if exam else []
    waiting: list[Application] = []
    sittings = []
    if exam is not None:
        sittings = selectors.exam_sittings(exam)
        waiting = list(selectors.exam_uninvited(exam).order_by("candidate__full_name"))
    return {
        "job": job,
        "exam": exam,
        "has_exam_stage": selectors.job_has_stage(job, StageKind.EXAM),
        "form": bound.get("form") or ExamForm(initial=ExamForm.initial_from(exam)),
        "sections_formset": bound.get("sections_formset")
        or SectionFormSet(
            prefix="sections",
            initial=[{"id": s.pk, "name": s.name, "max_points": s.max_points} for s in sections],
        ),
        "total": selectors.exam_total(sections),
        "sittings": sittings,
        "waiting": waiting,
        "started": exam is not None and selectors.exam_started(exam),
        "local_start": exam.starts_at.astimezone(ZoneInfo(exam.time_zone)) if exam else None,
    }


@hr_required
def exam_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    if request.method != "POST":
        return render(request, "screening/exam.html", _exam_context(request, job))
    form = ExamForm(request.POST)
    formset = SectionFormSet(request.POST, prefix="sections")
    if form.is_valid() and formset.is_valid():
        sections = [
            {"id": f.get("id"), "name": f["name"], "max_points": f["max_points"]}
            for f in formset.cleaned_data
            if f.get("name")
        ]
        try:
            exam = services.exam_save(
                job=job, actor=request.user, sections=sections, **form.cleaned_data
            )
        except DomainError as exc:
            if exc.field == "sections":
                formset.non_form_errors().append(exc.message)
            else:
                add_domain_error(form, exc)
        else:
            messages.success(request, _("Examination saved."))
            if selectors.exam_started(exam):
                messages.warning(request, PAST_EXAM_WARNING)
            return redirect("hr-exam", pk=job.pk)
    context = _exam_context(request, job, form=form, sections_formset=formset)
    return render(request, "screening/exam.html", context, status=400)


@hr_required
@require_POST
def exam_invite(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    exam = selectors.exam_get_for_user(request.user, job.pk)
    try:
        sittings = services.exam_invite(exam=exam, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if sittings:
            messages.success(
                request,
                _("%(n)d invitation(s) sent, each with a calendar file.") % {"n": len(sittings)},
            )
        else:
            messages.info(request, _("Everyone in the examination stage is already invited."))
    return redirect("hr-exam", pk=job.pk)


def _grid_roles(exam: Exam) -> list[str]:
    if exam.double_marking:
        return [MarkerRole.FIRST, MarkerRole.SECOND, MarkerRole.AGREED]
    return [MarkerRole.FIRST]


def _grid_context(
    request: HttpRequest, job: JobOpening, *, posted: Any = None, **extra: Any
) -> dict[str, Any]:
    exam = selectors.exam_get_for_user(request.user, job.pk)
    sections = selectors.exam_sections(exam)
    # Ranks need every sitting, so all rows are worked out; the grid shows a page of them
    # (a save sends only the page's boxes, and boxes not sent are left as they are).
    page = page_of(selectors.exam_rows(exam), request)
    roles = _grid_roles(exam)
    grid = []
    for row in page.object_list:
        cells = []
        for cell in row.cells(sections):
            inputs = []
            for role in roles:
                name = f"m-{row.sitting.pk}-{cell['section'].pk}-{role}"
                shown = cell[role]
                original = "" if shown is None else marking.points_text(shown)
                value = posted.get(name, original) if posted is not None else original
                inputs.append({"name": name, "role": role, "value": value, "original": original})
            cells.append({**cell, "inputs": inputs})
        attendance = row.sitting.attendance
        grid.append(
            {
                "row": row,
                "cells": cells,
                "attendance": posted.get(f"att-{row.sitting.pk}", attendance)
                if posted is not None
                else attendance,
                "refusal": selectors.exam_refusal(exam, row),
            }
        )
    return {
        "job": job,
        "exam": exam,
        "sections": sections,
        "roles": roles,
        "role_labels": dict(MarkerRole.choices),
        "grid": grid,
        "page": page,
        "attendance_choices": Attendance.choices,
        "total": selectors.exam_total(sections),
        "import_form": extra.pop("import_form", None) or ImportForm(),
        **extra,
    }


@hr_required
def exam_marks(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    if request.method != "POST":
        return render(request, "screening/marks.html", _grid_context(request, job))
    exam = selectors.exam_get_for_user(request.user, job.pk)
    grid = MarksGrid(
        request.POST,
        sittings=selectors.exam_sittings(exam),
        sections=selectors.exam_sections(exam),
        roles=_grid_roles(exam),
    )
    errors = {}
    if grid.is_valid():
        try:
            report = services.marks_save(
                exam=exam, actor=request.user, entries=grid.entries, attendance=grid.attendance
            )
        except InvalidInput as exc:
            errors = exc.errors
        except DomainError as exc:
            errors = {"": [exc.message]}
        else:
            messages.success(request, _("Marks saved: %(summary)s") % {"summary": report.summary})
            return redirect(request.get_full_path())  # the same page of the grid
    else:
        errors = grid.errors
    context = _grid_context(request, job, posted=request.POST, grid_errors=errors)
    return render(request, "screening/marks.html", context, status=400)


@hr_required
@require_POST
def exam_marks_import(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    exam = selectors.exam_get_for_user(request.user, job.pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _grid_context(request, job, import_form=form)
        return render(request, "screening/marks.html", context, status=400)
    report = services.scores_import_csv(
        exam=exam, actor=request.user, data=form.cleaned_data["file"].read()
    )
    if report.ok:
        messages.success(
            request,
            _("%(rows)d row(s) imported: %(summary)s")
            % {"rows": report.rows, "summary": report.marks.summary if report.marks else ""},
        )
        return redirect("hr-exam-marks", pk=job.pk)
    context = _grid_context(request, job, import_report=report)
    return render(request, "screening/marks.html", context, status=400)


@hr_required
@require_GET
def exam_marks_csv(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    exam = selectors.exam_get_for_user(request.user, job.pk)
    marker = request.GET.get("marker", MarkerRole.FIRST)
    if marker not in MarkerRole.values:
        marker = MarkerRole.FIRST
    response, writer = csv_download(f"marks-{job.reference}-{marker}.csv")
    writer.writerows(selectors.scores_csv_rows(exam, marker))
    return response


@hr_required
@require_GET
def exam_results(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    exam = selectors.exam_get_for_user(request.user, job.pk)
    sections = selectors.exam_sections(exam)
    outcome = selectors.exam_outcome(exam)
    context = {
        "job": job,
        "exam": exam,
        "sections": sections,
        "total": selectors.exam_total(sections),
        "results": [
            {"row": r, "cells": r.cells(sections), "refusal": selectors.exam_refusal(exam, r)}
            for r in outcome.rows
        ],
        "counts": outcome.counts,
        "movable": outcome.movable,
        "next_stage": selectors.stage_after(job, StageKind.EXAM),
        "results_url": reverse("hr-exam-results", args=[job.pk]),
    }
    return render(request, "screening/results.html", context)


@hr_required
@require_GET
def application_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The screening section of the HR application page (loaded by its placeholder)."""
    application = app_selectors.application_get_for_user(request.user, pk)
    context = panel_context(application)
    if context is None:
        return HttpResponse("")
    return render(request, "screening/_application_panel.html", context)
