"""HR pages of the outbox: the message list (failed first) with retry, release and discard;
the templates with their editor, live preview and versions; writing to candidates."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications import blinding
from applications import selectors as application_selectors
from applications.models import Application
from ats.errors import DomainError
from ats.forms import add_domain_error
from ats.roles import hr_required
from messaging import compose, selectors, services
from messaging.forms import TemplateForm, WriteForm, start_choices
from messaging.kinds import KINDS, LANGUAGES
from messaging.models import OutboxMessage
from messaging.preview import preview_context

PAGE_SIZE = 50


@hr_required
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in OutboxMessage.Status.values:
        status = ""
    page = Paginator(selectors.outbox_list(status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "messaging/outbox.html",
        {
            "page": page,
            "status": status,
            "statuses": OutboxMessage.Status.choices,
            "counts": selectors.outbox_counts(),
        },
    )


def _act(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    try:
        action(actor=request.user, message_id=pk)
    except OutboxMessage.DoesNotExist as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/hr/") else "hr-messages")


@hr_required
@require_POST
def message_retry(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.message_retry, _("The message is queued again."))


@hr_required
@require_POST
def message_release(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.message_release, _("The message is released."))


@hr_required
@require_POST
def message_discard(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.message_discard, _("The message is discarded."))


@hr_required
def template_list(request: HttpRequest) -> HttpResponse:
    return render(request, "messaging/template_list.html", {"rows": selectors.template_rows()})


def _preview_application(form: TemplateForm | None) -> Application | None:
    wanted = form.cleaned_data.get("application") if form and form.is_valid() else None
    queryset = application_selectors.application_list()
    found = queryset.filter(pk=wanted).first() if wanted else None
    return found or queryset.order_by("-submitted_at").first()


@hr_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """Edit a template (POST saves a new version); `?key=` narrows it to a stage or reason."""
    if kind not in KINDS or language not in LANGUAGES:
        raise Http404
    key = request.GET.get("key", "")[:40]
    current = services.template_active(kind=kind, language=language, key=key)
    # No keyed template yet (a stage's own wording): the general one is where HR starts.
    current_text = {"subject": current.subject, "body": current.body}
    form = TemplateForm(request.POST or None, initial=current_text)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.template_save(
                actor=request.user,
                kind=kind,
                key=key,
                language=language,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved as version %(v)d.") % {"v": saved.version})
            return redirect(request.get_full_path())
    return render(
        request,
        "messaging/template_edit.html",
        {
            "kind": KINDS[kind],
            "language": language,
            "key": key,
            "current": current,
            "form": form,
            "versions": selectors.template_versions(kind=kind, key=key, language=language),
            "preview": _preview(kind, language, form, current_text),
        },
    )


def _preview(
    kind: str, language: str, form: TemplateForm, fallback: dict[str, str]
) -> dict[str, Any]:
    text = form.data if form.is_bound else fallback
    subject, body = text.get("subject", ""), text.get("body", "")
    errors = services.template_check(kind=kind, subject=subject, body=body)
    application = _preview_application(form if form.is_bound else None)
    if errors:
        return {"errors": errors, "application": application}
    context = preview_context(kind=kind, language=language, application=application)
    rendered_subject, rendered_body = services.template_preview(
        kind=kind, subject=subject, body=body, context=context
    )
    return {"subject": rendered_subject, "body": rendered_body, "application": application}


@hr_required
@require_POST
def template_preview(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """The live preview of a draft (htmx, as HR types)."""
    if kind not in KINDS or language not in LANGUAGES:
        raise Http404
    form = TemplateForm(request.POST)
    return render(
        request,
        "messaging/_preview.html",
        {"preview": _preview(kind, language, form, {})},
    )


def _selected(request: HttpRequest) -> list[Application]:
    """The chosen applications, each with `masked` set when this user may not see who applied
    (blind screening: the page names them by reference and shows no address)."""
    raw = request.POST.getlist("applications") or request.GET.getlist("applications")
    ids = [int(v) for v in raw if v.isdigit()][:500]
    chosen = application_selectors.application_list().filter(pk__in=ids)
    chosen = blinding.annotate_identity_masks(chosen, request.user).order_by("candidate__full_name")
    rows = list(chosen)
    for application in rows:
        application.masked = blinding.masked(application)  # type: ignore[attr-defined]
    return rows


@hr_required
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    """Write to one candidate or a selection from the board: a blank message or one started
    from a template; one message per candidate, each with their own name and link."""
    chosen = _selected(request)
    if not chosen:
        raise Http404(_("Choose at least one application."))
    start = request.GET.get("start", "")
    # Where to go after sending (the candidates database), else the application or the board.
    back = request.POST.get("next") or request.GET.get("next") or ""
    initial = {}
    if start in KINDS and KINDS[start].to_applicant:
        template = services.template_active(kind=start, language=chosen[0].language)
        initial = {"subject": template.subject, "body": template.body}
    form = WriteForm(request.POST if "send" in request.POST else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            sent = compose.applications_write(
                actor=request.user,
                applications=chosen,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("%(n)d message(s) queued.") % {"n": len(sent)})
            if back.startswith("/hr/"):
                return redirect(back)
            if len(chosen) == 1:
                return redirect("hr-application", chosen[0].pk)
            return redirect("hr-job", chosen[0].job_id)
    return render(
        request,
        "messaging/write.html",
        {
            "form": form,
            "applications": chosen,
            "starts": start_choices(),
            "start": start,
            "placeholders": KINDS["free_form"].placeholders,
            "next": back if back.startswith("/hr/") else "",
        },
    )
