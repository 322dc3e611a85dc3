"""Reports across the organisation: funnels, timings, channels, offers, headcount, interviewers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from reports import sql

        connection_created.connect(sql.on_connection_created, dispatch_uid="reports-sql")
