"""The organisation's monitoring settings and the applicants' voluntary self-identification.

The answers live in their own table with no relation back from the application (the foreign
key's reverse accessor is switched off), so no serializer, page or admin of another app can
reach them by following the application: only this app's report reads them, in aggregate.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diversity.options import default_age_band_options, default_gender_options, option_errors

SETTINGS_PK = 1


class MonitoringSettings(models.Model):
    """The one row of the organisation's choices; off until HR switches it on."""

    enabled = models.BooleanField(_("ask applicants"), default=False)
    intro_en = models.TextField(_("introduction (English)"), blank=True, max_length=2000)
    intro_zh = models.TextField(_("introduction (Chinese)"), blank=True, max_length=2000)
    ask_gender = models.BooleanField(_("ask for gender"), default=True)
    gender_options = models.JSONField(_("gender options"), default=default_gender_options)
    ask_age_band = models.BooleanField(_("ask for age band"), default=True)
    age_band_options = models.JSONField(_("age band options"), default=default_age_band_options)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=SETTINGS_PK), name="one_monitoring_settings")
        ]

    def __str__(self) -> str:
        return str(_("Fairness monitoring settings"))

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        for name in ("gender_options", "age_band_options"):
            found = option_errors(getattr(self, name))
            if found:
                errors[name] = found
        if self.enabled and not (self.ask_gender or self.ask_age_band):
            errors["enabled"] = [str(_("Ask at least one question, or switch monitoring off."))]
        if errors:
            raise ValidationError(errors)

    def intro(self, language: str) -> str:
        if language.lower().startswith("zh") and self.intro_zh.strip():
            return self.intro_zh
        return self.intro_en


class SelfIdentification(models.Model):
    """One applicant's answers for one application; a blank answer is no answer."""

    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.CASCADE,  # kept exactly as long as the application
        related_name="+",
        verbose_name=_("application"),
    )
    gender = models.CharField(_("gender"), max_length=40, blank=True)
    age_band = models.CharField(_("age band"), max_length=40, blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("self-identification")
        verbose_name_plural = _("self-identifications")

    def __str__(self) -> str:
        # Never the answers: this may be printed where somebody who decides could read it.
        return str(_("Self-identification #%(pk)s")) % {"pk": self.pk}
