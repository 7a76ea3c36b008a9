"""Spend per quarter — remuneration and expenses — against the quarterly budget if there is one."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from ..model import Instance
from ..plan import Plan
from ._axes import axes_or_new
from ._style import BLUE, ORANGE, legend_outside

QUARTERS = ("Q1", "Q2", "Q3", "Q4")


def spend_by_quarter(instance: Instance, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """(remuneration, expenses) per quarter of the mission's start, in EUR (DOMAIN.md rule 7)."""
    missions = {m.id: m for m in instance.missions}
    ambassadors = {a.id: a for a in instance.ambassadors}
    pay = np.zeros(4)
    fees = np.zeros(4)
    policy = instance.policy
    for assignment in plan.assignments:
        m = missions.get(assignment.mission)
        if m is None:
            continue
        q = (m.start.month - 1) // 3
        for aid in assignment.ambassadors:
            if aid in ambassadors:
                pay[q] += policy.remuneration_eur(m)
                fees[q] += policy.expense_eur(ambassadors[aid], m)
    return pay, fees


def plot_spend(instance: Instance, plan: Plan, *, ax: Axes | None = None) -> Axes:
    """Stacked bars per quarter (remuneration, hatched expenses); black ticks at the quarterly
    budget, and the annual budget spread evenly as a dashed reference when only that is set. The
    legend sits outside the plot area, so it never hides a tick."""
    pay, fees = spend_by_quarter(instance, plan)
    positions = np.arange(4)
    ax = axes_or_new(ax, figsize=(7.5, 4.0))
    ax.bar(positions, pay, color=BLUE, label="remuneration")
    ax.bar(positions, fees, bottom=pay, color=ORANGE, hatch="//", edgecolor="black", linewidth=0.0,
           label="expenses")
    budget = instance.policy.budget
    if budget.quarterly is not None:
        ax.scatter(positions, budget.quarterly, marker="_", s=400, color="black", zorder=3,
                   label="quarterly budget")
    elif budget.annual is not None:
        ax.axhline(budget.annual / 4, color="black", linestyle="--", linewidth=1,
                   label="annual budget / 4")
    ax.set_xticks(positions, list(QUARTERS))
    ax.set_xlabel(f"quarter of {instance.year}")
    ax.set_ylabel("EUR")
    ax.set_title(f"Spend per quarter (total {pay.sum() + fees.sum():,.2f} EUR)")
    legend_outside(ax)
    return ax
