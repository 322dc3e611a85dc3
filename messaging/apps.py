"""App config for messaging: the requeue of stale messages, the application and candidate pages'
log, and what the outbox holds on a person (export and erasure)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from ats import queue
        from messaging.services import messages_requeue_stale

        queue.register_requeuer("messages", messages_requeue_stale)
        from applications.panels import register_application_panel, register_candidate_panel
        from messaging.panels import candidate_communication_log_panel, communication_log_panel

        register_application_panel(communication_log_panel)
        register_candidate_panel(candidate_communication_log_panel)
        from applications.personal_data import PersonalData, register_personal_data
        from messaging import personal_data

        register_personal_data(
            PersonalData(name="messages", export=personal_data.export, erase=personal_data.erase)
        )
