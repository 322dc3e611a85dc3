"""HR pages: job list, a job's pipeline board, reports and settings, an application's actions."""

import csv
import re
import unicodedata
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from applications import blinding, selectors, services, workflow
from applications.forms import (
    BulkMoveForm,
    CVCorrectionForm,
    DuplicateResolveForm,
    JobForm,
    MoveForm,
    OfferForm,
    OfferResponseForm,
    PostingForm,
    QuestionForm,
    QuestionFormSet,
    ReasonForm,
    RejectForm,
    StageFormSet,
)
from applications.models import (
    ApplicationStatus,
    CVDocument,
    DegreeLevel,
    JobStage,
    Offer,
)
from applications.panels import render_application_panels
from ats.errors import ConflictError, DomainError, InvalidInput
from ats.forms import add_domain_error
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
    jobs = selectors.job_list()
    if status:
        jobs = jobs.filter(status=status)
    jobs = list(jobs)
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
    for column, following in zip(columns, [*columns[1:], None], strict=True):
        column.next_stage = following.stage if following else None
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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="funnel-{job.reference}.csv"'
    writer = csv.writer(response)
    writer.writerow(["stage", "kind", "reached", "conversion", "in_stage_now", "avg_days"])
    for row in selectors.job_funnel(job):
        writer.writerow(
            [
                row.stage.name,
                row.stage.kind,
                row.reached,
                "" if row.conversion is None else f"{row.conversion:.3f}",
                row.current,
                "" if row.avg_days is None else f"{row.avg_days:.1f}",
            ]
        )
    return response


@hr_required
@require_POST
def job_bulk_move(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(pk)
    form = BulkMoveForm(request.POST, job=job)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
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
        application.pk: _who(application)
        for application in blinding.annotate_identity_masks(refused, request.user)
    }
    for outcome in outcomes:
        if not outcome.ok:
            who = names.get(outcome.application_id, f"#{outcome.application_id}")
            messages.error(request, f"{who}: {outcome.message}")
    return redirect("hr-job", pk=job.pk)


def _application_context(request: HttpRequest, application, **forms: Any) -> dict[str, Any]:
    job = application.job
    stages = list(JobStage.objects.filter(job=job).order_by("position"))
    following = [s for s in stages if s.position > application.stage.position]
    offers = list(application.offers.all())
    initial = {"expected_version": application.version}
    context = {
        "application": application,
        "candidate": application.candidate,
        "job": job,
        "stages": stages,
        "next_stage": following[0] if following else None,
        "gate_refusal": workflow.gate_refusal(application) if application.is_active else None,
        "timeline": selectors.application_timeline(application),
        "offers": offers,
        "open_offer": next((o for o in offers if o.status == Offer.Status.OFFERED), None),
        "move_form": MoveForm(
            job=job, initial={**initial, "to_stage": following[0] if following else None}
        ),
        "reject_form": RejectForm(initial=initial),
        "withdraw_form": ReasonForm(initial=initial, reason_required=False),
        "reopen_form": ReasonForm(initial=initial),
        "offer_form": OfferForm(initial={"position_title": job.title}),
        "offer_response_form": OfferResponseForm(),
        "is_closed": application.status
        in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN),
        **_cv_context(application, forms.pop("cv_correction_form", None)),
        **_duplicate_context(application, forms.pop("duplicate_form", None)),
        "panels": render_application_panels(request, application),
    }
    context.update(forms)
    return context


# --- CVs -------------------------------------------------------------------------------------

CV_FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "links": gettext_lazy("Links"),
    "highest_degree": gettext_lazy("Highest degree"),
    "years_experience": gettext_lazy("Years of experience"),
    "languages": gettext_lazy("Languages"),
    "education": gettext_lazy("Education"),
    "work": gettext_lazy("Work"),
    "skills": gettext_lazy("Skills"),
    "publications": gettext_lazy("Publications"),
}
# Below this the parser is guessing more than reading; HR should look at the original.
CV_REVIEW_BELOW = 0.5
# The file name a browser gets: the applicant's own, reduced to what every header survives.
CV_EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
}


