"""Sections that other apps add to the HR application and candidate pages, without this app
importing them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from applications.models import Application, Candidate


@dataclass(frozen=True)
class Panel:
    """One section of the application page: a template and its context."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


# A panel provider returns the panel for an application, or None when it has nothing to show.
PanelProvider = Callable[[HttpRequest, Application], Panel | None]
_providers: list[PanelProvider] = []


def register_application_panel(provider: PanelProvider) -> None:
    """Called from the owning app's `AppConfig.ready()`."""
    if provider not in _providers:
        _providers.append(provider)


def render_application_panels(request: HttpRequest, application: Application) -> list[str]:
    """The registered panels of this application, rendered in their order."""
    panels = [p for p in (provider(request, application) for provider in _providers) if p]
    panels.sort(key=lambda panel: panel.order)
    return [
        render_to_string(
            panel.template, {"application": application, **panel.context}, request=request
        )
        for panel in panels
    ]


# A candidate panel provider gets the person and their applications (newest first, loaded).
CandidatePanelProvider = Callable[[HttpRequest, Candidate, list[Application]], Panel | None]
_candidate_providers: list[CandidatePanelProvider] = []


def register_candidate_panel(provider: CandidatePanelProvider) -> None:
    """Called from the owning app's `AppConfig.ready()`: a section of the candidate page."""
    if provider not in _candidate_providers:
        _candidate_providers.append(provider)


def render_candidate_panels(
    request: HttpRequest, candidate: Candidate, applications: list[Application]
) -> list[str]:
    """The registered panels of this person's page, rendered in their order."""
    panels = [
        p
        for p in (provider(request, candidate, applications) for provider in _candidate_providers)
        if p
    ]
    panels.sort(key=lambda panel: panel.order)
    return [
        render_to_string(
            panel.template,
            {"candidate": candidate, "applications": applications, **panel.context},
            request=request,
        )
        for panel in panels
    ]
