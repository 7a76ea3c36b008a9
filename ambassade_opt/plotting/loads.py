"""Load per ambassador against their own maximum: who carries the year, who is near the cap."""

from __future__ import annotations

from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..model import Instance
from ..plan import Plan
from ._axes import axes_or_new
from ._style import BLUE, VERMILLION, legend_outside


def plot_loads(
    instance: Instance,
    plan: Plan,
    *,
    metric: Literal["missions", "hours"] = "missions",
    active_only: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """One bar per ambassador (by id, never by name), heaviest first; a tick marks each one's
    maximum (``max_missions`` or ``max_hours``). Ambassadors at their maximum are vermillion and
    hatched; the legend (outside the plot) shows both kinds of bar with their own colours."""
    if metric not in ("missions", "hours"):
        raise ValueError(f"metric must be 'missions' or 'hours', got {metric!r}")
    missions = {m.id: m for m in instance.missions}
    load: dict[str, float] = {a.id: 0.0 for a in instance.ambassadors}
    for assignment in plan.assignments:
        m = missions.get(assignment.mission)
        for aid in assignment.ambassadors:
            if aid in load and m is not None:
                load[aid] += 1.0 if metric == "missions" else m.workload_hours
    people = [a for a in instance.ambassadors if load[a.id] > 0 or not active_only]
    people.sort(key=lambda a: (-load[a.id], a.id))
    values = np.array([load[a.id] for a in people])
    limits = np.array([float(a.max_missions) if metric == "missions" else a.max_hours for a in people])
    positions = np.arange(len(people))

    ax = axes_or_new(ax, figsize=(max(7.0, 0.12 * len(people)), 4.0))
    at_max = values >= limits
    bars = ax.bar(positions, values, color=np.where(at_max, VERMILLION, BLUE).tolist())
    for bar, full in zip(bars, at_max, strict=True):
        if full:
            bar.set_hatch("///")
            bar.set_edgecolor("black")
            bar.set_linewidth(0.0)
    ax.scatter(positions, limits, marker="_", s=60, color="black", zorder=3)
    ax.set_xlim(-0.5, len(people) - 0.5)
    if len(people) <= 40:
        ax.set_xticks(positions, [a.id for a in people], rotation=90, fontsize="small")
    else:
        ax.set_xticks([])
    ax.set_xlabel(f"ambassadors ({len(people)}), heaviest first")
    ax.set_ylabel(metric if metric == "missions" else "hours (mission + preparation)")
    ax.set_title("Load per ambassador against their maximum")
    handles = [
        Patch(facecolor=BLUE, label=f"{metric} planned"),
        Patch(facecolor=VERMILLION, hatch="///", edgecolor="black", linewidth=0.0,
              label=f"{metric} planned: at their maximum"),
        Line2D([], [], marker="_", markersize=10, linestyle="none", color="black", label="personal maximum"),
    ]
    legend_outside(ax, handles=handles)
    return ax
