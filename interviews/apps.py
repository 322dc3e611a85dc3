"""Interview rounds, panels and scorecards; owns the gate of interview stages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews")

    def ready(self) -> None:
        from applications import panels, workflow
        from interviews.gates import interview_gate
        from interviews.views import application_panel

        workflow.register_gate("interview", interview_gate)
        panels.register_application_panel(application_panel)
