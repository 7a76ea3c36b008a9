"""Load per ambassador against their own maximum: who carries the year, who is near the cap."""

from __future__ import annotations

from typing import Literal

import numpy as np
from matplotlib.axes import Axes

from ..model import Instance
from ..plan import Plan
from ._axes import axes_or_new


def plot_loads(
    instance: Instance,
    plan: Plan,
    *,
    metric: Literal["missions", "hours"] = "missions",
    active_only: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """One bar per ambassador (by id, never by name), heaviest first; a tick marks each one's
    maximum (``max_missions`` or ``max_hours``)."""
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
    near = values >= limits
    colors = np.where(near, "tab:red", "tab:blue")
    ax.bar(positions, values, color=colors, label=f"{metric} planned")
    ax.scatter(positions, limits, marker="_", s=60, color="black", zorder=3, label="personal maximum")
    ax.set_xlim(-0.5, len(people) - 0.5)
    if len(people) <= 40:
        ax.set_xticks(positions, [a.id for a in people], rotation=90, fontsize="small")
    else:
        ax.set_xticks([])
    ax.set_xlabel(f"ambassadors ({len(people)}), heaviest first; red: at their maximum")
    ax.set_ylabel(metric if metric == "missions" else "hours (mission + preparation)")
    ax.set_title("Load per ambassador against their maximum")
    ax.legend(fontsize="small")
    return ax
