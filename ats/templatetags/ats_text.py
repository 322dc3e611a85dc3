"""Template filters shared by every app's pages: `{% load ats_text %}`."""

from django import template

from ats.relative_time import relative_time

register = template.Library()


@register.filter
def ago(value):
    """`{{ when|ago }}`: "7 years ago", "3 days ago", "in 2 hours" (one unit, rounded down)."""
    return relative_time(value)
