"""What every rule check shares: the :class:`Violation` record and a read-only view of a plan.

The view is built once per validation so that each rule can ask "which missions does this person
have?" without walking the plan again. It keeps only what the plan says about *known* missions and
people; references to unknown ids are reported by the structure check, never silently used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..model import Ambassador, Instance, Mission, Staff
from ..plan import Assignment, Plan

RuleName = Literal[
    "structure", "eligibility", "seats", "pair", "overlap", "load", "group_cap", "money",
    "initiative", "pinned",
]

# Money is compared with half a cent of slack: sums of floats must not flip a verdict.
MONEY_TOLERANCE_EUR = 0.005
# Hours are sums of floats too; a sub-nanosecond excess is rounding, not overwork.
HOURS_TOLERANCE = 1e-9


class Violation(BaseModel):
    """One broken hard rule: which rule, which mission(s) and person, in plain words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: RuleName
    message: str
    mission: str | None = None
    person: str | None = None
    other_mission: str | None = None

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


PlanLike = Plan | Mapping[str, Assignment] | Iterable[Assignment]


def assignment_list(plan: PlanLike) -> list[Assignment]:
    """The assignments of a plan, of a ``{mission id: Assignment}`` map, or of a list."""
    if isinstance(plan, Plan):
        return list(plan.assignments)
    if isinstance(plan, Mapping):
        return list(plan.values())
    return list(plan)


@dataclass
class PlanView:
    """The plan as the rules read it: known missions, known people, duplicates removed.

    A mission listed twice keeps its last listing (the structure check reports the repeat).
    """

    instance: Instance
    ambassadors: dict[str, Ambassador]
    staff: dict[str, Staff]
    missions: dict[str, Mission]
    assignment: dict[str, Assignment] = field(default_factory=dict)
    ambassadors_on: dict[str, list[str]] = field(default_factory=dict)
    staff_on: dict[str, str] = field(default_factory=dict)
    missions_of_ambassador: dict[str, list[Mission]] = field(default_factory=dict)
    missions_of_staff: dict[str, list[Mission]] = field(default_factory=dict)

    @classmethod
    def build(cls, instance: Instance, plan: PlanLike) -> PlanView:
        view = cls(
            instance=instance,
            ambassadors={a.id: a for a in instance.ambassadors},
            staff={s.id: s for s in instance.staff},
            missions={m.id: m for m in instance.missions},
        )
        for asg in assignment_list(plan):
            if asg.mission in view.missions:
                view.assignment[asg.mission] = asg
        for mission_id, asg in view.assignment.items():
            mission = view.missions[mission_id]
            known = [aid for aid in dict.fromkeys(asg.ambassadors) if aid in view.ambassadors]
            view.ambassadors_on[mission_id] = known
            for aid in known:
                view.missions_of_ambassador.setdefault(aid, []).append(mission)
            if asg.staff is not None and asg.staff in view.staff:
                view.staff_on[mission_id] = asg.staff
                view.missions_of_staff.setdefault(asg.staff, []).append(mission)
        return view

    def active_ambassadors(self) -> list[str]:
        return [aid for aid in self.ambassadors if self.missions_of_ambassador.get(aid)]
