"""Preliminary screening and the written examination; owns the gates of those stages."""

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# This module is imported while Django loads its apps, before any model may be: what needs
# models (the services, selectors, gates) is imported inside the functions below.


def evaluate_after_cv_change(cv_id: int) -> None:
    """CV listener (runs after the parse or correction commits): evaluate again in a task.

    A broker that is down must not turn the applicant's or HR's request into an error page;
    the failure is logged and HR can run the rules again from the screening page.
    """
    from screening import services

    services.evaluation_request_for_cv(cv_id=cv_id)


def applicant_label(application_id: int) -> str:
    """A masked applicant as the screening queue names them."""
    from screening.models import applicant_reference

    return _("Applicant #%(ref)s") % {"ref": applicant_reference(application_id)}


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Screening and examination")

    def ready(self) -> None:
        from applications import blinding, panels, services, workflow
        from screening import gates, selectors
        from screening.panels import application_panel

        workflow.register_gate("screening", gates.screening_gate, many=gates.screening_gate_many)
        workflow.register_gate("exam", gates.exam_gate, many=gates.exam_gate_many)
        services.register_cv_listener(evaluate_after_cv_change)
        panels.register_application_panel(application_panel)
        blinding.register_identity_mask(
            blinding.IdentityMask(
                applications=selectors.identity_masked,
                label=applicant_label,
                url=lambda job_id, application_id: reverse(
                    "hr-screening-application", args=[job_id, application_id]
                ),
                in_use=selectors.blind_screening_in_use,
            )
        )
        from applications import personal_data as _personal
        from screening import personal_data

        _personal.register_personal_data(
            _personal.PersonalData(
                name="screening",
                export=personal_data.export,
                erase=personal_data.erase,
            )
        )
