"""The year at a glance: a week-by-weekday heat-map of missions, covered or not.

The share of a day's missions covered runs from vermillion (none) through orange and sky blue to
blue (all) — colours that stay apart under colour-vision deficiencies — and colour is not the only
cue: a day with a mission left uncovered is hatched, a day with nothing covered also carries a cross.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ..model import Instance
from ..plan import Plan
from ._axes import axes_or_new
from ._style import BLUE, ORANGE, SKY, VERMILLION, YELLOW

SHARE_COLOURS = (VERMILLION, ORANGE, YELLOW, SKY, BLUE)
TITLES = {
    "share": "share of each day's missions covered",
    "covered": "missions covered per day",
    "uncovered": "missions left uncovered per day",
    "missions": "missions per day",
}

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
    """Heat-map of the year: one cell per day, blank where nothing happens; the colour is the
    share of that day's missions covered (``value="share"``: vermillion none … blue all, hatched
    when a mission is left uncovered, crossed when none is covered) or a count of missions."""
    if value not in TITLES:
        raise ValueError(f"value must be share, covered, uncovered or missions; got {value!r}")
    grid = calendar_grid(instance, plan, value)
    ax = axes_or_new(ax, figsize=(12.0, 3.2))
    if value == "share":
        image = ax.imshow(grid, aspect="equal", cmap=ListedColormap(list(SHARE_COLOURS)), vmin=0.0, vmax=1.0,
                          interpolation="nearest")
        _mark_uncovered(ax, grid)
        ax.set_xlim(-0.5, grid.shape[1] - 0.5)
        ax.set_ylim(grid.shape[0] - 0.5, -0.5)
        ax.legend(handles=[
            Patch(facecolor="white", edgecolor="black", hatch="////", label="a mission left uncovered"),
            Line2D([], [], marker="x", linestyle="none", color="black", label="no mission covered"),
        ], loc="upper left", bbox_to_anchor=(0.0, -0.12), ncols=2, fontsize="small", frameon=False)
    else:
        image = ax.imshow(grid, aspect="equal", cmap="cividis", vmin=0.0, interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label=TITLES[value])
    ax.set_yticks(range(7), list(WEEKDAYS), fontsize="small")
    first = date(instance.year, 1, 1)
    origin = first - timedelta(days=first.weekday())
    month_columns = [(date(instance.year, month, 1) - origin).days // 7 for month in range(1, 13)]
    ax.set_xticks(month_columns, list(MONTHS), fontsize="small")
    ax.set_title(f"Missions of {instance.year}: {TITLES[value]}")
    return ax


def _mark_uncovered(ax: Axes, share: np.ndarray) -> None:
    """Hatch each day with a mission left uncovered; cross each day with nothing covered."""
    rows, cols = np.nonzero(np.nan_to_num(share, nan=1.0) < 1.0)
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        ax.add_patch(Rectangle((col - 0.5, row - 0.5), 1.0, 1.0, fill=False, hatch="////",
                               edgecolor="black", linewidth=0.0))
    rows, cols = np.nonzero(np.nan_to_num(share, nan=1.0) == 0.0)
    if rows.size:
        ax.scatter(cols, rows, marker="x", s=18, color="black", linewidths=1.0, zorder=3)
