"""The reports page (HR): the filter, each section's figures with a chart and a table, and each
section as CSV."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ats.exports import csv_response
from ats.roles import hr_required
from reports import charts, exports, selectors
from reports.charts import Series
from reports.forms import ReportFilterForm
from reports.links import report_links


def _months(scope: selectors.ReportScope) -> list[dt.date]:
    first = scope.date_from.year * 12 + scope.date_from.month - 1
    last = scope.date_to.year * 12 + scope.date_to.month - 1
    return [dt.date(m // 12, m % 12 + 1, 1) for m in range(first, last + 1)]


def _funnel_charts(rows: list[selectors.KindRow]) -> dict[str, Any]:
    labels = [row.label for row in rows]
    return {
        "funnel_chart": charts.bar_chart(
            chart_id="chart-funnel",
            title=_("Funnel by stage kind"),
            description=_("Applications that reached each kind of stage."),
            labels=labels,
            series=[Series(_("Reached"), [row.reached for row in rows])],
            category_label=_("Stage kind"),
            value_label=_("Applications"),
            no_data=_("No applications in this range."),
        ),
        "stage_chart": charts.bar_chart(
            chart_id="chart-stage-time",
            title=_("Time in stage"),
            description=_("Mean and median days spent in stages of each kind."),
            labels=labels,
            series=[
                Series(_("Mean"), [row.mean_days for row in rows]),
                Series(_("Median"), [row.median_days for row in rows]),
            ],
            category_label=_("Stage kind"),
            value_label=_("Days"),
            no_data=_("No completed stays in this range."),
        ),
    }


def _hire_chart(scope: selectors.ReportScope, times: selectors.HireTimes) -> Any:
    by_month = {row.month: row for row in times.months}
    months = _months(scope)

    def values(name: str) -> list[float | None]:
        return [getattr(by_month[m], name) if m in by_month else None for m in months]

    return charts.line_chart(
        chart_id="chart-time-to-hire",
        title=_("Time to hire and time to fill by month"),
        description=_(
            "Mean and median days from submission to hire, and mean days from the job's "
            "opening to the hire, by month of hire."
        ),
        labels=[formats.date_format(m, "YEAR_MONTH_FORMAT") for m in months],
        axis_labels=[f"{m:%Y-%m}" for m in months],
        series=[
            Series(_("Mean time to hire"), values("mean_days_to_hire")),
            Series(_("Median time to hire"), values("median_days_to_hire")),
            Series(_("Mean time to fill"), values("mean_days_to_fill")),
        ],
        x_label=_("Month of hire"),
        y_label=_("Days"),
        no_data=_("No hires in this range."),
    )


def _channel_chart(rows: list[selectors.ChannelRow]) -> Any:
    steps = [
        ("applied", _("Applied")),
        ("screened", _("Screened")),
        ("interviewed", _("Interviewed")),
        ("offered", _("Offered")),
        ("hired", _("Hired")),
    ]
    return charts.bar_chart(
        chart_id="chart-channels",
        title=_("Channel yield"),
        description=_("Per source channel, applications and how many reached each step."),
        labels=[row.name for row in rows],
        series=[Series(label, [getattr(row, name) for row in rows]) for name, label in steps],
        category_label=_("Channel"),
        value_label=_("Applications"),
        no_data=_("No applications in this range."),
    )


def _offer_chart(offers: selectors.OfferSummary) -> Any:
    outcomes = [
        (_("Accepted"), offers.accepted),
        (_("Declined"), offers.declined),
        (_("Withdrawn"), offers.withdrawn),
        (_("Open"), offers.open),
    ]
    return charts.bar_chart(
        chart_id="chart-offers",
        title=_("Offers by outcome"),
        description=_("Offers made in the range and what became of them."),
        labels=[label for label, _n in outcomes],
        series=[Series(_("Offers"), [n for _label, n in outcomes])],
        category_label=_("Outcome"),
        value_label=_("Offers"),
        no_data=_("No offers in this range."),
    )


def _headcount_chart(rows: list[selectors.HeadcountRow]) -> Any:
    return charts.bar_chart(
        chart_id="chart-headcount",
        title=_("Headcount filled against planned"),
        description=_("Per job, the headcount planned and the applicants hired."),
        labels=[row.reference for row in rows],
        series=[
            Series(_("Planned"), [row.headcount for row in rows]),
            Series(_("Hired"), [row.hired for row in rows]),
        ],
        category_label=_("Job"),
        value_label=_("People"),
        no_data=_("No jobs in this range."),
    )


def _interviewer_chart(load: selectors.InterviewerLoad) -> Any:
    return charts.bar_chart(
        chart_id="chart-interviewers",
        title=_("Interviewer load"),
        description=_("Interviews per interviewer in the range."),
        labels=[row.name for row in load.rows],
        series=[Series(_("Interviews"), [row.interviews for row in load.rows])],
        category_label=_("Interviewer"),
        value_label=_("Interviews"),
        no_data=_("No interviews in this range."),
    )


def report_context(scope: selectors.ReportScope) -> dict[str, Any]:
    """Every section's figures and charts for one scope."""
    funnel = selectors.funnel(scope)
    times = selectors.time_to_hire(scope)
    channels = selectors.channel_yield(scope)
    offers = selectors.offer_acceptance(scope)
    headcount = selectors.headcount(scope)
    load = selectors.interviewer_load(scope)
    return {
        "scope": scope,
        "query": urlencode(scope.query()),
        "funnel": funnel,
        "times": times,
        "channels": channels,
        "offers": offers,
        "headcount": headcount,
        "load": load,
        **_funnel_charts(funnel),
        "hire_chart": _hire_chart(scope, times),
        "channel_chart": _channel_chart(channels),
        "offer_chart": _offer_chart(offers),
        "headcount_chart": _headcount_chart(headcount),
        "interviewer_chart": _interviewer_chart(load),
    }


@hr_required
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    form = ReportFilterForm(request.GET)
    context: dict[str, Any] = {"form": form, "links": report_links()}
    if not form.is_valid() or form.scope is None:
        return render(request, "reports/reports.html", context, status=400)
    context.update(report_context(form.scope))
    return render(request, "reports/reports.html", context)


@hr_required
@require_GET
def report_csv(request: HttpRequest, section: str) -> HttpResponse:
    table = exports.SECTIONS.get(section)
    if table is None:
        raise Http404
    form = ReportFilterForm(request.GET)
    if not form.is_valid() or form.scope is None:
        messages = [str(m) for errors in form.errors.values() for m in errors]
        return HttpResponse(
            " ".join(messages), status=400, content_type="text/plain; charset=utf-8"
        )
    header, rows = table(form.scope)
    scope = form.scope
    return csv_response(f"{section}-{scope.date_from}-{scope.date_to}.csv", header, rows)
