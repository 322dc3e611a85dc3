"""Relative times read as one unit, rounded down ("7 years ago", not "7 years, 7 months ago"),
in the active language; the `ago` template filter gives the same."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from ats.relative_time import relative_time

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (dt.timedelta(seconds=20), "just now"),
        (dt.timedelta(minutes=1), "1 minute ago"),
        (dt.timedelta(minutes=59, seconds=59), "59 minutes ago"),
        (dt.timedelta(hours=1), "1 hour ago"),
        (dt.timedelta(hours=23), "23 hours ago"),
        (dt.timedelta(days=1), "1 day ago"),
        (dt.timedelta(days=3, hours=20), "3 days ago"),
        (dt.timedelta(days=13), "1 week ago"),
        (dt.timedelta(days=29), "4 weeks ago"),
        (dt.timedelta(days=45), "1 month ago"),
        (dt.timedelta(days=364), "12 months ago"),
        (dt.timedelta(days=365), "1 year ago"),
        (dt.timedelta(days=7 * 365 + 220), "7 years ago"),  # 7 years, 7 months: one unit
        (-dt.timedelta(days=2, hours=3), "in 2 days"),
        (-dt.timedelta(hours=5), "in 5 hours"),
        (-dt.timedelta(days=400), "in 1 year"),
    ],
)
def test_one_unit_rounded_down_in_english(delta, words):
    with translation.override("en"):
        assert relative_time(NOW - delta, now=NOW) == words


def test_a_date_counts_from_midnight_and_none_is_empty():
    with translation.override("en"), timezone.override("UTC"):
        assert relative_time(dt.date(2026, 11, 28), now=NOW) == "3 days ago"
        assert relative_time(None, now=NOW) == ""


def test_chinese_keeps_the_number_and_gives_one_phrase():
    """The zh-hans wording comes from the catalogue ("3 天前"); whatever it holds, the phrase is
    one unit with its number and never the two-unit "…, … ago" form."""
    with translation.override("zh-hans"):
        words = relative_time(NOW - dt.timedelta(days=3), now=NOW)
    assert "3" in words and "," not in words and "，" not in words


def test_the_ago_filter():
    when = timezone.now() - dt.timedelta(days=7 * 365 + 220)
    with translation.override("en"):
        html = Template("{% load ats_text %}{{ when|ago }}").render(Context({"when": when}))
    assert html == "7 years ago"
