"""The coverage stage as a linear program (HiGHS): an LP bound that certifies the coverage value,
and the same matrix as a MIP (used by the benchmarks, and as a comparison engine).

CP-SAT proves bounds slowly on these models (its default 2-worker portfolio has no LP-heavy worker);
the LP relaxation of the same formulation — eligible pairs, seats with x ≤ y per pair, clique
conflicts, loads, month caps, group cap with x ≤ active, remuneration cap, budgets — is solved in
well under a second and is what the reported bound of the coverage stage is checked against.

The matrix is built with numpy only (no Python loop over pairs): every family of rows is a block
of (row, column, value) triplets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..compiled import IntArray, ProblemData
from ..plan import Assignment
from .constraints.overlap import conflict_sets
from .highs_worker import MATRIX_FIELDS, run_highs

FloatArray = np.ndarray


@dataclass
class _Rows:
    rows: list[IntArray] = field(default_factory=list)
    cols: list[IntArray] = field(default_factory=list)
    vals: list[FloatArray] = field(default_factory=list)
    lower: list[FloatArray] = field(default_factory=list)
    upper: list[FloatArray] = field(default_factory=list)
    n: int = 0

    def add(self, row_local: IntArray, cols: IntArray, vals: FloatArray | float, lower: FloatArray | float,
            upper: FloatArray | float, n_rows: int) -> None:
        """Rows ``n .. n + n_rows − 1``; ``row_local`` numbers each triplet's row from 0."""
        if n_rows == 0:
            return
        self.rows.append(np.asarray(row_local, dtype=np.int64) + self.n)
        self.cols.append(np.asarray(cols, dtype=np.int64))
        self.vals.append(np.broadcast_to(np.asarray(vals, dtype=np.float64), (len(cols),)).copy())
        self.lower.append(np.broadcast_to(np.asarray(lower, dtype=np.float64), (n_rows,)).copy())
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=np.float64), (n_rows,)).copy())
        self.n += n_rows


