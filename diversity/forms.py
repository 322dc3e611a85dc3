"""Forms of the monitoring pages: the shape of the input; the rules are the services'."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import JobOpening
from diversity.models import MonitoringSettings
from diversity.options import NO_ANSWER, choices, format_options, parse_options

OPTIONS_HELP = _(
    "One answer a line: code | English label | Chinese label. The code is what is stored; "
    "change the labels freely, but a changed code starts a new group in the report. "
    "“Prefer not to say” is always offered and need not be listed."
)


class OptionsField(forms.CharField):
    """The options as HR writes them, one a line; cleaned into the stored list."""

    widget = forms.Textarea(attrs={"rows": 7})

    def prepare_value(self, value: Any) -> Any:
        return format_options(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        try:
            return parse_options(text or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class SettingsForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Ask applicants (after they apply) to answer the optional questions"),
        required=False,
    )
    intro_en = forms.CharField(
        label=_("Introduction in English"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown above the questions, after our own explanation of how they are used."),
    )
    intro_zh = forms.CharField(
        label=_("Introduction in Chinese"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Left empty, Chinese readers see the English introduction."),
    )
    ask_gender = forms.BooleanField(label=_("Ask for gender"), required=False)
    gender_options = OptionsField(label=_("Gender: answer options"), help_text=OPTIONS_HELP)
    ask_age_band = forms.BooleanField(label=_("Ask for age band"), required=False)
    age_band_options = OptionsField(label=_("Age band: answer options"), help_text=OPTIONS_HELP)

    @classmethod
    def for_settings(cls, row: MonitoringSettings) -> "SettingsForm":
        return cls(initial={name: getattr(row, name) for name in cls.base_fields})


class SelfIdentificationForm(forms.Form):
    """The applicant's optional answers: every question may be left unanswered."""

    def __init__(self, *args: Any, config: MonitoringSettings, language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        leave = [(NO_ANSWER, str(_("Leave unanswered")))]
        if config.ask_gender:
            self.fields["gender"] = forms.ChoiceField(
                label=_("What is your gender?"),
                choices=choices(config.gender_options, language) + leave,
                required=False,
                widget=forms.RadioSelect,
            )
        if config.ask_age_band:
            self.fields["age_band"] = forms.ChoiceField(
                label=_("What is your age?"),
                choices=choices(config.age_band_options, language) + leave,
                required=False,
                widget=forms.RadioSelect,
            )


def _year_ago() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=365)


class ReportFilterForm(forms.Form):
    start = forms.DateField(label=_("Applied from"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Applied until"), widget=forms.DateInput(attrs={"type": "date"}))
    job = forms.ModelChoiceField(
        label=_("Job"),
        queryset=JobOpening.objects.order_by("reference"),
        required=False,
        empty_label=_("All jobs"),
    )

    def __init__(self, data: Any = None, **kwargs: Any):
        # Without a choice, the last twelve months of every job.
        defaults = {"start": _year_ago().isoformat(), "end": timezone.localdate().isoformat()}
        given = {key: value for key, value in (data or {}).items() if value not in ("", None)}
        super().__init__({**defaults, **given}, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period comes before its start."))
        return cleaned
