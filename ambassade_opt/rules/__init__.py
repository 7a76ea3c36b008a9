"""The hard rules of a year plan (DOMAIN.md section 3), one module per rule.

:data:`RULES` lists them; each is a :class:`Rule` whose module holds its check of a finished plan,
its CP-SAT encoding, its HiGHS rows and its incremental test (see :mod:`.base`). :func:`check` is
the union of the checks plus the plan-structure check. Nothing here calls a solver: every verdict
of :func:`check` is recomputed from the instance and the plan alone.
"""

from __future__ import annotations

from ..model import Instance
from . import structure
from .base import Obstacle, PersonBlock, Rule, Tracker
from .core import HOURS_TOLERANCE, MONEY_TOLERANCE_EUR, RuleName, Violation
from .registry import BY_NAME, RULES, label
from .view import PlanLike, PlanView, assignment_list


def check(instance: Instance, plan: PlanLike, rules: list[str] | None = None) -> list[Violation]:
    """Violations of the plan structure and of each named rule (all rules when None).

    ``plan`` may be a :class:`~ambassade_opt.plan.Plan` or just its assignments (a list or a
    ``{mission id: Assignment}`` map); without the ``unassigned`` list, the "every mission exactly
    once" part of the structure check is skipped.
    """
    unknown = sorted(set(rules or []) - set(BY_NAME))
    if unknown:
        raise ValueError(f"unknown rule(s) {unknown}; known: {', '.join(BY_NAME)}")
    view = PlanView.build(instance, plan)
    out = structure.violations(view, plan)
    for rule in RULES:
        if rules is None or rule.name in rules:
            out.extend(rule.violations(view))
    return out


__all__ = [
    "BY_NAME",
    "HOURS_TOLERANCE",
    "MONEY_TOLERANCE_EUR",
    "RULES",
    "Obstacle",
    "PersonBlock",
    "PlanLike",
    "PlanView",
    "Rule",
    "RuleName",
    "Tracker",
    "Violation",
    "assignment_list",
    "check",
    "label",
]
