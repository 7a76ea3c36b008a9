"""Charts of the pages as SVG geometry: rectangles, lines and labels placed in user units.

The templates turn a :class:`Chart` into inline SVG (``templates/charts.html``), so a page needs
no network, no script and no plotting library, prints sharply, and keeps its texts selectable and
translated. Legends are HTML lists under each chart: they can never hide a bar or a mark.

Colours are the Okabe–Ito palette (distinct under every common colour-vision deficiency), and
colour is never the only cue: expenses and partly covered days are hatched, days with nothing
covered carry a cross.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    css: str = ""
    anchor: str = "start"


@dataclass(frozen=True)
class LegendItem:
    css: str
    text: str


@dataclass
class Chart:
    """One SVG chart: its size, an accessible title, the shapes, and the legend under it."""

    title: str
    width: float
    height: float
    rects: list[Rect] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)


@dataclass(frozen=True)
class BarRow:
    """One group of a coverage chart: missions in the inventory and missions covered."""

    label: str
    total: float
    covered: float
    value_text: str


Formatter = Callable[[float], str]


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 up to at least ``top`` (1, 2 or 5 times a power of ten apart)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    n = math.ceil(top / step - 1e-9)
    return [i * step for i in range(n + 1)]


def coverage_chart(title: str, rows: Sequence[BarRow], legend_total: str, legend_covered: str) -> Chart:
    """Horizontal bars, one row per group: the inventory (light) and what is covered (dark) on
    one scale, with "covered / missions (share)" written after each bar."""
    label_width, bar_width, row_height = 150.0, 330.0, 24.0
    top = max((r.total for r in rows), default=0.0) or 1.0
    chart = Chart(title, label_width + bar_width + 150, row_height * len(rows) + 10)
    for i, row in enumerate(rows):
        y = 5 + i * row_height
        chart.labels.append(Label(label_width - 8, y + 15, row.label, "axis", "end"))
        chart.rects.append(Rect(label_width, y + 3, bar_width * row.total / top, 16, "c-inventory",
                                f"{row.label}: {row.value_text}"))
        chart.rects.append(Rect(label_width, y + 7, bar_width * row.covered / top, 8, "c-covered",
                                f"{row.label}: {row.value_text}"))
        chart.labels.append(Label(label_width + bar_width * row.total / top + 6, y + 15, row.value_text,
                                  "value"))
    chart.legend = [LegendItem("c-inventory", legend_total), LegendItem("c-covered", legend_covered)]
    return chart


def _value_axis(chart: Chart, left: float, right: float, bottom: float, height: float, top_value: float,
                fmt: Formatter) -> float:
    """Horizontal grid lines with formatted values on the left; returns the scale's top value."""
    ticks = nice_ticks(top_value)
    top = ticks[-1]
    for tick in ticks:
        y = bottom - height * tick / top
        chart.lines.append(Line(left, y, right, y, "grid"))
        chart.labels.append(Label(left - 6, y + 4, fmt(tick), "axis", "end"))
    return top


def histogram_chart(title: str, counts: Sequence[tuple[str, int]], x_label: str, legend: str,
                    fmt: Formatter) -> Chart:
    """Vertical bars: how many ambassadors carry each number of missions."""
    left, slot, bottom, height = 60.0, 44.0, 190.0, 160.0
    chart = Chart(title, left + slot * max(len(counts), 4) + 20, 235)
    top = _value_axis(chart, left, chart.width - 10, bottom, height, max((c for _, c in counts), default=1),
                      fmt)
    for i, (key, count) in enumerate(counts):
        x = left + i * slot + 8
        h = height * count / top
        chart.rects.append(Rect(x, bottom - h, slot - 16, h, "c-covered", f"{key}: {fmt(count)}"))
        chart.labels.append(Label(x + (slot - 16) / 2, bottom - h - 4, fmt(count), "value", "middle"))
        chart.labels.append(Label(x + (slot - 16) / 2, bottom + 16, key, "axis", "middle"))
    chart.labels.append(Label(left, bottom + 36, x_label, "axis"))
    chart.legend = [LegendItem("c-covered", legend)]
    return chart


@dataclass(frozen=True)
class QuarterBar:
    label: str
    remuneration: float
    expenses: float
    budget: float | None


