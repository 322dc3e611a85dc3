"""HR pages of the foreign-expert cases: the list, one case with its actions, the expiry report."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ats.errors import DomainError
from ats.exports import csv_download
from ats.forms import add_domain_error
from ats.paging import page_of
from ats.roles import hr_required
from ats.storage import private_file_response, safe_filename
from programs import selectors, services
from programs import workflow as case_workflow
from programs.forms import (
    CaseForm,
    CaseMoveForm,
    CaseOpenForm,
    DocumentAddForm,
    DocumentForm,
    FundingEditForm,
    FundingForm,
    FundingMoveForm,
    RecordForm,
)
from programs.models import CaseDocument, CaseStatus, ExpertCase, FundingApplication
from programs.models import ImmigrationRecord as Record


def _today() -> dt.date:
    return timezone.localdate()


# --- the list ------------------------------------------------------------------------------


def _list_context(request: HttpRequest, open_form: CaseOpenForm | None = None) -> dict[str, Any]:
    case_filter, rows = selectors.case_search(request.GET, today=_today())
    # The deadline filters are worked out per case in Python, so the page slices the rows.
    page = page_of(rows, request)
    return {
        "filter_form": case_filter.form,
        "rows": page.object_list,
        "page": page,
        "today": _today(),
        "open_form": open_form or CaseOpenForm(),
        "query": request.GET.urlencode(),
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
    }


@hr_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/case_list.html", _list_context(request))


@hr_required
@require_GET
def case_list_csv(request: HttpRequest) -> HttpResponse:
    _filter, rows = selectors.case_search(request.GET, today=_today())
    response, writer = csv_download(f"foreign-experts-{_today():%Y-%m-%d}.csv")
    writer.writerow(
        [
            "case",
            "expert",
            "nationality",
            "job",
            "programme",
            "category",
            "host_institute",
            "supervisor",
            "status",
            "planned_start",
            "arrived_on",
            "next_deadline",
            "next_due_on",
            "overdue",
        ]
    )
    for row in rows:
        case, following = row.case, row.next_due
        writer.writerow(
            [
                case.pk,
                case.application.candidate.full_name,
                case.nationality.code or "",
                case.application.job.reference,
                case.programme.code if case.programme else "",
                case.category.name if case.category else "",
                case.host_institute,
                case.supervisor,
                case.status,
                case.planned_start or "",
                case.arrived_on or "",
                selectors.DEADLINE_LABELS[following.key] if following else "",
                following.due_on if following else "",
                "; ".join(str(selectors.DEADLINE_LABELS[d.key]) for d in row.overdue),
            ]
        )
    return response


@hr_required
@require_POST
def case_open(request: HttpRequest) -> HttpResponse:
    form = CaseOpenForm(request.POST)
    if form.is_valid():
        try:
            case = services.case_open(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Case opened."))
            return redirect("hr-program-case", pk=case.pk)
    return render(request, "programs/case_list.html", _list_context(request, form), status=400)


# --- one case ------------------------------------------------------------------------------


def _moves(case: ExpertCase, today: dt.date) -> list[dict[str, Any]]:
    """Each allowed move, with what it still lacks (shown before HR tries it)."""
    return [
        {
            "status": s,
            "label": CaseStatus(s).label,
            "needs_reason": s in case_workflow.REASON_REQUIRED,
            "missing": case_workflow.missing_evidence(case, s, on=today),
        }
        for s in case_workflow.allowed_moves(case.status)
    ]


def _refused(bound: dict[str, Any], name: str, row: str, pk: int) -> Any | None:
    """The refused form `name` when it was posted for this row (`bound[row]` is its id)."""
    return bound.get(name) if bound.get(row) == pk else None


def _funding_rows(case: ExpertCase, bound: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for f in selectors.case_fundings(case):
        move = _refused(bound, "funding_move_form", "funding_id", f.pk)
        edit = _refused(bound, "funding_edit_form", "funding_id", f.pk)
        rows.append(
            {
                "funding": f,
                "move_form": move if move is not None else FundingMoveForm(funding=f),
                "edit_form": edit if edit is not None else FundingEditForm(instance=f),
            }
        )
    return rows


def _record_rows(case: ExpertCase, bound: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for r in selectors.case_records(case):
        form = _refused(bound, "record_edit_form", "record_id", r.pk)
        rows.append(
            {
                "record": r,
                "form": form if form is not None else RecordForm(instance=r, prefix=f"r{r.pk}"),
            }
        )
    return rows


def _document_rows(documents: list[CaseDocument], bound: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for d in documents:
        form = _refused(bound, "document_form", "document_id", d.pk)
        rows.append(
            {
                "document": d,
                "form": form if form is not None else DocumentForm(instance=d, prefix=f"d{d.pk}"),
            }
        )
    return rows


def _case_context(request: HttpRequest, case: ExpertCase, **bound: Any) -> dict[str, Any]:
    """The case page; `bound` holds a refused form (by name, with its row's id) to show again."""
    today = _today()
    documents = list(selectors.case_documents(case))
    progress = selectors.checklist_progress(documents)
    context = {
        "case": case,
        "candidate": case.application.candidate,
        "job": case.application.job,
        "today": today,
        "timeline": selectors.case_timeline(case),
        "moves": _moves(case, today),
        "deadlines": selectors.case_row(case, today=today).items,
        "fundings": _funding_rows(case, bound),
        "records": _record_rows(case, bound),
        "documents": _document_rows(documents, bound),
        "documents_ready": progress.ready,
        "documents_required": progress.required,
        "move_form": CaseMoveForm(case=case),
        "case_form": CaseForm(instance=case),
        "funding_form": FundingForm(
            initial={"programme": case.programme, "category": case.category}
        ),
        "record_form": RecordForm(prefix="new"),
        "document_add_form": DocumentAddForm(prefix="add"),
    }
    context.update({k: v for k, v in bound.items() if k.endswith("_form")})
    return context


@hr_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    return render(request, "programs/case_detail.html", _case_context(request, case))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    form: Any,
    form_name: str,
    perform: Callable[[ExpertCase, dict[str, Any]], Any],
    success: str,
    anchor: str = "",
    row: dict[str, int] | None = None,
) -> HttpResponse:
    """Validate a posted form, run the service, or show the page again with the refusal."""
    case = selectors.case_get_for_user(request.user, pk)
    if form.is_valid():
        try:
            perform(case, form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(f"{case_url(case.pk)}{anchor}")
    messages.error(request, _("Nothing was changed; see the form below."))
    case = selectors.case_get_for_user(request.user, pk)
    context = _case_context(request, case, **{form_name: form}, **(row or {}))
    return render(request, "programs/case_detail.html", context, status=400)


def case_url(pk: int) -> str:
    return reverse("hr-program-case", args=[pk])


@hr_required
@require_POST
def case_update(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    return _act(
        request,
        pk,
        form=CaseForm(request.POST, instance=case),
        form_name="case_form",
        perform=lambda c, d: services.case_update(case=c, actor=request.user, **d),
        success=_("Case details saved."),
    )


def _moment(day: dt.date | None) -> dt.datetime | None:
    """A day picked on the page as noon of that day in the user's zone (never a day off)."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@hr_required
@require_POST
def case_move(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    return _act(
        request,
        pk,
        form=CaseMoveForm(request.POST, case=case),
        form_name="move_form",
        perform=lambda c, d: services.case_move(
            case=c,
            to_status=d["to_status"],
            actor=request.user,
            reason=d["reason"],
            at=_moment(d["at"]),
        ),
        success=_("Case moved."),
    )


@hr_required
@require_POST
def funding_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form=FundingForm(request.POST),
        form_name="funding_form",
        perform=lambda c, d: services.funding_application_create(case=c, actor=request.user, **d),
        success=_("Funding application added."),
        anchor="#funding",
    )


def _funding(case_pk: int, funding_id: int) -> FundingApplication:
    return get_object_or_404(FundingApplication, pk=funding_id, case_id=case_pk)


@hr_required
@require_POST
def funding_update(request: HttpRequest, pk: int, funding_id: int) -> HttpResponse:
    selectors.case_get_for_user(request.user, pk)
    funding = _funding(pk, funding_id)
    return _act(
        request,
        pk,
        form=FundingEditForm(request.POST, instance=funding),
        form_name="funding_edit_form",
        perform=lambda c, d: services.funding_application_update(
            funding=funding, actor=request.user, **d
        ),
        success=_("Funding application saved."),
        anchor="#funding",
        row={"funding_id": funding.pk},
    )


@hr_required
@require_POST
def funding_move(request: HttpRequest, pk: int, funding_id: int) -> HttpResponse:
    selectors.case_get_for_user(request.user, pk)
    funding = _funding(pk, funding_id)
    return _act(
        request,
        pk,
        form=FundingMoveForm(request.POST, funding=funding),
        form_name="funding_move_form",
        perform=lambda c, d: services.funding_application_move(
            funding=funding, actor=request.user, **d
        ),
        success=_("Funding application moved."),
        anchor="#funding",
        row={"funding_id": funding.pk},
    )


@hr_required
@require_POST
def record_create(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(case: ExpertCase, data: dict[str, Any]) -> Record:
        return services.immigration_record_create(case=case, actor=request.user, **data)

    return _act(
        request,
        pk,
        form=RecordForm(request.POST, prefix="new"),
        form_name="record_form",
        perform=perform,
        success=_("Record added."),
        anchor="#records",
    )


@hr_required
@require_POST
def record_update(request: HttpRequest, pk: int, record_id: int) -> HttpResponse:
    selectors.case_get_for_user(request.user, pk)
    record = get_object_or_404(Record, pk=record_id, case_id=pk)
    return _act(
        request,
        pk,
        form=RecordForm(request.POST, instance=record, prefix=f"r{record.pk}"),
        form_name="record_edit_form",
        perform=lambda c, d: services.immigration_record_update(
            record=record, actor=request.user, **d
        ),
        success=_("Record saved."),
        anchor="#records",
        row={"record_id": record.pk},
    )


def _document(case_pk: int, document_id: int) -> CaseDocument:
    return get_object_or_404(CaseDocument, pk=document_id, case_id=case_pk)


@hr_required
@require_POST
def document_update(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    selectors.case_get_for_user(request.user, pk)
    document = _document(pk, document_id)

    def perform(case: ExpertCase, data: dict[str, Any]) -> CaseDocument:
        upload = data.pop("file", None)
        if upload:
            services.case_document_attach(document=document, actor=request.user, uploaded=upload)
            # The upload may have made a missing document "received"; a form still saying
            # "missing" would undo that, so the status is only applied when it was changed.
            if data.get("status") == document.status:
                data.pop("status")
        return services.case_document_update(document=document, actor=request.user, **data)

    return _act(
        request,
        pk,
        form=DocumentForm(request.POST, request.FILES, instance=document, prefix=f"d{document.pk}"),
        form_name="document_form",
        perform=perform,
        success=_("Document saved."),
        anchor="#documents",
        row={"document_id": document.pk},
    )


@hr_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form=DocumentAddForm(request.POST, prefix="add"),
        form_name="document_add_form",
        perform=lambda c, d: services.case_document_add(case=c, actor=request.user, **d),
        success=_("Document added to the checklist."),
        anchor="#documents",
    )


@hr_required
@require_GET
def document_file(request: HttpRequest, pk: int, document_id: int) -> HttpResponseBase:
    """The stored scan, only through here: MEDIA_ROOT has no URL of its own."""
    selectors.case_get_for_user(request.user, pk)
    document = _document(pk, document_id)
    return document_file_response(document, inline=request.GET.get("inline") == "1")


def document_file_response(document: CaseDocument, *, inline: bool = False) -> FileResponse:
    """A download (attachment, named after the document's code) unless `inline` asks for it to
    be shown in the browser's own viewer, sandboxed."""
    if not document.file:
        raise Http404(_("No file was uploaded for this document."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from the storage.")) from None
    extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
        document.content_type, ""
    )
    filename = safe_filename(document.code, default="document", extension=extension)
    return private_file_response(
        handle, content_type=document.content_type, filename=filename, inline=inline
    )


# --- the expiry report ---------------------------------------------------------------------


@hr_required
@require_GET
def expiring(request: HttpRequest) -> HttpResponse:
    today = _today()
    rows = selectors.expiring(today=today)
    return render(
        request,
        "programs/expiring.html",
        {"rows": rows, "today": today, "days": selectors.EXPIRING_DAYS},
    )


@hr_required
@require_GET
def expiring_csv(request: HttpRequest) -> HttpResponse:
    today = _today()
    response, writer = csv_download(f"permits-expiring-{today:%Y-%m-%d}.csv")
    writer.writerow(
        ["case", "expert", "host_institute", "kind", "number", "valid_to", "days_left", "status"]
    )
    for item in selectors.expiring(today=today):
        writer.writerow(
            [
                item.case.pk,
                item.case.application.candidate.full_name,
                item.case.host_institute,
                item.kind,
                item.number,
                item.valid_to,
                item.days_left,
                item.case.status,
            ]
        )
    return response
