"""Job openings, channels, candidates, applications, their stages, the audit log and offers."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from ats.i18n.names import translate_name

COVER_LETTER_MAX = 10000


def normalise_email(email: str) -> str:
    """The key that identifies one person: trimmed and lower-cased."""
    return email.strip().lower()


def fold_name(name: str) -> str:
    """A name compared loosely: case, accents and spacing ignored ("Müller" = "muller")."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def phone_key(phone: str) -> str:
    """The last nine digits: the same number written with or without +CC, 00 or a trunk 0."""
    digits = "".join(c for c in phone if c.isdigit())
    return digits[-9:] if len(digits) >= 8 else ""


def applicant_facing_status(stage_kind: str, status: str) -> str:
    """The words an applicant sees for where their application stands (no internal detail)."""
    if status == ApplicationStatus.REJECTED:
        return str(_("Not selected"))
    if status == ApplicationStatus.WITHDRAWN:
        return str(_("Withdrawn"))
    words: dict[str, Any] = {
        StageKind.APPLIED: _("Received"),
        StageKind.SCREENING: _("Under review"),
        StageKind.EXAM: _("Written examination"),
        StageKind.INTERVIEW: _("Interviews"),
        StageKind.OFFER: _("Offer"),
        StageKind.HIRED: _("Joined"),
    }
    return str(words.get(stage_kind, _("In progress")))


class StageKind(models.TextChoices):
    # What decides that an application may leave a stage of this kind (see workflow.py gates).
    APPLIED = "applied", _("Application received")  # HR decides
    SCREENING = "screening", _("Preliminary screening")  # a screening decision of pass
    EXAM = "exam", _("Written examination")  # sat the exam and reached the pass mark
    INTERVIEW = "interview", _("Interview")  # every scorecard in and the round decision advance
    OFFER = "offer", _("Offer")  # the offer was accepted
    HIRED = "hired", _("Joined")  # terminal


# Stages whose entry sends its own invitation; entering them does not e-mail the applicant
# unless HR turns it on (one move, one message).
SILENT_STAGE_KINDS = frozenset({StageKind.EXAM, StageKind.INTERVIEW})


def notifies_by_default(kind: str) -> bool:
    return kind not in SILENT_STAGE_KINDS


class ApplicationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    HIRED = "hired", _("Hired")


class PipelineTemplate(models.Model):
    """An ordered list of stages that a new job opening copies; HR edits these as data."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(_("default for new jobs"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("pipeline template")
        verbose_name_plural = _("pipeline templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_pipeline"
            )
        ]

    def __str__(self) -> str:
        return translate_name(self.name)


class PipelineTemplateStage(models.Model):
    template = models.ForeignKey(
        PipelineTemplate,
        on_delete=models.CASCADE,
        related_name="stages",
        verbose_name=_("template"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=StageKind.choices)

    class Meta:
        verbose_name = _("pipeline template stage")
        verbose_name_plural = _("pipeline template stages")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="template_stage_position"
            ),
            models.UniqueConstraint(fields=["template", "name"], name="template_stage_name"),
        ]

    def __str__(self) -> str:
        return f"{self.template}: {self.position}. {translate_name(self.name)}"


class Channel(models.Model):
    """Where a job is advertised and where an application came from."""

    class Kind(models.TextChoices):
        CAREERS = "careers", _("Own careers page")
        LINKEDIN = "linkedin", _("LinkedIn")
        REFERRAL = "referral", _("Referral")
        EMAIL = "email", _("E-mail")
        JOB_BOARD = "job_board", _("Job board")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]

    def __str__(self) -> str:
        return translate_name(self.name)


class JobOpening(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", _("Full time")
        PART_TIME = "part_time", _("Part time")
        FIXED_TERM = "fixed_term", _("Fixed-term contract")
        FELLOWSHIP = "fellowship", _("Fellowship")
        INTERNSHIP = "internship", _("Internship")

    reference = models.CharField(_("reference code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    department = models.CharField(_("department"), max_length=120, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    employment_type = models.CharField(
        _("employment type"),
        max_length=20,
        choices=EmploymentType.choices,
        default=EmploymentType.FULL_TIME,
    )
    description = models.TextField(_("description"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    headcount = models.PositiveSmallIntegerField(
        _("headcount"), default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    is_foreign_expert_call = models.BooleanField(_("foreign-expert call"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("job opening")
        verbose_name_plural = _("job openings")
        ordering = ["-opens_on", "reference"]
        constraints = [
            models.CheckConstraint(condition=Q(headcount__gte=1), name="job_headcount_positive"),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True)
                | Q(opens_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="job_closes_after_opens",
                violation_error_message=_("The closing date cannot be before the opening date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean(self) -> None:
        # The constraint below is the database's guard; this names the field for the form.
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("The closing date cannot be before the opening date.")}
            )


class Posting(models.Model):
    """A job advertised on one channel on one date."""

    job = models.ForeignKey(
        JobOpening, on_delete=models.CASCADE, related_name="postings", verbose_name=_("job")
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="postings", verbose_name=_("channel")
    )
    posted_on = models.DateField(_("posted on"))
    url = models.URLField(_("link"), blank=True)
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["job", "posted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "channel", "posted_on"], name="posting_job_channel_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.job.reference} on {self.channel} ({self.posted_on})"


class JobStage(models.Model):
    """One stage of one job's pipeline, copied from a template and editable per job."""

    job = models.ForeignKey(
        JobOpening, on_delete=models.CASCADE, related_name="stages", verbose_name=_("job")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=StageKind.choices)
    # Whether entering this stage e-mails the applicant (notifies_by_default for a new one).
    notify_applicant = models.BooleanField(_("e-mail the applicant on entering it"), default=True)

    class Meta:
        verbose_name = _("job stage")
        verbose_name_plural = _("job stages")
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="job_stage_position"),
            models.UniqueConstraint(fields=["job", "name"], name="job_stage_name"),
        ]

    def __str__(self) -> str:
        return translate_name(self.name)

    @property
    def is_terminal(self) -> bool:
        return self.kind == StageKind.HIRED


