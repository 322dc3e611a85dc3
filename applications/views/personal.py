"""The personal-data section of the HR application page: export, erasure, holds, access log."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications import selectors, services
from applications.forms import ErasureForm, HoldForm
from applications.models import Application, Candidate, LegalHold, SubjectAccessRequest
from applications.panels import Panel
from applications.views.common import masked_redirect
from ats.errors import DomainError
from ats.roles import hr_required

ACCESS_LOG_SHOWN = 20


def application_panel(request: HttpRequest, application: Application) -> Panel:
    """A placeholder that loads the section from `personal_data_section` once the page is
    shown: the application page's own queries stay its own."""
    return Panel("hr/_personal_data_panel_lazy.html", {}, order=200)


@hr_required
@require_GET
def personal_data_section(request: HttpRequest, pk: int) -> HttpResponse:
    """The personal-data section of the HR application page (loaded by its placeholder)."""
    application = selectors.application_get_for_user(request.user, pk)
    if (elsewhere := masked_redirect(request, application)) is not None:
        return elsewhere
    candidate = application.candidate
    context = {
        "application": application,
        "candidate": candidate,
        "erasures": list(selectors.candidate_erasures(candidate)),
        "holds": list(LegalHold.objects.filter(candidate=candidate, released_at__isnull=True)),
        "access_log": list(selectors.candidate_access_log(candidate)[:ACCESS_LOG_SHOWN]),
        "access_requests": list(
            SubjectAccessRequest.objects.filter(candidate=candidate, fulfilled_at__isnull=True)
        ),
        "erasure_form": ErasureForm(),
        "hold_form": HoldForm(),
    }
    return render(request, "hr/_personal_data_panel.html", context)


def _back(request: HttpRequest, candidate: Candidate | None = None) -> HttpResponse:
    """Back where the form was: the application page, or the candidate page (`candidate`: the
    person is still on file there; else, erased, the candidates list)."""
    if request.POST.get("return_to") == "candidates":
        if candidate is not None and candidate.erased_at is None:
            return redirect("hr-candidate", pk=candidate.pk)
        return redirect("hr-candidates")
    application_id = request.POST.get("application", "")
    if application_id.isdigit():
        return redirect("hr-application", pk=int(application_id))
    return redirect("hr-jobs")


@hr_required
@require_GET
def candidate_export(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get_for_user(request.user, pk)
    archive = services.candidate_export(candidate=candidate, actor=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="personal-data-{candidate.pk}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@hr_required
@require_POST
def candidate_erase(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get_for_user(request.user, pk)
    form = ErasureForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(request, candidate)
    try:
        services.candidate_erase(
            candidate=candidate, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(request, candidate)
    messages.success(request, _("The person's data was erased."))
    return _back(request)


@hr_required
@require_POST
def candidate_hold(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get_for_user(request.user, pk)
    form = HoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the hold."))
        return _back(request)
    try:
        services.legal_hold_set(
            candidate=candidate, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The person's data is kept until the hold is lifted."))
    return _back(request)


RETENTION_LOOKAHEAD_DAYS = 30


@hr_required
@require_GET
def retention_page(request: HttpRequest) -> HttpResponse:
    """Who falls due for erasure in the next 30 days (with what holds them), and the
    applicants' requests for their data still to answer."""
    rows = selectors.retention_due_rows(now=timezone.now(), within_days=RETENTION_LOOKAHEAD_DAYS)
    return render(
        request,
        "hr/personal_data.html",
        {
            "rows": rows,
            "missed": sum(row.missed for row in rows),
            "days": RETENTION_LOOKAHEAD_DAYS,
            "requests": list(selectors.access_requests_open()),
        },
    )
