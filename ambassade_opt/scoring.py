"""How good a plan is (DOMAIN.md section 4), what it costs, and whether it keeps the hard rules.

* :func:`match_points` — the reference scalar match score of an ambassador for a mission; the
  solver's vectorised version is tested against it.
* money helpers — remuneration, expense and cost of one ambassador on one mission, in EUR or cents.
* :func:`kpis` — the JSON-ready figures a plan file carries and a report shows.
* :func:`validate` — every hard rule recomputed from the instance and the plan alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import numpy as np

from .model import AXES, LEVELS, Ambassador, Instance, Mission
from .objectives import (
    DEFAULT_MATCH,
    MatchWeights,
    level_fits,
    match_points,
    match_points_of_pairs,
    rotation_penalty,
)
from .rules import PlanLike, PlanView, Violation, check
from .rules.money import quarter_of

ANY_SECTOR = "(any)"
QUARTERS: tuple[str, ...] = ("Q1", "Q2", "Q3", "Q4")
DEFAULT_WEIGHTS = DEFAULT_MATCH


# ---------------------------------------------------------------------------------------------
# Money


def remuneration_eur(instance: Instance, mission: Mission) -> float:
    """What each ambassador on ``mission`` is paid: rate × (duration + preparation) if paid."""
    return instance.policy.remuneration_eur(mission)


def expense_eur(instance: Instance, ambassador: Ambassador, mission: Mission) -> float:
    """Expenses reimbursed to ``ambassador`` for ``mission``, paid or not."""
    return instance.policy.expense_eur(ambassador, mission)


def cost_eur(instance: Instance, ambassador: Ambassador, mission: Mission) -> float:
    return remuneration_eur(instance, mission) + expense_eur(instance, ambassador, mission)


def to_cents(eur: float) -> int:
    """EUR to whole cents, halves away from zero (money is given with two decimals)."""
    cents = abs(eur) * 100.0
    whole = int(cents + 0.5 + 1e-9)
    return whole if eur >= 0 else -whole


# ---------------------------------------------------------------------------------------------
# KPIs


def gini(values: list[int] | list[float] | np.ndarray[Any, Any]) -> float:
    """Gini coefficient of non-negative values: 0 when all equal; 0 for an empty or all-zero list."""
    v = np.sort(np.asarray(values, dtype=float))
    n = v.size
    total = float(v.sum())
    if n == 0 or total == 0.0:
        return 0.0
    ranks = np.arange(1, n + 1, dtype=float)
    return float(2.0 * float((ranks * v).sum()) / (n * total) - (n + 1) / n)


def _eur(x: float) -> float:
    return round(x + 0.0, 2)


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def kpis(instance: Instance, plan: PlanLike, weights: MatchWeights = DEFAULT_MATCH) -> dict[str, Any]:
    """The figures of a plan, JSON-ready, deterministic (keys and values do not depend on order).

    A mission counts as covered when the plan assigns it; :func:`validate` says whether that
    assignment keeps the rules. Unknown ids are ignored here (validate reports them). Keys:

    * coverage — ``missions``, ``covered``, ``coverage_ratio``, ``coverage_value`` (Σ priority),
      ``coverage_value_max``, ``coverage_value_ratio``, ``covered_by_axis`` {axis: n} and
      ``coverage`` {axis|level|region|sector|priority: {group: {missions, covered, value,
      value_max}}} (a mission counts in each of its sectors; no sector: ``"(any)"``);
    * fairness — ``rotation_penalty``, ``active_ambassadors`` (of ``ambassadors``), ``max_load``,
      ``mean_active_load``, ``gini_active_load``, ``load_histogram`` {missions: ambassadors};
    * match — ``match_total``, ``match_mean`` per seat, ``seats_filled``;
    * staff — ``staff_pairs``, ``staff_max_load``; ``hours_total`` (ambassadors, with preparation);
    * money (EUR, 2 decimals) — ``spend``, ``remuneration``, ``expenses``, ``spend_by_quarter``
      {Q1..Q4}, ``spend_paid_missions``, ``spend_expenses_only_missions``, ``spend_by_ambassador``
      (active ones), ``max_spend_per_ambassador``, ``max_remuneration_per_ambassador``,
      ``budget_annual``, ``budget_annual_used`` (share), ``budget_quarterly``.
    """
    view = PlanView.build(instance, plan)
    policy = instance.policy
    covered_ids = set(view.assignment)

    def group_table(keys_of: Any, order: tuple[str, ...] = ()) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {
            k: {"missions": 0, "covered": 0, "value": 0, "value_max": 0} for k in order
        }
        for m in instance.missions:
            for key in keys_of(m):
                row = table.setdefault(key, {"missions": 0, "covered": 0, "value": 0, "value_max": 0})
                row["missions"] += 1
                row["value_max"] += m.priority
                if m.id in covered_ids:
                    row["covered"] += 1
                    row["value"] += m.priority
        return {k: table[k] for k in (*order, *sorted(set(table) - set(order)))}

    coverage = {
        "axis": group_table(lambda m: [m.axis], AXES),
        "level": group_table(lambda m: [m.level], LEVELS),
        "region": group_table(lambda m: [m.region]),
        "sector": group_table(lambda m: sorted(set(m.sectors)) or [ANY_SECTOR]),
        "priority": group_table(lambda m: [str(m.priority)], ("5", "4", "3", "2", "1")),
    }

    loads = np.array(
        [len(view.missions_of_ambassador.get(a.id, [])) for a in instance.ambassadors], dtype=np.int64
    )
    active_loads = loads[loads > 0]
    history = np.array([a.history.missions_last_year for a in instance.ambassadors], dtype=np.int64)
    rotation = rotation_penalty(history, loads)
    a_pos = {a.id: i for i, a in enumerate(instance.ambassadors)}
    m_pos = {m.id: i for i, m in enumerate(instance.missions)}
    seat_amb = [a_pos[aid] for mid, people in view.ambassadors_on.items() for aid in people]
    seat_mis = [m_pos[mid] for mid, people in view.ambassadors_on.items() for _ in people]
    match_total = int(
        match_points_of_pairs(
            instance.ambassadors,
            instance.missions,
            np.array(seat_amb, dtype=np.int64),
            np.array(seat_mis, dtype=np.int64),
            weights,
        ).sum()
    )

    seats = 0
    remuneration = 0.0
    expenses = 0.0
    spend_quarter = [0.0] * 4
    spend_paid_missions = 0.0
    spend_expense_only_missions = 0.0
    spend_person: dict[str, float] = defaultdict(float)
    remuneration_person: dict[str, float] = defaultdict(float)
    hours_person: dict[str, float] = defaultdict(float)
    for mission_id, people in view.ambassadors_on.items():
        m = view.missions[mission_id]
        pay = policy.remuneration_eur(m)
        for aid in people:
            a = view.ambassadors[aid]
            seats += 1
            fee = policy.expense_eur(a, m)
            remuneration += pay
            expenses += fee
            spend_quarter[quarter_of(m.start.month)] += pay + fee
            if m.is_paid:
                spend_paid_missions += pay + fee
            else:
                spend_expense_only_missions += pay + fee
            spend_person[aid] += pay + fee
            remuneration_person[aid] += pay
            hours_person[aid] += m.workload_hours
    spend = remuneration + expenses
    staff_loads = Counter(view.staff_on.values())
    coverage_value = sum(view.missions[mid].priority for mid in covered_ids)
    coverage_value_max = sum(m.priority for m in instance.missions)
    budget = policy.budget

    return {
        "missions": len(instance.missions),
        "covered": len(covered_ids),
        "coverage_ratio": _ratio(len(covered_ids), len(instance.missions)),
        "coverage_value": coverage_value,
        "coverage_value_max": coverage_value_max,
        "coverage_value_ratio": _ratio(coverage_value, coverage_value_max),
        "covered_by_axis": {k: row["covered"] for k, row in coverage["axis"].items()},
        "coverage": coverage,
        "rotation_penalty": int(rotation),
        "match_total": match_total,
        "match_mean": round(match_total / seats, 2) if seats else 0.0,
        "seats_filled": seats,
        "staff_pairs": len(view.staff_on),
        "staff_max_load": max(staff_loads.values(), default=0),
        "ambassadors": len(instance.ambassadors),
        "active_ambassadors": int(active_loads.size),
        "max_load": int(active_loads.max()) if active_loads.size else 0,
        "mean_active_load": round(float(active_loads.mean()), 4) if active_loads.size else 0.0,
        "gini_active_load": round(gini(active_loads), 4),
        "load_histogram": {str(k): int(v) for k, v in sorted(Counter(loads.tolist()).items())},
        "hours_total": round(sum(hours_person.values()), 2),
        "spend": _eur(spend),
        "remuneration": _eur(remuneration),
        "expenses": _eur(expenses),
        "spend_by_quarter": {q: _eur(x) for q, x in zip(QUARTERS, spend_quarter, strict=True)},
        "spend_paid_missions": _eur(spend_paid_missions),
        "spend_expenses_only_missions": _eur(spend_expense_only_missions),
        "spend_by_ambassador": {aid: _eur(spend_person[aid]) for aid in sorted(spend_person)},
        "max_spend_per_ambassador": _eur(max(spend_person.values(), default=0.0)),
        "max_remuneration_per_ambassador": _eur(max(remuneration_person.values(), default=0.0)),
        "budget_annual": budget.annual,
        "budget_annual_used": _ratio(spend, budget.annual) if budget.annual else None,
        "budget_quarterly": list(budget.quarterly) if budget.quarterly is not None else None,
    }


# ---------------------------------------------------------------------------------------------
# Validation


def validate(instance: Instance, plan: PlanLike) -> list[Violation]:
    """Every broken hard rule and structure problem of ``plan``; empty when the plan is valid.

    Recomputed from the instance and the plan alone (never from the solver's model), so that it
    can catch a solver bug. With a :class:`~ambassade_opt.plan.Plan`, also checks that every
    mission is listed exactly once, in ``assignments`` or (with a reason) in ``unassigned``.
    """
    return check(instance, plan)


__all__ = [
    "DEFAULT_WEIGHTS",
    "MatchWeights",
    "Violation",
    "cost_eur",
    "expense_eur",
    "gini",
    "kpis",
    "level_fits",
    "match_points",
    "remuneration_eur",
    "rotation_penalty",
    "to_cents",
    "validate",
]
