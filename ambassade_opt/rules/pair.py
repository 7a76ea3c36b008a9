"""Rule 3, staff pair: one fitting staff member where ``needs_staff_pair``, nobody elsewhere."""

from __future__ import annotations

from ..model import Mission, Staff
from .core import PlanView, Violation
from .eligibility import unavailability

RULE = "pair"


def staff_problems(staff: Staff, mission: Mission) -> list[str]:
    """Every reason why ``staff`` cannot be the pair of ``mission``; empty when they can."""
    problems: list[str] = []
    if mission.staff_services and staff.service not in mission.staff_services:
        problems.append(f"is in {staff.service}, not in {', '.join(mission.staff_services)}")
    if mission.language not in staff.languages:
        problems.append(f"does not speak {mission.language}")
    absent = unavailability(staff, mission)
    if absent is not None:
        problems.append(absent)
    return problems


def violations(view: PlanView) -> list[Violation]:
    out: list[Violation] = []
    for mission_id, asg in view.assignment.items():
        mission = view.missions[mission_id]
        if not mission.needs_staff_pair:
            if asg.staff is not None:
                out.append(Violation(rule=RULE, mission=mission_id, person=asg.staff,
                                     message=f"{mission_id}: staff {asg.staff} on a mission "
                                             "without a staff pair"))
            continue
        if asg.staff is None:
            out.append(Violation(rule=RULE, mission=mission_id,
                                 message=f"{mission_id}: needs a staff pair, none assigned"))
            continue
        staff = view.staff.get(asg.staff)
        if staff is None:
            continue  # the structure check reports the unknown id
        for problem in staff_problems(staff, mission):
            out.append(Violation(rule=RULE, mission=mission_id, person=staff.id,
                                 message=f"{mission_id}: staff {staff.id} {problem}"))
    return out
