"""The project package as an app: its models (staff profiles) and the login hook."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtsConfig(AppConfig):
    name = "ats"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ats import preferences

        user_logged_in.connect(preferences.remember_on_login, dispatch_uid="ats-preferences")
