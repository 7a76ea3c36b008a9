"""The whole year's plan as the block search holds it: ids only, no compiled data.

Who holds which mission, each person's missions, who is active and what the plan spends (as rule 7
counts it, :func:`ambassade_opt.rules.money.quarter_spend`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Instance
from ..plan import Assignment, Plan
from ..rules.money import quarter_spend


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

    def spend_cents(self) -> list[int]:
        """Cents the plan spends in each quarter."""
        return quarter_spend(self.instance, self.held.values())

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
