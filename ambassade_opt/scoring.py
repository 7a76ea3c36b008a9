"""How good a plan is (DOMAIN.md section 4), what it costs, and whether it keeps the hard rules.

* :func:`match_points` — the reference scalar match score of an ambassador for a mission; the
  solver's vectorised version is tested against it.
* money helpers — remuneration, expense and cost of one ambassador on one mission, in EUR or cents.
* :func:`kpis` — the figures a plan file carries and a report shows (:class:`~ambassade_opt.figures.Kpis`).
* :func:`validate` — every hard rule recomputed from the instance and the plan alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

import numpy as np

from .errors import InputError
from .figures import ANY_SECTOR, QUARTERS, GroupFigures, Kpis, Table
from .model import AXES, LEVELS, Ambassador, Instance, Mission
from .objectives import (
    DEFAULT_MATCH,
    MatchWeights,
    level_fits,
    match_points,
    match_points_of_pairs,
    rotation_penalty,
)
from .plan import Plan
from .rules import PlanLike, PlanView, Violation, check
from .rules.money import quarter_of

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
# Figures: deterministic (keys and values do not depend on order). A mission counts as covered when
# the plan assigns it; validate says whether that assignment keeps the rules. Unknown ids are
# ignored here (validate reports them). The objective values come from :mod:`objectives`, the same
# definitions the solver optimises.


def gini(values: list[int] | list[float] | np.ndarray) -> float:
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


def _table(missions: list[Mission], covered: set[str], keys_of: Callable[[Mission], Iterable[str]],
           order: tuple[str, ...] = ()) -> Table:
    table: Table = {k: GroupFigures() for k in order}
    for m in missions:
        for key in keys_of(m):
            row = table.setdefault(key, GroupFigures())
            row.missions += 1
            row.value_max += m.priority
            if m.id in covered:
                row.covered += 1
                row.value += m.priority
    return {k: table[k] for k in (*order, *sorted(set(table) - set(order)))}


def _coverage(instance: Instance, covered: set[str]) -> dict[str, Table]:
    missions = instance.missions
    return {
        "axis": _table(missions, covered, lambda m: [m.axis], AXES),
        "level": _table(missions, covered, lambda m: [m.level], LEVELS),
        "region": _table(missions, covered, lambda m: [m.region]),
        "sector": _table(missions, covered, lambda m: sorted(set(m.sectors)) or [ANY_SECTOR]),
        "priority": _table(missions, covered, lambda m: [str(m.priority)], ("5", "4", "3", "2", "1")),
    }


def _people(instance: Instance, view: PlanView, weights: MatchWeights) -> dict[str, object]:
    """Fairness and match figures."""
    loads = np.array([len(view.missions_of_ambassador.get(a.id, [])) for a in instance.ambassadors],
                     dtype=np.int64)
    active = loads[loads > 0]
    history = np.array([a.history.missions_last_year for a in instance.ambassadors], dtype=np.int64)
    a_pos = {a.id: i for i, a in enumerate(instance.ambassadors)}
    m_pos = {m.id: i for i, m in enumerate(instance.missions)}
    seat_amb = np.array([a_pos[a] for people in view.ambassadors_on.values() for a in people], dtype=np.int64)
    seat_mis = np.array([m_pos[mid] for mid, people in view.ambassadors_on.items() for _ in people],
                        dtype=np.int64)
    match_total = int(match_points_of_pairs(instance.ambassadors, instance.missions, seat_amb, seat_mis,
                                            weights).sum())
    seats = len(seat_amb)
    staff_loads = Counter(view.staff_on.values())
    return {
        "rotation_penalty": rotation_penalty(history, loads), "match_total": match_total,
        "match_mean": round(match_total / seats, 2) if seats else 0.0, "seats_filled": seats,
        "staff_pairs": len(view.staff_on), "staff_max_load": max(staff_loads.values(), default=0),
        "ambassadors": len(instance.ambassadors), "active_ambassadors": int(active.size),
        "max_load": int(active.max()) if active.size else 0,
        "mean_active_load": round(float(active.mean()), 4) if active.size else 0.0,
        "gini_active_load": round(gini(active), 4),
        "load_histogram": {str(k): int(v) for k, v in sorted(Counter(loads.tolist()).items())},
    }


def _money(instance: Instance, view: PlanView) -> dict[str, object]:
    policy = instance.policy
    remuneration = expenses = paid_missions = expense_only = 0.0
    quarter = [0.0] * 4
    spend_person: dict[str, float] = defaultdict(float)
    pay_person: dict[str, float] = defaultdict(float)
    hours = 0.0
    for mission_id, people in view.ambassadors_on.items():
        m = view.missions[mission_id]
        pay = policy.remuneration_eur(m)
        for aid in people:
            fee = policy.expense_eur(view.ambassadors[aid], m)
            remuneration += pay
            expenses += fee
            quarter[quarter_of(m.start.month)] += pay + fee
            if m.is_paid:
                paid_missions += pay + fee
            else:
                expense_only += pay + fee
            spend_person[aid] += pay + fee
            pay_person[aid] += pay
            hours += m.workload_hours
    spend = remuneration + expenses
    budget = policy.budget
    return {
        "hours_total": round(hours, 2), "spend": _eur(spend), "remuneration": _eur(remuneration),
        "expenses": _eur(expenses),
        "spend_by_quarter": {q: _eur(x) for q, x in zip(QUARTERS, quarter, strict=True)},
        "spend_paid_missions": _eur(paid_missions), "spend_expenses_only_missions": _eur(expense_only),
        "spend_by_ambassador": {aid: _eur(spend_person[aid]) for aid in sorted(spend_person)},
        "max_spend_per_ambassador": _eur(max(spend_person.values(), default=0.0)),
        "max_remuneration_per_ambassador": _eur(max(pay_person.values(), default=0.0)),
        "budget_annual": budget.annual,
        "budget_annual_used": _ratio(spend, budget.annual) if budget.annual else None,
        "budget_quarterly": list(budget.quarterly) if budget.quarterly is not None else None,
    }


def kpis(instance: Instance, plan: PlanLike, weights: MatchWeights = DEFAULT_MATCH) -> Kpis:
    """The figures of ``plan`` (see :class:`Kpis`); ``weights``: the match points to count."""
    view = PlanView.build(instance, plan)
    covered = set(view.assignment)
    coverage = _coverage(instance, covered)
    value = sum(view.missions[mid].priority for mid in covered)
    value_max = sum(m.priority for m in instance.missions)
    return Kpis.model_validate({
        "missions": len(instance.missions), "covered": len(covered),
        "coverage_ratio": _ratio(len(covered), len(instance.missions)),
        "coverage_value": value, "coverage_value_max": value_max,
        "coverage_value_ratio": _ratio(value, value_max),
        "covered_by_axis": {k: row.covered for k, row in coverage["axis"].items()}, "coverage": coverage,
        **_people(instance, view, weights), **_money(instance, view),
    })


# ---------------------------------------------------------------------------------------------
# Validation


def validate(instance: Instance, plan: PlanLike) -> list[Violation]:
    """Every broken hard rule and structure problem of ``plan``; empty when the plan is valid.

    Recomputed from the instance and the plan alone (never from the solver's model), so that it
    can catch a solver bug. With a :class:`~ambassade_opt.plan.Plan`, also checks that every
    mission is listed exactly once, in ``assignments`` or (with a reason) in ``unassigned``.
    """
    return check(instance, plan)


def refuse_broken_plan(instance: Instance, plan: Plan) -> None:
    """:class:`InputError` when ``plan`` names ids ``instance`` does not know or its assignments
    break one of its hard rules or list a mission or a person twice (each violation listed, as
    ``check`` lists them): for the services whose advice would be wrong on such a plan (another
    year's plan, a plan edited by hand). The ``unassigned`` list only records reasons: a plan
    built in a program without it is not refused for that."""
    plan.check_references(instance)
    violations = validate(instance, plan.assignments)
    if violations:
        summary = (f"breaks {len(violations)} hard rule(s) of this year (is it another year's plan, or "
                   "edited by hand?): fix it or re-plan first")
        raise InputError([("plan", summary), *((f"plan ({v.rule})", v.message) for v in violations)])


__all__ = [
    "ANY_SECTOR",
    "DEFAULT_WEIGHTS",
    "QUARTERS",
    "GroupFigures",
    "Kpis",
    "MatchWeights",
    "Violation",
    "cost_eur",
    "expense_eur",
    "gini",
    "kpis",
    "level_fits",
    "match_points",
    "refuse_broken_plan",
    "remuneration_eur",
    "rotation_penalty",
    "to_cents",
    "validate",
]
