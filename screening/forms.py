"""HR page forms of screening and the exam; they check input, the services decide."""

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from applications.models import DegreeLevel
from screening import marking, marks_csv, services
from screening.models import (
    Attendance,
    Decision,
    Exam,
    ExamSection,
    NationalityRule,
    ScreeningCriteria,
    Sitting,
)


def _names(value: list[str] | None) -> str:
    return ", ".join(value or [])


def _country_choices() -> list[tuple[str, str]]:
    """Country names in the reader's language (a list made at import would stay English)."""
    return [(str(code), str(name)) for code, name in countries]


class CriteriaForm(forms.Form):
    min_degree = forms.ChoiceField(
        label=_("Minimum degree"),
        choices=[("", _("any")), *DegreeLevel.choices],
        required=False,
    )
    min_years_experience = forms.DecimalField(
        label=_("Minimum years of experience"),
        min_value=0,
        max_value=70,
        decimal_places=1,
        required=False,
    )
    required_languages = forms.CharField(
        label=_("Required languages"),
        required=False,
        max_length=1000,
        help_text=_("Comma-separated, e.g. English, French"),
    )
    desired_languages = forms.CharField(
        label=_("Desired languages"), required=False, max_length=1000
    )
    required_skills = forms.CharField(
        label=_("Required skills or keywords"),
        required=False,
        max_length=2000,
        help_text=_("Comma-separated; each is looked for in the CV's skills, then its text."),
    )
    desired_skills = forms.CharField(
        label=_("Desired skills or keywords"), required=False, max_length=2000
    )
    nationality_rule = forms.ChoiceField(label=_("Nationality"), choices=NationalityRule.choices)
    host_country = forms.ChoiceField(label=_("Host country"), choices=_country_choices)
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=_country_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("For “one of” and “not one of”."),
    )
    deadline = forms.DateField(
        label=_("Application deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    blind = forms.BooleanField(
        label=_("Blind screening"),
        required=False,
        help_text=_(
            "Reviewers see no name, photo, e-mail, phone, age, gender or nationality (unless the "
            "nationality rule needs it) until they have decided."
        ),
    )

    @classmethod
    def initial_from(cls, criteria: ScreeningCriteria) -> dict[str, Any]:
        return {
            "min_degree": criteria.min_degree,
            "min_years_experience": criteria.min_years_experience,
            "required_languages": _names(criteria.required_languages),
            "desired_languages": _names(criteria.desired_languages),
            "required_skills": _names(criteria.required_skills),
            "desired_skills": _names(criteria.desired_skills),
            "nationality_rule": criteria.nationality_rule,
            "host_country": str(criteria.host_country or "CN"),
            "countries": [str(c) for c in criteria.countries],
            "deadline": criteria.deadline,
            "blind": criteria.blind,
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=services.NOTE_MAX, widget=forms.Textarea
    )


def _time_zones() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones()) if "/" in name]


class ExamForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Local time at the venue (the time zone below)."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_time_zones)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440
    )
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )
    instructions = forms.CharField(
        label=_("Instructions for candidates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pass_mark = forms.DecimalField(label=_("Pass mark"), min_value=0, decimal_places=2)
    top_n = forms.IntegerField(
        label=_("Only the top N go on"),
        min_value=1,
        max_value=10000,
        required=False,
        help_text=_("Empty: everyone at or above the pass mark goes on."),
    )
    double_marking = forms.BooleanField(label=_("Second marker"), required=False)
    discrepancy_threshold = forms.DecimalField(
        label=_("Allowed difference between markers (points)"),
        min_value=0,
        decimal_places=2,
        initial=Decimal(5),
    )

    def clean_starts_at(self) -> Any:
        value = self.cleaned_data["starts_at"]
        # Django makes it aware in the server's zone; the exam's zone is the one that counts.
        return value.replace(tzinfo=None) if value is not None else None

    @classmethod
    def initial_from(cls, exam: Exam | None) -> dict[str, Any]:
        """The form filled with the exam (its start in the venue's time), or the defaults."""
        if exam is None:
            return {
                "time_zone": "Asia/Shanghai",
                "duration_minutes": 120,
                "discrepancy_threshold": 5,
            }
        local = exam.starts_at.astimezone(ZoneInfo(exam.time_zone)).replace(tzinfo=None)
        return {
            "title": exam.title,
            "starts_at": local,
            "time_zone": exam.time_zone,
            "duration_minutes": exam.duration_minutes,
            "venue": exam.venue,
            "online_link": exam.online_link,
            "instructions": exam.instructions,
            "pass_mark": exam.pass_mark,
            "top_n": exam.top_n,
            "double_marking": exam.double_marking,
            "discrepancy_threshold": exam.discrepancy_threshold,
        }


class SectionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Section"), max_length=120, required=False)
    max_points = forms.DecimalField(
        label=_("Maximum points"), min_value=Decimal("0.01"), max_value=1000, required=False
    )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("name") and data.get("max_points") is None:
            self.add_error("max_points", _("Give the section's maximum."))
        if data.get("max_points") is not None and not data.get("name"):
            self.add_error("name", _("Give the section a name."))
        return data


SectionFormSet = forms.formset_factory(SectionForm, extra=2, max_num=30)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        refusal = marks_csv.size_refusal(upload.size)
        if refusal is not None:
            raise forms.ValidationError(refusal)
        return upload


class MarksGrid:
    """The marking grid's POST: only the cells that differ from what the page showed.

    Each cell comes with the value it was rendered with (`o-…`), so a marker's save does not
    overwrite marks another marker entered meanwhile in cells this one did not touch.
    """

    def __init__(
        self,
        data: Any,
        *,
        sittings: list[Sitting],
        sections: list[ExamSection],
        roles: list[str],
    ) -> None:
        self.data = data
        self.sittings = sittings
        self.sections = sections
        self.roles = roles
        self.entries: list[services.ScoreEntry] = []
        self.attendance: dict[int, str] = {}
        self.errors: dict[str, list[str]] = {}

    def is_valid(self) -> bool:
        for sitting in self.sittings:
            key = f"att-{sitting.pk}"
            value = self.data.get(key)
            if value is not None and value != self.data.get(f"o-{key}"):
                if value in Attendance.values:
                    self.attendance[sitting.pk] = value
                else:
                    self._refuse(sitting, _("Choose present, absent or excused."))
            for section in self.sections:
                for role in self.roles:
                    key = f"m-{sitting.pk}-{section.pk}-{role}"
                    raw = self.data.get(key)
                    if raw is None or raw.strip() == self.data.get(f"o-{key}", "").strip():
                        continue
                    if not raw.strip():
                        self.entries.append(services.ScoreEntry(sitting, section, role, None))
                        continue
                    try:
                        points = marking.parse_points(raw)
                    except ValueError:
                        self._refuse(sitting, marks_csv.not_a_number(section.name, raw.strip()))
                        continue
                    self.entries.append(services.ScoreEntry(sitting, section, role, points))
        return not self.errors

    def _refuse(self, sitting: Sitting, message: Any) -> None:
        self.errors.setdefault(sitting.candidate_number, []).append(str(message))
