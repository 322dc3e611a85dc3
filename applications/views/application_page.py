"""The HR application page: details, timeline, CV, the workflow actions, offers, duplicates
(the offer actions are in views/offers.py)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications import selectors, services, workflow
from applications.forms import (
    CVCorrectionClearForm,
    CVCorrectionForm,
    DuplicateResolveForm,
    MoveForm,
    OfferApprovalForm,
    OfferForm,
    OfferResponseForm,
    OfferWithdrawForm,
    ReasonForm,
    RejectForm,
    rejection_notify,
)
from applications.models import (
    ApplicationStatus,
    JobStage,
    Offer,
)
from applications.panels import render_application_panels
from applications.services.offers import TERMS as OFFER_TERMS
from applications.views.common import errors_as_messages, form_performed, masked_redirect
from applications.views.cv import cv_context, cv_file_response, cv_or_404
from ats.errors import ConflictError, InvalidInput
from ats.forms import add_domain_error
from ats.roles import hr_required


def offer_context(request: HttpRequest, application, forms: dict[str, Any]) -> dict[str, Any]:
    """The offers card: every offer, and for the live draft its approval and its forms (a
    refused post's bound form, named in `forms`, is taken from there)."""
    offers = list(application.offers.all())
    draft = next((o for o in offers if o.status == Offer.Status.DRAFT), None)
    state = selectors.offer_approval_state(draft, job_id=application.job_id) if draft else None
    user_id = request.user.pk
    terms = {name: getattr(draft, name) for name in OFFER_TERMS} if draft else {}
    return {
        "offers": offers,
        "draft_offer": draft,
        "approval": state,
        "is_next_approver": bool(state and state.next and state.next.user_id == user_id),
        "is_approver": bool(state and any(s.approver.user_id == user_id for s in state.steps)),
        "open_offer": next((o for o in offers if o.status == Offer.Status.OFFERED), None),
        "can_make_offer": not any(o.status in Offer.LIVE for o in offers),
        "offer_form": forms.pop("offer_form", None)
        or OfferForm(initial={"position_title": application.job.title}),
        "offer_edit_form": forms.pop("offer_edit_form", None) or OfferForm(initial=terms),
        "offer_approve_form": forms.pop("offer_approve_form", None) or OfferApprovalForm(),
        "offer_reject_form": forms.pop("offer_reject_form", None)
        or OfferApprovalForm(comment_required=True),
        "offer_withdraw_form": forms.pop("offer_withdraw_form", None) or OfferWithdrawForm(),
        "offer_response_form": forms.pop("offer_response_form", None) or OfferResponseForm(),
    }


def application_context(request: HttpRequest, application, **forms: Any) -> dict[str, Any]:
    job = application.job
    stages = list(JobStage.objects.filter(job=job).order_by("position"))
    following = workflow.next_stage(stages, application.stage)
    initial = {"expected_version": application.version}
    context = {
        "application": application,
        "candidate": application.candidate,
        "job": job,
        "stages": stages,
        "next_stage": following,
        "gate_refusal": workflow.gate_refusal(application) if application.is_active else None,
        "timeline": selectors.application_timeline(application),
        "move_form": MoveForm(job=job, initial={**initial, "to_stage": following}),
        "reject_form": RejectForm(initial=initial),
        "withdraw_form": ReasonForm(initial=initial, reason_required=False),
        "reopen_form": ReasonForm(initial=initial),
        **offer_context(request, application, forms),
        "is_closed": application.status
        in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN),
        **cv_context(application, forms.pop("cv_correction_form", None)),
        **_duplicate_context(application, forms.pop("duplicate_form", None)),
        "panels": render_application_panels(request, application),
    }
    context.update(forms)
    return context


@hr_required
@require_GET
def application_cv_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The stored CV, only through here: MEDIA_ROOT has no URL of its own."""
    application = selectors.application_get_for_user(request.user, pk)
    if (elsewhere := masked_redirect(request, application)) is not None:
        return elsewhere  # the file has the name and the photo
    return cv_file_response(application, request)


@hr_required
@require_POST
def application_cv_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="cv_correction_form",
        make_form=lambda data, app: CVCorrectionForm(data),
        perform=lambda app, d: services.cv_correct(
            cv=cv_or_404(app),
            actor=request.user,
            field=d["field"],
            # Blank means "no value", for numbers as for text.
            value=d["value"].strip() or None,
        ),
        success=_("Correction saved."),
    )


@hr_required
@require_POST
def application_cv_correction_clear(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="cv_correction_form",
        make_form=lambda data, app: CVCorrectionClearForm(data),
        perform=lambda app, d: services.cv_correction_clear(
            cv=cv_or_404(app), actor=request.user, field=d["field"]
        ),
        success=_("Correction removed: the value read from the CV counts again."),
    )


@hr_required
@require_POST
def application_cv_reparse(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(request.user, pk)
    services.cv_reparse_request(cv=cv_or_404(application), actor=request.user)
    messages.success(request, _("The CV will be read again; corrections are kept."))
    return redirect("hr-application", pk=pk)


@hr_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(request.user, pk)
    if (elsewhere := masked_redirect(request, application)) is not None:
        return elsewhere
    return render(request, "hr/application_detail.html", application_context(request, application))


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
    if form_performed(request, form, lambda data: perform(application, data), success):
        next_url = request.POST.get("next", "")
        if next_url.startswith("/hr/"):
            return redirect(next_url)
        return redirect("hr-application", pk=pk)
    if (elsewhere := masked_redirect(request, application)) is not None:
        errors_as_messages(request, form)
        return elsewhere
    context = application_context(request, application, **{form_name: form})
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
            notify=rejection_notify(d),
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
    context = application_context(request, application, duplicate_form=(flag.pk, form))
    return render(request, "hr/application_detail.html", context, status=400)
