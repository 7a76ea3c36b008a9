"""The year at a glance: a week-by-weekday heat-map of missions, covered or not."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap

from ..model import Instance
from ..plan import Plan
from ._axes import axes_or_new

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def calendar_grid(
    instance: Instance, plan: Plan, value: Literal["share", "covered", "uncovered", "missions"] = "share"
) -> np.ndarray:
    """A 7 × n_weeks array (rows Monday..Sunday, columns weeks from the week of 1 January) of
    the chosen figure per day of the mission's start; NaN on days without missions (and on
    days outside the year)."""
    first = date(instance.year, 1, 1)
    origin = first - timedelta(days=first.weekday())
    n_weeks = (date(instance.year, 12, 31) - origin).days // 7 + 1
    total = np.zeros((7, n_weeks))
    covered = np.zeros((7, n_weeks))
    covered_ids = {a.mission for a in plan.assignments}
    for m in instance.missions:
        offset = (m.start.date() - origin).days
        row, col = offset % 7, offset // 7
        if 0 <= col < n_weeks:
            total[row, col] += 1
            covered[row, col] += m.id in covered_ids
    with np.errstate(invalid="ignore", divide="ignore"):
        grid = {
            "share": covered / total,
            "covered": covered,
            "uncovered": total - covered,
            "missions": total,
        }[value]
    return np.where(total > 0, grid, np.nan)


def plot_calendar(
    instance: Instance,
    plan: Plan,
    *,
    value: Literal["share", "covered", "uncovered", "missions"] = "share",
    ax: Axes | None = None,
) -> Axes:
    """Heat-map of the year: one cell per day, colour = share of that day's missions covered
    (red none … green all; or a count with ``value``), blank where nothing happens."""
    if value not in ("share", "covered", "uncovered", "missions"):
        raise ValueError(f"value must be share, covered, uncovered or missions; got {value!r}")
    grid = calendar_grid(instance, plan, value)
    ax = axes_or_new(ax, figsize=(12.0, 2.8))
    if value == "share":
        cmap = ListedColormap(["#d7301f", "#fc8d59", "#fee08b", "#91cf60", "#1a9850"])
        image = ax.imshow(grid, aspect="equal", cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest")
        label = "share of the day's missions covered"
    else:
        image = ax.imshow(grid, aspect="equal", cmap="viridis" if value != "uncovered" else "Reds",
                          vmin=0.0, interpolation="nearest")
        label = f"{value} missions per day" if value != "missions" else "missions per day"
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label=label)
    ax.set_yticks(range(7), list(WEEKDAYS), fontsize="small")
    first = date(instance.year, 1, 1)
    origin = first - timedelta(days=first.weekday())
    month_columns = [(date(instance.year, month, 1) - origin).days // 7 for month in range(1, 13)]
    ax.set_xticks(month_columns, list(MONTHS), fontsize="small")
    ax.set_title(f"Missions of {instance.year}: covered or not")
    return ax
