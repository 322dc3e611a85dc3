"""Interview rounds and criteria, interviews and their panels, scorecards, round decisions."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application, JobStage, RejectionReason

SCALE = range(1, 6)  # every criterion is rated 1 to 5, each point with a written anchor


class InterviewRound(models.Model):
    """One interview stage of a job: what the panel rates and how large the panel must be.

    Round n is the job's n-th stage of kind `interview`; rounds are created on demand
    (`services.rounds_ensure_for_job`) and follow their stage.
    """

    stage = models.OneToOneField(
        JobStage, on_delete=models.CASCADE, related_name="interview_round", verbose_name=_("stage")
    )
    name = models.CharField(_("name"), max_length=100)
    min_panel_size = models.PositiveSmallIntegerField(
        _("minimum panel size"), default=2, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["stage__job_id", "stage__position"]
        verbose_name = _("interview round")
        verbose_name_plural = _("interview rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_panel_size__gte=1) & Q(min_panel_size__lte=9),
                name="round_min_panel_size_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """What a round rates, with a weight and a written anchor for each point of the 1–5 scale."""

    round = models.ForeignKey(
        InterviewRound, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("round")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    anchor_1 = models.CharField(_("1 means"), max_length=300)
    anchor_2 = models.CharField(_("2 means"), max_length=300)
    anchor_3 = models.CharField(_("3 means"), max_length=300)
    anchor_4 = models.CharField(_("4 means"), max_length=300)
    anchor_5 = models.CharField(_("5 means"), max_length=300)

    class Meta:
        ordering = ["round", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="criterion_name_per_round"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100), name="criterion_weight_range"
            ),
            models.CheckConstraint(
                condition=~Q(anchor_1="")
                & ~Q(anchor_2="")
                & ~Q(anchor_3="")
                & ~Q(anchor_4="")
                & ~Q(anchor_5=""),
                name="criterion_every_point_anchored",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def anchors(self) -> list[tuple[int, str]]:
        return [(point, getattr(self, f"anchor_{point}")) for point in SCALE]


def new_ical_uid() -> str:
    return f"{uuid.uuid4()}@ats"


def default_time_zone() -> str:
    return settings.TIME_ZONE


class InterviewStatus(models.TextChoices):
    # Scheduled until the first scorecard comes in (then completed), or cancelled by HR, or the
    # candidate did not come (no-show). Only scheduled and completed interviews block a slot for
    # scheduling purposes, and count as "held" for the round.
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


LIVE_STATUSES = (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED)


class Interview(models.Model):
    """One interview of one application in one round: when, where, and (through PanelMember) who.

    Times are stored in UTC; `time_zone` is the zone it was planned in, in which it is shown and
    written into invitations. `ical_uid` and `ical_sequence` make a calendar replace the
    invitation it has when an update or a cancellation arrives.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="interviews",
        verbose_name=_("application"),
    )
    round = models.ForeignKey(
        InterviewRound, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("round")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=default_time_zone)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InterviewStatus.choices,
        default=InterviewStatus.SCHEDULED,
    )
    status_note = models.TextField(_("note"), blank=True)
    ical_uid = models.CharField(
        max_length=100,
        unique=True,
        default=new_ical_uid,
        editable=False,
        verbose_name=_("calendar UID"),
    )
    ical_sequence = models.PositiveIntegerField(default=0, verbose_name=_("calendar sequence"))
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="interview_ends_after_start",
                violation_error_message=_("The interview must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(video_link=""),
                name="interview_has_place",
                violation_error_message=_("Give a venue or a video link."),
            ),
            # One interview that counts per application and round; a cancelled or missed one
            # leaves room for the next.
            models.UniqueConstraint(
                fields=["application", "round"],
                condition=Q(status__in=["scheduled", "completed"]),
                name="one_live_interview_per_round",
                violation_error_message=_(
                    "This application already has an interview in the round."
                ),
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="interview_time_idx")]

    def __str__(self) -> str:
        return f"{self.round.name} – {self.application.candidate.full_name}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.zone)


class ConflictStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Not yet confirmed")
    NONE = "none", _("No conflict")
    DECLARED = "declared", _("Conflict declared")


class PanelMember(models.Model):
    """An interviewer on an interview's panel, their conflict-of-interest answer, and whether HR
    replaced them (a removed member keeps their row, with who replaced them)."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="panel", verbose_name=_("interview")
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="interview_panels",
        verbose_name=_("interviewer"),
    )
    conflict_status = models.CharField(
        _("conflict of interest"),
        max_length=12,
        choices=ConflictStatus.choices,
        default=ConflictStatus.UNCONFIRMED,
    )
    conflict_note = models.TextField(_("conflict note"), blank=True)
    conflict_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now, verbose_name=_("added at"))
    removed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("removed at"))
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    removal_reason = models.TextField(_("why removed"), blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaced by"),
    )
    # The one reminder for a scorecard still missing a day after the interview.
    reminder_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reminder sent at")
    )

    class Meta:
        ordering = ["interview", "added_at", "id"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"], name="panel_member_once_per_interview"
            ),
            models.CheckConstraint(
                condition=Q(conflict_status="unconfirmed") | Q(conflict_at__isnull=False),
                name="panel_conflict_answer_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(conflict_status="declared") | ~Q(conflict_note=""),
                name="panel_conflict_declared_has_note",
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | Q(removed_at__isnull=False),
                name="panel_replaced_member_is_removed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.interview_id}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", _("Strong no")
    NO = "no", _("No")
    YES = "yes", _("Yes")
    STRONG_YES = "strong_yes", _("Strong yes")


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")  # locked; only HR reopens it, with a reason


class Scorecard(models.Model):
    """One panel member's ratings of one interview, with their overall recommendation."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("interview")
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="scorecards",
        verbose_name=_("interviewer"),
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    notes = models.TextField(_("overall notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["interview", "created_at", "id"]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"], name="one_scorecard_per_panel_member"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(submitted_at__isnull=False) & ~Q(recommendation="")),
                name="submitted_scorecard_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Scorecard of {self.interviewer} for {self.interview_id} ({self.status})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ScorecardStatus.SUBMITTED


class Rating(models.Model):
    """A score on one criterion (empty while the scorecard is a draft) and the notes behind it."""

    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("scorecard")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("criterion")
    )
    score = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCALE.start), MaxValueValidator(SCALE.stop - 1)],
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["scorecard", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="one_rating_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=1) & Q(score__lte=5)),
                name="rating_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class ScorecardReopening(models.Model):
    """Append-only audit of HR reopening a submitted scorecard: who, when, why."""

    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="reopenings", verbose_name=_("scorecard")
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    at = models.DateTimeField(default=timezone.now, verbose_name=_("at"))
    was_submitted_at = models.DateTimeField(verbose_name=_("was submitted at"))

    class Meta:
        verbose_name = _("scorecard reopening")
        verbose_name_plural = _("scorecard reopenings")
        ordering = ["scorecard", "at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="reopening_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Scorecard {self.scorecard_id} reopened at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Scorecard reopenings are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Scorecard reopenings are append-only and cannot be deleted.")


class RoundOutcome(models.TextChoices):
    ADVANCE = "advance", _("Advance")
    REJECT = "reject", _("Reject")


class RoundDecision(models.Model):
    """HR's decision on an application after a round; `advance` opens the stage's gate."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="round_decisions",
        verbose_name=_("application"),
    )
    round = models.ForeignKey(
        InterviewRound, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("round")
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=RoundOutcome.choices)
    rejection_reason = models.ForeignKey(
        RejectionReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rejection reason"),
    )
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(default=timezone.now, verbose_name=_("decided at"))

    class Meta:
        ordering = ["round", "decided_at", "id"]
        verbose_name = _("round decision")
        verbose_name_plural = _("round decisions")
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="one_decision_per_round"),
            models.CheckConstraint(
                condition=~Q(outcome="reject") | Q(rejection_reason__isnull=False),
                name="rejecting_decision_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.outcome} for {self.application_id}"