def _cv_display(name: str, value: Any) -> list[str]:
    """A parsed value as lines of text for the page (empty when nothing was found)."""
    if value in (None, "", []):
        return []
    if name == "highest_degree":
        return [str(DegreeLevel(value).label) if value in DegreeLevel.values else str(value)]
    if name == "years_experience":
        try:
            return [formats.number_format(float(value), decimal_pos=1)]
        except (TypeError, ValueError):
            return [str(value)]
    if name == "publications" and isinstance(value, int):
        return [_("%(n)d listed") % {"n": value}]
    if not isinstance(value, list):
        return [str(value)]
    lines = []
    for item in value:
        if not isinstance(item, dict):
            lines.append(str(item))
        elif name == "links":
            lines.append(str(item.get("url") or item))
        elif name == "languages":
            level = item.get("level")
            lines.append(f"{item.get('language')} ({level})" if level else item.get("language"))
        elif name == "education":
            title = ", ".join(str(item[k]) for k in ("degree", "field") if item.get(k))
            place = ", ".join(str(item[k]) for k in ("institution", "year") if item.get(k))
            line = " — ".join(part for part in (title, place) if part)
            lines.append(line + (f" ({_('in progress')})" if item.get("in_progress") else ""))
        elif name == "work":
            title = ", ".join(str(item[k]) for k in ("title", "organisation") if item.get(k))
            period = f"{item.get('start') or '?'} – {item.get('end') or _('now')}"
            line = f"{title} · {period}"
            lines.append(line + (f" ({_('internship')})" if item.get("internship") else ""))
        else:
            lines.append(", ".join(f"{k}: {v}" for k, v in item.items() if v not in (None, "")))
    return lines


def _cv_form_value(name: str, value: Any) -> str:
    """The current value as the correction form's text box shows it."""
    if value is None:
        return ""
    if name == "languages" and isinstance(value, list):
        return ", ".join(
            str(item.get("language") if isinstance(item, dict) else item) for item in value
        )
    return str(value)


def _cv_context(application, bound_form: CVCorrectionForm | None) -> dict[str, Any]:
    """The CV card: the file, its reading status, and one row per parsed field.

    A refused correction (`bound_form`) is shown again in its own field's row with its error.
    """
    cv = selectors.application_cv(application)
    if cv is None:
        return {"cv": None}
    failed_field = bound_form.data.get("field") if bound_form is not None else None
    correctable = dict(CVCorrectionForm.base_fields["field"].choices)
    rows = []
    for name, field in selectors.cv_fields(cv).items():
        lines = _cv_display(name, field["value"])
        confidence = field["confidence"]
        row = {
            "name": name,
            "label": CV_FIELD_LABELS.get(name, name),
            "lines": lines,
            "parsed_lines": _cv_display(name, field["parsed_value"]),
            "confidence": confidence,
            "confidence_pct": round(100 * confidence) if confidence is not None else None,
            "needs_review": bool(lines)
            and not field["corrected"]
            and confidence is not None
            and confidence < CV_REVIEW_BELOW,
            **{k: field[k] for k in ("source", "corrected", "corrected_by", "corrected_at")},
        }
        if name in correctable:
            row["form"] = (
                bound_form
                if failed_field == name
                else CVCorrectionForm(
                    initial={"field": name, "value": _cv_form_value(name, field["value"])}
                )
            )
        rows.append(row)
    # A correction of a field the form does not know has no row: its error goes on top.
    stray_form = bound_form if bound_form is not None and failed_field not in correctable else None
    return {
        "cv": cv,
        "cv_rows": rows,
        "cv_stray_form": stray_form,
        "cv_is_pdf": cv.content_type == "application/pdf",
        "degree_levels": DegreeLevel.choices,
    }


def _ascii_filename(cv: CVDocument) -> str:
    """The applicant's file name, safe in a quoted header on every browser (ASCII, no quotes)."""
    extension = CV_EXTENSIONS.get(cv.content_type, "")
    stem = PurePath(cv.original_name or "").stem
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", stem).strip(" ._-")[:100]
    return f"{stem or 'cv'}{extension}"


