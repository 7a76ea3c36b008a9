"""Rule 9, pins: pinned ambassadors and pinned staff are in their mission's assignment.

A pinned mission must therefore be covered. Pins never override rules 1–8: a pin that breaks one
makes the plan infeasible (see :mod:`.pins` for the checks that name the pin and the rule).
Compiled, a pin fixes its pair variable to 1; a pin without a pair (an ineligible person) cannot
be written at all and is reported before any solve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..compiled import IntArray, ProblemData
from .base import Rule, Tracker
from .core import Violation
from .eligibility import eligibility_problems
from .encoding import CpSatSink, RowSink
from .pair import staff_problems
from .view import PlanView

if TYPE_CHECKING:
    from .state import Assignments


def pins(problem: ProblemData) -> list[tuple[int, int, bool]]:
    """Every pin as (mission, person, is staff), in mission order."""
    amb, staff = problem.ambassador_position, problem.staff_position
    out: list[tuple[int, int, bool]] = []
    for m, mission in enumerate(problem.instance.missions):
        out += [(m, amb[a], False) for a in mission.pinned_ambassadors]
        if mission.pinned_staff is not None:
            out.append((m, staff[mission.pinned_staff], True))
    return out


def pin_pairs(problem: ProblemData) -> tuple[IntArray, IntArray]:
    """(pair indices, staff pair indices) the pins fix to 1 (−1 where a pin has no pair)."""
    pairs = [problem.pair_index(p, m) for m, p, st in pins(problem) if not st]
    staff = [problem.staff_pair_index(p, m) for m, p, st in pins(problem) if st]
    return np.array(pairs, dtype=np.int64), np.array(staff, dtype=np.int64)


class _Tracker(Tracker):
    rule = "pinned"

    def team_problem(self, m: int, people: IntArray, staff: int, partial: bool) -> str | None:
        if partial:
            return None
        mission = self.problem.instance.missions[m]
        on = {self.problem.ambassador_ids[a] for a in people.tolist()}
        missing = [a for a in mission.pinned_ambassadors if a not in on]
        if missing:
            return f"pinned ambassador {missing[0]} missing"
        if mission.pinned_staff is not None and (
            staff < 0 or self.problem.staff_ids[staff] != mission.pinned_staff
        ):
            return f"pinned staff {mission.pinned_staff} missing"
        return None


class Pinned(Rule):
    name = "pinned"
    number = 9
    title = "pins"

    def violations(self, view: PlanView) -> list[Violation]:
        out: list[Violation] = []
        for mission_id, mission in view.missions.items():
            if not mission.pinned_ambassadors and mission.pinned_staff is None:
                continue
            asg = view.assignment.get(mission_id)
            if asg is None:
                out.append(
                    Violation(
                        rule="pinned",
                        mission=mission_id,
                        message=f"{mission_id}: has pinned people but is unassigned",
                    )
                )
                continue
            for aid in mission.pinned_ambassadors:
                if aid not in asg.ambassadors:
                    out.append(
                        Violation(
                            rule="pinned",
                            mission=mission_id,
                            person=aid,
                            message=f"{mission_id}: pinned ambassador {aid} missing",
                        )
                    )
            if mission.pinned_staff is not None and asg.staff != mission.pinned_staff:
                out.append(
                    Violation(
                        rule="pinned",
                        mission=mission_id,
                        person=mission.pinned_staff,
                        message=f"{mission_id}: pinned staff {mission.pinned_staff} missing",
                    )
                )
        return out

    def cp_sat(self, sink: CpSatSink) -> None:
        problem = sink.problem
        for m, person, staff in pins(problem):
            index = problem.staff_pair_index(person, m) if staff else problem.pair_index(person, m)
            sink.pin(-1 if index < 0 else int((sink.z if staff else sink.x)[index]), m, person, staff)

    def highs(self, sink: RowSink) -> None:
        pairs, staff = pin_pairs(sink.problem)
        if (pairs < 0).any() or (staff < 0).any():
            raise ValueError("a pin has no pair: check pins before building a program")
        sink.fix(sink.x[pairs], 1.0)
        sink.fix(sink.z[staff], 1.0)

    def tracker(self, problem: ProblemData, plan: Assignments) -> Tracker:
        return _Tracker(problem, plan)

    def mission_problem(self, problem: ProblemData, m: int) -> str | None:
        from .seats import maximum

        inst = problem.instance
        mission = inst.missions[m]
        for aid in mission.pinned_ambassadors:
            problems = eligibility_problems(inst, inst.ambassador(aid), mission)
            if problems:
                return f"pinned ambassador {aid} cannot take it ({problems[0]})"
        seats_max = int(maximum(problem)[m])
        if len(mission.pinned_ambassadors) > seats_max:
            return f"{len(mission.pinned_ambassadors)} pinned ambassadors for {seats_max} seats"
        if mission.pinned_staff is not None:
            problems = staff_problems(inst.staff_member(mission.pinned_staff), mission)
            if problems:
                return f"pinned staff {mission.pinned_staff} cannot take it ({problems[0]})"
        return None

    def must_cover(self, problem: ProblemData, m: int) -> bool:
        mission = problem.instance.missions[m]
        return bool(mission.pinned_ambassadors) or mission.pinned_staff is not None

    def required(self, problem: ProblemData, m: int) -> tuple[IntArray, int]:
        mission = problem.instance.missions[m]
        people = np.array(
            [problem.ambassador_position[a] for a in mission.pinned_ambassadors], dtype=np.int64
        )
        staff = -1 if mission.pinned_staff is None else problem.staff_position[mission.pinned_staff]
        return people, staff


RULE = Pinned()
