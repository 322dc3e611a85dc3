"""Foreign-expert programmes (as data), expert cases, funding, immigration records, documents."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from applications.models import Application
from ats.i18n.names import translate_name
from ats.storage import PrivateStorage, private_storage

# --- programmes: data HR edits -------------------------------------------------------------


class Programme(models.Model):
    """A funding programme such as CAS PIFI; its eligibility rules are fields, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    host_country = CountryField(verbose_name=_("host country"), default="CN")
    excludes_host_nationals = models.BooleanField(
        _("excludes host-country nationals"),
        default=False,
        help_text=_("Refuse funding for experts whose nationality is the host country's."),
    )
    max_continuations = models.PositiveSmallIntegerField(
        _("maximum continuations"),
        null=True,
        blank=True,
        help_text=_("Continuations granted at most for one expert and host; empty: no limit."),
    )
    call_window = models.CharField(
        _("call window"),
        max_length=200,
        blank=True,
        help_text=_("When the host submits applications, e.g. “annually, September–October”."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return translate_name(self.name)


class ProgrammeCategory(models.Model):
    """A category of a programme (PIFI: Visiting Scientist, Postdoctoral Researcher, …)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="categories", verbose_name=_("programme")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Categories are renamed or retired over the years; old cases keep pointing at theirs.
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["programme", "position", "name"]
        verbose_name = _("programme category")
        verbose_name_plural = _("programme categories")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="programme_category_code")
        ]

    def __str__(self) -> str:
        return f"{self.programme.code}: {translate_name(self.name)}"


class Authentication(models.TextChoices):
    # What a document needs before the work-permit notice can be applied for.
    NONE = "none", _("None")
    LEGALISED = "legalised", _("Legalised (apostille or consulate)")
    LEGALISED_OR_VERIFIED = "legalised_or_verified", _("Legalised or verified")


class DocumentRequirement(models.Model):
    """One line of a programme's checklist template; a category narrows it, none means all."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="document_requirements",
        verbose_name=_("programme"),
    )
    category = models.ForeignKey(
        ProgrammeCategory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_requirements",
        help_text=_("Only for this category; empty: every category of the programme."),
        verbose_name=_("category"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    required = models.BooleanField(_("required"), default=True)
    authentication = models.CharField(
        _("authentication"),
        max_length=30,
        choices=Authentication.choices,
        default=Authentication.NONE,
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["programme", "position", "name"]
        verbose_name = _("document requirement")
        verbose_name_plural = _("document requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "category", "code"], name="document_requirement_code"
            ),
            # NULLs are distinct in a unique index: the programme-wide lines need their own.
            models.UniqueConstraint(
                fields=["programme", "code"],
                condition=Q(category__isnull=True),
                name="document_requirement_code_all_categories",
            ),
        ]

    def __str__(self) -> str:
        return translate_name(self.name)


# --- cases ---------------------------------------------------------------------------------


class CaseStatus(models.TextChoices):
    FUNDING_PENDING = "funding_pending", _("Funding pending")
    PERMIT_APPLYING = "permit_applying", _("Applying for work permit")
    NOTICE_ISSUED = "notice_issued", _("Notice letter issued")
    VISA_ISSUED = "visa_issued", _("Visa issued")
    ARRIVED = "arrived", _("Arrived")
    PERMIT_CARD_ISSUED = "permit_card_issued", _("Work permit card issued")
    RESIDENCE_PERMIT_ISSUED = "residence_permit_issued", _("Residence permit issued")
    ACTIVE = "active", _("Active")
    RENEWAL_DUE = "renewal_due", _("Renewal due")
    ENDED = "ended", _("Ended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


CLOSED_CASE_STATUSES = (CaseStatus.ENDED, CaseStatus.WITHDRAWN)


class ExpertCase(models.Model):
    """One accepted foreign expert's way from funding to arrival, residence and renewals."""

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="expert_case",
        verbose_name=_("application"),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=CaseStatus.choices, default=CaseStatus.FUNDING_PENDING
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("programme"),
    )
    category = models.ForeignKey(
        ProgrammeCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("category"),
    )
    nationality = CountryField(verbose_name=_("nationality"), blank=True)
    passport_number = models.CharField(_("passport number"), max_length=40, blank=True)
    passport_expiry = models.DateField(_("passport expiry"), null=True, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    host_institute = models.CharField(_("host institute"), max_length=200, blank=True)
    supervisor = models.CharField(_("supervisor"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    # The day of entry into the host country: the clock of the 15- and 30-day deadlines.
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("expert case")
        verbose_name_plural = _("expert cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="case_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="case_actual_end_after_start",
                violation_error_message=_("The actual end cannot be before the actual start."),
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.application.candidate} ({self.get_status_display()})"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_CASE_STATUSES


class CaseEvent(models.Model):
    """Append-only audit of a case: every move, and every change to its funding and records."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        MOVED = "moved", _("Moved")
        UPDATED = "updated", _("Details changed")
        FUNDING = "funding", _("Funding")
        IMMIGRATION = "immigration", _("Immigration record")
        DOCUMENT = "document", _("Document")

    case = models.ForeignKey(
        ExpertCase, on_delete=models.CASCADE, related_name="events", verbose_name=_("case")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    from_status = models.CharField(
        max_length=30, choices=CaseStatus.choices, blank=True, verbose_name=_("from status")
    )
    to_status = models.CharField(
        max_length=30, choices=CaseStatus.choices, blank=True, verbose_name=_("to status")
    )
    summary = models.CharField(max_length=300, blank=True, verbose_name=_("summary"))
    # The summary written in every language of the site (`services.base.audit`), so that each
    # reader sees the history in theirs; empty on rows written before, which show `summary`.
    summaries = models.JSONField(default=dict, blank=True, verbose_name=_("summary by language"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system acted (a case opened by the workflow)."),
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind} {self.to_status or self.summary}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Case events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Case events are append-only and cannot be deleted.")

    @property
    def summary_shown(self) -> str:
        """The summary in the reader's language, or as it was written when that is missing."""
        return self.summaries.get(translation.get_language() or "", "") or self.summary


# --- funding -------------------------------------------------------------------------------


class FundingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", pgettext_lazy("funding", "Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACTIVE = "active", pgettext_lazy("funding", "Active")
    COMPLETED = "completed", pgettext_lazy("funding", "Completed")
    CANCELLED = "cancelled", _("Cancelled")


# A funding that was granted, whatever became of it later: continuations count these.
GRANTED_FUNDING_STATUSES = (
    FundingStatus.AWARDED,
    FundingStatus.ACTIVE,
    FundingStatus.COMPLETED,
    FundingStatus.CANCELLED,
)


class FundingApplication(models.Model):
    """One application to a programme's call for one case; continuations are numbered 1, 2, …"""

    case = models.ForeignKey(
        ExpertCase, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("case")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="fundings", verbose_name=_("programme")
    )
    category = models.ForeignKey(
        ProgrammeCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    call_year = models.PositiveSmallIntegerField(
        _("call year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FundingStatus.choices, default=FundingStatus.DRAFT
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY", blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True
    )
    continuation_number = models.PositiveSmallIntegerField(
        _("continuation"), default=0, help_text=_("0 for a first award, 1 and 2 for continuations.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["case", "call_year", "continuation_number", "id"]
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True)
                | Q(submitted_on__isnull=True)
                | Q(decided_on__gte=F("submitted_on")),
                name="funding_decided_after_submitted",
                violation_error_message=_("The decision cannot be before the submission."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code.upper()} {self.call_year} ({self.get_status_display()})"


# --- immigration ---------------------------------------------------------------------------


class RecordKind(models.TextChoices):
    NOTIFICATION_LETTER = "notification_letter", _("Notification letter of work permit")
    VISA = "visa", _("Visa")
    ACCOMMODATION_REGISTRATION = "accommodation_registration", _("Accommodation registration")
    WORK_PERMIT = "work_permit", _("Work permit card")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")


class VisaType(models.TextChoices):
    Z = "Z", _("Z (work)")
    R = "R", _("R (high-level talent)")
    F = "F", _("F (invited visit)")
    M = "M", _("M (business)")
    X = "X", _("X (study)")
    OTHER = "other", _("Other")


class PermitCategory(models.TextChoices):
    A = "A", _("A (85 points or more)")
    B = "B", _("B (60 to 85 points)")
    C = "C", _("C (under 60 points)")


class RecordStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    ISSUED = "issued", _("Issued")
    # A renewal issues a new record; the old one stays as history and stops counting.
    SUPERSEDED = "superseded", _("Superseded by a renewal")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Refused")


class ImmigrationRecord(models.Model):
    """A notification letter, visa, registration, work permit card or residence permit."""

    case = models.ForeignKey(
        ExpertCase, on_delete=models.CASCADE, related_name="records", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=RecordKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.ISSUED
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    visa_type = models.CharField(
        _("visa type"), max_length=10, choices=VisaType.choices, blank=True
    )
    permit_category = models.CharField(
        _("permit category"), max_length=1, choices=PermitCategory.choices, blank=True
    )
    points = models.PositiveSmallIntegerField(
        _("points"), null=True, blank=True, validators=[MaxValueValidator(200)]
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["case", "issued_on", "id"]
        verbose_name = _("immigration record")
        verbose_name_plural = _("immigration records")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="record_valid_to_after_from",
                violation_error_message=_("“Valid to” cannot be before “valid from”."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "status", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()


# --- documents -----------------------------------------------------------------------------


class DocumentStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    RECEIVED = "received", _("Received")
    LEGALISED = "legalised", _("Legalised")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", pgettext_lazy("document", "Rejected")


class LegalisationKind(models.TextChoices):
    NONE = "", _("None")
    APOSTILLE = "apostille", _("Apostille")
    CONSULAR = "consular", _("Consular legalisation")
    VERIFICATION = "verification", _("Verification (e.g. CSCSE)")


def _private_storage() -> PrivateStorage:
    # A callable (named in migration 0001), so that the storage is not part of the migration.
    return private_storage


def document_upload_to(instance: "CaseDocument", filename: str) -> str:
    # Never the uploaded file's name on disk: a random name in a dated folder.
    return f"programs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class CaseDocument(models.Model):
    """One line of a case's checklist, copied from the programme's template, with its file."""

    case = models.ForeignKey(
        ExpertCase, on_delete=models.CASCADE, related_name="documents", verbose_name=_("case")
    )
    requirement = models.ForeignKey(
        DocumentRequirement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requirement"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    required = models.BooleanField(_("required"), default=True)
    authentication = models.CharField(
        _("authentication"),
        max_length=30,
        choices=Authentication.choices,
        default=Authentication.NONE,
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.MISSING
    )
    legalisation_kind = models.CharField(
        _("legalisation"), max_length=20, choices=LegalisationKind.choices, blank=True
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    file = models.FileField(
        storage=_private_storage,
        upload_to=document_upload_to,
        max_length=200,
        blank=True,
        verbose_name=_("file"),
    )
    original_name = models.CharField(max_length=255, blank=True, verbose_name=_("original name"))
    content_type = models.CharField(max_length=100, blank=True, verbose_name=_("content type"))
    size = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("size"))
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["case", "position", "id"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        constraints = [
            models.UniqueConstraint(fields=["case", "code"], name="case_document_code"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=F("issued_on")),
                name="document_expires_after_issue",
                violation_error_message=_("A document cannot expire before it was issued."),
            ),
        ]

    def __str__(self) -> str:
        return f"{translate_name(self.name)} ({self.get_status_display()})"

    @property
    def is_ready(self) -> bool:
        """Good enough for the work-permit application (received, and authenticated if needed)."""
        if self.authentication == Authentication.LEGALISED:
            return self.status == DocumentStatus.LEGALISED
        if self.authentication == Authentication.LEGALISED_OR_VERIFIED:
            return self.status in (DocumentStatus.LEGALISED, DocumentStatus.VERIFIED)
        return self.status in (
            DocumentStatus.RECEIVED,
            DocumentStatus.LEGALISED,
            DocumentStatus.VERIFIED,
        )
