"""What several HR pages share: naming an applicant, and blind screening's detour."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from applications import blinding


def applicant_label(application) -> str:
    """The applicant's name in a message, or blind screening's reference when it is masked."""
    masked = blinding.masked(application)
    return masked.label if masked else application.candidate.full_name


def masked_redirect(request: HttpRequest, application) -> HttpResponse | None:
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
