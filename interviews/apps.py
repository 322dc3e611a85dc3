"""Interview rounds, panels and scorecards; owns the gate of interview stages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews")

    def ready(self) -> None:
        from applications import panels, workflow
        from interviews.gates import interview_gate, interview_gate_many
        from interviews.views import application_panel

        workflow.register_gate("interview", interview_gate, many=interview_gate_many)
        panels.register_application_panel(application_panel)
        from applications import personal_data as _personal
        from interviews import personal_data

        _personal.register_personal_data(
            _personal.PersonalData(
                name="interviews",
                export=personal_data.export,
                erase=personal_data.erase,
            )
        )