def _grouped(keys: IntArray) -> tuple[IntArray, IntArray]:
    """Dense row numbers for equal keys: (row of each element, number of rows)."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    uniq, inverse = np.unique(keys, return_inverse=True)
    return inverse.astype(np.int64), uniq


@dataclass
class CoverageProgram:
    """max Σ priority·y subject to the hard rules, as a sparse matrix (columns: x, y, z, active)."""

    n_cols: int
    cost: FloatArray  # maximisation coefficients
    col_lower: FloatArray
    col_upper: FloatArray
    row_lower: FloatArray
    row_upper: FloatArray
    csc_start: IntArray
    csc_index: IntArray
    csc_value: FloatArray
    x0: int
    y0: int
    z0: int
    active0: int
    unit0: int = 0
    unit_owner: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def n_rows(self) -> int:
        return len(self.row_lower)


@dataclass(frozen=True)
class ProgramLayout:
    """Where each kind of column of :func:`coverage_program` starts: x (pairs), y (missions), z (staff
    pairs), active (ambassadors, only with a binding group cap), units (rotation, only when asked)."""

    x0: int
    y0: int
    z0: int
    active0: int
    unit0: int
    has_cap: bool
    unit_count: IntArray  # unit columns of each ambassador: min(max_missions, eligible missions)


def program_layout(data: ProblemData, with_units: bool) -> ProgramLayout:
    P, M, S, A = data.n_pairs, data.n_mis, len(data.spair_staff), data.n_amb
    has_cap = data.group_cap is not None and data.group_cap < A
    act0 = P + M + S
    unit_count = np.minimum(data.a_max_missions, np.bincount(data.pair_amb, minlength=A)) if with_units \
        else np.zeros(A, dtype=np.int64)
    return ProgramLayout(x0=0, y0=P, z0=P + M, active0=act0, unit0=act0 + (A if has_cap else 0),
                         has_cap=has_cap, unit_count=unit_count.astype(np.int64))


def frozen_indices(data: ProblemData, fixed: Mapping[str, Assignment | None]
                   ) -> tuple[dict[int, list[int]], dict[int, int | None], set[int]]:
    """Frozen missions in index form: mission → its kept pairs (sorted), mission → its staff pair (or
    None), and the missions kept uncovered. Every frozen person must have a pair (build ``data``
    with them forced)."""
    mis = {mid: i for i, mid in enumerate(data.mission_ids)}
    amb = {aid: i for i, aid in enumerate(data.ambassador_ids)}
    staff = {sid: i for i, sid in enumerate(data.staff_ids)}
    pairs: dict[int, list[int]] = {}
    staff_pairs: dict[int, int | None] = {}
    blocked: set[int] = set()
    for mid, asg in fixed.items():
        m = mis[mid]
        if asg is None:
            blocked.add(m)
            continue
        pairs[m] = sorted({data.pair_index(amb[a], m) for a in asg.ambassadors})
        staff_pairs[m] = None if asg.staff is None else data.staff_pair_index(staff[asg.staff], m)
    return pairs, staff_pairs, blocked


def mission_fixings(data: ProblemData, frozen_pairs: Mapping[int, list[int]],
                    frozen_staff: Mapping[int, int | None]) -> tuple[dict[int, int], dict[int, int]]:
    """(pair → 0/1, staff pair → 0/1) keeping the frozen missions exactly as they are: every eligible
    pair of a frozen mission is fixed, in or out."""
    offsets, staff_offsets = data.pairs_by_mission(), data.staff_pairs_by_mission()
    pair_fix: dict[int, int] = {}
    staff_fix: dict[int, int] = {}
    for m, keep in frozen_pairs.items():
        kept = set(keep)
        for p in range(int(offsets[m]), int(offsets[m + 1])):
            pair_fix[p] = int(p in kept)
        for p in range(int(staff_offsets[m]), int(staff_offsets[m + 1])):
            staff_fix[p] = int(p == frozen_staff.get(m))
    return pair_fix, staff_fix


def coverage_program(data: ProblemData, blocked: set[int] | None = None,
                     forced_covered: set[int] | None = None,
                     pair_fix: dict[int, int] | None = None,
                     staff_fix: dict[int, int] | None = None, objective: str = "coverage",
                     levels: dict[str, float] | None = None,
                     extra_rows: list[tuple[IntArray, FloatArray, float]] | None = None,
                     custom_objective: tuple[IntArray, FloatArray] | None = None,
                     units: bool = False) -> CoverageProgram:
    """The hard rules as a sparse matrix, maximising the coverage value — or, for the later
    lexicographic stages, another ``objective`` (rotation, match, cost; always as a maximisation)
    with the ``levels`` already reached kept as rows (coverage ≥, rotation ≤, match ≥, cost ≤).

    ``pair_fix``/``staff_fix``: pair index → 0/1 for pins and frozen missions (the MIP must keep
    them; the LP bound may ignore them, a relaxation stays an upper bound). ``extra_rows``:
    (columns, coefficients, lower bound) rows over the program's columns, e.g. the stability level.
    ``custom_objective`` (columns, coefficients), maximised, replaces the named ``objective`` (for
    stages the names do not cover: stability, weighted); ``units`` adds the rotation unit columns
    even when neither the objective nor a level is rotation."""
    levels = levels or {}
    P, M, S, A = data.n_pairs, data.n_mis, len(data.spair_staff), data.n_amb
    with_units = units or objective == "rotation" or "rotation" in levels
    layout = program_layout(data, with_units)
    has_cap = layout.has_cap
    x0, y0, z0, act0, unit0 = layout.x0, layout.y0, layout.z0, layout.active0, layout.unit0
    # rotation: one unit column per possible mission of each person, the k-th costing h + k − 1
    unit_count = layout.unit_count
    unit_owner = np.repeat(np.arange(A), unit_count)
    unit_k = np.arange(int(unit_count.sum())) - np.repeat(np.cumsum(unit_count) - unit_count, unit_count)
    unit_cost = (data.a_history[unit_owner] + unit_k).astype(np.float64)  # k from 0: cost h + k
    n_cols = unit0 + len(unit_owner)
    inf = math.inf
    col_lower = np.zeros(n_cols)
    col_upper = np.ones(n_cols)
    offsets = data.pairs_by_mission()
    soffsets = data.staff_pairs_by_mission()
    n_cand = np.diff(offsets)
    possible = data.m_staffable & (n_cand >= data.m_seats_min)
    possible &= ~data.m_needs_pair | (np.diff(soffsets) > 0)
    proposer = data.m_proposer
    for m in np.nonzero(proposer >= 0)[0].tolist():
        if data.pair_index(int(proposer[m]), m) < 0:
            possible[m] = False
    if blocked:
        possible[list(blocked)] = False
    col_upper[y0:y0 + M] = possible
    if forced_covered:
        fc = np.array(sorted(forced_covered), dtype=np.int64)
        col_lower[y0 + fc] = possible[fc]
    # x of impossible missions cannot be 1
    col_upper[x0:x0 + P] = possible[data.pair_mis]
    for base, fix in ((x0, pair_fix), (z0, staff_fix)):
        for p, v in (fix or {}).items():
            col_lower[base + p] = col_upper[base + p] = float(v)

    r = _Rows()
    pm = data.pair_mis
    # seats: Σx − min·y ≥ 0 and Σx − max·y ≤ 0, one row each per mission
    with_pairs = np.nonzero(n_cand > 0)[0]
    row_of_mission = np.full(M, -1, dtype=np.int64)
    row_of_mission[with_pairs] = np.arange(len(with_pairs))
    for coeff_y, lo, hi in ((data.m_seats_min, 0.0, inf), (data.m_seats_max, -inf, 0.0)):
        rows = np.concatenate([row_of_mission[pm], row_of_mission[with_pairs]])
        cols = np.concatenate([x0 + np.arange(P), y0 + with_pairs])
        vals = np.concatenate([np.ones(P), -coeff_y[with_pairs].astype(np.float64)])
        r.add(rows, cols, vals, lo, hi, len(with_pairs))
    # x ≤ y per pair
    r.add(np.repeat(np.arange(P), 2), np.stack([x0 + np.arange(P), y0 + pm], 1).ravel(),
          np.tile([1.0, -1.0], P), -inf, 0.0, P)
    # pair: Σz − y = 0 for missions that need a staff member
    pair_missions = np.nonzero(data.m_needs_pair & possible)[0]
    row_pm = np.full(M, -1, dtype=np.int64)
    row_pm[pair_missions] = np.arange(len(pair_missions))
    keep = row_pm[data.spair_mis] >= 0
    rows = np.concatenate([row_pm[data.spair_mis[keep]], np.arange(len(pair_missions))])
    cols = np.concatenate([z0 + np.nonzero(keep)[0], y0 + pair_missions])
    vals = np.concatenate([np.ones(int(keep.sum())), -np.ones(len(pair_missions))])
    r.add(rows, cols, vals, 0.0, 0.0, len(pair_missions))
    # initiative: x(proposer) − y = 0
    init = [(m, data.pair_index(int(proposer[m]), m))
            for m in np.nonzero((proposer >= 0) & possible)[0].tolist()]
    if init:
        ms = np.array([m for m, _ in init], dtype=np.int64)
        ps = np.array([p for _, p in init], dtype=np.int64)
        n = len(init)
        r.add(np.repeat(np.arange(n), 2), np.stack([x0 + ps, y0 + ms], 1).ravel(), np.tile([1.0, -1.0], n),
              0.0, 0.0, n)
    # overlap: clique sets of pairs (and of staff pairs) at most one
    from .constraints.overlap import leftover_edges_of

    leftover = leftover_edges_of(data)
    for base, offs, people in ((x0, offsets, data.pair_amb), (z0, soffsets, data.spair_staff)):
        groups = conflict_sets(offs, people, data.conflict_cliques, leftover)
        if groups:
            sizes = np.array([len(g) for g in groups], dtype=np.int64)
            r.add(np.repeat(np.arange(len(groups)), sizes), base + np.concatenate(groups), 1.0, -inf, 1.0,
                  len(groups))
    pa = data.pair_amb
    # loads: missions, workload, month caps, remuneration cap — rows per ambassador (or month).
    # The count row also carries what the knapsack rows imply for integers (see cardinality_caps).
    count_cap, paid_cap = cardinality_caps(data)
    r.add(pa, x0 + np.arange(P), 1.0, -inf, count_cap.astype(np.float64), A)
    paid_pairs = data.m_remuneration[pm] > 0
    if data.remuneration_cap is not None and paid_pairs.any():
        r.add(pa[paid_pairs], x0 + np.nonzero(paid_pairs)[0], 1.0, -inf, paid_cap.astype(np.float64), A)
    r.add(pa, x0 + np.arange(P), data.m_workload[pm].astype(np.float64), -inf,
          data.a_max_workload.astype(np.float64), A)
    capped = data.a_month_cap[pa] >= 0
    if capped.any():
        row, keys = _grouped(pa[capped] * 12 + data.m_month[pm[capped]])
        r.add(row, x0 + np.nonzero(capped)[0], 1.0, -inf, data.a_month_cap[keys // 12].astype(np.float64),
              len(keys))
    rem = data.m_remuneration[pm]
    if data.remuneration_cap is not None:
        paid = rem > 0
        r.add(pa[paid], x0 + np.nonzero(paid)[0], rem[paid].astype(np.float64), -inf,
              float(data.remuneration_cap), A)
    # group cap: x ≤ active per pair, Σ active ≤ cap
    if has_cap:
        # aggregated per ambassador (Σ_m x ≤ K·active): per-pair rows make the LP ten times slower
        # for no gain in the bound on our benchmarks
        k = np.minimum(count_cap, np.bincount(pa, minlength=A)).astype(np.float64)
        r.add(np.concatenate([pa, np.arange(A)]), np.concatenate([x0 + np.arange(P), act0 + np.arange(A)]),
              np.concatenate([np.ones(P), -k]), -inf, 0.0, A)
        r.add(np.zeros(A, dtype=np.int64), act0 + np.arange(A), 1.0, -inf, float(data.group_cap or 0), 1)
    # staff load
    if S:
        r.add(data.spair_staff, z0 + np.arange(S), 1.0, -inf, data.s_max_missions.astype(np.float64),
              data.n_staff)
    cost = data.pair_cost.astype(np.float64)
    if data.budget_annual is not None:
        r.add(np.zeros(P, dtype=np.int64), x0 + np.arange(P), cost, -inf, float(data.budget_annual), 1)
    if data.budget_quarterly is not None:
        r.add(data.m_quarter[pm], x0 + np.arange(P), cost, -inf,
              np.array(data.budget_quarterly, dtype=np.float64), 4)

    if with_units:
        # Σ_k u[a,k] − Σ_m x[a,m] = 0
        r.add(np.concatenate([unit_owner, pa]), np.concatenate([unit0 + np.arange(len(unit_owner)),
                                                                x0 + np.arange(P)]),
              np.concatenate([np.ones(len(unit_owner)), -np.ones(P)]), 0.0, 0.0, A)
    terms = {
        "coverage": (y0 + np.arange(M), data.m_priority.astype(np.float64)),
        "rotation": (unit0 + np.arange(len(unit_owner)), -unit_cost),
        "match": (x0 + np.arange(P), data.pair_match.astype(np.float64)),
        "cost": (x0 + np.arange(P), -data.pair_cost.astype(np.float64)),
    }
    for name, level in levels.items():
        level_cols, level_vals = terms[name]
        # every term as a maximisation: value(name) ≥ level, i.e. −rotation ≥ −level
        bound_value = level if name in ("coverage", "match") else -level
        r.add(np.zeros(len(level_cols), dtype=np.int64), level_cols, level_vals, bound_value - 1e-6, inf, 1)
    for row_cols, row_vals, lower_bound in extra_rows or []:
        r.add(np.zeros(len(row_cols), dtype=np.int64), row_cols, row_vals, lower_bound - 1e-6, inf, 1)
    rows = np.concatenate(r.rows) if r.rows else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(r.cols) if r.cols else np.zeros(0, dtype=np.int64)
    vals = np.concatenate(r.vals) if r.vals else np.zeros(0)
    # Rows in seconds and cents have coefficients up to 1e5: scale each row to a largest |coefficient|
    # of 1 (the feasible set does not change), or HiGHS crawls.
    lower = np.concatenate(r.lower) if r.lower else np.zeros(0)
    upper = np.concatenate(r.upper) if r.upper else np.zeros(0)
    row_scale = np.zeros(r.n)
    np.maximum.at(row_scale, rows, np.abs(vals))
    row_scale[row_scale == 0] = 1.0
    vals = vals / row_scale[rows]
    lower, upper = lower / row_scale, upper / row_scale
    order = np.lexsort((rows, cols))
    rows, cols, vals = rows[order], cols[order], vals[order]
    start = np.searchsorted(cols, np.arange(n_cols + 1)).astype(np.int64)
    obj = np.zeros(n_cols)
    obj_cols, obj_vals = terms[objective] if custom_objective is None else custom_objective
    np.add.at(obj, obj_cols, obj_vals)
    return CoverageProgram(
        n_cols=n_cols, cost=obj, col_lower=col_lower, col_upper=col_upper,
        row_lower=lower, row_upper=upper,
        csc_start=start, csc_index=rows, csc_value=vals, x0=x0, y0=y0, z0=z0, active0=act0,
        unit0=unit0, unit_owner=unit_owner,
    )


def _smallest_k_fit(person: IntArray, weight: IntArray, cap: IntArray, n_people: int) -> IntArray:
    """Per person, the largest k whose k smallest weights fit under the cap: no feasible set of that
    person's pairs has more than k members. Vectorised over all pairs."""
    if len(person) == 0:
        return np.zeros(n_people, dtype=np.int64)
    order = np.lexsort((weight, person))
    p_sorted, w_sorted = person[order], weight[order]
    starts = np.searchsorted(p_sorted, np.arange(n_people))
    cum = np.cumsum(w_sorted)
    base = np.where(starts > 0, cum[np.maximum(starts - 1, 0)], 0)[p_sorted]
    within = cum - base  # sum of the person's smallest weights up to this pair
    fits = within <= cap[p_sorted]
    return np.bincount(p_sorted[fits], minlength=n_people).astype(np.int64)


