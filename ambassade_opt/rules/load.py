"""Rule 5, load: missions, hours and missions per calendar month within each person's limits.

Per ambassador: missions ≤ ``max_missions``; Σ (duration + preparation) hours ≤ ``max_hours``;
missions starting in one calendar month ≤ ``max_per_month`` (their own, else the policy's). Per
staff member: missions ≤ ``max_missions``. Compiled in whole seconds (workload rounded up, limits
down).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..compiled import IntArray, ProblemData, seconds_down, seconds_up
from .base import Obstacle, PersonBlock, Rule, Tracker
from .core import HOURS_TOLERANCE, Violation
from .encoding import CpSatSink, RowSink
from .view import PlanView

if TYPE_CHECKING:
    from .state import Assignments

INT64_MIN = -(2**63)


@dataclass(frozen=True)
class LoadData:
    max_missions: IntArray
    max_workload: IntArray  # seconds
    month_cap: IntArray  # −1: no cap
    month: IntArray  # 0..11, month of each mission's start
    workload: IntArray  # seconds of each mission, preparation included
    staff_max: IntArray


def smallest_k_fit(person: IntArray, weight: IntArray, cap: IntArray, n_people: int) -> IntArray:
    """Per person, the largest k whose k smallest weights fit under the cap: no feasible set of that
    person's pairs has more than k members."""
    if len(person) == 0:
        return np.zeros(n_people, dtype=np.int64)
    order = np.lexsort((weight, person))
    p_sorted, w_sorted = person[order], weight[order]
    starts = np.searchsorted(p_sorted, np.arange(n_people))
    cum = np.cumsum(w_sorted)
    base = np.where(starts > 0, cum[np.maximum(starts - 1, 0)], 0)[p_sorted]
    fits = (cum - base) <= cap[p_sorted]
    return np.bincount(p_sorted[fits], minlength=n_people).astype(np.int64)


def most_missions(problem: ProblemData) -> IntArray:
    """``max_missions`` of every ambassador."""
    return problem.part(LoadData).max_missions


def count_caps(problem: ProblemData) -> IntArray:
    """Most missions each ambassador can take in any plan: ``max_missions``, and what ``max_hours``
    allows with their shortest eligible missions (a cut the LP relaxation of the hours row misses)."""
    data = problem.part(LoadData)
    by_hours = smallest_k_fit(
        problem.pair_amb, data.workload[problem.pair_mis], data.max_workload, problem.n_amb
    )
    return np.minimum(data.max_missions, by_hours)


