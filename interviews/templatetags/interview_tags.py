"""Template filters of the interview pages: times in the zone an interview was planned in."""

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def interview_when(interview, zone: str = "") -> str:
    """“Thu 14 Feb 2019, 10:00–11:00” in the interview's own zone, which is named when it is
    not the site's (or always, with `interview_when:"always"`, as e-mails do)."""
    start, end = interview.local_start, interview.local_end
    # Translators: a date format (Django's `date` letters); D is the short weekday.
    day = formats.date_format(start, _("D j M Y"))
    text = f"{day}, {start:%H:%M}–{end:%H:%M}"
    if zone == "always" or interview.time_zone != settings.TIME_ZONE:
        text += f" ({interview.time_zone.replace('_', ' ')})"
    return text


@register.filter
def score(value) -> str:
    """A weighted score with one decimal, or a dash."""
    return "–" if value is None else formats.number_format(value, decimal_pos=1)
