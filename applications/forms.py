"""HR page forms (workflow actions, offers, job settings): they check input, services decide."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from applications import selectors, workflow
from applications.models import (
    CANDIDATE_NOTE_MAX,
    TAG_NAME_MAX,
    Channel,
    JobOpening,
    JobQuestion,
    JobStage,
    Offer,
    PipelineTemplate,
    PossibleDuplicate,
    StageKind,
)
from ats.roles import HR_GROUP


class MoveForm(forms.Form):
    to_stage = forms.ModelChoiceField(queryset=JobStage.objects.none(), label=_("Move to"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to move back, to skip a stage, or to override a gate."),
    )
    override = forms.BooleanField(
        label=_("Override (skip stages or an unmet gate)"), required=False
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, job=None, **kwargs):
        super().__init__(*args, **kwargs)
        if job is not None:
            self.fields["to_stage"].queryset = JobStage.objects.filter(job=job).order_by("position")


class RejectionMessageFields(forms.Form):
    """How the applicant hears of a rejection: now, held for HR to preview and send, after a
    delay, or not at all."""

    message = forms.ChoiceField(
        label=_("E-mail to the applicant"),
        choices=[
            ("now", _("Send now")),
            ("hold", _("Hold for review (preview, then send from the communication log)")),
            ("delay", _("Send after a delay")),
            ("none", _("Do not send")),
        ],
        initial="now",
        required=False,
    )
    delay_days = forms.IntegerField(
        label=_("Delay (days)"), min_value=1, max_value=30, initial=2, required=False
    )


def rejection_notify(cleaned_data: dict[str, Any]) -> bool | workflow.Notify:
    """The engine's `notify=` for the choice made in RejectionMessageFields."""
    choice = cleaned_data.get("message") or "now"
    if choice == "none":
        return False
    if choice == "hold":
        return workflow.Notify(hold=True)
    if choice == "delay":
        return workflow.Notify(delay=timedelta(days=cleaned_data.get("delay_days") or 2))
    return True


