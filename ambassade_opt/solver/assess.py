"""Plans made outside the stage loop (the block search of :mod:`ambassade_opt.blocks`):

* :func:`constructive_plan` — the greedy plan of a whole year, the one a solve starts from;
* :func:`assess` — a finished plan reported as a solve reports its own: each stage's value, the
  coverage bound, a reason for every uncovered mission, the KPIs and the records.
"""

from __future__ import annotations

import time
from typing import Literal

from ..compile import compile_year
from ..model import Instance
from ..objectives import coverage, lexicographic, rotation_units, weighted
from ..plan import Plan, PlanStatus
from .bounds import aggregate_bound, lp_bound
from .clock import Clock
from .convert import to_plan
from .engines.base import Emitter, SolveContext, assignments_of
from .extras import rows_of
from .frozen import Frozen, forced_pairs
from .greedy import greedy_plan
from .options import SolveOptions
from .planner import plan_arrays
from .result import SolveResult, StageResult

StoppedBy = Literal["wall", "deterministic", "interrupt"]


def constructive_plan(instance: Instance, options: SolveOptions | None = None) -> tuple[Plan, float]:
    """The better (by coverage value) of the two greedy plans a solve starts from (people by
    rotation; cheapest first), with its coverage value. No search, no reasons: a start."""
    opts = options or SolveOptions()
    problem = compile_year(instance, forced_pairs(opts.fixed), opts.match_weights)
    frozen = Frozen.of(problem, opts.fixed)
    cover = coverage(problem)
    plans = [greedy_plan(problem, frozen, prefer=prefer) for prefer in ("rotation", "cost")]
    values = [float(cover.value(problem, p)) for p in plans]
    best = max(range(len(plans)), key=lambda i: values[i])
    return Plan(status="feasible", assignments=assignments_of(problem, plans[best])), values[best]


def assess(
    instance: Instance,
    plan: Plan,
    options: SolveOptions | None = None,
    *,
    engine: str = "given plan",
    stopped_by: StoppedBy | None = None,
    solve_seconds: float = 0.0,
    greedy: float | None = None,
) -> SolveResult:
    """``plan`` (taken as it is; a mission whose people no longer fit the year is left out) with
    the value of every stage of ``options``' objective, the coverage bound (the LP when the year has
    at most ``start.lp_max_pairs`` pairs, else the aggregate bound: both hold for every plan), the
    reasons and the KPIs. ``engine``, ``stopped_by``, ``solve_seconds`` and ``greedy`` describe how
    the plan was made, for the records."""
    opts = options or SolveOptions()
    clock = Clock(opts.time_limit, opts.stop, opts.work_limit)
    problem = compile_year(instance, forced_pairs(opts.fixed), opts.match_weights)
    frozen = Frozen.of(problem, opts.fixed)
    units = rotation_units(problem)
    ctx = SolveContext(instance=instance, problem=problem, options=opts, frozen=frozen, units=units,
                       requirements=rows_of(problem, opts.requirements, opts.stability), clock=clock,
                       emit=Emitter(opts.progress, clock.t0))
    stages = lexicographic(problem, opts.stability, units, opts.preferred)
    if (opts.mode or instance.policy.objective.mode) == "weighted":
        weights = opts.weights if opts.weights is not None else instance.policy.objective.weights
        stages = [weighted(stages, weights)]
    arrays = plan_arrays(problem, plan)
    bound = aggregate_bound(problem, frozen.blocked) if stages[0].name == "coverage" else None
    if bound is not None and problem.n_pairs <= opts.params.start.lp_max_pairs:
        lp = lp_bound(problem, frozen, clock.share(opts.params.start.lp_share))
        bound = bound if lp is None else min(bound, lp.bound)
    build_seconds = clock.elapsed()
    records: list[StageResult] = []
    status: PlanStatus = "optimal"
    for i, objective in enumerate(stages):
        value = float(objective.value(problem, arrays, units))
        stage_bound = bound if i == 0 else None
        proven = stage_bound is not None and abs(stage_bound - value) < 0.5
        status = status if proven else "feasible"
        d = objective.display
        records.append(StageResult(
            name=objective.name, sense=objective.sense, objective=value * d,
            bound=None if stage_bound is None else (value if proven else stage_bound) * d,
            gap=None if stage_bound is None else abs(stage_bound - value) / max(1.0, abs(value)),
            seconds=solve_seconds if i == 0 else 0.0, status="optimal" if proven else "feasible",
            engine=engine, greedy=greedy if i == 0 else None, lp_bound=bound if i == 0 else None,
            stopped_by=None if proven else stopped_by))
    started = time.perf_counter()
    result = to_plan(ctx, arrays, status, records, build_seconds, solve_seconds)
    return SolveResult(status=status, plan=result, stages=records, build_seconds=build_seconds,
                       solve_seconds=solve_seconds + time.perf_counter() - started,
                       gap=records[0].gap if records else None)
