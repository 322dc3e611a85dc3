"""Relative times in words, one unit and rounded down: "7 years ago", "3 days ago", "in 2 hours"
("7 年前", "3 天前", "2 小时后"). Django's `timesince`/`naturaltime` give two units ("7 years,
7 months ago"), which read badly inside a sentence and do not translate word for word."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import npgettext, pgettext

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def _unit(seconds: int) -> tuple[str, int]:
    """The largest unit that fits at least once, and how many whole times it fits."""
    days = seconds // DAY
    if days >= 365:
        return "year", days // 365
    if days >= 30:
        return "month", days // 30
    if days >= 7:
        return "week", days // 7
    if days >= 1:
        return "day", days
    if seconds >= HOUR:
        return "hour", seconds // HOUR
    return "minute", seconds // MINUTE


# Each unit's words, asked for only when used: a board of 350 cards asks once per card.
_PAST = {
    "year": lambda n: npgettext("time ago", "%(count)d year ago", "%(count)d years ago", n),
    "month": lambda n: npgettext("time ago", "%(count)d month ago", "%(count)d months ago", n),
    "week": lambda n: npgettext("time ago", "%(count)d week ago", "%(count)d weeks ago", n),
    "day": lambda n: npgettext("time ago", "%(count)d day ago", "%(count)d days ago", n),
    "hour": lambda n: npgettext("time ago", "%(count)d hour ago", "%(count)d hours ago", n),
    "minute": lambda n: npgettext("time ago", "%(count)d minute ago", "%(count)d minutes ago", n),
}
_FUTURE = {
    "year": lambda n: npgettext("time ahead", "in %(count)d year", "in %(count)d years", n),
    "month": lambda n: npgettext("time ahead", "in %(count)d month", "in %(count)d months", n),
    "week": lambda n: npgettext("time ahead", "in %(count)d week", "in %(count)d weeks", n),
    "day": lambda n: npgettext("time ahead", "in %(count)d day", "in %(count)d days", n),
    "hour": lambda n: npgettext("time ahead", "in %(count)d hour", "in %(count)d hours", n),
    "minute": lambda n: npgettext("time ahead", "in %(count)d minute", "in %(count)d minutes", n),
}


def _past(unit: str, n: int) -> str:
    return _PAST[unit](n) % {"count": n}


def _future(unit: str, n: int) -> str:
    return _FUTURE[unit](n) % {"count": n}


def relative_time(value: dt.datetime | dt.date | None, now: dt.datetime | None = None) -> str:
    """`value` relative to `now` (default: the current time) in the active language; a date
    counts from midnight in the current time zone; None gives ""."""
    if value is None:
        return ""
    now = now or timezone.now()
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(), tzinfo=timezone.get_current_timezone())
    elif timezone.is_naive(value):
        value = timezone.make_aware(value)
    seconds = int((now - value).total_seconds())
    if abs(seconds) < MINUTE:
        return pgettext("time ago", "just now")
    unit, n = _unit(abs(seconds))
    return _past(unit, n) if seconds > 0 else _future(unit, n)