class RejectForm(RejectionMessageFields):
    rejection_reason = forms.ModelChoiceField(
        queryset=selectors.rejection_reasons(), label=_("Reason")
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = ["rejection_reason", "note", "message", "delay_days"]


class BulkRejectForm(RejectionMessageFields):
    applications = forms.TypedMultipleChoiceField(coerce=int, choices=(), label=_("Applications"))
    rejection_reason = forms.ModelChoiceField(
        queryset=selectors.rejection_reasons(),
        label=_("Reason"),
        error_messages={"required": _("Choose a rejection reason.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the engine refuses, per application, what is not of this job.
        self.fields["applications"].valid_value = lambda value: True  # type: ignore[attr-defined]
        self.fields["applications"].error_messages["required"] = _(
            "Select at least one application."
        )


class ReasonForm(forms.Form):
    """Withdraw (reason optional) and reopen (reason required)."""

    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, reason_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class BulkMoveForm(forms.Form):
    applications = forms.TypedMultipleChoiceField(coerce=int, choices=(), label=_("Applications"))
    to_stage = forms.ModelChoiceField(
        queryset=JobStage.objects.none(),
        required=False,
        label=_("Move to"),
        empty_label=_("— each to its next stage —"),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].queryset = JobStage.objects.filter(job=job).order_by("position")
        # Any id is accepted here; the engine refuses, per application, what is not of this job.
        self.fields["applications"].valid_value = lambda value: True
        self.fields["applications"].error_messages["required"] = _(
            "Select at least one application."
        )


class OfferForm(forms.Form):
    """The terms of an offer (drafting one, or changing a draft)."""

    position_title = forms.CharField(label=_("Position"), max_length=200, required=False)
    salary = forms.DecimalField(
        label=_("Salary (a year)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=Offer.Currency.choices, initial=Offer.Currency.CNY
    )
    contract_type = forms.ChoiceField(
        label=_("Contract type"),
        choices=Offer.ContractType.choices,
        initial=Offer.ContractType.PERMANENT,
    )
    offered_on = forms.DateField(
        label=_("Offered on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    respond_by = forms.DateField(
        label=_("Respond by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        # Ids of its own: the application page has other forms with the same field names.
        kwargs.setdefault("auto_id", "offer-%s")
        super().__init__(*args, **kwargs)


class OfferApprovalForm(forms.Form):
    """An approver's comment: optional to approve, required to send the offer back."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, comment_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = comment_required


class OfferWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "offer-withdraw-%s")
        super().__init__(*args, **kwargs)


class OfferApproversForm(forms.Form):
    """A job's offer approvers in order: up to APPROVER_SEATS HR users, blanks skipped."""

    APPROVER_SEATS = 5

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query for every seat: the HR users, read once.
        users = get_user_model().objects.filter(is_active=True, groups__name=HR_GROUP)
        self.users = {u.pk: u for u in users.order_by("first_name", "last_name", "username")}
        choices = [("", _("— nobody —"))] + [
            (pk, u.get_full_name() or u.get_username()) for pk, u in self.users.items()
        ]
        for seat in range(1, self.APPROVER_SEATS + 1):
            self.fields[f"approver_{seat}"] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                label=_("Approver %(n)d") % {"n": seat},
            )

    def approvers(self) -> list[Any]:
        seats = range(1, self.APPROVER_SEATS + 1)
        chosen = (self.cleaned_data.get(f"approver_{n}") for n in seats)
        return [self.users[pk] for pk in chosen if pk is not None]


class OfferResponseForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("Accepted")), ("0", _("Declined"))],
        coerce=lambda v: v == "1",
    )
    responded_on = forms.DateField(
        label=_("Answered on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "offer-answer-%s")
        super().__init__(*args, **kwargs)


class ApplicationForm(forms.Form):
    """The public application form; the job's own questions are added as fields `q<id>`."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, help_text=_("With the country code.")
    )
    # The stubs want a plain str for blank_label; a lazy one is what gets translated.
    nationality = CountryField(blank=True, blank_label=_("— choose —")).formfield(  # type: ignore[call-overload]
        label=_("Nationality")
    )
    country_of_residence = CountryField(blank=True, blank_label=_("— choose —")).formfield(  # type: ignore[call-overload]
        label=_("Country of residence")
    )
    cv = forms.FileField(
        label=_("CV"),
        help_text=_("PDF (preferred) or Word .docx, at most %(mb)s MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf"}),
    )
    cover_letter = forms.CharField(
        label=_("Cover letter"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    consent = forms.BooleanField(label=_("I agree"))
    talent_pool = forms.BooleanField(label=_("Yes, keep me in the talent pool"), required=False)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    # Bots fill every field; people never see this one.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(
        self, *args, job, consent_text: str, max_mb: float, talent_pool_text: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["cv"].help_text = self.fields["cv"].help_text % {"mb": max_mb}
        self.fields["consent"].help_text = consent_text
        self.fields["talent_pool"].help_text = talent_pool_text
        from applications.models import JobQuestion

        kinds = JobQuestion.Kind
        for question in job.questions.all():
            common = {
                "label": question.label,
                "required": question.required,
                "help_text": question.help_text,
            }
            field: forms.Field
            if question.kind == kinds.YES_NO:
                field = forms.ChoiceField(
                    choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], **common
                )
            elif question.kind == kinds.SINGLE_CHOICE:
                field = forms.ChoiceField(
                    choices=[("", "—")] + [(c, c) for c in question.choices], **common
                )
            elif question.kind == kinds.NUMBER:
                field = forms.DecimalField(max_digits=12, decimal_places=2, **common)
            elif question.kind == kinds.LONG_TEXT:
                field = forms.CharField(
                    max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common
                )
            else:
                field = forms.CharField(max_length=300, **common)
            self.fields[f"q{question.pk}"] = field

    def question_fields(self):
        return [self[name] for name in self.fields if name.startswith("q")]

    def answers(self) -> dict:
        return {
            name: ("" if value is None else str(value))
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and name[1:].isdigit()
        }


class CVCorrectionForm(forms.Form):
    """HR's correction of one parsed CV field (the list fields as text, one entry a line)."""

    FIELD_CHOICES = [
        ("name", _("Name")),
        ("email", _("E-mail")),
        ("phone", _("Phone")),
        ("highest_degree", _("Highest degree")),
        ("years_experience", _("Years of experience")),
        ("languages", _("Languages (comma-separated)")),
        ("links", _("Links")),
        ("education", _("Education")),
        ("work", _("Work")),
        ("skills", _("Skills")),
    ]
    # The text form of the list fields (applications/cv/entries.py), shown under their box.
    LIST_HELP = {
        "work": _(
            "One job a line: title | organisation | start | end | internship. Dates as "
            "2019-03 or 2019; end empty or “present” while it goes on; “internship” last for "
            "an internship, a student or a volunteer job."
        ),
        "education": _(
            "One degree a line: degree | level | field | institution | year | in progress. "
            "Level: phd, master, bachelor, associate, secondary or other; “in progress” last "
            "while still studying."
        ),
        "skills": _("One skill a line, or several separated by commas."),
        "links": _("One web address (http or https) a line."),
    }
    field = forms.ChoiceField(choices=FIELD_CHOICES)
    value = forms.CharField(max_length=20_000, required=False)


class CVCorrectionClearForm(forms.Form):
    """HR withdraws a correction: the parser's value counts again."""

    field = forms.ChoiceField(choices=CVCorrectionForm.FIELD_CHOICES)


class DuplicateResolveForm(forms.Form):
    """HR's judgement on a possible duplicate; it records, it never merges."""

    resolution = forms.ChoiceField(
        label=_("These two are"),
        choices=PossibleDuplicate.DECISIONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose “same person” or “different people”."),
            "invalid_choice": _("Choose “same person” or “different people”."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you checked, and what should happen next."),
    )
    # The application page the form was on, to go back to.
    application = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, flag_id: int, **kwargs):
        # One form per open flag on the same page: ids must differ.
        kwargs.setdefault("auto_id", f"id_duplicate{flag_id}_%s")
        super().__init__(*args, **kwargs)


class DuplicateMergeForm(forms.Form):
    """Merge the two candidates of a flag: which one is kept, and why."""

    survivor = forms.TypedChoiceField(
        label=_("Keep"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose which of the two candidates is kept."),
            "invalid_choice": _("Choose which of the two candidates is kept."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, flag: PossibleDuplicate, **kwargs):
        kwargs.setdefault("auto_id", f"id_merge{flag.pk}_%s")
        super().__init__(*args, **kwargs)
        survivor = self.fields["survivor"]
        if isinstance(survivor, forms.ChoiceField):
            survivor.choices = [
                (
                    flag.existing_id,
                    _("the existing candidate (%(email)s)") % {"email": flag.existing.email},
                ),
                (
                    flag.candidate_id,
                    _("the newer candidate (%(email)s)") % {"email": flag.candidate.email},
                ),
            ]


class DuplicateNoteForm(forms.Form):
    """A note with "not the same person"."""

    note = DuplicateResolveForm.base_fields["note"]

    def __init__(self, *args, flag_id: int, **kwargs):
        kwargs.setdefault("auto_id", f"id_distinct{flag_id}_%s")
        super().__init__(*args, **kwargs)


# --- job openings: create and settings -------------------------------------------------------

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class JobForm(forms.Form):
    """A job opening's details; with `creating`, also the pipeline template to copy stages from."""

    reference = forms.CharField(label=_("Reference code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    department = forms.CharField(label=_("Department"), max_length=120, required=False)
    location = forms.CharField(label=_("Location"), max_length=120, required=False)
    employment_type = forms.ChoiceField(
        label=_("Employment type"),
        choices=JobOpening.EmploymentType.choices,
        initial=JobOpening.EmploymentType.FULL_TIME,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=JobOpening.Status.choices,
        initial=JobOpening.Status.DRAFT,
        help_text=_("The careers pages show an open job from its opening to its closing date."),
    )
    opens_on = forms.DateField(label=_("Opens on"), required=False, widget=DATE_INPUT)
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=DATE_INPUT)
    headcount = forms.IntegerField(
        label=_("Headcount"),
        min_value=1,
        max_value=32767,
        initial=1,
        help_text=_("People to hire."),
    )
    is_foreign_expert_call = forms.BooleanField(
        label=_("Foreign-expert call"),
        required=False,
        help_text=_("Accepted experts are followed through their programme."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    requirements = forms.CharField(
        label=_("Requirements"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    # How many of the three grid columns a field takes (the rest take one).
    SPANS = {"title": "span2", "description": "wide", "requirements": "wide"}

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["pipeline"] = forms.ModelChoiceField(
                label=_("Pipeline"),
                queryset=PipelineTemplate.objects.order_by("name"),
                help_text=_("The stages the job starts with; edit them afterwards in Settings."),
            )
            self.order_fields([*list(self.fields)[:9], "pipeline"])

    def layout(self) -> list[tuple[Any, str]]:
        """Each bound field with its grid class, in order."""
        return [(self[name], self.SPANS.get(name, "")) for name in self.fields]


class RowsFormSet(forms.BaseFormSet):
    """A formset of rows with order numbers and a remove box (stages, questions)."""

    def rows_in_order(self) -> list[forms.Form]:
        """The kept rows by their order number, rows without one last. A row given a number
        that another row has (a new row, or one moved there) goes before that row, as in
        "make it the 4th"; Django's `ordered_forms` would put it after."""
        keyed = []
        for index, form in enumerate(self.forms):
            is_extra = index >= self.initial_form_count()
            if (is_extra and not form.has_changed()) or form.cleaned_data.get("DELETE"):
                continue
            order = form.cleaned_data.get("ORDER")
            moved = is_extra or "ORDER" in form.changed_data
            keyed.append(((order is None, order or 0, not moved, index), form))
        return [form for _key, form in sorted(keyed, key=lambda pair: pair[0])]


class StageForm(forms.Form):
    """One row of a job's pipeline; an empty extra row adds nothing."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=pgettext_lazy("stage", "Name"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *StageKind.choices], required=False
    )
    # Job pipelines only (a pipeline template's page does not show it).
    notify_applicant = forms.BooleanField(
        label=_("E-mail the applicant"),
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-label": _("E-mail the applicant")}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and not data.get("name", "").strip():
            self.add_error("name", _("Give the stage a name."))
        if data.get("name", "").strip() and not data.get("kind"):
            self.add_error("kind", _("Choose the stage's kind."))
        return data


StageFormSet = forms.formset_factory(
    StageForm,
    formset=RowsFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    can_delete_extra=False,
    max_num=30,
)


class QuestionForm(forms.Form):
    """One question of a job's application form; the service checks it as a whole."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label=_("Question"), max_length=300, required=False)
    help_text = forms.CharField(label=_("Help text"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *JobQuestion.Kind.choices], required=False
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Single choice only: one per line."),
    )
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    is_knockout = forms.BooleanField(label=_("Knock-out"), required=False)
    knockout_answer = forms.CharField(
        label=_("Required answer"),
        max_length=200,
        required=False,
        help_text=_("yes / no, one of the choices, or the minimum number"),
    )

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=RowsFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    can_delete_extra=False,
    max_num=50,
)


class PostingForm(forms.Form):
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.order_by("name"), empty_label="—"
    )
    posted_on = forms.DateField(label=_("Posted on"), widget=DATE_INPUT)
    url = forms.URLField(
        label=_("Link to the advert"), required=False, max_length=200, assume_scheme="https"
    )
    notes = forms.CharField(label=_("Notes"), max_length=255, required=False)


class ErasureForm(forms.Form):
    """HR erases a person's data: a reason, and a tick that says they mean it."""

    reason = forms.CharField(
        label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the data must be kept"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- the candidates database -----------------------------------------------------------------


class TagForm(forms.Form):
    """Tag a person (an existing tag, ignoring case, or a new one)."""

    tag = forms.CharField(label=_("Tag"), max_length=TAG_NAME_MAX)


class CandidateNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=CANDIDATE_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AddToJobForm(forms.Form):
    """Enter a talent-pool person into another job (the service decides whether they may)."""

    job = forms.ModelChoiceField(
        queryset=JobOpening.objects.exclude(status=JobOpening.Status.CLOSED).order_by("reference"),
        label=_("Job"),
    )

    def __init__(self, *args: Any, candidate: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if candidate is not None:
            # Their own jobs are not offered (the service refuses a second application anyway).
            field = self.fields["job"]
            field.queryset = field.queryset.exclude(applications__candidate=candidate)  # type: ignore[attr-defined]


class CandidateBulkForm(forms.Form):
    """The candidates database's bulk actions on the ticked people of a page."""

    ACTIONS = [("tag", _("Tag")), ("email", _("E-mail"))]

    candidates = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        label=_("Candidates"),
        error_messages={"required": _("Tick at least one candidate.")},
    )
    action = forms.ChoiceField(choices=ACTIONS, label=_("Action"))
    tag = forms.CharField(label=_("Tag"), max_length=TAG_NAME_MAX, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the view reports, per person, what it refused.
        self.fields["candidates"].valid_value = lambda value: True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "tag" and not (data.get("tag") or "").strip():
            self.add_error("tag", _("Give the tag a name."))
        return data


class BulkTagForm(forms.Form):
    """The board's "tag selected": the people behind the ticked applications."""

    applications = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        label=_("Applications"),
        error_messages={"required": _("Tick at least one application.")},
    )
    tag = forms.CharField(label=_("Tag"), max_length=TAG_NAME_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].valid_value = lambda value: True  # type: ignore[attr-defined]
