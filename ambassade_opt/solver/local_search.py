"""Local improvement of a valid plan without touching its coverage: swap one ambassador of a
covered mission for another eligible one when that lowers the rotation penalty (then raises match,
then lowers cost), keeping every hard rule. Used after LP rounding, whose people choice follows the
relaxation rather than fairness, so that the later CP-SAT stages start from a good plan.
"""

from __future__ import annotations

import time

import numpy as np

from ..compiled import IntArray, ProblemData
from .greedy import GreedyPlan


def improve_rotation(data: ProblemData, plan: GreedyPlan, locked: set[int] | None = None,
                     time_limit: float = 2.0, max_passes: int = 20) -> GreedyPlan:
    """Best-improvement swaps, pass after pass, until none helps or the time is up.

    ``locked`` missions (frozen) keep their people; pinned people and an initiative's proposer are
    never swapped out. Returns a new plan covering exactly the same missions."""
    d = data
    t0 = time.perf_counter()
    locked = locked or set()
    pair_on = plan.pair_on.copy()
    offsets = d.pairs_by_mission()
    neighbours = [sorted(s) for s in d.conflict_neighbours()]
    cost = d.pair_cost
    on = np.nonzero(pair_on)[0]
    pa, pm = d.pair_amb, d.pair_mis
    load = np.bincount(pa[on], minlength=d.n_amb).astype(np.int64)
    workload = np.bincount(pa[on], weights=d.m_workload[pm[on]], minlength=d.n_amb).astype(np.int64)
    month = np.zeros((d.n_amb, 12), dtype=np.int64)
    np.add.at(month, (pa[on], d.m_month[pm[on]]), 1)
    rem = np.bincount(pa[on], weights=d.m_remuneration[pm[on]], minlength=d.n_amb).astype(np.int64)
    spend_q = np.bincount(d.m_quarter[pm[on]], weights=cost[on], minlength=4).astype(np.int64)
    spend = int(cost[on].sum())
    active = int((load > 0).sum())
    on_mission: list[set[int]] = [set() for _ in range(d.n_mis)]
    for p in on.tolist():
        on_mission[int(pm[p])].add(int(pa[p]))
    amb_index = {aid: i for i, aid in enumerate(d.ambassador_ids)}
    must: list[set[int]] = [set() for _ in range(d.n_mis)]
    for m, mission in enumerate(d.instance.missions):
        must[m] = {amb_index[a] for a in mission.pinned_ambassadors}
        if d.m_proposer[m] >= 0:
            must[m].add(int(d.m_proposer[m]))
    hist = d.a_history
    covered = np.nonzero(plan.covered)[0].tolist()

    for _ in range(max_passes):
        improved = False
        for m in covered:
            if m in locked or time.perf_counter() - t0 > time_limit:
                continue
            pairs: IntArray = np.arange(offsets[m], offsets[m + 1])
            people = pa[pairs]
            for a in sorted(on_mission[m] - must[m]):
                p_out = d.pair_index(a, m)
                busy = np.zeros(d.n_amb, dtype=np.bool_)
                for n in neighbours[m]:
                    if on_mission[n]:
                        busy[list(on_mission[n])] = True
                here = np.array([b in on_mission[m] for b in people.tolist()], dtype=np.bool_)
                gain = (hist[a] + load[a] - 1) - (hist[people] + load[people])
                ok = ~here & ~busy[people] & (gain > 0)
                if not ok.any():
                    continue
                ok &= load[people] < d.a_max_missions[people]
                ok &= workload[people] + d.m_workload[m] <= d.a_max_workload[people]
                cap = d.a_month_cap[people]
                ok &= (cap < 0) | (month[people, d.m_month[m]] < cap)
                if d.remuneration_cap is not None:
                    ok &= rem[people] + d.m_remuneration[m] <= d.remuneration_cap
                delta = cost[pairs] - cost[p_out]
                if d.budget_annual is not None:
                    ok &= spend + delta <= d.budget_annual
                if d.budget_quarterly is not None:
                    q = int(d.m_quarter[m])
                    ok &= spend_q[q] + delta <= d.budget_quarterly[q]
                if d.group_cap is not None:
                    frees_slot = load[a] == 1
                    new_active = active + (load[people] == 0) - int(frees_slot)
                    ok &= new_active <= d.group_cap
                if not ok.any():
                    continue
                cand = np.nonzero(ok)[0]
                best = cand[np.lexsort((delta[cand], -d.pair_match[pairs[cand]], -gain[cand]))[0]]
                b, p_in = int(people[best]), int(pairs[best])
                # apply the swap
                pair_on[p_out], pair_on[p_in] = False, True
                on_mission[m].discard(a)
                on_mission[m].add(b)
                active += int(load[b] == 0) - int(load[a] == 1)
                for person, sign in ((a, -1), (b, 1)):
                    load[person] += sign
                    workload[person] += sign * d.m_workload[m]
                    month[person, d.m_month[m]] += sign
                    rem[person] += sign * d.m_remuneration[m]
                spend += int(delta[best])
                spend_q[d.m_quarter[m]] += int(delta[best])
                improved = True
        if not improved or time.perf_counter() - t0 > time_limit:
            break
    return GreedyPlan(pair_on=pair_on, staff_on=plan.staff_on.copy(), covered=plan.covered.copy())
