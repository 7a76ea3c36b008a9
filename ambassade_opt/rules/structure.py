"""Plan structure: every mission exactly once, no unknown ids, nobody listed twice.

Not one of the hard rules of DOMAIN.md section 3, but a plan that breaks it cannot be judged by
them: an unknown person has no sheet to check, a mission in neither list has no verdict.
"""

from __future__ import annotations

from collections import Counter

from ..plan import Plan
from .core import Violation
from .view import PlanLike, PlanView, assignment_list

RULE = "structure"


def violations(view: PlanView, plan: PlanLike) -> list[Violation]:
    """Every structural problem of ``plan``: unknown missions and people, people listed twice on
    a mission, unassigned missions without a reason, missions in neither list (for a full
    :class:`Plan`) and missions listed more than once; in the order of the plan's lists."""
    listed: Counter[str] = Counter()
    out = _assignment_violations(view, plan, listed)
    if isinstance(plan, Plan):
        out += _unassigned_violations(view, plan, listed)
    for mission_id, times in listed.items():
        if times > 1:
            out.append(
                Violation(rule=RULE, mission=mission_id, message=f"{mission_id} is listed {times} times")
            )
    return out


def _assignment_violations(view: PlanView, plan: PlanLike, listed: Counter[str]) -> list[Violation]:
    """Unknown missions and people in the assignments, ambassadors listed twice on a mission;
    counts each known mission in ``listed``."""
    out: list[Violation] = []
    for asg in assignment_list(plan):
        if asg.mission not in view.missions:
            out.append(
                Violation(
                    rule=RULE,
                    mission=asg.mission,
                    message=f"assignment names unknown mission {asg.mission!r}",
                )
            )
            continue
        listed[asg.mission] += 1
        for aid, times in Counter(asg.ambassadors).items():
            if aid not in view.ambassadors:
                out.append(
                    Violation(
                        rule=RULE,
                        mission=asg.mission,
                        person=aid,
                        message=f"{asg.mission}: unknown ambassador {aid!r}",
                    )
                )
            elif times > 1:
                out.append(
                    Violation(
                        rule=RULE,
                        mission=asg.mission,
                        person=aid,
                        message=f"{asg.mission}: ambassador {aid} is listed {times} times",
                    )
                )
        if asg.staff is not None and asg.staff not in view.staff:
            out.append(
                Violation(
                    rule=RULE,
                    mission=asg.mission,
                    person=asg.staff,
                    message=f"{asg.mission}: unknown staff {asg.staff!r}",
                )
            )
    return out


def _unassigned_violations(view: PlanView, plan: Plan, listed: Counter[str]) -> list[Violation]:
    """Unknown missions among the unassigned, unassigned missions without a reason, then missions
    in neither list (``listed`` counts the assignments already; the unassigned are added)."""
    out: list[Violation] = []
    for un in plan.unassigned:
        if un.mission not in view.missions:
            out.append(
                Violation(
                    rule=RULE,
                    mission=un.mission,
                    message=f"unassigned names unknown mission {un.mission!r}",
                )
            )
            continue
        listed[un.mission] += 1
        if not un.reason.strip():
            out.append(
                Violation(
                    rule=RULE, mission=un.mission, message=f"{un.mission} is unassigned without a reason"
                )
            )
    for mission_id in view.missions:
        if listed[mission_id] == 0:
            out.append(
                Violation(
                    rule=RULE,
                    mission=mission_id,
                    message=f"{mission_id} appears in neither assignments nor unassigned",
                )
            )
    return out