class JobStageTally(models.Model):
    """Running counts of one job stage, kept by the workflow engine in the transaction of each
    change (`applications.tallies`), so that a job's funnel reads one row a stage whatever the
    job's size. `tallies_rebuild` recomputes them from the applications and the event log."""

    stage = models.OneToOneField(
        JobStage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="tally",
        verbose_name=_("stage"),
    )
    # Applications whose furthest stage ever entered is this one: "reached" is the sum over
    # this stage and the later ones.
    furthest = models.IntegerField(_("furthest stage of"), default=0)
    # Active or hired applications in the stage now.
    current = models.IntegerField(_("in the stage now"), default=0)
    # Completed stays: events that left the stage, and the sum of their `seconds_in_previous`.
    stays = models.IntegerField(_("completed stays"), default=0)
    stay_seconds = models.FloatField(_("seconds of the completed stays"), default=0)
    # Moves into the stage, and the sum of their seconds since the application's submission
    # (the hired stage's give the time to hire).
    moves_in = models.IntegerField(_("moves into the stage"), default=0)
    moves_in_seconds = models.FloatField(_("seconds from submission to the moves in"), default=0)

    class Meta:
        verbose_name = _("job stage tally")
        verbose_name_plural = _("job stage tallies")

    def __str__(self) -> str:
        return f"{self.stage_id}: furthest {self.furthest}, now {self.current}"


