"""HR page forms of the foreign-expert cases; they check input, the services decide."""

from typing import Any, cast

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from ats.i18n.names import translate_name
from programs import selectors
from programs import workflow as case_workflow
from programs.models import (
    CaseDocument,
    CaseStatus,
    DocumentStatus,
    ExpertCase,
    FundingApplication,
    FundingStatus,
    ImmigrationRecord,
    Programme,
    ProgrammeCategory,
)
from programs.services import FUNDING_TRANSITIONS


def _date_widgets(field: models.Field, **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.DateField):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    if isinstance(field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
    return field.formfield(**kwargs)


def _set_queryset(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Narrow a model choice field's choices when the form is made (not at import)."""
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def _set_choices(form: forms.BaseForm, name: str, choices: list[tuple[str, str | Promise]]) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


class InputForm(forms.ModelForm):
    """Fields, labels and choices from the model; validation of the whole row is the service's
    (through `full_clean` there), so the form neither builds nor checks an instance."""

    class Meta:
        formfield_callback = _date_widgets

    def _post_clean(self) -> None:
        return None


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProgrammeCategory) -> str:
        return f"{obj.programme.code.upper()} · {translate_name(obj.name)}"


def _categories() -> Any:
    return ProgrammeCategory.objects.select_related("programme").filter(is_active=True)


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Application) -> str:
        return f"{obj.candidate.full_name} — {obj.job.reference} ({translate_name(obj.stage.name)})"


class CaseOpenForm(forms.Form):
    application = ApplicationChoiceField(
        queryset=Application.objects.none(), label=_("Accepted application")
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.filter(is_active=True), required=False, label=_("Programme")
    )
    category = CategoryChoiceField(queryset=_categories(), required=False, label=_("Category"))
    host_institute = forms.CharField(label=_("Host institute"), max_length=200, required=False)
    supervisor = forms.CharField(label=_("Supervisor"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The choices are the applications that may have a case and have none yet; whether one
        # may is the service's rule (`case_open` refuses the others), kept in one place.
        _set_queryset(self, "application", selectors.applications_awaiting_case())
        _set_queryset(self, "category", _categories())


class CaseForm(InputForm):
    category = CategoryChoiceField(queryset=_categories(), required=False, label=_("Category"))

    class Meta(InputForm.Meta):
        model = ExpertCase
        fields = [
            "programme",
            "category",
            "nationality",
            "passport_number",
            "passport_expiry",
            "date_of_birth",
            "host_institute",
            "supervisor",
            "position",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "arrived_on",
            "notes",
        ]


class CaseMoveForm(forms.Form):
    to_status = forms.ChoiceField(choices=CaseStatus.choices, label=_("Move to"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"placeholder": _("Reason (required to end or withdraw)")}),
    )
    at = forms.DateField(
        label=_("On"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today. For “arrived”, the day of entry."),
    )

    def __init__(self, *args: Any, case: ExpertCase | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if case is not None:
            allowed = case_workflow.allowed_moves(case.status)
            _set_choices(self, "to_status", [(s, CaseStatus(s).label) for s in allowed])


class FundingForm(InputForm):
    category = CategoryChoiceField(queryset=_categories(), required=False, label=_("Category"))

    class Meta(InputForm.Meta):
        model = FundingApplication
        fields = [
            "programme",
            "category",
            "call_year",
            "continuation_number",
            "amount",
            "currency",
            "duration_months",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "programme", Programme.objects.filter(is_active=True))


class FundingEditForm(InputForm):
    category = CategoryChoiceField(queryset=_categories(), required=False, label=_("Category"))

    class Meta(InputForm.Meta):
        model = FundingApplication
        fields = [
            "category",
            "call_year",
            "continuation_number",
            "submitted_on",
            "decided_on",
            "amount",
            "currency",
            "duration_months",
            "notes",
        ]


class FundingMoveForm(forms.Form):
    to_status = forms.ChoiceField(choices=FundingStatus.choices, label=_("Move to"))
    submitted_on = forms.DateField(
        label=_("Submitted on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    decided_on = forms.DateField(
        label=_("Decided on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, funding: FundingApplication | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if funding is not None:
            allowed = FUNDING_TRANSITIONS.get(funding.status, ())
            _set_choices(self, "to_status", [(s, FundingStatus(s).label) for s in allowed])


class RecordForm(InputForm):
    class Meta(InputForm.Meta):
        model = ImmigrationRecord
        fields = [
            "kind",
            "status",
            "number",
            "visa_type",
            "permit_category",
            "points",
            "issued_on",
            "valid_from",
            "valid_to",
            "notes",
        ]


class DocumentForm(InputForm):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, JPEG or PNG; stored privately."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    class Meta(InputForm.Meta):
        model = CaseDocument
        fields = ["status", "legalisation_kind", "issued_on", "expires_on", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = DocumentStatus.MISSING


class DocumentAddForm(InputForm):
    class Meta(InputForm.Meta):
        model = CaseDocument
        fields = ["name", "required", "authentication"]