@hr_required
@require_GET
def application_cv_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored CV, only through here: MEDIA_ROOT has no URL of its own."""
    application = selectors.application_get_for_user(request.user, pk)
    if (elsewhere := _masked_redirect(request, application)) is not None:
        return elsewhere  # the file has the name and the photo
    return cv_file_response(application, download=request.GET.get("download") == "1")


def cv_file_response(application, *, download: bool) -> FileResponse:
    """The application's CV file, for a view that has checked the user may read it."""
    cv = getattr(application, "cv", None)
    if cv is None:
        raise Http404(_("This application has no CV."))
    try:
        handle = cv.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The CV file is missing from the storage.")) from None
    response = FileResponse(handle, content_type=cv.content_type)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{_ascii_filename(cv)}"'
    # The content type was sniffed at upload; the browser must not guess another one, and
    # whatever it renders runs with no script, no forms and no origin of ours.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _cv_or_404(application) -> CVDocument:
    cv = getattr(application, "cv", None)
    if cv is None:
        raise Http404(_("This application has no CV."))
    return cv


@hr_required
@require_POST
def application_cv_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="cv_correction_form",
        make_form=lambda data, app: CVCorrectionForm(data),
        perform=lambda app, d: services.cv_correct(
            cv=_cv_or_404(app),
            actor=request.user,
            field=d["field"],
            # Blank means "no value", for numbers as for text.
            value=d["value"].strip() or None,
        ),
        success=_("Correction saved."),
    )


@hr_required
@require_POST
def application_cv_reparse(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(request.user, pk)
    services.cv_reparse_request(cv=_cv_or_404(application), actor=request.user)
    messages.success(request, _("The CV will be read again; corrections are kept."))
    return redirect("hr-application", pk=pk)


def _who(application) -> str:
    """The applicant's name in a message, or blind screening's reference when it is masked."""
    masked = blinding.masked(application)
    return masked.label if masked else application.candidate.full_name


def _masked_redirect(request: HttpRequest, application) -> HttpResponse | None:
    """Blind screening: a user who may not see who applied goes where the identity is hidden."""
    masked = blinding.masked(application)
    if masked is None:
        return None
    messages.info(
        request,
        _(
            "Blind screening: this application is shown without the applicant's identity "
            "until you decide."
        ),
    )
    return redirect(masked.url)


@hr_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(request.user, pk)
    if (elsewhere := _masked_redirect(request, application)) is not None:
        return elsewhere
    return render(request, "hr/application_detail.html", _application_context(request, application))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    form_name: str,
    make_form: Callable[..., Any],
    perform: Callable[[Any, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    """Validate a posted action form, run the service, show its refusal as a form error."""
    application = selectors.application_get_for_user(request.user, pk)
    form = make_form(request.POST, application)
    if form.is_valid():
        try:
            perform(application, form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, success)
            next_url = request.POST.get("next", "")
            if next_url.startswith("/hr/"):
                return redirect(next_url)
            return redirect("hr-application", pk=pk)
    if (elsewhere := _masked_redirect(request, application)) is not None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return elsewhere
    context = _application_context(request, application, **{form_name: form})
    return render(request, "hr/application_detail.html", context, status=400)


def _version(data: dict[str, Any]) -> int | None:
    return data.get("expected_version")


@hr_required
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="move_form",
        make_form=lambda data, app: MoveForm(data, job=app.job),
        perform=lambda app, d: workflow.move(
            app,
            to_stage=d["to_stage"],
            actor=request.user,
            reason=d["reason"],
            override=d["override"],
            expected_version=_version(d),
        ),
        success=_("Application moved."),
    )


@hr_required
@require_POST
def application_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="reject_form",
        make_form=lambda data, app: RejectForm(data),
        perform=lambda app, d: workflow.reject(
            app,
            rejection_reason=d["rejection_reason"],
            note=d["note"],
            actor=request.user,
            expected_version=_version(d),
        ),
        success=_("Application rejected."),
    )


@hr_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="withdraw_form",
        make_form=lambda data, app: ReasonForm(data, reason_required=False),
        perform=lambda app, d: workflow.withdraw(
            app, actor=request.user, reason=d["reason"], expected_version=_version(d)
        ),
        success=_("Application withdrawn."),
    )


@hr_required
@require_POST
def application_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="reopen_form",
        make_form=lambda data, app: ReasonForm(data),
        perform=lambda app, d: workflow.reopen(
            app, actor=request.user, reason=d["reason"], expected_version=_version(d)
        ),
        success=_("Application reopened."),
    )