class Candidate(models.Model):
    """One person across all their applications, identified by normalised e-mail."""

    full_name = models.CharField(
        _("full name"),
        max_length=200,
        error_messages={"blank": _("Please give your full name.")},
    )
    email = models.EmailField(
        _("e-mail"),
        max_length=254,
        error_messages={
            "blank": _("Please give a valid e-mail address."),
            "invalid": _("Please give a valid e-mail address."),
        },
    )
    email_normalised = models.CharField(
        max_length=254, unique=True, editable=False, verbose_name=_("normalised e-mail")
    )
    # Keys for spotting the same person under another e-mail (see PossibleDuplicate).
    name_key = models.CharField(
        max_length=200, db_index=True, editable=False, default="", verbose_name=_("name key")
    )
    phone_key = models.CharField(
        max_length=20, db_index=True, editable=False, default="", verbose_name=_("phone key")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    nationality = CountryField(verbose_name=_("nationality"), blank=True)
    country_of_residence = CountryField(verbose_name=_("country of residence"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    # Set when the person's data was erased: the row stays, anonymous, so that the statistics
    # rows (applications, stage events, scores) keep their foreign keys.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    # Set when HR merged this person into another (`candidate_merge`): the row stays, with its
    # e-mail, so that the old address finds the survivor and the merge can be undone exactly.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absorbed",
        verbose_name=_("merged into"),
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The unique key is derived from the e-mail; keeping them in step is a row invariant.
        self.email_normalised = normalise_email(self.email)
        self.name_key = fold_name(self.full_name)
        self.phone_key = phone_key(self.phone)
        super().save(*args, **kwargs)


class RejectionReason(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    label = models.CharField(_("label"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return translate_name(self.label)


class Application(models.Model):
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("candidate"),
    )
    job = models.ForeignKey(
        JobOpening, on_delete=models.PROTECT, related_name="applications", verbose_name=_("job")
    )
    source = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("source channel"),
    )
    stage = models.ForeignKey(
        JobStage, on_delete=models.PROTECT, related_name="applications", verbose_name=_("stage")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.ACTIVE,
    )
    rejection_reason = models.ForeignKey(
        RejectionReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rejection reason"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    stage_entered_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("stage entered at")
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # The language the applicant applied in: every message to them is written in it.
    language = models.CharField(_("language"), max_length=10, default="en")
    # The highest stage position ever entered (the workflow engine raises it in its own UPDATE),
    # so the funnel is a GROUP BY and a later back-move changes nothing.
    furthest_position = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("The position of the furthest stage the application ever entered."),
        verbose_name=_("furthest stage position"),
    )
    # Optimistic concurrency: every change bumps it; the engine updates only `WHERE version = v`.
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "job"], name="one_application_per_job"),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.REJECTED) | Q(rejection_reason__isnull=False),
                name="rejected_has_reason",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="application_version_min"),
        ]
        indexes = [
            models.Index(fields=["job", "stage", "status"]),
            models.Index(fields=["submitted_at"]),
            models.Index(fields=["job", "furthest_position"]),
            models.Index(fields=["job", "source", "status"]),
            # A job's applications newest first, paged by cursor (`ats.api.KeysetPagination`):
            # the page after (t, id) starts at that position in the index.
            models.Index(fields=["job", "-submitted_at", "-id"], name="application_job_newest"),
            # A board column in the board's order: its first page is one LIMIT on this index
            # (`selectors.applications._first_ids`), its next pages start at a (time, id).
            models.Index(
                fields=["stage", "stage_entered_at", "id"], name="application_board_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.job.reference}"

    @property
    def is_active(self) -> bool:
        return self.status == ApplicationStatus.ACTIVE


class StageEvent(models.Model):
    """Append-only audit of every stage and status change; the source of funnels and timings."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        MOVED = "moved", _("Moved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REOPENED = "reopened", _("Reopened")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    from_stage = models.ForeignKey(
        JobStage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from stage"),
    )
    to_stage = models.ForeignKey(
        JobStage, on_delete=models.PROTECT, related_name="+", verbose_name=_("to stage")
    )
    from_status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, blank=True, verbose_name=_("from status")
    )
    to_status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, verbose_name=_("to status")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the applicant acted."),
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("at"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    rejection_reason = models.ForeignKey(
        RejectionReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rejection reason"),
    )
    is_override = models.BooleanField(default=False, verbose_name=_("override"))
    is_backward = models.BooleanField(default=False, verbose_name=_("backward move"))
    version = models.PositiveIntegerField(
        help_text=_("The application's version after the event."), verbose_name=_("version")
    )
    # Written with the event: the time spent in the stage the application left (`from_stage`),
    # so time in stage is an average grouped by stage. Null when the stage did not change.
    seconds_in_previous = models.FloatField(
        null=True,
        blank=True,
        help_text=_("Seconds spent in the stage left; empty when the stage did not change."),
        verbose_name=_("seconds in the previous stage"),
    )

    class Meta:
        verbose_name = _("stage event")
        verbose_name_plural = _("stage events")
        ordering = ["application", "at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="one_event_per_version")
        ]
        indexes = [
            models.Index(
                fields=["from_stage", "seconds_in_previous"],
                condition=Q(seconds_in_previous__isnull=False),
                name="stage_event_stay",
            ),
        ]

    def __str__(self) -> str:
        return _("%(application)s: %(kind)s → %(stage)s at %(day)s") % {
            "application": self.application_id,
            "kind": self.get_kind_display(),
            "stage": self.to_stage_id,
            "day": f"{self.at:%Y-%m-%d}",
        }

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Stage events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Stage events are append-only and cannot be deleted.")


class Offer(models.Model):
    """An offer to an application: drafted, approved in order by the job's approvers, sent
    (the letter e-mailed as a PDF), then accepted or declined, or withdrawn by HR."""

    class Status(models.TextChoices):
        # Drafted; the job's approvers approve it in order before it may be sent.
        DRAFT = "draft", _("Draft (awaiting approval)")
        # Sent to the candidate (or recorded as made); waiting for the answer.
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Currency(models.TextChoices):
        CNY = "CNY", _("CNY (Chinese yuan)")
        EUR = "EUR", _("EUR (euro)")
        USD = "USD", _("USD (US dollar)")
        GBP = "GBP", _("GBP (pound sterling)")
        HKD = "HKD", _("HKD (Hong Kong dollar)")
        JPY = "JPY", _("JPY (Japanese yen)")
        CHF = "CHF", _("CHF (Swiss franc)")
        AUD = "AUD", _("AUD (Australian dollar)")
        CAD = "CAD", _("CAD (Canadian dollar)")
        SGD = "SGD", _("SGD (Singapore dollar)")

    class ContractType(models.TextChoices):
        PERMANENT = "permanent", _("Permanent")
        FIXED_TERM = "fixed_term", _("Fixed-term")
        FELLOWSHIP = "fellowship", _("Fellowship or visiting position")
        PART_TIME = "part_time", _("Part-time")
        INTERNSHIP = "internship", _("Internship")

    # Offers that block a new one: at most one per application at a time.
    LIVE = ("draft", "offered", "accepted")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="offers", verbose_name=_("application")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    position_title = models.CharField(_("position"), max_length=200, blank=True)
    salary = models.DecimalField(
        _("salary"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    contract_type = models.CharField(
        _("contract type"),
        max_length=20,
        choices=ContractType.choices,
        default=ContractType.PERMANENT,
    )
    offered_on = models.DateField(_("offered on"))
    respond_by = models.DateField(_("respond by"), null=True, blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Approvals of earlier rounds stay on record; only this round's count (a change of the
    # terms or a rejection starts a new round).
    approval_round = models.PositiveIntegerField(_("approval round"), default=1)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-offered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["draft", "offered", "accepted"]),
                name="one_live_offer_per_application",
                violation_error_message=_(
                    "This application already has an open or accepted offer."
                ),
            ),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | Q(responded_on__gte=F("offered_on")),
                name="offer_response_after_offer",
            ),
            models.CheckConstraint(
                condition=Q(respond_by__isnull=True) | Q(respond_by__gte=F("offered_on")),
                name="offer_deadline_after_offer",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "declined"]) | Q(responded_on__isnull=False),
                name="offer_answer_has_date",
            ),
            models.CheckConstraint(
                condition=Q(salary__isnull=True) | Q(salary__gte=0),
                name="offer_salary_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Offer to {self.application} ({self.status})"

    @property
    def is_open(self) -> bool:
        """Sent and waiting for the candidate's answer."""
        return self.status == self.Status.OFFERED


class OfferApprover(models.Model):
    """One of a job's offer approvers; they approve every offer of the job in `position` order."""

    job = models.ForeignKey(
        JobOpening,
        on_delete=models.CASCADE,
        related_name="offer_approvers",
        verbose_name=_("job"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("approver"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("offer approver")
        verbose_name_plural = _("offer approvers")
        ordering = ["job", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "user"], name="one_approver_seat_per_job"),
        ]

    def __str__(self) -> str:
        return f"{self.user} approves offers of {self.job_id} (#{self.position})"


class OfferApproval(models.Model):
    """An approver's decision on one round of an offer: approved, or sent back to draft."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Sent back")

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("offer")
    )
    round = models.PositiveIntegerField(_("approval round"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("approver"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True, validators=[MaxLengthValidator(2000)])
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("offer approval")
        verbose_name_plural = _("offer approvals")
        ordering = ["offer", "at", "id"]

    def __str__(self) -> str:
        return f"{self.decision} by {self.user_id} (offer {self.offer_id}, round {self.round})"


class JobQuestion(models.Model):
    """A job's own question on the application form; a knock-out names its required answer."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        YES_NO = "yes_no", _("Yes / no")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        NUMBER = "number", pgettext_lazy("question kind", "Number")

    # Knock-outs compare: yes/no and single choice by equality, numbers as a minimum.
    KNOCKOUT_KINDS = (Kind.YES_NO, Kind.SINGLE_CHOICE, Kind.NUMBER)

    job = models.ForeignKey(
        JobOpening, on_delete=models.CASCADE, related_name="questions", verbose_name=_("job")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    is_knockout = models.BooleanField(_("knock-out"), default=False)
    knockout_answer = models.CharField(
        _("required answer"),
        max_length=200,
        blank=True,
        help_text=_("yes/no, one of the choices, or the minimum number"),
    )

    class Meta:
        verbose_name = _("application-form question")
        verbose_name_plural = _("application-form questions")
        ordering = ["job", "position", "id"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.kind == self.Kind.SINGLE_CHOICE and len(self.choices or []) < 2:
            raise ValidationError({"choices": _("A single-choice question needs two choices.")})
        if not self.is_knockout:
            return
        if self.kind not in self.KNOCKOUT_KINDS:
            raise ValidationError(
                {"is_knockout": _("Only yes/no, single-choice and number questions knock out.")}
            )
        answer = self.knockout_answer.strip()
        valid: bool | None = {
            str(self.Kind.YES_NO): answer in ("yes", "no"),
            str(self.Kind.SINGLE_CHOICE): answer in (self.choices or []),
        }.get(self.kind)
        if self.kind == self.Kind.NUMBER:
            try:
                float(answer)
                valid = True
            except ValueError:
                valid = False
        if not valid:
            raise ValidationError({"knockout_answer": _("This is not a possible answer.")})


class ApplicantAccess(models.Model):
    """A secret status link of an application: only its SHA-256 is stored. An application may
    have several (each e-mail to the applicant sends a fresh one); each keeps working."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="access", verbose_name=_("application")
    )
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    issued_at = models.DateTimeField(default=timezone.now, verbose_name=_("issued at"))

    class Meta:
        verbose_name = _("applicant status link")
        verbose_name_plural = _("applicant status links")

    def __str__(self) -> str:
        return f"status link of {self.application_id}"


class Submission(models.Model):
    """Facts of the online submission: consent, cover letter, and the double-click guard."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="submission",
        verbose_name=_("application"),
    )
    # One per rendered form: a second POST of the same form finds the first application.
    key = models.UUIDField(unique=True, verbose_name=_("key"))
    cover_letter = models.TextField(
        _("cover letter"), blank=True, validators=[MaxLengthValidator(COVER_LETTER_MAX)]
    )
    consent_text = models.TextField(_("consent given"))
    consented_at = models.DateTimeField(_("consented at"))
    ip_address = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("ip address"))

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"submission of {self.application_id}"


class PossibleDuplicate(models.Model):
    """A new candidate who looks like an existing one under another e-mail; HR decides.

    HR's decision is a judgement recorded with a note ("same person" alone moves nothing), or
    a merge of the two (`candidate_merge`, resolution "merged", undone by
    `candidate_merge_undo`). A judgement can be taken back (`duplicate_reopen`).
    """

    class Resolution(models.TextChoices):
        OPEN = "open", pgettext_lazy("duplicate", "Open")  # nobody has decided yet
        SAME_PERSON = "same_person", _("Same person")  # HR's judgement; the records stay apart
        DISTINCT = "distinct", _("Different people")
        MERGED = "merged", _("Merged")  # set by a merge only, taken back by undoing it

    # What HR may decide; "open" is only the state before a decision.
    DECISIONS = [(r.value, r.label) for r in (Resolution.SAME_PERSON, Resolution.DISTINCT)]

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="+", verbose_name=_("candidate")
    )
    existing = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="+", verbose_name=_("existing")
    )
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    resolution = models.CharField(
        _("resolution"), max_length=12, choices=Resolution.choices, default=Resolution.OPEN
    )
    resolution_note = models.TextField(_("note"), blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("resolved at"))
    # PROTECT: who decided is part of the record (deactivate a user rather than delete them).
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "existing"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=~Q(candidate=F("existing")), name="duplicate_not_self"
            ),
            models.CheckConstraint(
                condition=Q(resolution="open", resolved_by__isnull=True, resolved_at__isnull=True)
                | Q(
                    resolution__in=["same_person", "distinct", "merged"],
                    resolved_by__isnull=False,
                    resolved_at__isnull=False,
                ),
                name="duplicate_resolved_by_whom_and_when",
                violation_error_message=_(
                    "A resolved flag names who resolved it and when; an open one names neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} may be {self.existing}: {self.reason}"

    @property
    def is_open(self) -> bool:
        return self.resolution == self.Resolution.OPEN


def _private_storage():
    from ats.storage import private_storage

    return private_storage


def cv_upload_to(instance: "CVDocument", filename: str) -> str:
    # Never the applicant's file name on disk: a random name in a dated folder.
    import uuid

    return f"cvs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class DegreeLevel(models.TextChoices):
    # Ordered lowest to highest; filters compare by this order.
    OTHER = "other", _("Other")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    PHD = "phd", _("Doctorate")


DEGREE_ORDER = {level: rank for rank, level in enumerate(DegreeLevel.values)}


class CVDocument(models.Model):
    """The CV of an application: the private file, and its parse result with HR corrections."""

    class ParseStatus(models.TextChoices):
        PENDING = "pending", _("Waiting to be read")
        PARSED = "parsed", _("Read")
        FAILED = "failed", _("Could not be read")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="cv", verbose_name=_("application")
    )
    file = models.FileField(
        storage=_private_storage, upload_to=cv_upload_to, max_length=200, verbose_name=_("file")
    )
    original_name = models.CharField(max_length=255, verbose_name=_("original name"))
    content_type = models.CharField(max_length=100, verbose_name=_("content type"))
    size = models.PositiveIntegerField(verbose_name=_("size"))
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name=_("SHA-256"))
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("uploaded at"))

    parse_status = models.CharField(
        max_length=10,
        choices=ParseStatus.choices,
        default=ParseStatus.PENDING,
        verbose_name=_("parse status"),
    )
    parse_reason = models.CharField(max_length=200, blank=True, verbose_name=_("parse reason"))
    parse_attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("parse attempts"))
    parsed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("parsed at"))
    page_count = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("page count")
    )
    parsed = models.JSONField(default=dict, blank=True, verbose_name=_("parsed"))
    text = models.TextField(blank=True, verbose_name=_("text"))
    # {field: {"value": ..., "by": user id, "by_name": ..., "at": iso time}}; a re-parse keeps them.
    corrections = models.JSONField(default=dict, blank=True, verbose_name=_("corrections"))

    # Effective values (a correction wins over the parser), kept for filtering.
    highest_degree = models.CharField(
        max_length=10, choices=DegreeLevel.choices, blank=True, verbose_name=_("highest degree")
    )
    degree_rank = models.SmallIntegerField(null=True, blank=True, verbose_name=_("degree rank"))
    years_experience = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, verbose_name=_("years experience")
    )
    languages = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Lower-case English names, comma-framed."),
        verbose_name=_("languages"),
    )

    class Meta:
        verbose_name = _("CV")
        verbose_name_plural = _("CVs")
        indexes = [models.Index(fields=["degree_rank"]), models.Index(fields=["years_experience"])]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="cv_not_empty"),
        ]

    def __str__(self) -> str:
        return f"CV of {self.application_id} ({self.parse_status})"


