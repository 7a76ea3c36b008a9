"""Where the stages start: constructive plans and the coverage bounds.

Two greedy plans (people by rotation, and cheapest first: better when the budget binds), the best
kept; with the coverage LP (small enough years) its bound and its rounding — the missions the
relaxation covers first, the people it puts there first — plus a few seeded perturbations of that
mission order; then rotation swaps on the same missions. The aggregate bound stands in for the LP
on larger years.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ..compiled.solution import PlanArrays
from ..objectives import coverage
from .bounds import LpBound, aggregate_bound, coverage_lp
from .engines.base import SolveContext
from .extras import holds
from .greedy import greedy_plan
from .local_search import improve_rotation


@dataclass
class Start:
    plan: PlanArrays | None = None
    value: float | None = None  # its coverage value
    bound: float | None = None  # coverage bound (LP, else aggregate)
    lp: LpBound | None = None
    valid: bool = False  # keeps the callers' requirements too (constructive plans know only the rules)


def constructive_start(ctx: SolveContext, coverage_first: bool) -> Start:
    problem, params = ctx.problem, ctx.params.start
    cover = coverage(problem)
    out = Start()
    if params.greedy:
        plans = [greedy_plan(problem, ctx.frozen, prefer=prefer) for prefer in ("rotation", "cost")]
        values = [cover.value(problem, p) for p in plans]
        best = int(np.argmax(values))
        out.plan, out.value = plans[best], float(values[best])
        ctx.emit("coverage", "greedy", value=out.value)
    if params.lp_bound:  # the coverage bound: the first stage's, or a figure for the record
        out.bound = aggregate_bound(problem, ctx.frozen.blocked)
        _lp(ctx, out)
        if out.bound is not None:
            ctx.emit("coverage", "bound", bound=out.bound)
    if out.plan is not None and coverage_first:
        # one worker: the passes, not the clock, bound the swaps (the same seed, the same plan)
        limit = None if ctx.deterministic else params.swap_share * (ctx.clock.limit or 50.0)
        passes = _paid(ctx, params.swap_share, params.swap_seconds_per_pair, params.swap_passes)
        if passes:
            out.plan = improve_rotation(problem, out.plan, ctx.frozen.missions, time_limit=limit,
                                        max_passes=passes)
    out.valid = out.plan is not None and holds(problem, ctx.requirements, out.plan, ctx.units)
    return out


def _paid(ctx: SolveContext, share: float, seconds_per_pair: float, most: int) -> int:
    """How many passes over the pairs ``share`` of a one-worker run's work limit pays for (at most
    ``most``; ``most`` in other runs, which the clock bounds)."""
    work = ctx.clock.work_limit
    if not ctx.deterministic or work is None:
        return most
    return min(most, int(share * work / (seconds_per_pair * max(ctx.problem.n_pairs, 1))))


def _lp(ctx: SolveContext, out: Start) -> None:
    problem, params = ctx.problem, ctx.params.start
    if problem.n_pairs > params.lp_max_pairs:
        return
    t0 = time.perf_counter()
    iterations = None
    if ctx.deterministic and ctx.clock.work_limit is not None:  # a count decides, not the clock
        iterations = int(params.lp_iterations_per_second * params.lp_share * ctx.clock.work_limit)
    out.lp, cut = coverage_lp(problem, ctx.frozen, ctx.clock.share(params.lp_share), iterations)
    ctx.clock_cut |= cut and ctx.deterministic
    ctx.lp_seconds = time.perf_counter() - t0 if out.lp is not None else float("inf")
    if out.lp is None:
        return
    out.bound = out.lp.bound if out.bound is None else min(out.bound, out.lp.bound)
    if out.plan is None:
        return
    cover = coverage(problem)
    rank = 10.0 * out.lp.y + problem.m_priority / 10.0
    rng = np.random.default_rng(ctx.options.seed)
    rounded = greedy_plan(problem, ctx.frozen, rank=rank, pair_weight=out.lp.x)
    value = cover.value(problem, rounded)
    tries = _paid(ctx, params.rounding_share, params.rounding_seconds_per_pair, params.rounding_tries + 1) - 1
    until = None if ctx.deterministic or ctx.clock.limit is None else (
        ctx.clock.elapsed() + params.rounding_share * ctx.clock.limit)
    for _ in range(max(tries, 0)):
        if until is not None and ctx.clock.elapsed() > until:
            break
        noisy = rank + rng.normal(0.0, params.rounding_noise, problem.n_mis)
        trial = greedy_plan(problem, ctx.frozen, rank=noisy, pair_weight=out.lp.x)
        trial_value = cover.value(problem, trial)
        if trial_value > value:
            rounded, value = trial, trial_value
    ctx.emit("coverage", "greedy", value=float(value), message="LP rounding")
    if out.value is None or value > out.value:
        out.plan, out.value = rounded, float(value)
