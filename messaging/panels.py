"""The communication log on the HR application page: every message to or about it."""

from django.http import HttpRequest

from applications.models import Application
from applications.panels import Panel
from messaging import selectors


def communication_log_panel(request: HttpRequest, application: Application) -> Panel:
    log = list(selectors.application_messages(application_id=application.pk)[:100])
    return Panel("messaging/_application_log.html", {"log": log}, order=900)
