"""What several HR pages share: naming an applicant, blind screening's detour, a service run
from a posted form, form errors and tags as messages."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from applications import blinding, services
from applications.models import Candidate
from ats.errors import DomainError
from ats.forms import add_domain_error


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


def form_performed(
    request: HttpRequest,
    form: forms.Form,
    perform: Callable[[dict[str, Any]], object],
    success: str,
) -> bool:
    """Validate a posted form and run the service with its data. True when it acted (`success`
    is the page's message); otherwise the form carries why not, the service's refusal too."""
    if not form.is_valid():
        return False
    try:
        perform(form.cleaned_data)
    except DomainError as exc:
        add_domain_error(form, exc)
        return False
    messages.success(request, success)
    return True


def performed(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    """Run a service with nothing to validate; its refusal or `done` becomes the page's
    message. Whether it acted."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True


def errors_as_messages(request: HttpRequest, form: forms.Form) -> None:
    """A bulk form's errors, shown on the page it returns to."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


def tag_each(request: HttpRequest, people: list[tuple[str, Candidate]], name: str) -> int:
    """Tag each (label, candidate); a refusal is a message naming the person by `label`."""
    tagged = 0
    for label, candidate in people:
        try:
            services.candidate_tag_add(candidate=candidate, actor=request.user, name=name)
        except DomainError as exc:
            messages.error(request, f"{label}: {exc.message}")
        else:
            tagged += 1
    if tagged:
        messages.success(
            request, _("%(n)d candidate(s) tagged “%(tag)s”.") % {"n": tagged, "tag": name}
        )
    return tagged
