"""Coverage broken down by axis, level, region or sector: where the year is thin."""

from __future__ import annotations

from typing import Literal

import numpy as np
from matplotlib.axes import Axes

from ..figures import Kpis
from ..model import Instance
from ..plan import Plan
from ._axes import axes_or_new
from ._style import BLUE, GROUP_LABELS, readable

Breakdown = Literal["axis", "level", "region", "sector", "priority"]


def plot_coverage_by(
    instance: Instance,
    plan: Plan,
    by: Breakdown = "axis",
    *,
    value: bool = False,
    plan_kpis: Kpis | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Side-by-side bars per group: missions in the inventory and missions covered (or their
    priority value with ``value=True``). ``plan_kpis``: :func:`ambassade_opt.scoring.kpis` of the
    plan, when already computed."""
    if plan_kpis is None:
        from ..scoring import kpis

        plan_kpis = kpis(instance, plan)
    table = plan_kpis.coverage.get(by)
    if table is None:
        raise ValueError(f"no coverage breakdown by {by!r}; known: {', '.join(plan_kpis.coverage)}")
    groups = list(table)
    total = np.array([table[g].value_max if value else table[g].missions for g in groups], dtype=float)
    covered = np.array([table[g].value if value else table[g].covered for g in groups], dtype=float)
    positions = np.arange(len(groups))
    width = 0.4

    ax = axes_or_new(ax, figsize=(max(6.0, 0.5 * len(groups) + 2), 4.0))
    ax.bar(positions - width / 2, total, width, color="lightgray", edgecolor="dimgray", linewidth=0.5,
           label="in the inventory")
    bars = ax.bar(positions + width / 2, covered, width, color=BLUE, label="covered")
    shares = [f"{c / t:.0%}" if t else "" for c, t in zip(covered, total, strict=True)]
    ax.bar_label(bars, labels=shares, fontsize="small")
    crowded = len(groups) > 5
    ax.set_xticks(positions, [readable(g) for g in groups], rotation=30 if crowded else 0,
                  ha="right" if crowded else "center")
    label = GROUP_LABELS.get(by, readable(by))
    ax.set_xlabel(label)
    ax.set_ylabel("priority points" if value else "missions")
    ax.set_title(f"Coverage by {label}")
    ax.legend(fontsize="small")
    return ax
