"""Fairer people on the same missions: swap one ambassador of a covered mission for another when
that lowers the rotation penalty (then raises match, then lowers cost), keeping every hard rule.

Used after the LP rounding, whose people follow the relaxation rather than fairness, so that the
later stages start from a good plan. With loads counted without the mission, moving it from a to
b changes the penalty by (h_b + load_b) − (h_a + load_a): a gain when b has had fewer turns.
"""

from __future__ import annotations

import time

import numpy as np

from ..compiled import ProblemData
from ..compiled.solution import PlanArrays
from ..rules.state import PlanState


def improve_rotation(
    problem: ProblemData,
    plan: PlanArrays,
    locked: set[int] | None = None,
    time_limit: float | None = 2.0,
    max_passes: int = 20,
) -> PlanArrays:
    """Best-improvement swaps, pass after pass, until none helps, ``max_passes`` are done or the
    time is up (None: no clock, for reproducible runs). ``locked``
    missions keep their people; pinned people and an initiative's proposer are never swapped out.
    The result covers exactly the same missions."""
    t0 = time.perf_counter()
    locked = locked or set()
    state = PlanState.of_arrays(problem, plan.pair_on, plan.staff_on)
    covered = [m for m in np.nonzero(state.plan.covered)[0].tolist() if m not in locked]
    for _ in range(max_passes):
        improved = False
        for m in covered:
            if time_limit is not None and time.perf_counter() - t0 > time_limit:
                break
            improved |= _improve_mission(problem, state, m)
        if not improved or (time_limit is not None and time.perf_counter() - t0 > time_limit):
            break
    pair_on, staff_on = state.arrays()
    return PlanArrays(pair_on, staff_on)


def _improve_mission(problem: ProblemData, state: PlanState, m: int) -> bool:
    """Swap the first person of ``m`` whose replacement lowers the rotation penalty."""
    must = set(state.required(m)[0].tolist())
    improved = False
    for a in sorted(set(state.plan.team[m].tolist()) - must):
        team, staff = state.remove(m)
        rest = team[team != a]
        pairs = problem.pairs_of_mission(m)
        people = problem.pair_amb[pairs]
        load, hist = state.plan.load, problem.a_history
        gain = (hist[a] + load[a]) - (hist[people] + load[people])
        candidate = (gain > 0) & ~np.isin(people, team)
        if candidate.any():
            candidate[candidate] &= state.free(m, people[candidate])
        p_out = problem.pair_index(a, m)
        delta = problem.pair_cost[pairs] - problem.pair_cost[p_out]
        chosen = None
        for i in np.nonzero(candidate)[0][
            np.lexsort((delta[candidate], -problem.pair_match[pairs[candidate]], -gain[candidate]))
        ].tolist():
            trial = np.append(rest, people[i])
            if not state.team_problems(m, trial, staff):
                chosen = trial
                break
        state.add(m, team if chosen is None else chosen, staff)
        improved |= chosen is not None
    return improved
