"""The offer actions of the HR application page: draft and change an offer, approve it or
send it back, send it with its letter, record the answer, withdraw it, download the letter."""

import io

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications import selectors, services
from applications.forms import (
    OfferApprovalForm,
    OfferForm,
    OfferResponseForm,
    OfferWithdrawForm,
)
from applications.models import Application, Offer
from applications.views.application_page import _act
from applications.views.common import masked_redirect
from ats.roles import hr_required
from ats.storage import private_file_response


def _offer(application: Application, offer_id: int) -> Offer:
    """The offer of an application the user may see (404 otherwise)."""
    offer = Offer.objects.filter(pk=offer_id, application_id=application.pk).first()
    if offer is None:
        raise Http404(_("No such offer."))
    return offer


@hr_required
@require_POST
def application_offer(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="offer_form",
        make_form=lambda data, app: OfferForm(data),
        perform=lambda app, d: services.offer_make(actor=request.user, application=app, **d),
        success=_("Offer drafted. It can be sent once it is approved."),
    )


@hr_required
@require_POST
def offer_update(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="offer_edit_form",
        make_form=lambda data, app: OfferForm(data),
        perform=lambda app, d: services.offer_update(
            actor=request.user, offer=_offer(app, offer_id), **d
        ),
        success=_("Offer terms saved."),
    )


@hr_required
@require_POST
def offer_approve(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="offer_approve_form",
        make_form=lambda data, app: OfferApprovalForm(data),
        perform=lambda app, d: services.offer_approve(
            actor=request.user, offer=_offer(app, offer_id), comment=d["comment"]
        ),
        success=_("Offer approved."),
    )


@hr_required
@require_POST
def offer_approval_reject(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="offer_reject_form",
        make_form=lambda data, app: OfferApprovalForm(data, comment_required=True),
        perform=lambda app, d: services.offer_approval_reject(
            actor=request.user, offer=_offer(app, offer_id), comment=d["comment"]
        ),
        success=_("Offer sent back to draft; its approvals start over."),
    )


@hr_required
@require_POST
def offer_send(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    return _act(
        request,
        pk,
        # The refusal ("not approved yet") is shown on top of the approval card's form.
        form_name="offer_approve_form",
        make_form=lambda data, app: OfferApprovalForm(data),
        perform=lambda app, d: services.offer_send(actor=request.user, offer=_offer(app, offer_id)),
        success=_("Offer sent: the candidate receives the letter by e-mail."),
    )


@hr_required
@require_POST
def offer_respond(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="offer_response_form",
        make_form=lambda data, app: OfferResponseForm(data),
        perform=lambda app, d: services.offer_respond(
            actor=request.user, offer=_offer(app, offer_id), **d
        ),
        success=_("Answer recorded."),
    )


@hr_required
@require_POST
def offer_withdraw(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_name="offer_withdraw_form",
        make_form=lambda data, app: OfferWithdrawForm(data),
        perform=lambda app, d: services.offer_withdraw(
            actor=request.user, offer=_offer(app, offer_id), reason=d["reason"]
        ),
        success=_("Offer withdrawn."),
    )


@hr_required
@require_GET
def offer_letter(request: HttpRequest, pk: int, offer_id: int) -> HttpResponseBase:
    """The offer letter as a PDF: the file that was sent, or a draft's letter as it reads now."""
    application = selectors.application_get_for_user(request.user, pk)
    if (elsewhere := masked_redirect(request, application)) is not None:
        return elsewhere  # the letter names the candidate
    filename, pdf = services.offer_letter_file(_offer(application, offer_id))
    return private_file_response(io.BytesIO(pdf), content_type="application/pdf", filename=filename)
