"""Screening criteria, rule evaluations and reviewer decisions; the written exam and its marks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from applications.models import Application, DegreeLevel, JobOpening
from screening import marking, rules


def applicant_reference(application_id: int) -> str:
    """How blind screening names an applicant: stable, and says nothing about them."""
    return f"A-{application_id:04d}"


class NationalityRule(models.TextChoices):
    # Which nationalities a job accepts; a foreign-expert call (PIFI) excludes the host country.
    ANY = rules.ANY_NATIONALITY, _("Any nationality")
    NOT_HOST = rules.NOT_HOST, _("Must differ from the host country")
    ONE_OF = rules.ONE_OF, _("Must be one of the listed countries")
    NOT_ONE_OF = rules.NOT_ONE_OF, _("Must not be one of the listed countries")


class ScreeningCriteria(models.Model):
    """What HR screens one job's applications against; every save bumps `version`."""

    job = models.OneToOneField(
        JobOpening,
        on_delete=models.CASCADE,
        related_name="screening_criteria",
        verbose_name=_("job"),
    )
    min_degree = models.CharField(
        _("minimum degree"), max_length=10, choices=DegreeLevel.choices, blank=True
    )
    min_years_experience = models.DecimalField(
        _("minimum years of experience"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    required_languages = models.JSONField(_("required languages"), default=list, blank=True)
    desired_languages = models.JSONField(_("desired languages"), default=list, blank=True)
    required_skills = models.JSONField(_("required skills or keywords"), default=list, blank=True)
    desired_skills = models.JSONField(_("desired skills or keywords"), default=list, blank=True)
    nationality_rule = models.CharField(
        _("nationality rule"),
        max_length=12,
        choices=NationalityRule.choices,
        default=NationalityRule.ANY,
    )
    host_country = CountryField(verbose_name=_("host country"), default="CN")
    countries = CountryField(verbose_name=_("countries"), multiple=True, blank=True)
    deadline = models.DateField(
        _("application deadline"),
        null=True,
        blank=True,
        help_text=_("Applications submitted after this day do not meet the criteria."),
    )
    blind = models.BooleanField(
        _("blind screening"),
        default=False,
        help_text=_(
            "Reviewers see no name, photo, e-mail, phone, age, gender or nationality until "
            "they have decided."
        ),
    )
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("screening criteria")
        verbose_name_plural = _("screening criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_years_experience__isnull=True)
                | Q(min_years_experience__gte=0, min_years_experience__lte=70),
                name="criteria_years_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(
                    nationality_rule__in=[NationalityRule.ONE_OF, NationalityRule.NOT_ONE_OF]
                )
                | ~Q(countries=""),
                name="criteria_country_rule_lists_countries",
                violation_error_message=_("This nationality rule needs at least one country."),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="criteria_version_min"),
        ]

    def __str__(self) -> str:
        return f"screening criteria of {self.job.reference}"


class Recommendation(models.TextChoices):
    PASS = rules.PASS, _("Pass")
    FAIL = rules.FAIL, _("Fail")
    REVIEW = rules.REVIEW, _("Needs review")


