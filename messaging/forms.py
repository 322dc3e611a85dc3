"""Forms of the messaging pages: the shape of the input; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from messaging.kinds import KINDS


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 16}))
    application = forms.IntegerField(
        label=_("Preview with application no."), required=False, min_value=1
    )


class WriteForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))


def start_choices() -> list[tuple[str, str]]:
    """The templates HR may start a message from (applicant kinds), or a blank message."""
    return [("", str(_("Blank")))] + [
        (code, str(kind.label)) for code, kind in KINDS.items() if kind.to_applicant
    ]
