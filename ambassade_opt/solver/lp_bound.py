"""LP relaxation bound of the coverage stage (GLOP through pywraplp).

CP-SAT proves bounds slowly on these models; the LP relaxation of the same formulation (eligible
pairs, seats with x ≤ y, clique conflicts, loads, month caps, group cap with x ≤ active, money) is
solved in a fraction of a second and certifies how far the coverage value can be from optimal.
"""

from __future__ import annotations

import math

import numpy as np
from ortools.linear_solver import pywraplp

from ..compiled import ProblemData
from .constraints.overlap import conflict_sets


def coverage_lp_bound(data: ProblemData, leftover_edges: np.ndarray, blocked: set[int] | None = None,
                      time_limit: float | None = None, forced_covered: set[int] | None = None) -> float | None:
    """Upper bound on Σ priority of covered missions (None if the LP could not be solved).

    ``blocked`` missions must stay uncovered; ``forced_covered`` ones must be covered (frozen/pinned)."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    if time_limit is not None:
        solver.SetTimeLimit(max(int(time_limit * 1000), 1))
    blocked = blocked or set()
    forced_covered = forced_covered or set()
    inf = solver.infinity()
    x = [solver.NumVar(0.0, 1.0, "") for _ in range(data.n_pairs)]
    y = []
    offsets = data.pairs_by_mission()
    soffsets = data.staff_pairs_by_mission()
    for m in range(data.n_mis):
        n = int(offsets[m + 1] - offsets[m])
        possible = m not in blocked and bool(data.m_staffable[m]) and n >= data.m_seats_min[m]
        if data.m_needs_pair[m] and soffsets[m + 1] == soffsets[m]:
            possible = False
        lo = 1.0 if m in forced_covered and possible else 0.0
        y.append(solver.NumVar(lo, 1.0 if possible else 0.0, ""))
    z = [solver.NumVar(0.0, 1.0, "") for _ in range(len(data.spair_staff))]
    for m in range(data.n_mis):
        lo, hi = int(offsets[m]), int(offsets[m + 1])
        if hi > lo:
            row = solver.Constraint(0.0, inf)
            for p in range(lo, hi):
                row.SetCoefficient(x[p], 1.0)
            row.SetCoefficient(y[m], -float(data.m_seats_min[m]))
            row2 = solver.Constraint(-inf, 0.0)
            for p in range(lo, hi):
                row2.SetCoefficient(x[p], 1.0)
            row2.SetCoefficient(y[m], -float(data.m_seats_max[m]))
            for p in range(lo, hi):
                c = solver.Constraint(-inf, 0.0)
                c.SetCoefficient(x[p], 1.0)
                c.SetCoefficient(y[m], -1.0)
        else:
            y[m].SetUb(0.0)
        if data.m_needs_pair[m]:
            slo, shi = int(soffsets[m]), int(soffsets[m + 1])
            row = solver.Constraint(0.0, 0.0)
            for p in range(slo, shi):
                row.SetCoefficient(z[p], 1.0)
            row.SetCoefficient(y[m], -1.0)
        if data.m_proposer[m] >= 0:
            p = data.pair_index(int(data.m_proposer[m]), m)
            if p < 0:
                y[m].SetUb(0.0)
            else:
                row = solver.Constraint(0.0, 0.0)
                row.SetCoefficient(x[p], 1.0)
                row.SetCoefficient(y[m], -1.0)
    for group in conflict_sets(offsets, data.pair_amb, data.conflict_cliques, leftover_edges):
        row = solver.Constraint(-inf, 1.0)
        for p in group.tolist():
            row.SetCoefficient(x[p], 1.0)
    for group in conflict_sets(soffsets, data.spair_staff, data.conflict_cliques, leftover_edges):
        row = solver.Constraint(-inf, 1.0)
        for p in group.tolist():
            row.SetCoefficient(z[p], 1.0)
    order, aoff = data.pairs_by_ambassador()
    active = [solver.NumVar(0.0, 1.0, "") for _ in range(data.n_amb)] if data.group_cap is not None else []
    rem = data.m_remuneration[data.pair_mis]
    for a in range(data.n_amb):
        mine = order[aoff[a]:aoff[a + 1]]
        if len(mine) == 0:
            continue
        if len(mine) > data.a_max_missions[a]:
            row = solver.Constraint(-inf, float(data.a_max_missions[a]))
            for p in mine.tolist():
                row.SetCoefficient(x[p], 1.0)
        w = data.m_workload[data.pair_mis[mine]]
        if w.sum() > data.a_max_workload[a]:
            row = solver.Constraint(-inf, float(data.a_max_workload[a]))
            for p, wp in zip(mine.tolist(), w.tolist(), strict=True):
                row.SetCoefficient(x[p], float(wp))
        cap = int(data.a_month_cap[a])
        if cap >= 0:
            months = data.m_month[data.pair_mis[mine]]
            for month in np.nonzero(np.bincount(months, minlength=12) > cap)[0].tolist():
                row = solver.Constraint(-inf, float(cap))
                for p in mine[months == month].tolist():
                    row.SetCoefficient(x[p], 1.0)
        if data.remuneration_cap is not None and rem[mine].sum() > data.remuneration_cap:
            row = solver.Constraint(-inf, float(data.remuneration_cap))
            for p in mine.tolist():
                if rem[p] > 0:
                    row.SetCoefficient(x[p], float(rem[p]))
        if active:
            for p in mine.tolist():
                c = solver.Constraint(-inf, 0.0)
                c.SetCoefficient(x[p], 1.0)
                c.SetCoefficient(active[a], -1.0)
    if active and data.group_cap is not None:
        row = solver.Constraint(-inf, float(data.group_cap))
        for v in active:
            row.SetCoefficient(v, 1.0)
    if len(data.spair_staff):
        sorder = np.argsort(data.spair_staff, kind="stable")
        so = np.searchsorted(data.spair_staff[sorder], np.arange(data.n_staff + 1))
        for s in range(data.n_staff):
            mine = sorder[so[s]:so[s + 1]]
            if len(mine) > data.s_max_missions[s]:
                row = solver.Constraint(-inf, float(data.s_max_missions[s]))
                for p in mine.tolist():
                    row.SetCoefficient(z[p], 1.0)
    cost = data.pair_cost
    if data.budget_annual is not None:
        row = solver.Constraint(-inf, float(data.budget_annual))
        for p in np.nonzero(cost > 0)[0].tolist():
            row.SetCoefficient(x[p], float(cost[p]))
    if data.budget_quarterly is not None:
        quarter = data.m_quarter[data.pair_mis]
        for q, budget in enumerate(data.budget_quarterly):
            row = solver.Constraint(-inf, float(budget))
            for p in np.nonzero((quarter == q) & (cost > 0))[0].tolist():
                row.SetCoefficient(x[p], float(cost[p]))
    objective = solver.Objective()
    for m in range(data.n_mis):
        objective.SetCoefficient(y[m], float(data.m_priority[m]))
    objective.SetMaximization()
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        return None
    # A dual-feasible value would be safer than the primal optimum; GLOP's optimum is exact up to
    # its tolerances, so a small margin keeps the bound valid before rounding down.
    value = float(objective.Value())
    return float(math.floor(value + 1e-6 * max(1.0, abs(value))))
