"""Each section of the reports as a CSV table: its column names and rows (numbers unformatted,
an empty cell where there is no figure)."""

from collections.abc import Callable
from typing import Any

from reports import selectors
from reports.selectors import ReportScope

Table = tuple[list[str], list[list[Any]]]


def _n(value: float | None, digits: int = 2) -> str | float:
    return "" if value is None else round(value, digits)


def funnel_table(scope: ReportScope) -> Table:
    header = ["kind", "stage_kind", "reached", "conversion", "mean_days", "median_days", "stays"]
    rows = [
        [
            r.kind,
            r.label,
            r.reached,
            _n(r.conversion, 3),
            _n(r.mean_days),
            _n(r.median_days),
            r.stays,
        ]
        for r in selectors.funnel(scope)
    ]
    return header, rows


def time_to_hire_table(scope: ReportScope) -> Table:
    header = ["month", "hires", "mean_days_to_hire", "median_days_to_hire", "mean_days_to_fill"]
    rows = [
        [
            m.month.strftime("%Y-%m"),
            m.hires,
            _n(m.mean_days_to_hire),
            _n(m.median_days_to_hire),
            _n(m.mean_days_to_fill),
        ]
        for m in selectors.time_to_hire(scope).months
    ]
    return header, rows


def time_to_fill_table(scope: ReportScope) -> Table:
    header = ["reference", "title", "opened_on", "hires", "days_to_first_hire", "days_to_last_hire"]
    rows = [
        [
            j.reference,
            j.title,
            j.opened_on.isoformat(),
            j.hires,
            _n(j.days_to_first_hire),
            _n(j.days_to_last_hire),
        ]
        for j in selectors.time_to_hire(scope).jobs
    ]
    return header, rows


def channels_table(scope: ReportScope) -> Table:
    header = ["channel", "name", "applied", "screened", "interviewed", "offered", "hired"]
    rows = [
        [c.slug, c.name, c.applied, c.screened, c.interviewed, c.offered, c.hired]
        for c in selectors.channel_yield(scope)
    ]
    return header, rows


def offers_table(scope: ReportScope) -> Table:
    o = selectors.offer_acceptance(scope)
    header = ["made", "accepted", "declined", "withdrawn", "open", "acceptance_rate"]
    return header, [[o.made, o.accepted, o.declined, o.withdrawn, o.open, _n(o.acceptance_rate, 3)]]


def headcount_table(scope: ReportScope) -> Table:
    header = ["reference", "title", "department", "headcount", "hired", "open_seats"]
    rows = [
        [h.reference, h.title, h.department, h.headcount, h.hired, h.open_seats]
        for h in selectors.headcount(scope)
    ]
    return header, rows


def interviewers_table(scope: ReportScope) -> Table:
    header = ["interviewer", "interviews", "scorecards_submitted", "median_hours_to_scorecard"]
    rows = [
        [r.name, r.interviews, r.scorecards, _n(r.median_hours, 1)]
        for r in selectors.interviewer_load(scope).rows
    ]
    return header, rows


SECTIONS: dict[str, Callable[[ReportScope], Table]] = {
    "funnel": funnel_table,
    "time-to-hire": time_to_hire_table,
    "time-to-fill": time_to_fill_table,
    "channels": channels_table,
    "offers": offers_table,
    "headcount": headcount_table,
    "interviewers": interviewers_table,
}
