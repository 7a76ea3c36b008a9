"""Rule 6, group cap: at most ``policy.group_cap`` distinct ambassadors active in the year.

With ``active[a]`` true iff ambassador *a* has a mission (a definition both back-ends keep):
``Σ_a active[a] ≤ group_cap``. The HiGHS program also gets the link ``Σ_m x[a,m] ≤ K_a ·
active[a]`` with K_a the most missions *a* can take (rule 5's count cap), the tightest big-M.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..compiled import IntArray, ProblemData
from ..model import Instance, Policy
from .base import MissionRow, Rule, Tracker
from .core import Violation
from .encoding import CpSatSink, RowSink
from .load import count_caps
from .view import PlanView

if TYPE_CHECKING:
    from .state import Assignments

INT64_MIN = -(2**63)


@dataclass(frozen=True)
class GroupCapData:
    cap: int | None  # None: no cap, or one that can never bind


def places_left(instance: Instance, active: int) -> int | None:
    """How many more ambassadors may become active when ``active`` are (None: no cap)."""
    cap = instance.policy.group_cap
    return None if cap is None else cap - active


def part_cap(policy: Policy, active: int, places: int | None) -> int | None:
    """The group cap of a part of the year planned apart, in which ``active`` ambassadors hold
    missions and ``places`` more may become active (None: no cap)."""
    return None if policy.group_cap is None or places is None else active + places


def binding_cap(problem: ProblemData) -> int | None:
    """The group cap when it can bind (below the number of ambassadors), else None."""
    return problem.part(GroupCapData).cap


class _Tracker(Tracker):
    rule = "group_cap"

    def team_problem(self, m: int, people: IntArray, staff: int, partial: bool) -> str | None:
        cap = self.problem.part(GroupCapData).cap
        if cap is None:
            return None
        newcomers = int((self.plan.load[people] == 0).sum())
        active = self.plan.active_count
        if active + newcomers <= cap:
            return None
        return (
            f"group cap {cap}: {newcomers} more active ambassador(s) than the "
            f"{max(cap - active, 0)} place(s) left"
        )


class GroupCap(Rule):
    name = "group_cap"
    number = 6
    title = "group cap"

    def compile(self, problem: ProblemData) -> GroupCapData:
        cap = problem.instance.policy.group_cap
        return GroupCapData(cap if cap is not None and cap < problem.n_amb else None)

    def violations(self, view: PlanView) -> list[Violation]:
        cap = view.instance.policy.group_cap
        active = len(view.active_ambassadors())
        if cap is not None and active > cap:
            return [Violation(rule="group_cap", message=f"{active} active ambassadors > group_cap {cap}")]
        return []

    def cp_sat(self, sink: CpSatSink) -> None:
        cap = sink.problem.part(GroupCapData).cap
        if cap is not None:
            sink.linear(sink.active, np.ones(len(sink.active), dtype=np.int64), INT64_MIN, cap)

    def highs(self, sink: RowSink) -> None:
        problem = sink.problem
        cap = problem.part(GroupCapData).cap
        if cap is None:
            return
        A, pa = problem.n_amb, problem.pair_amb
        k = np.minimum(count_caps(problem), np.bincount(pa, minlength=A)).astype(np.float64)
        sink.rows(
            np.concatenate([pa, np.arange(A)]),
            np.concatenate([sink.x, sink.active]),
            np.concatenate([np.ones(problem.n_pairs), -k]),
            -np.inf,
            0.0,
            A,
        )
        sink.rows(np.zeros(A, dtype=np.int64), sink.active, 1.0, -np.inf, float(cap), 1)

    def mission_rows(self, problem: ProblemData) -> list[MissionRow]:
        """Seats taken ≤ seats offered: Σ seats_min · y ≤ what the ``group_cap`` people (or everyone,
        without a cap) with the most room can take."""
        from .seats import minimum

        room = np.sort(
            np.minimum(count_caps(problem), np.bincount(problem.pair_amb, minlength=problem.n_amb))
        )[::-1]
        cap = problem.part(GroupCapData).cap
        top = room if cap is None else room[:cap]
        every = np.arange(problem.n_mis, dtype=np.int64)
        return [MissionRow(every, minimum(problem).astype(np.float64), float(top.sum()))]

    def tracker(self, problem: ProblemData, plan: Assignments) -> Tracker:
        return _Tracker(problem, plan)


RULE = GroupCap()
