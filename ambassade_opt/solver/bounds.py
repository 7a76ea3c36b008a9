"""Upper bounds on the coverage value, which certify how far a plan can still be from the optimum.

* :func:`lp_bound` — the LP relaxation of the whole coverage program (every rule's rows, the
  frozen past and the pins as they are), solved by HiGHS's dual simplex without presolve (2–3
  times faster than its defaults on these LPs). Its optimum, rounded down (integer priorities),
  bounds every plan; its y and x values guide the LP-rounding start.
* :func:`aggregate_bound` — one variable per mission and the rules' conditions on covered
  missions alone (:meth:`~ambassade_opt.rules.base.Rule.mission_rows`: seats offered, money
  spent at least): cheap at any size, weaker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..compiled import FloatArray, ProblemData
from ..objectives import coverage
from ..rules.registry import RULES
from .frozen import Frozen
from .highs.program import Layout, Program, ProgramBuilder, solve_program


@dataclass(frozen=True)
class LpBound:
    """The coverage LP's bound (rounded down), with its mission (y) and pair (x) values."""

    bound: float
    y: FloatArray
    x: FloatArray


def never_covered(problem: ProblemData) -> np.ndarray:
    """Missions some rule lets no plan cover."""
    out = np.zeros(problem.n_mis, dtype=np.bool_)
    for rule in RULES:
        out |= rule.never_covered(problem)
    return out


def lp_bound(problem: ProblemData, frozen: Frozen, time_limit: float | None = None,
             iteration_limit: int | None = None) -> LpBound | None:
    """The LP bound of the coverage stage, or None when HiGHS does not solve it within the time or
    the simplex iterations given."""
    return coverage_lp(problem, frozen, time_limit, iteration_limit)[0]


def coverage_lp(problem: ProblemData, frozen: Frozen, time_limit: float | None = None,
                iteration_limit: int | None = None) -> tuple[LpBound | None, bool]:
    """:func:`lp_bound`, and whether the clock (not the iteration count) stopped it: a run whose
    start then depends on the machine's speed is not reproducible."""
    builder = ProgramBuilder(problem)
    builder.fix_frozen(frozen)
    program = builder.build(coverage(problem))
    res = solve_program(program, integer=False, time_limit=time_limit, presolve=False,
                        iteration_limit=iteration_limit)
    if res.value is None or res.solution is None:
        return None, res.status == "Time limit reached"
    # exact up to HiGHS's tolerances: a relative margin keeps the bound valid
    bound = float(math.floor(res.value + 1e-6 * max(1.0, abs(res.value))))
    lay = program.layout
    return LpBound(
        bound, res.solution[lay.y0 : lay.y0 + problem.n_mis], res.solution[lay.x0 : lay.x0 + problem.n_pairs]
    ), False


def aggregate_bound(problem: ProblemData, blocked: frozenset[int] = frozenset()) -> float | None:
    """A cheap upper bound on the coverage value for years too large for the full LP."""
    possible = ~never_covered(problem)
    if blocked:
        possible[np.array(sorted(blocked), dtype=np.int64)] = False
    rows = [row for rule in RULES for row in rule.mission_rows(problem)]
    n = problem.n_mis
    empty = np.zeros(0, dtype=np.int64)
    r_idx = np.concatenate(
        [np.full(len(row.missions), i, dtype=np.int64) for i, row in enumerate(rows)] or [empty]
    )
    c_idx = np.concatenate([row.missions for row in rows] or [empty]).astype(np.int64)
    scale = np.array([max(float(np.abs(row.coeffs).max()) if len(row.coeffs) else 1.0, 1.0) for row in rows])
    vals = np.concatenate([row.coeffs for row in rows] or [np.zeros(0)]).astype(np.float64)
    vals = vals / scale[r_idx.astype(np.int64)] if len(rows) else vals
    order = np.lexsort((r_idx, c_idx))
    program = Program(
        n_cols=n,
        cost=problem.m_priority.astype(np.float64),
        col_lower=np.zeros(n),
        col_upper=possible.astype(np.float64),
        row_lower=np.full(len(rows), -math.inf),
        row_upper=np.array([row.upper for row in rows]) / scale if rows else np.zeros(0),
        csc_start=np.searchsorted(c_idx[order], np.arange(n + 1)).astype(np.int64),
        csc_index=r_idx[order].astype(np.int64),
        csc_value=vals[order],
        layout=Layout(0, 0, n, n, n, n),
    )
    res = solve_program(program, integer=False)
    if res.value is None:
        return None
    return float(math.floor(res.value + 1e-6 * max(1.0, abs(res.value))))
