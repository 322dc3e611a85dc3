"""The SVG charts: accessible (role, title, desc, axis labels), escaped, sized by a viewBox."""

import re

from reports import charts
from reports.charts import Series


def _bar(**kw):
    return charts.bar_chart(
        chart_id=kw.pop("chart_id", "c1"),
        title=kw.pop("title", "Funnel"),
        description="Applications per stage",
        labels=kw.pop("labels", ["Applied", "Hired"]),
        series=kw.pop("series", [Series("Reached", [10, 2])]),
        category_label="Stage",
        value_label="Applications",
        no_data="Nothing",
    )


def test_bar_chart_is_named_and_described():
    svg = str(_bar())
    assert svg.startswith('<svg class="chart" viewBox="0 0 480 ')
    assert 'width="100%"' in svg and 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Funnel</title>' in svg
    assert '<desc id="c1-desc">Applications per stage</desc>' in svg
    assert ">Stage</text>" in svg and ">Applications</text>" in svg  # axis labels
    assert len(re.findall(r"<rect [^>]*><title>", svg)) == 2
    assert "<title>Applied – Reached: 10</title>" in svg


def test_bars_are_proportional():
    svg = str(_bar())
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] == 5 * widths[1]


def test_everything_is_escaped():
    svg = str(
        _bar(
            chart_id='x"><script>',
            title="<script>alert(1)</script>",
            labels=['<img src=x onerror="1">'],
            series=[Series("a&b", [3])],
        )
    )
    assert "<script>" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg and "a&amp;b" in svg


def test_grouped_bars_have_a_legend():
    svg = str(_bar(series=[Series("Mean", [1.5, 2]), Series("Median", [1, None])]))
    assert ">Mean</text>" in svg and ">Median</text>" in svg
    assert "<title>Hired – Median: –</title>" in svg


def test_no_data_says_so():
    svg = str(_bar(series=[Series("Reached", [None, None])]))
    assert ">Nothing</text>" in svg and "<rect" not in svg


def test_line_chart_breaks_at_missing_values():
    svg = str(
        charts.line_chart(
            chart_id="t",
            title="Trend",
            description="Days by month",
            labels=["Jan", "Feb", "Mar", "Apr"],
            series=[Series("Mean", [10, 20, None, 5])],
            x_label="Month",
            y_label="Days",
        )
    )
    assert svg.count("<circle") == 3
    assert svg.count("<polyline") == 1  # Jan–Feb; April stands alone
    assert ">Month</text>" in svg and "rotate(-90" in svg
    assert '<title id="t-title">Trend</title>' in svg


def test_nice_ticks():
    assert charts.nice_ticks(102) == [0, 50, 100, 150]
    assert charts.nice_ticks(4) == [0, 1, 2, 3, 4]
    assert charts.nice_ticks(0) == [0, 1]
