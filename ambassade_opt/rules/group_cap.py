"""Rule 6, group cap: at most ``policy.group_cap`` distinct ambassadors active in the year."""

from __future__ import annotations

from .core import PlanView, Violation

RULE = "group_cap"


def violations(view: PlanView) -> list[Violation]:
    cap = view.instance.policy.group_cap
    active = len(view.active_ambassadors())
    if cap is not None and active > cap:
        return [Violation(rule=RULE, message=f"{active} active ambassadors > group_cap {cap}")]
    return []
