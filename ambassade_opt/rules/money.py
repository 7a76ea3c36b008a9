"""Rule 7, money: remuneration cap per ambassador, annual and quarterly budgets.

Remuneration = rate × (duration + preparation hours) on paid missions; every assigned ambassador
also costs the mission's expense (its own figure or the travel table from their home region).
Staff cost nothing to this budget. Spend is booked in the quarter of the mission's start.
"""

from __future__ import annotations

from collections import defaultdict

from .core import MONEY_TOLERANCE_EUR, PlanView, Violation

RULE = "money"


def quarter_of(month: int) -> int:
    """0-based quarter of a 1-based calendar month."""
    return (month - 1) // 3


def violations(view: PlanView) -> list[Violation]:
    policy = view.instance.policy
    remuneration: dict[str, float] = defaultdict(float)
    per_quarter = [0.0, 0.0, 0.0, 0.0]
    total = 0.0
    for mission_id, people in view.ambassadors_on.items():
        mission = view.missions[mission_id]
        pay = policy.remuneration_eur(mission)
        for aid in people:
            cost = pay + policy.expense_eur(view.ambassadors[aid], mission)
            remuneration[aid] += pay
            per_quarter[quarter_of(mission.start.month)] += cost
            total += cost
    out: list[Violation] = []
    cap = policy.compensation.max_remuneration_per_ambassador
    if cap is not None:
        for aid, paid in remuneration.items():
            if paid > cap + MONEY_TOLERANCE_EUR:
                out.append(Violation(rule=RULE, person=aid,
                                     message=f"ambassador {aid}: remuneration {paid:.2f} EUR > "
                                             f"cap {cap:.2f}"))
    budget = policy.budget
    if budget.annual is not None and total > budget.annual + MONEY_TOLERANCE_EUR:
        out.append(Violation(rule=RULE, message=f"spend {total:.2f} EUR > annual budget {budget.annual:.2f}"))
    if budget.quarterly is not None:
        for q, (spent, limit) in enumerate(zip(per_quarter, budget.quarterly, strict=True)):
            if spent > limit + MONEY_TOLERANCE_EUR:
                out.append(Violation(rule=RULE,
                                     message=f"spend in Q{q + 1} {spent:.2f} EUR > budget {limit:.2f}"))
    return out