class _Tracker(Tracker):
    rule = "load"

    def __init__(self, problem: ProblemData, plan: Assignments) -> None:
        super().__init__(problem, plan)
        self.data = problem.part(LoadData)
        self.load = np.zeros(problem.n_amb, dtype=np.int64)
        self.work = np.zeros(problem.n_amb, dtype=np.int64)
        self.per_month = np.zeros((problem.n_amb, 12), dtype=np.int64)
        self.staff_load = np.zeros(problem.n_staff, dtype=np.int64)

    def book(self, m: int, people: IntArray, staff: int, sign: int) -> None:
        self.load[people] += sign
        self.work[people] += sign * int(self.data.workload[m])
        self.per_month[people, self.data.month[m]] += sign
        if staff >= 0:
            self.staff_load[staff] += sign

    def _masks(self, m: int, people: IntArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        d = self.data
        count = self.load[people] + 1 > d.max_missions[people]
        hours = self.work[people] + d.workload[m] > d.max_workload[people]
        cap = d.month_cap[people]
        month = (cap >= 0) & (self.per_month[people, d.month[m]] + 1 > cap)
        return count, hours, month

    def blocks(self, m: int, people: IntArray) -> list[PersonBlock]:
        count, hours, month = self._masks(m, people)
        out = []
        if (count | hours).any():
            out.append(PersonBlock(self.rule, "at their yearly maximum", count | hours))
        if month.any():
            out.append(PersonBlock(self.rule, "at their monthly maximum", month))
        return out

    def staff_blocks(self, m: int, staff: IntArray) -> list[PersonBlock]:
        mask = self.staff_load[staff] + 1 > self.data.staff_max[staff]
        return [PersonBlock(self.rule, "at their maximum", mask)] if mask.any() else []

    def obstacle(self, m: int, person: int, staff: bool) -> Obstacle | None:
        d, who = self.data, np.array([person])
        if staff:
            cap = int(d.staff_max[person])
            if self.staff_load[person] + 1 <= cap:
                return None
            return Obstacle(
                self.rule, "at the maximum", f"max_missions {cap}", tuple(self.plan.of_staff[person])
            )
        count, hours, month = (bool(x[0]) for x in self._masks(m, who))
        mine = tuple(self.plan.of_ambassador[person])
        if count:
            return Obstacle(
                self.rule, "at the yearly maximum", f"max_missions {int(d.max_missions[person])}", mine
            )
        if hours:
            limit = self.problem.instance.ambassadors[person].max_hours
            return Obstacle(self.rule, "at the yearly maximum", f"max_hours {limit:g}", mine)
        if month:
            same = tuple(n for n in mine if d.month[n] == d.month[m])
            return Obstacle(
                self.rule, "at the monthly maximum", f"{int(d.month_cap[person])} missions per month", same
            )
        return None


class Load(Rule):
    name = "load"
    number = 5
    title = "load"

    def compile(self, problem: ProblemData) -> LoadData:
        inst = problem.instance
        policy = inst.policy
        caps = [policy.month_cap(a) for a in inst.ambassadors]
        return LoadData(
            max_missions=np.array([a.max_missions for a in inst.ambassadors], dtype=np.int64),
            max_workload=np.array([seconds_down(a.max_hours) for a in inst.ambassadors], dtype=np.int64),
            month_cap=np.array([-1 if c is None else c for c in caps], dtype=np.int64),
            month=np.array([m.start.month - 1 for m in inst.missions], dtype=np.int64),
            workload=np.array([seconds_up(m.workload_hours) for m in inst.missions], dtype=np.int64),
            staff_max=np.array([s.max_missions for s in inst.staff], dtype=np.int64),
        )

    def violations(self, view: PlanView) -> list[Violation]:
        policy = view.instance.policy
        out: list[Violation] = []
        for aid, missions in view.missions_of_ambassador.items():
            a = view.ambassadors[aid]
            if len(missions) > a.max_missions:
                out.append(
                    Violation(
                        rule="load",
                        person=aid,
                        message=f"ambassador {aid}: {len(missions)} missions > max_missions {a.max_missions}",
                    )
                )
            hours = sum(m.workload_hours for m in missions)
            if hours > a.max_hours + HOURS_TOLERANCE:
                out.append(
                    Violation(
                        rule="load",
                        person=aid,
                        message=f"ambassador {aid}: {hours:.2f} h > max_hours {a.max_hours:g}",
                    )
                )
            cap = policy.month_cap(a)
            if cap is None:
                continue
            per_month: dict[tuple[int, int], int] = {}
            for m in missions:
                per_month[(m.start.year, m.start.month)] = per_month.get((m.start.year, m.start.month), 0) + 1
            for (year, month), count in sorted(per_month.items()):
                if count > cap:
                    out.append(
                        Violation(
                            rule="load",
                            person=aid,
                            message=f"ambassador {aid}: {count} "
                            f"missions in {year}-{month:02d} > {cap} per month",
                        )
                    )
        for sid, missions in view.missions_of_staff.items():
            s = view.staff[sid]
            if len(missions) > s.max_missions:
                out.append(
                    Violation(
                        rule="load",
                        person=sid,
                        message=f"staff {sid}: {len(missions)} missions > max_missions {s.max_missions}",
                    )
                )
        return out

    def cp_sat(self, sink: CpSatSink) -> None:
        problem = sink.problem
        d = problem.part(LoadData)
        order, offsets = problem.ambassador_pairs
        bounds = offsets.tolist()
        caps, max_work, month_caps = d.max_missions.tolist(), d.max_workload.tolist(), d.month_cap.tolist()
        for a in range(problem.n_amb):
            mine = order[bounds[a] : bounds[a + 1]]
            if len(mine) == 0:
                continue
            lits, missions = sink.x[mine], problem.pair_mis[mine]
            if len(lits) > caps[a]:
                sink.linear(lits, np.ones(len(lits), dtype=np.int64), INT64_MIN, caps[a])
            w = d.workload[missions]
            if int(w.sum()) > max_work[a]:
                sink.linear(lits, w, INT64_MIN, max_work[a])
            if month_caps[a] >= 0:
                months = d.month[missions]
                for month in np.nonzero(np.bincount(months, minlength=12) > month_caps[a])[0].tolist():
                    sel = lits[months == month]
                    sink.linear(sel, np.ones(len(sel), dtype=np.int64), INT64_MIN, month_caps[a])
        if problem.n_staff_pairs:
            s_order = np.argsort(problem.spair_staff, kind="stable")
            s_offsets = np.searchsorted(problem.spair_staff[s_order], np.arange(problem.n_staff + 1))
            for s in range(problem.n_staff):
                mine = s_order[s_offsets[s] : s_offsets[s + 1]]
                if len(mine) > int(d.staff_max[s]):
                    sink.linear(
                        sink.z[mine], np.ones(len(mine), dtype=np.int64), INT64_MIN, int(d.staff_max[s])
                    )

    def highs(self, sink: RowSink) -> None:
        problem = sink.problem
        d = problem.part(LoadData)
        pa, pm, A = problem.pair_amb, problem.pair_mis, problem.n_amb
        sink.rows(pa, sink.x, 1.0, -np.inf, count_caps(problem).astype(np.float64), A)
        sink.rows(
            pa, sink.x, d.workload[pm].astype(np.float64), -np.inf, d.max_workload.astype(np.float64), A
        )
        capped = d.month_cap[pa] >= 0
        if capped.any():
            keys, row = np.unique(pa[capped] * 12 + d.month[pm[capped]], return_inverse=True)
            sink.rows(
                row.astype(np.int64),
                sink.x[capped],
                1.0,
                -np.inf,
                d.month_cap[keys // 12].astype(np.float64),
                len(keys),
            )
        if problem.n_staff_pairs:
            sink.rows(
                problem.spair_staff, sink.z, 1.0, -np.inf, d.staff_max.astype(np.float64), problem.n_staff
            )

    def tracker(self, problem: ProblemData, plan: Assignments) -> Tracker:
        return _Tracker(problem, plan)


RULE = Load()
