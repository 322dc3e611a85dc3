"""App config for applications: the offer gate, the CV requeue, what this app holds on a
person, and the status link's secret (minted when a message is sent)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from applications import gates, workflow

        workflow.register_gate("offer", gates.offer_gate, many=gates.offer_gate_many)
        from applications.services.cvs import cv_requeue_pending
        from ats import queue

        queue.register_requeuer("cv_parse", cv_requeue_pending)
        from applications.services.personal import register_own_personal_data

        register_own_personal_data()
        from applications import panels
        from applications.views import personal

        panels.register_application_panel(personal.application_panel)
        from applications.services.notifications import status_url_at_send
        from messaging.services import register_secret

        register_secret("status_url", status_url_at_send)
