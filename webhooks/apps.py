"""Signed webhooks: listens to the domain events of every app and delivers them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        # In ready(): the services import models.
        from applications import events
        from ats import queue
        from webhooks import services

        events.register_event_listener(
            services.deliveries_for_event, many=services.deliveries_for_events
        )
        queue.register_requeuer("webhooks", services.deliveries_requeue)