def spend_chart(title: str, quarters: Sequence[QuarterBar], fmt: Formatter, texts: dict[str, str]) -> Chart:
    """Stacked bars per quarter (remuneration, hatched expenses) and a mark at each quarter's
    budget, labelled at its right end; ``texts``: legend texts (remuneration, expenses, budget) and
    the unit of the value axis (unit)."""
    left, slot, bottom, height = 80.0, 110.0, 210.0, 170.0
    chart = Chart(title, left + slot * len(quarters) + 20, 250)
    highest = max([q.remuneration + q.expenses for q in quarters] + [q.budget or 0.0 for q in quarters])
    top = _value_axis(chart, left, chart.width - 10, bottom, height, (highest or 1.0) * 1.1, fmt)
    has_budget = False
    for i, q in enumerate(quarters):
        x, w = left + i * slot + 25, slot - 50
        h_pay = height * q.remuneration / top
        h_fees = height * q.expenses / top
        chart.rects.append(Rect(x, bottom - h_pay, w, h_pay, "c-pay",
                                f"{q.label} {texts['remuneration']}: {fmt(q.remuneration)}"))
        chart.rects.append(Rect(x, bottom - h_pay - h_fees, w, h_fees, "c-fees",
                                f"{q.label} {texts['expenses']}: {fmt(q.expenses)}"))
        chart.labels.append(Label(x + w / 2, bottom + 16, q.label, "axis", "middle"))
        if q.budget is not None:
            has_budget = True
            y = bottom - height * q.budget / top
            chart.lines.append(Line(x - 12, y, x + w + 12, y, "budget"))
            chart.labels.append(Label(x + w + 12, y - 4, fmt(q.budget), "value", "end"))
    chart.labels.append(Label(left - 6, bottom - height - 12, texts["unit"], "axis", "end"))
    chart.legend = [LegendItem("c-pay", texts["remuneration"]), LegendItem("c-fees", texts["expenses"])]
    if has_budget:
        chart.legend.append(LegendItem("budget", texts["budget"]))
    return chart


@dataclass(frozen=True)
class DayCount:
    day: date
    missions: int
    covered: int


def calendar_chart(title: str, year: int, days: Sequence[DayCount], weekdays: Sequence[str],
                   months: Sequence[str], describe: Callable[[DayCount], str],
                   texts: dict[str, str]) -> Chart:
    """The year as weeks (columns) × weekdays (rows, Monday first); one cell per day: blue when
    every mission of the day is covered, hatched light blue when some are, vermillion hatched
    with a cross when none is, pale when nothing happens. ``texts``: legend (all, some, none)."""
    cell, left, top = 16.0, 44.0, 24.0
    first = date(year, 1, 1)
    origin = first - timedelta(days=first.weekday())
    n_weeks = (date(year, 12, 31) - origin).days // 7 + 1
    chart = Chart(title, left + cell * n_weeks + 10, top + cell * 7 + 10)
    by_day = {d.day: d for d in days}
    for row, name in enumerate(weekdays):
        chart.labels.append(Label(left - 4, top + row * cell + 9.5, name, "small", "end"))
    for month in range(1, 13):
        column = (date(year, month, 1) - origin).days // 7
        chart.labels.append(Label(left + column * cell, top - 8, months[month - 1], "small"))
    day = first
    while day.year == year:
        offset = (day - origin).days
        x, y = left + (offset // 7) * cell, top + (offset % 7) * cell
        count = by_day.get(day)
        if count is None or count.missions == 0:
            chart.rects.append(Rect(x, y, cell - 1.5, cell - 1.5, "d-empty"))
        else:
            css = "d-all" if count.covered == count.missions else ("d-some" if count.covered else "d-none")
            chart.rects.append(Rect(x, y, cell - 1.5, cell - 1.5, css, describe(count)))
            if css == "d-none":
                chart.lines.append(Line(x + 2, y + 2, x + cell - 3.5, y + cell - 3.5, "cross"))
                chart.lines.append(Line(x + cell - 3.5, y + 2, x + 2, y + cell - 3.5, "cross"))
        day += timedelta(days=1)
    chart.legend = [LegendItem("d-all", texts["all"]), LegendItem("d-some", texts["some"]),
                    LegendItem("d-none", texts["none"])]
    return chart
