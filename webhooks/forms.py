"""Forms of the HR webhook pages: the shape of the input; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from webhooks.models import WebhookEvent


class SubscriptionForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the events are POSTed (http:// or https://)."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=128,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to have one made; it is shown once."),
    )


class SubscriptionEditForm(SubscriptionForm):
    secret = forms.CharField(
        label=_("New secret"),
        max_length=128,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the current secret."),
    )