def cardinality_caps(data: ProblemData) -> tuple[IntArray, IntArray]:
    """(missions cap, paid missions cap) per ambassador, implied for integer plans by max_missions,
    max_hours (workload knapsack) and the remuneration cap (remuneration knapsack). Valid cuts that
    the LP relaxation of the knapsack rows does not see."""
    pa, pm = data.pair_amb, data.pair_mis
    count = np.minimum(data.a_max_missions, _smallest_k_fit(pa, data.m_workload[pm], data.a_max_workload,
                                                            data.n_amb))
    paid = count.copy()
    if data.remuneration_cap is not None:
        rem = data.m_remuneration[pm]
        sel = rem > 0
        cap = np.full(data.n_amb, data.remuneration_cap, dtype=np.int64)
        paid = np.minimum(paid, _smallest_k_fit(pa[sel], rem[sel], cap, data.n_amb))
    return count, paid


@dataclass
class ProgramResult:
    status: str
    value: float | None
    bound: float | None
    seconds: float
    solution: FloatArray | None
    simplex_iterations: int = 0  # deterministic measure of the work done (unlike seconds)


def solve_program(prog: CoverageProgram, integer: bool, time_limit: float | None = None,
                  threads: int | None = None, seed: int = 0, presolve: bool = True,
                  start: FloatArray | None = None, node_limit: int | None = None,
                  light: bool = False) -> ProgramResult:
    """Solve with HiGHS in this process: the LP relaxation (``integer=False``) or the MIP (optionally
    from a start solution, optionally with a node limit — deterministic, unlike the time limit).
    ``light``: without the heuristics that solve sub-MIPs of their own (root reduced cost, RINS,
    RENS): twice on M years one of those nested sub-MIPs stayed in its presolve (strengthenInequalities,
    HiGHS 1.16; see HiGHS issues #2226 and #3074) for over ten minutes, past any time limit. A MIP that
    needs them and a kept time limit runs in the worker process instead (``highs_worker``); ``light``
    is for when no worker can run (it makes a hang rarer, not impossible: HiGHS's own presolve was
    seen stuck too)."""
    fields = run_highs({name: getattr(prog, name) for name in MATRIX_FIELDS}, prog.col_lower, prog.col_upper,
                       integer=integer, time_limit=time_limit, threads=threads, seed=seed, presolve=presolve,
                       start=start, node_limit=node_limit, light=light)
    return ProgramResult(**fields)


