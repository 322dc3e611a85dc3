"""Template tags of the careers pages' monitoring offer (loaded only by this app's includes,
which the careers templates render only when this app's URLs exist)."""

from typing import Any

from django import template

from diversity import selectors

register = template.Library()


@register.simple_tag
def monitoring_offer(application: Any = None) -> dict[str, bool]:
    """Whether to offer the questions (on) and whether this application has answers (so that
    its applicant can still delete them once the monitoring is switched off)."""
    enabled = selectors.monitoring_settings().enabled
    answered = application is not None and selectors.self_identification_of(application) is not None
    return {"enabled": enabled, "answered": answered, "show": enabled or answered}
