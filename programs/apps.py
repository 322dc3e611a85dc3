"""Foreign-expert programme tracking (fellowships, work permits, visas)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def open_case_after_stage_event(event_id: int) -> None:
    """Workflow listener (runs after the move's commit): open the expert's case in a task.

    The move has already happened; a broker that is down must not turn it into an error page,
    so a failure to enqueue is logged and HR can still open the case by hand.
    """
    # Named, not imported: the tasks import the services and the models, which Django lets no
    # module import before the app registry is ready (this module is imported while it is built).
    from ats.queue import enqueue

    enqueue("programs.tasks.open_case_for_stage_event", event_id)


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Foreign-expert programmes")

    def ready(self) -> None:
        # In ready(): the workflow engine imports models (see above).
        from applications import workflow

        workflow.register_stage_listener("offer", open_case_after_stage_event)
        workflow.register_stage_listener("hired", open_case_after_stage_event)
        from applications import personal_data as _personal
        from programs import personal_data

        _personal.register_personal_data(
            _personal.PersonalData(
                name="programs",
                export=personal_data.export,
                erase=personal_data.erase,
                files=personal_data.files,
                holds=personal_data.holds,
            )
        )