def coverage_lp_bound(data: ProblemData, blocked: set[int] | None = None, time_limit: float | None = None,
                      forced_covered: set[int] | None = None, pair_fix: dict[int, int] | None = None,
                      staff_fix: dict[int, int] | None = None
                      ) -> tuple[float | None, FloatArray | None, FloatArray | None]:
    """Upper bound on Σ priority of covered missions, rounded down (integer priorities), with the LP
    values of each mission's y and each pair's x (a guide for the constructive plan), over the plans
    that cover ``forced_covered`` and keep ``pair_fix``/``staff_fix`` (pins, the frozen past: see
    :func:`coverage_program`). (None, None, None) when the LP is not solved in time."""
    prog = coverage_program(data, blocked, forced_covered, pair_fix, staff_fix)
    # Dual simplex without presolve: 2-3 times faster than HiGHS's defaults on these LPs.
    res = solve_program(prog, integer=False, time_limit=time_limit, presolve=False)
    if res.value is None or res.solution is None:
        return None, None, None
    # The LP optimum is exact up to HiGHS's tolerances: a relative margin keeps the bound valid.
    bound = float(math.floor(res.value + 1e-6 * max(1.0, abs(res.value))))
    y = res.solution[prog.y0:prog.y0 + data.n_mis]
    x = res.solution[prog.x0:prog.x0 + data.n_pairs]
    return bound, y, x


