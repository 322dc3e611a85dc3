"""Interview rounds, panels and scorecards; owns the gate of interview stages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews")
    # The `interview` gate is "HR decides" until scorecards and round decisions exist.
