"""A plan being built or edited, and every rule's incremental test against it.

:class:`PlanState` is what the constructive plan, the local search, the explanations, the
suggestions and the pin checks share: the plan so far in indices (:class:`Assignments`) and one
:class:`~.base.Tracker` per rule, kept up to date as missions are added and removed. Its questions
are the union of the rules' answers:

* :meth:`PlanState.free` — which candidates may join a mission now (every rule agrees);
* :meth:`PlanState.blocks` / :meth:`PlanState.obstacles` — who is kept off, and why, in words;
* :meth:`PlanState.team_problems` — whether a mission can be added with exactly this team;
* :meth:`PlanState.mission_problems` — whether the mission can ever be covered.

A plan given by ids may name people who are not eligible (a plan under review): the state keeps
them, every count includes them, and the checker says what is wrong with them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ..compiled import BoolArray, IntArray, ProblemData
from ..plan import Assignment
from .base import Obstacle, PersonBlock, Rule
from .core import RuleName
from .registry import RULES

_NONE = np.zeros(0, dtype=np.int64)


class Assignments:
    """The plan so far in indices: each mission's team and staff member, each person's missions."""

    def __init__(self, problem: ProblemData) -> None:
        self.team: list[IntArray] = [_NONE] * problem.n_mis
        self.staff = np.full(problem.n_mis, -1, dtype=np.int64)
        self.covered = np.zeros(problem.n_mis, dtype=np.bool_)
        self.of_ambassador: list[list[int]] = [[] for _ in range(problem.n_amb)]
        self.of_staff: list[list[int]] = [[] for _ in range(problem.n_staff)]
        self.load = np.zeros(problem.n_amb, dtype=np.int64)
        self.active_count = 0


class PlanState:
    """The plan so far and the rules' running totals (see the module docstring)."""

    def __init__(self, problem: ProblemData, rules: Sequence[Rule] = RULES) -> None:
        self.problem = problem
        self.rules = tuple(rules)
        self.plan = Assignments(problem)
        self.trackers = [t for rule in self.rules if (t := rule.tracker(problem, self.plan)) is not None]

    # -- editing ---------------------------------------------------------------------------
    def add(self, m: int, people: IntArray | Sequence[int], staff: int = -1) -> None:
        """Cover mission ``m`` with ``people`` (ambassador indices) and ``staff`` (−1: none)."""
        plan = self.plan
        if plan.covered[m]:
            raise ValueError(f"mission {self.problem.mission_ids[m]} is in the plan already")
        team = np.asarray(people, dtype=np.int64).reshape(-1)
        plan.team[m], plan.staff[m], plan.covered[m] = team, staff, True
        for a in team.tolist():
            plan.of_ambassador[a].append(m)
            plan.active_count += int(plan.load[a] == 0)
        plan.load[team] += 1
        if staff >= 0:
            plan.of_staff[staff].append(m)
        for tracker in self.trackers:
            tracker.book(m, team, staff, +1)

    def remove(self, m: int) -> tuple[IntArray, int]:
        """Take mission ``m`` out of the plan; returns its team and staff member."""
        plan = self.plan
        team, staff = plan.team[m], int(plan.staff[m])
        if not plan.covered[m]:
            return team, staff
        for tracker in self.trackers:
            tracker.book(m, team, staff, -1)
        plan.load[team] -= 1
        for a in team.tolist():
            plan.of_ambassador[a].remove(m)
            plan.active_count -= int(plan.load[a] == 0)
        if staff >= 0:
            plan.of_staff[staff].remove(m)
        plan.team[m], plan.staff[m], plan.covered[m] = _NONE, -1, False
        return team, staff

    # -- questions ---------------------------------------------------------------------------
    def blocks(self, m: int, people: IntArray) -> list[PersonBlock]:
        """Every rule's blocks of ``people`` (ambassadors not on ``m``) for mission ``m``."""
        people = np.asarray(people, dtype=np.int64)
        return [b for t in self.trackers for b in t.blocks(m, people)]

    def free(self, m: int, people: IntArray) -> BoolArray:
        """Which of ``people`` may join mission ``m`` now, as far as each of them goes."""
        ok = np.ones(len(people), dtype=np.bool_)
        for block in self.blocks(m, people):
            ok &= ~block.mask
        return ok

    def staff_blocks(self, m: int, staff: IntArray) -> list[PersonBlock]:
        staff = np.asarray(staff, dtype=np.int64)
        return [b for t in self.trackers for b in t.staff_blocks(m, staff)]

    def staff_free(self, m: int, staff: IntArray) -> BoolArray:
        ok = np.ones(len(staff), dtype=np.bool_)
        for block in self.staff_blocks(m, staff):
            ok &= ~block.mask
        return ok

    def obstacles(self, m: int, person: int, staff: bool = False) -> list[Obstacle]:
        """Why ``person`` cannot join ``m`` now, rule by rule (empty: nothing in the way)."""
        return [o for t in self.trackers if (o := t.obstacle(m, person, staff)) is not None]

    def team_problems(
        self, m: int, people: IntArray | Sequence[int], staff: int = -1, partial: bool = False
    ) -> list[tuple[RuleName, str]]:
        """What stops ``m`` from joining the plan with this team (``partial``: it may still grow)."""
        team = np.asarray(people, dtype=np.int64).reshape(-1)
        return [
            (t.rule, text)
            for t in self.trackers
            if (text := t.team_problem(m, team, staff, partial)) is not None
        ]

    def mission_problems(self, m: int, rules: Iterable[Rule] | None = None) -> list[tuple[RuleName, str]]:
        """Why no plan can ever cover ``m``, rule by rule (``rules``: which ones, in this order)."""
        return [
            (r.name, text)
            for r in (self.rules if rules is None else rules)
            if (text := r.mission_problem(self.problem, m)) is not None
        ]

    def required(self, m: int) -> tuple[IntArray, int]:
        """The ambassadors and the staff member (−1: none) that ``m`` cannot be covered without."""
        people: list[int] = []
        staff = -1
        for rule in self.rules:
            more, s = rule.required(self.problem, m)
            people += [a for a in more.tolist() if a not in people]
            staff = s if s >= 0 else staff
        return np.array(people, dtype=np.int64), staff

    # -- conversions -------------------------------------------------------------------------
    @classmethod
    def of_assignments(
        cls, problem: ProblemData, assignments: Iterable[Assignment], rules: Sequence[Rule] = RULES
    ) -> PlanState:
        """A state holding a plan given by ids (unknown missions and people are left out)."""
        state = cls(problem, rules)
        mis, amb, staff = problem.mission_position, problem.ambassador_position, problem.staff_position
        for asg in assignments:
            m = mis.get(asg.mission)
            if m is None or state.plan.covered[m]:
                continue
            people = [amb[a] for a in dict.fromkeys(asg.ambassadors) if a in amb]
            state.add(m, people, staff.get(asg.staff, -1) if asg.staff is not None else -1)
        return state

    @classmethod
    def of_arrays(
        cls, problem: ProblemData, pair_on: BoolArray, staff_on: BoolArray, rules: Sequence[Rule] = RULES
    ) -> PlanState:
        """A state holding a plan given as 0/1 pair and staff pair arrays."""
        state = cls(problem, rules)
        on = np.nonzero(pair_on)[0]
        staff_of = np.full(problem.n_mis, -1, dtype=np.int64)
        staff_of[problem.spair_mis[staff_on]] = problem.spair_staff[staff_on]
        missions = problem.pair_mis[on]
        bounds = np.searchsorted(missions, np.arange(problem.n_mis + 1))
        for m in np.unique(missions).tolist():
            state.add(m, problem.pair_amb[on[bounds[m] : bounds[m + 1]]], int(staff_of[m]))
        return state

    def arrays(self) -> tuple[BoolArray, BoolArray]:
        """(pair_on, staff_on) of the plan; raises if someone has no pair on their mission."""
        problem = self.problem
        pair_on = np.zeros(problem.n_pairs, dtype=np.bool_)
        staff_on = np.zeros(problem.n_staff_pairs, dtype=np.bool_)
        for m in np.nonzero(self.plan.covered)[0].tolist():
            idx = problem.pair_indices(self.plan.team[m], m)
            if (idx < 0).any():
                raise ValueError(f"mission {problem.mission_ids[m]} has someone without a pair")
            pair_on[idx] = True
            s = int(self.plan.staff[m])
            if s >= 0:
                q = problem.staff_pair_index(s, m)
                if q < 0:
                    raise ValueError(f"mission {problem.mission_ids[m]} has a staff member without a pair")
                staff_on[q] = True
        return pair_on, staff_on
