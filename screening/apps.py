"""Preliminary screening and the written examination; owns the gates of those stages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Screening and examination")
    # The `screening` and `exam` gates are "HR decides" until their decisions are modelled here;
    # an unregistered kind lets HR move the application on.