class ConsentRecord(models.Model):
    """What an applicant agreed to, in which words (and their version), when, in which language.

    Processing for the application itself is given with every submission; the talent pool
    (being kept for other openings after this one ends) is a separate opt-in that the applicant
    may withdraw from their status page.
    """

    class Purpose(models.TextChoices):
        APPLICATION = "application", _("Processing for this application")
        TALENT_POOL = "talent_pool", _("Kept in the talent pool for other openings")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    text = models.TextField(_("text shown"))
    # A short digest of the text: two records with the same version saw the same words.
    text_version = models.CharField(_("text version"), max_length=16)
    language = models.CharField(_("language"), max_length=10)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "given_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_consent_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} consent of {self.application_id}"


class LegalHold(models.Model):
    """HR keeps a person's data past retention, for a stated reason, until the hold is lifted."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-set_at", "-id"]

    def __str__(self) -> str:
        return f"hold on {self.candidate_id}"


class ErasureRecord(models.Model):
    """That a person's data was erased: when, by whom, why. It holds no personal data."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="erasures")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_label = models.CharField(max_length=150)
    reason = models.TextField(_("reason"))
    automatic = models.BooleanField(default=False, help_text=_("Erased by the retention job."))
    application_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"erasure of {self.candidate_id} at {self.at:%Y-%m-%d}"


