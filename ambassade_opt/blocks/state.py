"""The whole year's plan as the block search holds it: ids only, no compiled data.

Who holds which mission, each person's missions, who is active and what the plan spends, in the
cents the money rule compiles (each remuneration and expense rounded up), so that the budget
shares handed to the blocks add up to no more than what is really left.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..compiled.units import cents_up
from ..model import Instance, Mission
from ..plan import Assignment, Plan
from ..rules.money import quarter_of


def pair_cents(instance: Instance, mission: Mission, ambassador_id: str) -> int:
    """What one ambassador on ``mission`` costs the budget, in cents as the money rule counts it."""
    policy = instance.policy
    return cents_up(policy.remuneration_eur(mission)) + cents_up(
        policy.expense_eur(instance.ambassador(ambassador_id), mission)
    )


@dataclass
class YearState:
    """``held[m]``: mission m's assignment (covered missions only); the rest follows from it."""

    instance: Instance
    held: dict[str, Assignment] = field(default_factory=dict)

    @classmethod
    def of(cls, instance: Instance, plan: Plan | None) -> YearState:
        known = {m.id for m in instance.missions}
        held = {} if plan is None else {a.mission: a for a in plan.assignments if a.mission in known}
        return cls(instance, held)

    def missions_of(self) -> dict[str, list[str]]:
        """Mission ids of each person (ambassadors and staff) who holds one."""
        out: dict[str, list[str]] = defaultdict(list)
        for mid, asg in self.held.items():
            for person in asg.ambassadors:
                out[person].append(mid)
            if asg.staff is not None:
                out[asg.staff].append(mid)
        return out

    def active(self) -> set[str]:
        """Ambassadors with at least one mission."""
        return {a for asg in self.held.values() for a in asg.ambassadors}

    def spend_cents(self, missions: set[str] | None = None) -> tuple[int, list[int]]:
        """(annual, per quarter) spend in cents of the held ``missions`` (default: all)."""
        quarters = [0, 0, 0, 0]
        for mid, asg in self.held.items():
            if missions is not None and mid not in missions:
                continue
            mission = self.instance.mission(mid)
            q = quarter_of(mission.start.month)
            quarters[q] += sum(pair_cents(self.instance, mission, a) for a in asg.ambassadors)
        return sum(quarters), quarters

    def coverage_value(self) -> int:
        return sum(self.instance.mission(mid).priority for mid in self.held)

    def replace(self, missions: list[str], plan: Plan) -> None:
        """Take ``plan``'s assignment of each of ``missions`` (none there: the mission is left out)."""
        given = {a.mission: a for a in plan.assignments}
        for mid in missions:
            if mid in given:
                self.held[mid] = given[mid]
            else:
                self.held.pop(mid, None)

    def plan(self) -> Plan:
        """The assignments in the instance's mission order (reasons for the rest come later)."""
        order = [m.id for m in self.instance.missions if m.id in self.held]
        return Plan(status="feasible", assignments=[self.held[mid] for mid in order])
