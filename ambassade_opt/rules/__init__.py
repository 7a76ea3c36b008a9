"""The hard rules of a year plan (DOMAIN.md section 3), one module per rule.

:data:`RULES` maps each rule name to the function that finds its violations in a finished plan;
:func:`check` is their union plus the plan-structure check. Nothing here calls the solver: every
verdict is recomputed from the instance and the plan alone.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Instance
from . import eligibility, group_cap, initiative, load, money, overlap, pair, pinned, seats, structure
from .core import MONEY_TOLERANCE_EUR, PlanLike, PlanView, RuleName, Violation
from .pinned import pin_conflicts

RuleCheck = Callable[[PlanView], list[Violation]]

RULES: dict[str, RuleCheck] = {
    "eligibility": eligibility.violations,
    "seats": seats.violations,
    "pair": pair.violations,
    "overlap": overlap.violations,
    "load": load.violations,
    "group_cap": group_cap.violations,
    "money": money.violations,
    "initiative": initiative.violations,
    "pinned": pinned.violations,
}


def check(instance: Instance, plan: PlanLike, rules: list[str] | None = None) -> list[Violation]:
    """Violations of the plan structure and of each named rule (all rules when None).

    ``plan`` may be a :class:`~ambassade_opt.plan.Plan` or just its assignments (a list or a
    ``{mission id: Assignment}`` map); without the ``unassigned`` list, the "every mission exactly
    once" part of the structure check is skipped.
    """
    unknown = sorted(set(rules or []) - set(RULES))
    if unknown:
        raise ValueError(f"unknown rule(s) {unknown}; known: {', '.join(RULES)}")
    view = PlanView.build(instance, plan)
    out = structure.violations(view, plan)
    for name, find in RULES.items():
        if rules is None or name in rules:
            out.extend(find(view))
    return out


__all__ = [
    "MONEY_TOLERANCE_EUR", "RULES", "PlanLike", "PlanView", "RuleCheck", "RuleName", "Violation",
    "check", "pin_conflicts",
]