class Evaluation(models.Model):
    """The rule evaluator's latest reading of one application (re-run when its inputs change)."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="screening_evaluation",
        verbose_name=_("application"),
    )
    # [rules.Result.as_dict(), ...]: kind, key, target, required, outcome, found, evidence, source
    results = models.JSONField(default=list, verbose_name=_("results"))
    recommendation = models.CharField(
        max_length=10, choices=Recommendation.choices, verbose_name=_("recommendation")
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("score"))
    # 0: the job had no saved criteria (only its knock-out questions and closing date counted).
    criteria_version = models.PositiveIntegerField(default=0, verbose_name=_("criteria version"))
    cv_read = models.BooleanField(default=False, verbose_name=_("CV read"))
    evaluated_at = models.DateTimeField(default=timezone.now, verbose_name=_("evaluated at"))

    class Meta:
        verbose_name = _("rule evaluation")
        verbose_name_plural = _("rule evaluations")
        indexes = [models.Index(fields=["recommendation"]), models.Index(fields=["score"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="evaluation_score_range"
            )
        ]

    def __str__(self) -> str:
        return f"evaluation of {self.application_id}: {self.recommendation}"


class Decision(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    HOLD = "hold", _("Hold")


class ScreeningDecision(models.Model):
    """One reviewer's decision on one application; append-only, the latest per reviewer counts."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="screening_decisions",
        verbose_name=_("application"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="screening_decisions",
        verbose_name=_("reviewer"),
    )
    decision = models.CharField(_("decision"), max_length=4, choices=Decision.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("at"))
    # True when it came from "pass every application the rules recommend".
    from_recommendation = models.BooleanField(default=False, verbose_name=_("from recommendation"))

    class Meta:
        verbose_name = _("screening decision")
        verbose_name_plural = _("screening decisions")
        ordering = ["application", "at", "id"]
        indexes = [models.Index(fields=["application", "reviewer", "at"])]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.decision} by {self.reviewer_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Screening decisions are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Screening decisions are append-only and cannot be deleted.")


# --- the written examination ----------------------------------------------------------------


class Exam(models.Model):
    """The written examination of one job: when, where, sections, pass mark and top N."""

    job = models.OneToOneField(
        JobOpening, on_delete=models.CASCADE, related_name="exam", verbose_name=_("job")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", help_text=_("e.g. Asia/Shanghai")
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    instructions = models.TextField(_("instructions for candidates"), blank=True)
    pass_mark = models.DecimalField(_("pass mark"), max_digits=6, decimal_places=2)
    top_n = models.PositiveSmallIntegerField(
        _("only the top N go on"),
        null=True,
        blank=True,
        help_text=_("Empty: everyone at or above the pass mark goes on."),
    )
    double_marking = models.BooleanField(
        _("second marker"),
        default=False,
        help_text=_("Show a second marker's column; their marks are compared with the first's."),
    )
    discrepancy_threshold = models.DecimalField(
        _("allowed difference between markers (points)"),
        max_digits=5,
        decimal_places=2,
        default=5,
    )
    # Bumped when the time or place changes: calendars replace the earlier invitation.
    sequence = models.PositiveIntegerField(default=0, verbose_name=_("sequence"))
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
        verbose_name = _("written examination")
        verbose_name_plural = _("written examinations")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=1440),
                name="exam_duration_range",
            ),
            models.CheckConstraint(condition=Q(pass_mark__gte=0), name="exam_pass_mark_positive"),
            models.CheckConstraint(
                condition=Q(discrepancy_threshold__gte=0), name="exam_threshold_positive"
            ),
            models.CheckConstraint(
                condition=Q(top_n__isnull=True) | Q(top_n__gte=1), name="exam_top_n_positive"
            ),
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(online_link=""),
                name="exam_has_a_place",
                violation_error_message=_("Give a venue or an online link."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.job.reference})"


class ExamSection(models.Model):
    exam = models.ForeignKey(
        Exam, on_delete=models.CASCADE, related_name="sections", verbose_name=_("exam")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=120)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("examination section")
        verbose_name_plural = _("examination sections")
        ordering = ["exam", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "position"], name="exam_section_position"),
            models.UniqueConstraint(fields=["exam", "name"], name="exam_section_name"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="section_max_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Attendance(models.TextChoices):
    INVITED = marking.INVITED, _("Invited")
    PRESENT = marking.PRESENT, _("Present")
    ABSENT = marking.ABSENT, _("Absent")
    EXCUSED = marking.EXCUSED, _("Excused")


class Sitting(models.Model):
    """One application invited to the exam, known to markers only by its candidate number."""

    exam = models.ForeignKey(
        Exam, on_delete=models.CASCADE, related_name="sittings", verbose_name=_("exam")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="exam_sittings",
        verbose_name=_("application"),
    )
    candidate_number = models.CharField(_("candidate number"), max_length=12)
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, default=Attendance.INVITED
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    attendance_recorded_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("attendance recorded at")
    )

    class Meta:
        verbose_name = _("examination sitting")
        verbose_name_plural = _("examination sittings")
        ordering = ["exam", "candidate_number"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "application"], name="one_sitting_per_exam"),
            models.UniqueConstraint(
                fields=["exam", "candidate_number"], name="candidate_number_unique_per_exam"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_number} ({self.exam.job.reference})"


class MarkerRole(models.TextChoices):
    FIRST = marking.FIRST, _("First marker")
    SECOND = marking.SECOND, _("Second marker")
    AGREED = marking.AGREED, _("Agreed mark")


class SectionScore(models.Model):
    """One marker's points for one section of one script."""

    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="scores", verbose_name=_("sitting")
    )
    section = models.ForeignKey(
        ExamSection, on_delete=models.PROTECT, related_name="scores", verbose_name=_("section")
    )
    marker = models.CharField(
        _("marker"), max_length=6, choices=MarkerRole.choices, default=MarkerRole.FIRST
    )
    points = models.DecimalField(pgettext_lazy("exam", "points"), max_digits=6, decimal_places=2)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(default=timezone.now, verbose_name=_("marked at"))

    class Meta:
        verbose_name = _("section mark")
        verbose_name_plural = _("section marks")
        ordering = ["sitting", "section", "marker"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "section", "marker"], name="one_mark_per_marker_and_section"
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.sitting_id}/{self.section_id} {self.marker}: {self.points}"