@hr_required
@require_POST
def application_offer(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="offer_form",
        make_form=lambda data, app: OfferForm(data),
        perform=lambda app, d: services.offer_make(actor=request.user, application=app, **d),
        success=_("Offer recorded."),
    )


@hr_required
@require_POST
def offer_respond(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    offer = get_object_or_404(Offer, pk=offer_id, application_id=pk)
    return _act(
        request,
        pk,
        form_name="offer_response_form",
        make_form=lambda data, app: OfferResponseForm(data),
        perform=lambda app, d: services.offer_respond(actor=request.user, offer=offer, **d),
        success=_("Answer recorded."),
    )


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
            )
        except DomainError as exc:
            messages.error(request, f"{_who(application)}: {exc.message}")
        else:
            messages.success(request, _("%(name)s rejected.") % {"name": _who(application)})
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
            _("%(name)s moved to %(stage)s.") % {"name": _who(application), "stage": outcome.stage},
        )
    else:
        messages.error(request, f"{_who(application)}: {outcome.message}")
    return redirect(reverse("hr-job", args=[application.job_id]))


# --- possible duplicates ---------------------------------------------------------------------


def _duplicate_context(
    application, bound: tuple[int, DuplicateResolveForm] | None
) -> dict[str, Any]:
    """The banners of the candidate's open flags, each with its form, and the resolved ones.

    A refused resolution (`bound`: the flag's id and its form) is shown again with its errors.
    """
    flags = selectors.application_duplicate_flags(application)
    open_flags = []
    for item in flags:
        if not item.is_open:
            continue
        if bound is not None and bound[0] == item.flag.pk:
            form = bound[1]
        else:
            form = DuplicateResolveForm(
                initial={"application": application.pk}, flag_id=item.flag.pk
            )
        open_flags.append({"item": item, "form": form})
    return {
        "open_duplicates": open_flags,
        "resolved_duplicates": [item for item in flags if not item.is_open],
    }


def _duplicate_return_page(flag, posted_application_id: Any):
    """The application page to go back to: the one the form was posted from when it belongs
    to either candidate of the flag, else the flagged candidate's newest application."""
    applications = [*flag.candidate.applications.all(), *flag.existing.applications.all()]
    for application in applications:
        if application.pk == posted_application_id:
            return application
    if not applications:
        raise Http404(_("Neither candidate has an application."))
    return applications[0]


@hr_required
@require_POST
def duplicate_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Resolve a possible duplicate from the application page; back to that page."""
    flag = selectors.possible_duplicate_get_for_user(request.user, pk)
    form = DuplicateResolveForm(request.POST, flag_id=flag.pk)
    try:
        posted = int(request.POST.get("application", ""))
    except ValueError:
        posted = None
    return_to = _duplicate_return_page(flag, posted)
    if form.is_valid():
        try:
            services.duplicate_resolve(
                duplicate=flag,
                actor=request.user,
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
            )
        except InvalidInput as exc:
            add_domain_error(form, exc)
        except ConflictError as exc:
            # Resolved meanwhile (another tab, another person): the page shows how.
            messages.error(request, exc.message)
            return redirect("hr-application", pk=return_to.pk)
        else:
            messages.success(request, _("Possible duplicate resolved. Nothing was merged."))
            return redirect("hr-application", pk=return_to.pk)
    application = selectors.application_get_for_user(request.user, return_to.pk)
    context = _application_context(request, application, duplicate_form=(flag.pk, form))
    return render(request, "hr/application_detail.html", context, status=400)


# --- job openings: create and settings ---------------------------------------------------------


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
    return [{"id": s.pk, "name": s.name, "kind": s.kind} for s in job.stages.all()]


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
    }


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
    formset = StageFormSet(request.POST, prefix="stages", initial=_stage_initial(job))
    if formset.is_valid():
        items = [
            {
                "id": f.cleaned_data.get("id"),
                "name": f.cleaned_data["name"],
                "kind": f.cleaned_data["kind"],
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
    formset = QuestionFormSet(request.POST, prefix="questions", initial=initial)
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
