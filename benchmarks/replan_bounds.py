"""What any re-plan keeping the frozen past can reach: upper bounds on its coverage value, with
and without a share of the published promises kept (used by :mod:`benchmarks.bench_replan`)."""

from __future__ import annotations

import math

import numpy as np

from ambassade_opt.compile import compile_year
from ambassade_opt.model import Instance
from ambassade_opt.objectives import Terms, coverage
from ambassade_opt.plan import Assignment, Plan
from ambassade_opt.solver import LinearRow
from ambassade_opt.solver.frozen import Frozen, forced_pairs
from ambassade_opt.solver.highs.program import ProgramBuilder, solve_program
from ambassade_opt.solver.highs.worker import ProgramHandle, WorkerUnavailable, shared_worker


def frozen_past_bound(instance: Instance, fixed: dict[str, Assignment | None],
                      keep: list[tuple[str, str]] | None = None, keep_share: float = 0.0,
                      seconds: float | None = None) -> float | None:
    """Upper bound on the coverage value of any plan of ``instance`` that keeps the ``fixed``
    missions exactly as they are and at least ``keep_share`` of the ``keep`` (mission, person)
    pairs: no re-plan with this past (and these promises kept) can do better. The LP relaxation
    (``seconds`` None) or HiGHS's MIP dual bound after ``seconds`` (valid whenever it stops)."""
    data = compile_year(instance, forced_pairs(fixed))
    builder = ProgramBuilder(data)
    builder.fix_frozen(Frozen.of(data, fixed))
    if keep and keep_share > 0:
        mis, amb, staff = data.mission_position, data.ambassador_position, data.staff_position
        x = [data.pair_index(amb[pid], mis[mid]) for mid, pid in keep if pid in amb]
        z = [data.staff_pair_index(staff[pid], mis[mid]) for mid, pid in keep if pid in staff]
        # a pair that no longer exists cannot be kept: it counts against the share
        x_cols, z_cols = np.array([p for p in x if p >= 0], dtype=np.int64), np.array(
            [q for q in z if q >= 0], dtype=np.int64)
        terms = Terms((("x", x_cols, np.ones(len(x_cols), dtype=np.int64)),
                       ("z", z_cols, np.ones(len(z_cols), dtype=np.int64))))
        builder.add_rows([LinearRow(terms, lower=float(math.ceil(keep_share * len(keep))))])
    prog = builder.build(coverage(data))
    if seconds is None:
        res = solve_program(prog, integer=False)
        value = res.value
    else:
        # in the worker process: HiGHS has been seen stuck in its presolve past any time limit, and
        # only the worker's deadline (it kills the child) keeps the benchmark's own
        try:
            answer = shared_worker().solve(ProgramHandle(prog), prog.col_lower, prog.col_upper,
                                           time_limit=seconds, threads=1)
        except WorkerUnavailable:
            answer = solve_program(prog, integer=True, time_limit=seconds, threads=1, light=True)
        value = None if answer is None else answer.bound
    if value is None or not math.isfinite(value):
        return None
    return float(math.floor(value + 1e-6 * max(1.0, abs(value))))


def past_pairs(plan: Plan, frozen: set[str]) -> int:
    """Published (mission, person) pairs of the frozen past: kept by every re-plan."""
    return sum(len(a.ambassadors) + (a.staff is not None) for a in plan.assignments if a.mission in frozen)


def share_with_past(share: float, past: int, untouched: int) -> float:
    """The share of the untouched future pairs to keep so that ``share`` of the untouched pairs,
    the frozen past counted, are kept."""
    return max(0.0, (math.ceil(share * (past + untouched) - 1e-9) - past) / untouched) if untouched else 0.0