class PersonalDataAccess(models.Model):
    """Who opened a CV, exported or erased a person's data, and when (kept after erasure)."""

    class Action(models.TextChoices):
        CV_OPENED = "cv_opened", _("Opened the CV")
        EXPORTED = "exported", _("Exported the personal data")
        ERASED = "erased", _("Erased the personal data")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_label = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["candidate", "at"])]

    def __str__(self) -> str:
        return f"{self.action} of {self.candidate_id} by {self.by_label}"


class SubjectAccessRequest(models.Model):
    """An applicant asked, from their status page, for a copy of their data; HR has 30 days."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"access request of {self.candidate_id} due {self.due_on}"


# --- The candidates database: HR's tags and notes on a person ---------------------------------


TAG_NAME_MAX = 50
CANDIDATE_NOTE_MAX = 5000


class Tag(models.Model):
    """A label HR puts on people ("python", "re-contact in spring"), shared by all of HR."""

    name = models.CharField(_("name"), max_length=TAG_NAME_MAX, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            # "Python" and "python" are one tag: the service finds the existing one.
            models.UniqueConstraint(
                Lower("name"),
                name="tag_name_unique_ignoring_case",
                violation_error_message=_("A tag with this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class CandidateTag(models.Model):
    """One tag on one person: who put it there and when (erased with the person)."""

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="candidate_tags",
        verbose_name=_("candidate"),
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="candidate_tags", verbose_name=_("tag")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("candidate tag")
        verbose_name_plural = _("candidate tags")
        ordering = ["tag__name"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "tag"], name="candidate_tag_once")
        ]

    def __str__(self) -> str:
        return f"{self.tag_id} on {self.candidate_id}"


class CandidateNote(models.Model):
    """HR's note on a person, across their applications (erased with the person)."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="notes", verbose_name=_("candidate")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"), validators=[MaxLengthValidator(CANDIDATE_NOTE_MAX)])
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("candidate note")
        verbose_name_plural = _("candidate notes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"note on {self.candidate_id} at {self.created_at:%Y-%m-%d}"


class DuplicateReopening(models.Model):
    """HR took back the resolution of a possible duplicate: what it was, who reopened it, when."""

    flag = models.ForeignKey(PossibleDuplicate, on_delete=models.CASCADE, related_name="reopenings")
    previous_resolution = models.CharField(
        _("previous resolution"), max_length=12, choices=PossibleDuplicate.Resolution.choices
    )
    previous_note = models.TextField(_("previous note"), blank=True)
    previous_resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    previous_resolved_at = models.DateTimeField(null=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reopened possible duplicate")
        verbose_name_plural = _("reopened possible duplicates")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"flag {self.flag_id} reopened at {self.at:%Y-%m-%d}"


class CandidateMerge(models.Model):
    """HR merged one candidate (absorbed) into another (survivor); `changes` is what undoes it.

    `changes` holds every row the merge moved (`moved`: model label, pk, field, old value), every
    row it deleted because moving it would have broken a unique constraint (`deleted`: the
    rows serialised with `django.core.serializers`, "python" format in JSON), the survivor's
    fields it filled (`survivor`: field → old value) and the flags it resolved (`flags`: pk →
    the old resolution, note, resolver and time).
    """

    survivor = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="merges_survived", verbose_name=_("kept")
    )
    absorbed = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        related_name="merges_absorbed",
        verbose_name=_("merged in"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(default=dict)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("candidate merge")
        verbose_name_plural = _("candidate merges")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(survivor=F("absorbed")), name="merge_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.absorbed_id} merged into {self.survivor_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
