"""Sections that other apps add to the HR application page, without this app importing them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from applications.models import Application


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