def aggregate_bound(data: ProblemData, blocked: set[int] | None = None) -> float | None:
    """A cheap upper bound on the coverage value for years too large for the full LP.

    One variable per mission, a handful of rows that every plan must satisfy: each covered mission
    spends at least the cost of its seats_min cheapest eligible people (annual and quarterly
    budgets), and takes seats_min of the seats the group can offer (at most group_cap people, each at
    most max_missions and the missions they are eligible for)."""
    from .greedy import mission_min_cost

    offsets = data.pairs_by_mission()
    soffsets = data.staff_pairs_by_mission()
    possible = data.m_staffable & (np.diff(offsets) >= data.m_seats_min)
    possible &= ~data.m_needs_pair | (np.diff(soffsets) > 0)
    if blocked:
        possible[list(blocked)] = False
    cols = np.nonzero(possible)[0]
    if len(cols) == 0:
        return 0.0
    min_cost = mission_min_cost(data)[cols]
    seats = data.m_seats_min[cols].astype(np.float64)
    per_person = np.minimum(data.a_max_missions, np.bincount(data.pair_amb, minlength=data.n_amb))
    top = np.sort(per_person)[::-1]
    if data.group_cap is not None:
        top = top[:data.group_cap]
    rows: list[tuple[FloatArray, FloatArray, float]] = [(np.arange(len(cols)), seats, float(top.sum()))]
    if data.budget_annual is not None:
        rows.append((np.arange(len(cols)), min_cost, float(data.budget_annual)))
    if data.budget_quarterly is not None:
        quarter = data.m_quarter[cols]
        for q, budget in enumerate(data.budget_quarterly):
            sel = np.nonzero(quarter == q)[0]
            rows.append((sel, min_cost[sel], float(budget)))
    n_rows = len(rows)
    r_idx = np.concatenate([np.full(len(sel), i) for i, (sel, _, _) in enumerate(rows)])
    c_idx = np.concatenate([sel for sel, _, _ in rows]).astype(np.int64)
    vals = np.concatenate([v for _, v, _ in rows]).astype(np.float64)
    scale = np.array([max(float(np.abs(v).max()) if len(v) else 1.0, 1.0) for _, v, _ in rows])
    vals = vals / scale[r_idx]
    upper = np.array([u for _, _, u in rows]) / scale
    order = np.lexsort((r_idx, c_idx))
    prog = CoverageProgram(
        n_cols=len(cols), cost=data.m_priority[cols].astype(np.float64), col_lower=np.zeros(len(cols)),
        col_upper=np.ones(len(cols)), row_lower=np.full(n_rows, -math.inf), row_upper=upper,
        csc_start=np.searchsorted(c_idx[order], np.arange(len(cols) + 1)).astype(np.int64),
        csc_index=r_idx[order].astype(np.int64), csc_value=vals[order], x0=0, y0=0, z0=0, active0=0)
    res = solve_program(prog, integer=False)
    if res.value is None:
        return None
    return float(math.floor(res.value + 1e-6 * max(1.0, abs(res.value))))
