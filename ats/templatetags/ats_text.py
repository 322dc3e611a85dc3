"""Template filters shared by every app's pages: `{% load ats_text %}`."""

from django import template

from ats.i18n.names import translate_name as _translate_name
from ats.relative_time import relative_time

register = template.Library()


@register.filter
def ago(value):
    """`{{ when|ago }}`: "7 years ago", "3 days ago", "in 2 hours" (one unit, rounded down)."""
    return relative_time(value)


@register.filter
def translate_name(value):
    """`{{ stage.name|translate_name }}`: a seeded name in the reader's language, a typed one as
    typed (`ats.i18n.names`)."""
    return _translate_name(value)
