"""Page-side plumbing shared by every app's forms: a service's refusal shown on a form."""

from django import forms
from django.core.exceptions import ValidationError

from ats.errors import DomainError, InvalidInput, as_domain_error


def add_domain_error(form: forms.BaseForm, exc: DomainError | ValidationError) -> None:
    """Show a refusal on the form: each message on its field when the form has that field (and
    shows it), otherwise on top of the form."""
    error = as_domain_error(exc)
    items = (
        error.errors.items()
        if isinstance(error, InvalidInput)
        else [(error.field, [error.message])]
    )
    for name, messages in items:
        field = name if name in form.fields and not form[name].is_hidden else None
        for message in messages:
            form.add_error(field, message)
