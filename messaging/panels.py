"""The communication log on the HR application and candidate pages: every message to or about
the application, or all of the person's applications."""

from django.http import HttpRequest

from applications.models import Application, Candidate
from applications.panels import Panel
from messaging import selectors


def communication_log_panel(request: HttpRequest, application: Application) -> Panel:
    log = list(selectors.application_messages(application_id=application.pk)[:100])
    return Panel("messaging/_application_log.html", {"log": log}, order=900)


def candidate_communication_log_panel(
    request: HttpRequest, candidate: Candidate, applications: list[Application]
) -> Panel | None:
    """The same log for every application of the person; "write" goes to the latest one."""
    if not applications:
        return None
    log = list(selectors.application_messages(application_ids=[a.pk for a in applications])[:100])
    return Panel(
        "messaging/_application_log.html", {"log": log, "application": applications[0]}, order=900
    )
