"""Voluntary diversity monitoring: the applicants' optional self-identification, kept apart
from their applications, and the adverse-impact report over it (the four-fifths rule)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiversityConfig(AppConfig):
    name = "diversity"
    verbose_name = _("Fairness monitoring")

    def ready(self) -> None:
        from applications.personal_data import PersonalData, register_personal_data
        from diversity import personal_data

        register_personal_data(
            PersonalData(name="diversity", export=personal_data.export, erase=personal_data.erase)
        )
