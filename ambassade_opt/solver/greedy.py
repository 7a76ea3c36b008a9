"""A fast constructive plan that respects every hard rule: the warm start of CP-SAT.

Missions are taken in order — frozen and pinned ones first, then by priority, scarce missions (few
eligible people) before easy ones — and each gets the cheapest-to-rotation set of people that keeps
every rule: least loaded first (the k-th mission of a person costs h + k − 1 in rotation), better
match, lower cost. Feasibility checks are vectorised over a mission's candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..compiled import BoolArray, IntArray, ProblemData

FloatArray = np.ndarray


@dataclass
class GreedyPlan:
    pair_on: BoolArray
    staff_on: BoolArray
    covered: BoolArray

    def coverage_value(self, data: ProblemData) -> int:
        return int(data.m_priority[self.covered].sum())


@dataclass
class _State:
    load: IntArray
    workload: IntArray
    month: IntArray  # ambassadors × 12
    remuneration: IntArray
    staff_load: IntArray
    spend_total: int
    spend_quarter: IntArray
    active_count: int


class Greedy:
    def __init__(self, data: ProblemData, forced_pairs: dict[int, list[int]] | None = None,
                 forced_staff: dict[int, int | None] | None = None, blocked: set[int] | None = None,
                 rank: FloatArray | None = None, prefer: str = "rotation",
                 pair_weight: FloatArray | None = None) -> None:
        """``forced_pairs[m]``: pair indices that mission m must have exactly (frozen); ``blocked``:
        missions that must stay unassigned."""
        self.data = data
        self.forced_pairs = forced_pairs or {}
        self.forced_staff = forced_staff or {}
        self.blocked = blocked or set()
        self.offsets = data.pairs_by_mission()
        self.soffsets = data.staff_pairs_by_mission()
        self.neighbours = [sorted(s) for s in data.conflict_neighbours()]
        self.rank = rank
        self.prefer = prefer
        self.pair_weight = pair_weight

    def order(self) -> list[int]:
        d = self.data
        n_cand = np.diff(self.offsets)
        pinned = np.zeros(d.n_mis, dtype=np.bool_)
        for m, mission in enumerate(d.instance.missions):
            pinned[m] = bool(mission.pinned_ambassadors) or mission.pinned_staff is not None
        forced = np.zeros(d.n_mis, dtype=np.bool_)
        forced[list(self.forced_pairs)] = True
        # scarcity: candidates per seat needed
        scarcity = n_cand / np.maximum(d.m_seats_min, 1)
        rank = -d.m_priority.astype(np.float64) if self.rank is None else -self.rank
        keys = (np.arange(d.n_mis), d.m_start, scarcity, rank, ~pinned, ~forced)
        return np.lexsort(keys).tolist()  # type: ignore[no-any-return]

    def run(self) -> GreedyPlan:
        d = self.data
        st = _State(
            load=np.zeros(d.n_amb, dtype=np.int64), workload=np.zeros(d.n_amb, dtype=np.int64),
            month=np.zeros((d.n_amb, 12), dtype=np.int64), remuneration=np.zeros(d.n_amb, dtype=np.int64),
            staff_load=np.zeros(d.n_staff, dtype=np.int64), spend_total=0,
            spend_quarter=np.zeros(4, dtype=np.int64), active_count=0,
        )
        pair_on = np.zeros(d.n_pairs, dtype=np.bool_)
        staff_on = np.zeros(len(d.spair_staff), dtype=np.bool_)
        covered = np.zeros(d.n_mis, dtype=np.bool_)
        assigned_amb: list[IntArray] = [np.zeros(0, dtype=np.int64)] * d.n_mis
        assigned_staff = np.full(d.n_mis, -1, dtype=np.int64)
        cost = d.pair_cost
        for m in self.order():
            if m in self.blocked:
                continue
            chosen, staff_pair = self._choose(m, st, assigned_amb, assigned_staff, cost)
            if chosen is None:
                continue
            people = d.pair_amb[chosen]
            pair_on[chosen] = True
            covered[m] = True
            assigned_amb[m] = people
            new_active = int((st.load[people] == 0).sum())
            st.active_count += new_active
            st.load[people] += 1
            st.workload[people] += d.m_workload[m]
            st.month[people, d.m_month[m]] += 1
            st.remuneration[people] += d.m_remuneration[m]
            spend = int(cost[chosen].sum())
            st.spend_total += spend
            st.spend_quarter[d.m_quarter[m]] += spend
            if staff_pair is not None:
                staff_on[staff_pair] = True
                s = int(d.spair_staff[staff_pair])
                assigned_staff[m] = s
                st.staff_load[s] += 1
        return GreedyPlan(pair_on, staff_on, covered)

    def _busy(self, m: int, assigned: list[IntArray], size: int) -> BoolArray:
        busy = np.zeros(size, dtype=np.bool_)
        for n in self.neighbours[m]:
            busy[assigned[n]] = True
        return busy

    def _choose(self, m: int, st: _State, assigned_amb: list[IntArray], assigned_staff: IntArray,
                cost: IntArray) -> tuple[IntArray | None, int | None]:
        d = self.data
        forced = self.forced_pairs.get(m)
        if forced is not None:
            staff = self.forced_staff.get(m)
            return np.array(forced, dtype=np.int64), staff
        if not d.m_staffable[m]:
            return None, None
        pairs = np.arange(self.offsets[m], self.offsets[m + 1])
        if len(pairs) < d.m_seats_min[m]:
            return None, None
        staff_pair: int | None = None
        if d.m_needs_pair[m]:
            spairs = np.arange(self.soffsets[m], self.soffsets[m + 1])
            if len(spairs) == 0:
                return None, None
            staff_of_pair = d.spair_staff[spairs]
            busy_staff = np.zeros(d.n_staff, dtype=np.bool_)
            for n in self.neighbours[m]:
                if assigned_staff[n] >= 0:
                    busy_staff[assigned_staff[n]] = True
            ok = ~busy_staff[staff_of_pair] & (st.staff_load[staff_of_pair] < d.s_max_missions[staff_of_pair])
            pinned_staff = d.instance.missions[m].pinned_staff
            if pinned_staff is not None:
                ok &= np.array([d.staff_ids[s] == pinned_staff for s in staff_of_pair.tolist()],
                               dtype=np.bool_)
            if not ok.any():
                return None, None
            cands = spairs[ok]
            staff_pair = int(cands[np.argmin(st.staff_load[d.spair_staff[cands]])])
        people = d.pair_amb[pairs]
        busy = self._busy(m, assigned_amb, d.n_amb)
        ok = ~busy[people]
        ok &= st.load[people] < d.a_max_missions[people]
        ok &= st.workload[people] + d.m_workload[m] <= d.a_max_workload[people]
        cap = d.a_month_cap[people]
        ok &= (cap < 0) | (st.month[people, d.m_month[m]] < cap)
        if d.remuneration_cap is not None:
            ok &= st.remuneration[people] + d.m_remuneration[m] <= d.remuneration_cap
        must = self._must(m)
        must_pairs = pairs[np.isin(people, must)]
        if len(must_pairs) < len(must) or not ok[np.isin(people, must)].all():
            return None, None
        free = pairs[ok & ~np.isin(people, must)]
        need = int(d.m_seats_min[m]) - len(must_pairs)
        if need > len(free):
            return None, None
        fa = d.pair_amb[free]
        if self.pair_weight is not None:
            # people the LP relaxation puts on the mission first
            lp_share = -np.round(self.pair_weight[free], 3)
            order = np.lexsort((cost[free], d.a_history[fa] + st.load[fa], lp_share))
        elif self.prefer == "cost":
            # cheapest first; among equals, people already active (they do not use the group cap)
            order = np.lexsort((d.a_history[fa] + st.load[fa], st.load[fa] == 0, cost[free]))
        elif self.prefer == "active":
            order = np.lexsort((cost[free], d.a_history[fa] + st.load[fa], st.load[fa] == 0))
        else:
            # rotation marginal cost first, then match (desc), then cost
            order = np.lexsort((cost[free], -d.pair_match[free], d.a_history[fa] + st.load[fa]))
        free = free[order]
        chosen = np.concatenate([must_pairs, free[:max(need, 0)]]).astype(np.int64)
        if len(chosen) > d.m_seats_max[m]:
            return None, None
        # group cap and budgets: all-or-nothing for this mission
        people_chosen = d.pair_amb[chosen]
        if d.group_cap is not None:
            new_active = int((st.load[people_chosen] == 0).sum())
            if st.active_count + new_active > d.group_cap:
                # try only already-active people for the free seats
                active_free = free[st.load[d.pair_amb[free]] > 0]
                chosen = np.concatenate([must_pairs, active_free[:max(need, 0)]]).astype(np.int64)
                if len(chosen) < d.m_seats_min[m]:
                    return None, None
                new_active = int((st.load[d.pair_amb[chosen]] == 0).sum())
                if st.active_count + new_active > d.group_cap:
                    return None, None
        spend = int(cost[chosen].sum())
        if d.budget_annual is not None and st.spend_total + spend > d.budget_annual:
            return None, None
        if d.budget_quarterly is not None:
            q = int(d.m_quarter[m])
            if st.spend_quarter[q] + spend > d.budget_quarterly[q]:
                return None, None
        return chosen, staff_pair

    def _must(self, m: int) -> IntArray:
        d = self.data
        mission = d.instance.missions[m]
        ids = {aid: i for i, aid in enumerate(d.ambassador_ids)} if mission.pinned_ambassadors else {}
        must = [ids[a] for a in mission.pinned_ambassadors]
        if d.m_proposer[m] >= 0 and int(d.m_proposer[m]) not in must:
            must.append(int(d.m_proposer[m]))
        return np.array(must, dtype=np.int64)


def greedy_plan(data: ProblemData, forced_pairs: dict[int, list[int]] | None = None,
                forced_staff: dict[int, int | None] | None = None,
                blocked: set[int] | None = None, rank: FloatArray | None = None,
                prefer: str = "rotation", pair_weight: FloatArray | None = None) -> GreedyPlan:
    return Greedy(data, forced_pairs, forced_staff, blocked, rank, prefer, pair_weight).run()


def mission_min_cost(data: ProblemData) -> FloatArray:
    """Cheapest possible spend of covering each mission: its seats_min cheapest eligible people."""
    offsets = data.pairs_by_mission()
    cost = data.pair_cost
    order = np.lexsort((cost, data.pair_mis))
    sorted_cost = cost[order]
    pos = np.arange(data.n_pairs) - np.repeat(offsets[:-1], np.diff(offsets))
    take = pos < data.m_seats_min[data.pair_mis[order]]
    out = np.bincount(data.pair_mis[order][take], weights=sorted_cost[take], minlength=data.n_mis)
    return out
