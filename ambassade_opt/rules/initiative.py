"""Rule 8, initiative: an ambassador's own proposal is staffed only if approved, with its proposer."""

from __future__ import annotations

from .core import PlanView, Violation

RULE = "initiative"


def violations(view: PlanView) -> list[Violation]:
    out: list[Violation] = []
    for mission_id, asg in view.assignment.items():
        mission = view.missions[mission_id]
        if mission.origin != "ambassador_initiative":
            continue
        if not mission.approved:
            out.append(Violation(rule=RULE, mission=mission_id,
                                 message=f"{mission_id}: unapproved initiative is staffed"))
        if mission.proposed_by not in asg.ambassadors:
            out.append(Violation(rule=RULE, mission=mission_id, person=mission.proposed_by,
                                 message=f"{mission_id}: initiative staffed without its proposer "
                                         f"{mission.proposed_by}"))
    return out
