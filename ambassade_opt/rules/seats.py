"""Rule 2, seats: a covered mission has between ``seats_min`` and ``seats_max`` ambassadors."""

from __future__ import annotations

from .core import PlanView, Violation

RULE = "seats"


def violations(view: PlanView) -> list[Violation]:
    out: list[Violation] = []
    for mission_id, asg in view.assignment.items():
        mission = view.missions[mission_id]
        # Unknown ids are still seats the plan claims; the structure check names them.
        taken = len(set(asg.ambassadors))
        if not mission.seats_min <= taken <= mission.seats_max:
            need = (f"{mission.seats_min}" if mission.seats_min == mission.seats_max
                    else f"{mission.seats_min}..{mission.seats_max}")
            out.append(Violation(rule=RULE, mission=mission_id,
                                 message=f"{mission_id}: {taken} ambassadors, needs {need}"))
    return out
