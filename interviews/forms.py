"""Page forms of interviews; they check input, the services decide."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from applications import selectors as application_selectors
from interviews import selectors, services
from interviews.models import SCALE, Criterion, Recommendation, RoundOutcome


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return selectors.person_name(obj)


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return selectors.person_name(obj)


# --- round setup ---------------------------------------------------------------------------


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name of the round"), max_length=100)
    min_panel_size = forms.IntegerField(
        label=_("Minimum panel size"), min_value=1, max_value=9, initial=2
    )


class CriterionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Criterion"), max_length=100)
    description = forms.CharField(
        label=_("What it covers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=25)
    anchor_1 = forms.CharField(label=_("1 means"), max_length=300)
    anchor_2 = forms.CharField(label=_("2 means"), max_length=300)
    anchor_3 = forms.CharField(label=_("3 means"), max_length=300)
    anchor_4 = forms.CharField(label=_("4 means"), max_length=300)
    anchor_5 = forms.CharField(label=_("5 means"), max_length=300)

    @property
    def anchor_fields(self) -> list[forms.BoundField]:
        return [self[f"anchor_{point}"] for point in SCALE]


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True, max_num=20)


# --- scheduling ----------------------------------------------------------------------------


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in services.time_zone_names()]


class TimeForm(forms.Form):
    """When and where; the times are read in the chosen time zone."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_time_zone_choices)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    video_link = forms.URLField(
        label=_("Video link"), max_length=500, required=False, assume_scheme="https"
    )
    already_held = forms.BooleanField(
        label=_("Already took place: record it without sending invitations"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = settings.TIME_ZONE

    def clean(self) -> dict[str, Any]:
        # The day and the two times in the chosen zone make the two instants. Whether they and
        # the place make an interview (end after start, a venue or a link) is the service's
        # rule; the page shows its refusal on the form.
        data = super().clean() or {}
        if {"day", "start", "end", "time_zone"} <= set(data):
            zone = ZoneInfo(data["time_zone"])
            data["starts_at"] = dt.datetime.combine(data["day"], data["start"], tzinfo=zone)
            data["ends_at"] = dt.datetime.combine(data["day"], data["end"], tzinfo=zone)
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "time_zone": data["time_zone"],
            "venue": data["venue"],
            "video_link": data["video_link"],
            "notify": not data["already_held"],
        }

    @classmethod
    def initial_for(cls, interview: Any) -> dict[str, Any]:
        return {
            "day": interview.local_start.date(),
            "start": interview.local_start.time().replace(second=0),
            "end": interview.local_end.time().replace(second=0),
            "time_zone": interview.time_zone,
            "venue": interview.venue,
            "video_link": interview.video_link,
        }


class ScheduleForm(TimeForm):
    panel = UsersChoiceField(
        label=_("Panel"),
        queryset=selectors.interviewers(),
        widget=forms.CheckboxSelectMultiple,
    )

    def service_arguments(self) -> dict[str, Any]:
        return {**super().service_arguments(), "panel": list(self.cleaned_data["panel"])}


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PanelMemberForm(forms.Form):
    interviewer = UserChoiceField(label=_("Interviewer"), queryset=selectors.interviewers())


# --- the panel member's side ---------------------------------------------------------------


class ConflictForm(forms.Form):
    """The member's answer; that a declared conflict needs a note is the service's rule."""

    answer = forms.ChoiceField(
        label=_("Conflict of interest"),
        choices=[
            ("none", _("I have no conflict of interest with this candidate")),
            ("declared", _("I have a conflict of interest")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("If so, what is the conflict?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScorecardForm(forms.Form):
    """A score (radio 1–5 with its anchor) and notes per criterion, then the recommendation."""

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Overall notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=[(point, f"{point} — {anchor}") for point, anchor in criterion.anchors],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            self.fields[f"notes_{criterion.pk}"] = forms.CharField(
                label=_("Notes on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @classmethod
    def initial_for(cls, scorecard: Any) -> dict[str, Any]:
        if scorecard is None:
            return {}
        initial: dict[str, Any] = {
            "recommendation": scorecard.recommendation,
            "notes": scorecard.notes,
        }
        for rating in scorecard.ratings.all():
            initial[f"score_{rating.criterion_id}"] = rating.score
            initial[f"notes_{rating.criterion_id}"] = rating.notes
        return initial

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "criterion": c,
                "score": self[f"score_{c.pk}"],
                "notes": self[f"notes_{c.pk}"],
            }
            for c in self.criteria
        ]

    def ratings(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "criterion": c.pk,
                "score": data.get(f"score_{c.pk}"),
                "notes": data.get(f"notes_{c.pk}", ""),
            }
            for c in self.criteria
        ]


# --- HR decisions --------------------------------------------------------------------------


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=RoundOutcome.choices)
    rejection_reason = forms.ModelChoiceField(
        label=_("Rejection reason"),
        queryset=application_selectors.rejection_reasons(),
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    move_on = forms.BooleanField(label=_("and move to the next stage now"), required=False)
