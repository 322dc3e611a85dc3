"""Bar and line charts drawn on the server as accessible inline SVG (no script, no CDN).

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>`
(`aria-labelledby` names both), with labelled axes; every label is escaped. The SVG has a
viewBox and no fixed size, so it takes the width of its box (CSS: width 100%) at any screen
size. A chart never stands alone: the page shows the same figures in a table beside it.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Distinguishable for the common colour-vision deficiencies (Okabe–Ito), darkest first.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
WIDTH = 480
FONT = 14
LABEL_CHARS = 21  # longer category labels are shortened on the chart (the table has them whole)
CHAR_WIDTH = 8.0  # about the width of a character at FONT, for laying out the legend


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def plain_number(value: float | None) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.1f}"


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """0 and about `count` round steps (1, 2 or 5 times a power of ten) reaching `top`."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _text(x: float, y: float, content: str, **attrs: str | float) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{escape(str(v))}"' for name, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def _frame(chart_id: str, title: str, description: str, height: float, body: list[str]) -> str:
    ident = escape(chart_id)
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-size="{FONT}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def _legend(series: Sequence[Series], y: float) -> tuple[list[str], float]:
    """Swatches and names of the series in a row (none for a single series)."""
    if len(series) < 2:
        return [], y
    parts, x = [], 8.0
    for index, one in enumerate(series):
        width = 16 + CHAR_WIDTH * len(one.name) + 18
        if x > 8 and x + width > WIDTH:  # the next row
            x, y = 8.0, y + 20
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 16, y + 11, one.name))
        x += width
    return parts, y + 22


def _empty(chart_id: str, title: str, description: str, no_data: str) -> SafeString:
    body = [_text(WIDTH / 2, 40, no_data, text_anchor="middle", fill="#555")]
    return mark_safe(_frame(chart_id, title, description, 70, body))  # noqa: S308 - escaped


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    category_label: str,
    value_label: str,
    no_data: str = "–",
    value_format: Callable[[float | None], str] = plain_number,
) -> SafeString:
    """Horizontal bars: one row per label, one bar per series in the row, its value beside it."""
    values = [v for one in series for v in one.values if v is not None]
    if not labels or not values:
        return _empty(chart_id, title, description, no_data)
    body, top_y = _legend(series, 6)
    left, right = 172.0, 44.0
    bar, gap = 14.0, 10.0
    row = bar * len(series) + gap
    ticks = nice_ticks(max(values))
    scale = (WIDTH - left - right) / ticks[-1]
    plot_top, plot_height = top_y + 4, row * len(labels)
    axis_y = plot_top + plot_height
    for tick in ticks:
        x = left + tick * scale
        body.append(
            f'<line x1="{x:.1f}" y1="{plot_top:.1f}" x2="{x:.1f}" y2="{axis_y:.1f}" stroke="#ddd"/>'
        )
        body.append(_text(x, axis_y + 16, value_format(tick), text_anchor="middle", fill="#555"))
    for r, label in enumerate(labels):
        y = plot_top + r * row + gap / 2
        body.append(_text(left - 8, y + row / 2 - 1, _short(label), text_anchor="end", fill="#222"))
        for s, one in enumerate(series):
            value = one.values[r] if r < len(one.values) else None
            width = (value or 0) * scale
            by = y + s * bar
            colour = PALETTE[s % len(PALETTE)]
            tip = f"{label} – {one.name}: {value_format(value)}"
            body.append(
                f'<rect x="{left:.1f}" y="{by:.1f}" width="{width:.1f}" height="{bar - 2:.1f}" '
                f'fill="{colour}"><title>{escape(tip)}</title></rect>'
            )
            body.append(_text(left + width + 4, by + bar - 4, value_format(value), fill="#222"))
    body.extend(_axes(left, right, plot_top, axis_y, value_label, gap=34))
    body.append(_text(8, axis_y + 34, category_label, font_weight="bold"))
    return mark_safe(_frame(chart_id, title, description, axis_y + 44, body))  # noqa: S308


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    x_label: str,
    y_label: str,
    no_data: str = "–",
    value_format: Callable[[float | None], str] = plain_number,
    axis_labels: Sequence[str] | None = None,
) -> SafeString:
    """Lines over ordered categories (months), a dot at each value; a missing value breaks the
    line. `labels` name the points (in their tooltips); the axis shows `axis_labels` (short
    ones, by default the labels), at most about six of them."""
    values = [v for one in series for v in one.values if v is not None]
    if not labels or not values:
        return _empty(chart_id, title, description, no_data)
    body, top_y = _legend(series, 6)
    left, right, height = 64.0, 36.0, 220.0
    plot_top, axis_y = top_y + 8, top_y + 8 + height
    ticks = nice_ticks(max(values))
    y_scale = height / ticks[-1]
    step = (WIDTH - left - right) / max(len(labels) - 1, 1)

    def x_at(i: int) -> float:
        return left + (i * step if len(labels) > 1 else (WIDTH - left - right) / 2)

    for tick in ticks:
        y = axis_y - tick * y_scale
        body.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{WIDTH - right:.1f}" y2="{y:.1f}" '
            f'stroke="#ddd"/>'
        )
        body.append(_text(left - 6, y + 4, value_format(tick), text_anchor="end", fill="#555"))
    every = max(1, math.ceil(len(labels) / 6))
    for i, label in enumerate(axis_labels or labels):
        if i % every == 0:
            body.append(
                _text(x_at(i), axis_y + 18, _short(label, 10), text_anchor="middle", fill="#555")
            )
    for s, one in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        run: list[str] = []
        for i, value in enumerate(one.values):
            if value is None:
                body.extend(_polyline(run, colour))
                run = []
                continue
            x, y = x_at(i), axis_y - value * y_scale
            run.append(f"{x:.1f},{y:.1f}")
            tip = f"{labels[i]} – {one.name}: {value_format(value)}"
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(tip)}</title></circle>"
            )
        body.extend(_polyline(run, colour))
    body.extend(_axes(left, right, plot_top, axis_y, x_label, gap=36))
    mid = plot_top + height / 2
    body.append(
        _text(
            14,
            mid,
            y_label,
            text_anchor="middle",
            font_weight="bold",
            transform=f"rotate(-90 14 {mid:.1f})",
        )
    )
    return mark_safe(_frame(chart_id, title, description, axis_y + 46, body))  # noqa: S308


def _axes(
    left: float, right: float, plot_top: float, axis_y: float, label: str, *, gap: float
) -> list[str]:
    """The two axis lines and the label under the horizontal one."""
    return [
        f'<line x1="{left:.1f}" y1="{axis_y:.1f}" x2="{WIDTH - right:.1f}" y2="{axis_y:.1f}" '
        f'stroke="#888"/>',
        f'<line x1="{left:.1f}" y1="{plot_top:.1f}" x2="{left:.1f}" y2="{axis_y:.1f}" '
        f'stroke="#888"/>',
        _text(
            left + (WIDTH - left - right) / 2,
            axis_y + gap,
            label,
            text_anchor="middle",
            font_weight="bold",
        ),
    ]


def _polyline(points: list[str], colour: str) -> list[str]:
    if len(points) < 2:
        return []
    return [
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"/>'
    ]
