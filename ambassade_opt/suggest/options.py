"""Costing one choice for a mission: the moves it needs, the team it completes, what it costs.

Everything is asked of the rules through a :class:`~ambassade_opt.rules.state.PlanState` holding
the published plan: a person blocked by a rule (:meth:`PlanState.obstacles`) leaves the missions
the rule names (an overlap: all of them; a cap: the least harmful first — one that stays covered,
then the lowest priority, then the latest) until nothing is in the way; the team is completed with
people who need no move; the rules then judge the whole team (:meth:`PlanState.team_problems`:
seats, staff pair, initiative, pins, group cap, budgets). Each option is evaluated on the state and
then undone, so every option is costed against the same plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from ..compiled import IntArray, ProblemData
from ..objectives import rotation_penalty
from ..rules.money import cost_of, quarters
from ..rules.pair import pair_needed
from ..rules.state import PlanState
from .model import Move


@dataclass
class Option:
    person: int
    staff: bool
    moves: list[Move] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    team: list[int] = field(default_factory=list)  # ambassadors added besides the person
    staff_member: int = -1
    money: int = 0  # cents
    quarter_money: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    rotation: int = 0
    coverage_lost: int = 0
    coverage_gained: int = 0


class Edits:
    """Changes made to a state while costing an option, and how to undo them."""

    def __init__(self, state: PlanState) -> None:
        self.state = state
        self.log: list[tuple[int, IntArray, int, bool]] = []  # mission, team, staff, covered before

    def set(self, m: int, team: IntArray | list[int] | None, staff: int = -1) -> None:
        """Mission ``m`` now has ``team`` and ``staff`` (None: uncovered)."""
        plan = self.state.plan
        self.log.append((m, plan.team[m], int(plan.staff[m]), bool(plan.covered[m])))
        if plan.covered[m]:
            self.state.remove(m)
        if team is not None:
            self.state.add(m, np.asarray(team, dtype=np.int64), staff)

    def undo(self) -> None:
        for m, team, staff, covered in reversed(self.log):
            if self.state.plan.covered[m]:
                self.state.remove(m)
            if covered:
                self.state.add(m, team, staff)
        self.log.clear()

    def money(self, problem: ProblemData) -> tuple[int, list[int]]:
        """Cents the edits add to the spend, in total and per quarter (first and last state of each
        mission compared)."""
        first: dict[int, tuple[IntArray, bool]] = {}
        for m, team, _, covered in self.log:
            first.setdefault(m, (team, covered))
        q = quarters(problem)
        per_quarter = [0, 0, 0, 0]
        for m, (team, covered) in first.items():
            before = int(cost_of(problem, team, m).sum()) if covered else 0
            plan = self.state.plan
            after = int(cost_of(problem, plan.team[m], m).sum()) if plan.covered[m] else 0
            per_quarter[int(q[m])] += after - before
        return sum(per_quarter), per_quarter


class Costing:
    """Options for one target mission against one published plan (see the module docstring)."""

    def __init__(
        self, state: PlanState, target: int, present: list[int], staff_now: int, now: datetime | None
    ) -> None:
        self.state, self.problem = state, state.problem
        self.target, self.present, self.staff_now, self.now = target, present, staff_now, now
        self.history = self.problem.a_history

    def frozen(self, m: int) -> bool:
        return self.now is not None and self.problem.instance.missions[m].start < self.now

    def uncovers(self, m: int, person: int, staff: bool) -> bool:
        """Would ``m`` be uncovered if ``person`` left it?"""
        plan = self.state.plan
        team = plan.team[m] if staff else plan.team[m][plan.team[m] != person]
        return bool(self.state.team_problems(m, team, -1 if staff else int(plan.staff[m])))

    def _can_leave(self, m: int, person: int, staff: bool) -> str | None:
        mission, ids = self.problem.instance.missions[m], self.problem.mission_ids
        who = (self.problem.staff_ids if staff else self.problem.ambassador_ids)[person]
        if self.frozen(m):
            return f"{ids[m]} already started"
        if who in mission.pinned_ambassadors or who == mission.pinned_staff:
            return f"pinned on {ids[m]}"
        if self.uncovers(m, person, staff) and (mission.pinned_ambassadors or mission.pinned_staff):
            return f"{ids[m]} would be uncovered but has pinned people"
        return None

    def _leave(self, edits: Edits, option: Option, m: int, why: str) -> None:
        person, staff, plan = option.person, option.staff, self.state.plan
        uncovers = self.uncovers(m, person, staff)
        who = (self.problem.staff_ids if staff else self.problem.ambassador_ids)[person]
        option.moves.append(
            Move(
                mission=self.problem.mission_ids[m],
                person=who,
                why=why,
                effect="mission_uncovered" if uncovers else "seat_freed",
            )
        )
        if uncovers:
            option.coverage_lost += int(self.problem.m_priority[m])
            edits.set(m, None)
        elif staff:
            edits.set(m, plan.team[m], -1)
        else:
            edits.set(m, plan.team[m][plan.team[m] != person], int(plan.staff[m]))

    def _harm(self, person: int, staff: bool) -> Callable[[int], tuple[bool, int, int, int]]:
        """Which mission to leave first: one that stays covered, the lowest priority, the latest."""

        def key(n: int) -> tuple[bool, int, int, int]:
            return (
                self.uncovers(n, person, staff),
                int(self.problem.m_priority[n]),
                -int(self.problem.m_start[n]),
                n,
            )

        return key

    def make_room(self, edits: Edits, option: Option, allow_moves: bool) -> None:
        """Leave missions until no rule keeps the person off the target (or say why not)."""
        who, staff = option.person, option.staff
        while not option.blockers:
            found = self.state.obstacles(self.target, who, staff)
            if not found:
                break
            o = found[0]
            if not o.release:
                option.blockers.append(o.text)
            elif o.all_of:  # every one of them must go
                stuck = [(n, why) for n in o.release if (why := self._can_leave(n, who, staff)) is not None]
                if stuck:
                    n, why = stuck[0]
                    option.blockers.append(f"must leave {self.problem.mission_ids[n]} ({o.short}) but {why}")
                else:
                    for n in sorted(o.release, key=self._harm(who, staff)):
                        self._leave(edits, option, n, o.short)
            else:  # leaving one of them may be enough: the least harmful, then ask again
                usable = [n for n in o.release if self._can_leave(n, who, staff) is None]
                if not usable:
                    option.blockers.append(f"{o.short}, and no mission can be left to make room")
                else:
                    self._leave(edits, option, min(usable, key=self._harm(who, staff)), o.short)
        if option.moves and not allow_moves:
            option.blockers.append("would have to leave other missions")

    def free_now(self, person: int) -> bool:
        """Can this ambassador join the target without any move?"""
        return not self.state.obstacles(self.target, person, False)

    def complete(self, edits: Edits, option: Option, candidates: list[int]) -> list[int]:
        """The target's team: the present people, the person, the required ones, then the best
        free candidates up to the minimum seats (each needing no move)."""
        from ..rules.seats import minimum

        team = [*self.present, *([] if option.staff else [option.person])]
        required, _ = self.state.required(self.target)
        for a in required.tolist():
            if a not in team:
                if not self.free_now(a):
                    why = "; ".join(o.text for o in self.state.obstacles(self.target, a, False))
                    option.blockers.append(
                        f"{self.problem.ambassador_ids[a]} must be on "
                        f"{self.problem.mission_ids[self.target]} but {why}"
                    )
                    return team
                team.append(a)
                option.team.append(a)
        need = int(minimum(self.problem)[self.target])
        for a in candidates:
            if len(team) >= need:
                break
            if a not in team and a != option.person and self.free_now(a):
                team.append(a)
                option.team.append(a)
        return team

    def free_staff(self, required: int) -> int:
        """The staff pair to bring along: the pinned one, else the least busy who needs no move."""
        staff = self.problem.spair_staff[self.problem.staff_pairs_of_mission(self.target)].tolist()
        pool = [s for s in staff if required < 0 or s == required]
        for s in sorted(pool, key=lambda s: (len(self.state.plan.of_staff[s]), self.problem.staff_ids[s])):
            if not self.state.obstacles(self.target, s, True):
                return int(s)
        return -1

    def evaluate(self, option: Option, candidates: list[int], allow_moves: bool) -> Option:
        """Cost ``option`` on the state, then undo every edit."""
        edits = Edits(self.state)
        loads_before = self.state.plan.load.copy()
        edits.set(self.target, None)
        self.make_room(edits, option, allow_moves)
        team, staff = list(self.present), self.staff_now
        if not option.blockers:
            if option.staff:
                staff = option.person
            else:
                team = self.complete(edits, option, candidates)
                if pair_needed(self.problem.instance.missions[self.target]) and staff < 0:
                    staff = self.free_staff(self.state.required(self.target)[1])
                    if staff < 0:
                        option.blockers.append("no staff member who fits the pair is free")
                option.staff_member = staff
        if not option.blockers:
            option.blockers += [text for _, text in self.state.team_problems(self.target, team, staff)]
        was_covered = bool(len(self.present)) or self.staff_now >= 0
        edits.set(self.target, team, staff)
        if not was_covered:
            option.coverage_gained = int(self.problem.m_priority[self.target])
        option.money, option.quarter_money = edits.money(self.problem)
        after = self.state.plan.load
        option.rotation = rotation_penalty(self.history, after) - rotation_penalty(self.history, loads_before)
        edits.undo()
        return option
