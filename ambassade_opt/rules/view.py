"""A read-only view of a finished plan, as the rule checks read it.

Built once per validation so that each rule can ask "which missions does this person have?"
without walking the plan again. It keeps only what the plan says about *known* missions and
people; references to unknown ids are reported by the structure check, never silently used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..model import Ambassador, Instance, Mission, Staff
from ..plan import Assignment, Plan

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
