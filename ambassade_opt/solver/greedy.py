"""A fast constructive plan that keeps every hard rule: the first plan the stages start from.

Missions are taken in order — frozen ones first (exactly as given), then pinned ones, then by rank
(priority, or the LP relaxation's value), scarce missions (few eligible people per seat) before
easy ones — and each gets the people every rule lets in (:class:`~ambassade_opt.rules.state.
PlanState`), preferred by the LP's choice, by rotation (the k-th mission of a person costs h + k −
1), match and cost, or by cost. When the team breaks a rule on the team (group cap, budget), the
same seats go to people already active, then the mission is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from ..compiled import BoolArray, FloatArray, IntArray, ProblemData
from ..compiled.solution import PlanArrays
from ..rules.pair import pair_needed
from ..rules.seats import maximum, minimum
from ..rules.state import PlanState
from .bounds import never_covered
from .frozen import NOTHING_FROZEN, Frozen

Preference = Literal["rotation", "cost", "lp"]


def greedy_plan(
    problem: ProblemData,
    frozen: Frozen = NOTHING_FROZEN,
    rank: FloatArray | None = None,
    prefer: Preference = "rotation",
    pair_weight: FloatArray | None = None,
) -> PlanArrays:
    """The constructive plan; ``rank`` orders the missions (default: priority), ``pair_weight``
    (the LP's x) orders the people first when given."""
    return _Greedy(problem, frozen, rank, prefer, pair_weight).run().arrays_plan()


class _Greedy:
    def __init__(
        self,
        problem: ProblemData,
        frozen: Frozen,
        rank: FloatArray | None,
        prefer: Preference,
        pair_weight: FloatArray | None,
    ) -> None:
        self.problem, self.frozen, self.rank, self.prefer = problem, frozen, rank, prefer
        self.pair_weight = pair_weight
        self.state = PlanState(problem)
        self.fewest, self.most = minimum(problem), maximum(problem)
        self.never = never_covered(problem)

    def order(self) -> list[int]:
        p = self.problem
        n_cand = np.diff(p.mission_offsets)
        pinned = np.array(
            [bool(m.pinned_ambassadors) or m.pinned_staff is not None for m in p.instance.missions],
            dtype=np.bool_,
        ).reshape(p.n_mis)
        forced = np.zeros(p.n_mis, dtype=np.bool_)
        forced[list(self.frozen.pairs)] = True
        scarcity = n_cand / np.maximum(self.fewest, 1)
        rank = -p.m_priority.astype(np.float64) if self.rank is None else -self.rank
        return np.lexsort((np.arange(p.n_mis), p.m_start, scarcity, rank, ~pinned, ~forced)).tolist()  # type: ignore[no-any-return]

    def run(self) -> _Greedy:
        for m in self.order():
            if m in self.frozen.blocked:
                continue
            if m in self.frozen.pairs:
                q = self.frozen.staff.get(m, -1)
                self.state.add(
                    m,
                    self.problem.pair_amb[self.frozen.pairs[m]],
                    -1 if q < 0 else int(self.problem.spair_staff[q]),
                )
                continue
            if not self.never[m]:
                self._cover(m)
        return self

    def arrays_plan(self) -> PlanArrays:
        pair_on, staff_on = self.state.arrays()
        return PlanArrays(pair_on, staff_on)

    def _staff(self, m: int, required: int) -> int | None:
        """The staff pair's person (−1: none needed), or None when none fits now."""
        p = self.problem
        q = p.staff_pairs_of_mission(m)
        if not pair_needed(p.instance.missions[m]):
            return -1
        staff = p.spair_staff[q]
        ok = self.state.staff_free(m, staff)
        if required >= 0:
            ok &= staff == required
        if not ok.any():
            return None
        loads = np.array([len(self.state.plan.of_staff[s]) for s in staff[ok].tolist()], dtype=np.int64)
        return int(staff[ok][np.argmin(loads)])

    def _cover(self, m: int) -> None:
        p, state = self.problem, self.state
        must, must_staff = state.required(m)
        staff = self._staff(m, must_staff)
        if staff is None:
            return
        pairs = p.pairs_of_mission(m)
        people = p.pair_amb[pairs]
        ok = state.free(m, people)
        is_must = np.isin(people, must)
        if int(is_must.sum()) < len(must) or not ok[is_must].all():
            return
        free = pairs[ok & ~is_must]
        need = int(self.fewest[m]) - len(must)
        if need > len(free):
            return
        for candidates in self._orders(free):
            team = np.concatenate([must, p.pair_amb[candidates[: max(need, 0)]]]).astype(np.int64)
            if len(team) > self.most[m]:
                return
            if not state.team_problems(m, team, staff):
                state.add(m, team, staff)
                return

    def _orders(self, free: IntArray) -> Sequence[IntArray]:
        """The free pairs in order of preference, then the same with people already active first."""
        p, load = self.problem, self.state.plan.load
        fa = p.pair_amb[free]
        cost, turn = p.pair_cost[free], p.a_history[fa] + load[fa]
        if self.pair_weight is not None:
            first = free[np.lexsort((cost, turn, -np.round(self.pair_weight[free], 3)))]
        elif self.prefer == "cost":
            first = free[np.lexsort((turn, load[fa] == 0, cost))]
        else:
            first = free[np.lexsort((cost, -p.pair_match[free], turn))]
        active: BoolArray = load[p.pair_amb[first]] > 0
        return [first, np.concatenate([first[active], first[~active]])]
