"""A re-plan in passes: coverage and promises first, then the usual stages.

Pass 1 maximises ``K · coverage − stability`` with K = Σ stability costs + 1: exactly the
lexicographic order of the first two levels (one point of coverage outweighs every change), but in
one objective, so that among plans of equal coverage the search keeps the published one instead of
wandering off and having to find its way back. With a coverage tolerance t, a *promises* pass then
looks for the fewest changes that keep ⌈(1 − t) · C⌉ of pass 1's coverage C: from the published
start it climbs as pass 1 does, but no higher than that floor; if it stops short of the floor, the
two plans are *crossed* (every mission on which they agree is kept as the frozen past is, the rest
re-planned from pass 1's plan for the fewest changes above the floor). The last pass solves the
usual stages with the levels reached so far as hard floors and the best plan so far as its start.
The time limit covers every pass (:class:`~.params.ReplanParams`).
"""

from __future__ import annotations

import math
import time

from ..model import Instance
from ..plan import Assignment, Plan, PlanStatus
from ..records import PassRecord
from ..solver import ChangesAtMost, CoverageAtLeast, CoverageAtMost, SolveOptions, SolveResult, solve
from ..solver.params import updated
from .params import DEFAULT_PARAMS, ReplanParams

_NO_WEIGHTS = {"coverage": 0.0, "stability": 0.0, "rotation": 0.0, "match": 0.0, "cost": 0.0}


def levels(instance: Instance, options: SolveOptions, plan: Plan) -> tuple[int, int]:
    """(coverage value, stability cost) of ``plan``."""
    covered = plan.assignment_of()
    coverage = sum(m.priority for m in instance.missions if m.id in covered)
    kept = {(a.mission, p) for a in plan.assignments for p in [*a.ambassadors, a.staff] if p}
    return coverage, sum(c for key, c in options.stability.items() if key not in kept)


def _record(name: str, result: SolveResult, coverage: int, changes: int, **more: int) -> PassRecord:
    s = result.plan.solver
    return PassRecord(
        name=name,
        status=result.status,
        coverage_value=coverage,
        stability_cost=changes,
        objective=s.objective,
        bound=s.bound,
        gap=s.gap,
        **more,
    )


def _no_start(options: SolveOptions, greedy: bool) -> SolveOptions:
    """The options without the LP bound (and without the constructive plans unless ``greedy``)."""
    start = options.params.start
    return options.with_(
        params=options.params.with_(start=updated(start, greedy=greedy and start.greedy, lp_bound=False))
    )


class _Clock:
    def __init__(self, options: SolveOptions) -> None:
        self.t0, self.limit, self.deterministic = (
            time.perf_counter(),
            options.time_limit,
            options.deterministic,
        )
        self.used = 0.0  # share of the time limit given to the passes so far

    def budget(self, share: float) -> float | None:
        """Seconds for a pass with ``share`` of the limit, ending at the shares used so far plus it."""
        self.used += share
        if self.limit is None:
            return None
        if self.deterministic:  # a fixed split: the plan must not depend on the wall clock
            return share * self.limit
        # a pass that started late still gets a little time, never more than its share
        return max(self.used * self.limit - (time.perf_counter() - self.t0), min(share, 0.1) * self.limit)


def solve_in_passes(
    instance: Instance, options: SolveOptions, tolerance: float, params: ReplanParams = DEFAULT_PARAMS
) -> SolveResult:
    """See the module docstring."""
    clock = _Clock(options)
    first_share, promises_share = params.tolerant_shares if tolerance else (params.first_share, 0.0)
    k = sum(options.stability.values()) + 1
    first = solve(
        instance,
        options.with_(
            mode="weighted",
            weights={**_NO_WEIGHTS, "coverage": float(k), "stability": 1.0},
            time_limit=clock.budget(first_share),
        ),
    )
    if first.status in ("infeasible", "unknown"):
        return first
    coverage, changes = levels(instance, options, first.plan)
    passes = [_record("coverage+stability", first, coverage, changes, k=k)]
    best, best_name = first, "coverage+stability"
    if tolerance:
        best, best_name, coverage, changes = _tolerant(
            instance,
            options,
            clock,
            params,
            passes,
            first,
            math.ceil((1.0 - tolerance) * coverage - 1e-9),
            k,
            promises_share,
        ) or (best, best_name, coverage, changes)
    shares = options.params.shares
    if shares == SolveOptions().params.shares:
        shares = params.last_shares
    last = solve(
        instance,
        options.with_(
            time_limit=clock.budget(1.0 - clock.used),
            hint=best.plan,
            params=options.params.with_(shares=shares),
            requirements=[*options.requirements, CoverageAtLeast(coverage), ChangesAtMost(changes)],
        ),
    )
    return _assemble(options, passes, first, best, best_name, last, clock)


def _tolerant(
    instance: Instance,
    options: SolveOptions,
    clock: _Clock,
    params: ReplanParams,
    passes: list[PassRecord],
    first: SolveResult,
    floor: int,
    k: int,
    share: float,
) -> tuple[SolveResult, str, int, int] | None:
    """The promises pass (and a crossover when it stops short of its floor); the best of them if it
    keeps the floor with fewer changes than pass 1."""
    _, changes = levels(instance, options, first.plan)
    result = solve(instance, promises_options(instance, options, first.plan, floor, k, clock.budget(share)))
    for name in ("promises", "crossover"):
        if result.status in ("infeasible", "unknown"):
            return None
        p_coverage, p_changes = levels(instance, options, result.plan)
        passes.append(_record(name, result, p_coverage, p_changes, coverage_floor=floor))
        if p_coverage >= floor:
            return (result, name, p_coverage, p_changes) if p_changes <= changes else None
        if name == "promises":  # short of the floor
            result = solve(
                instance,
                crossover_options(
                    instance, options, first.plan, result.plan, floor, clock.budget(params.crossover_share)
                ),
            )
    return None


def _assemble(
    options: SolveOptions,
    passes: list[PassRecord],
    first: SolveResult,
    best: SolveResult,
    best_name: str,
    last: SolveResult,
    clock: _Clock,
) -> SolveResult:
    # Without a plan from the last pass (its share of a very short limit spent), the plan so far
    # stands: it keeps the levels reached, but rotation, match and cost were not optimised.
    finished = last.status not in ("infeasible", "unknown")
    final = last if finished else best
    proven = finished and all(p.status == "optimal" for p in passes) and last.status == "optimal"
    status: PlanStatus = "optimal" if proven else "feasible"
    limit = options.time_limit
    engine = final.plan.solver.engine
    solver = final.plan.solver.model_copy(
        update={
            "passes": [*passes, PassRecord(name="lexicographic", status=last.status)],
            "engine": None if engine is None else engine.model_copy(update={"time_limit": limit}),
        }
    )
    plan = final.plan.model_copy(
        update={
            "status": status,
            "solver": solver,
            "run": final.plan.run.model_copy(update={"time_limit": limit}),
        }
    )
    stages = [first.stages[0].model_copy(update={"name": "coverage+stability"})]
    if best is not first:
        stages.append(best.stages[0].model_copy(update={"name": best_name}))
    return SolveResult(
        status=status,
        plan=plan,
        stages=[*stages, *(last.stages if finished else [])],
        build_seconds=first.build_seconds + last.build_seconds,
        solve_seconds=time.perf_counter() - clock.t0,
        gap=final.gap,
        conflicts=last.conflicts,
    )


def promises_options(
    instance: Instance, options: SolveOptions, best: Plan, floor: int, k: int, time_limit: float | None
) -> SolveOptions:
    """The promises pass: the fewest changes that keep ``floor`` of coverage value.

    From the published start (every promise still possible kept) it climbs as pass 1 does, but no
    higher than the floor: the cheapest changes that reach it, which a search walking back from
    pass 1's plan finds less easily. Without a published start, from pass 1's plan: the fewest
    changes with coverage ≥ floor, coverage breaking ties."""
    start = options.hint
    if start is None:
        return fewest_changes_options(instance, options, best, floor, time_limit)
    start_coverage, _ = levels(instance, options, start)
    cap = max(floor, start_coverage)  # above the floor, coverage would only cost promises
    return _no_start(options, greedy=False).with_(
        mode="weighted",
        hint=start,
        time_limit=time_limit,
        weights={**_NO_WEIGHTS, "coverage": float(k), "stability": 1.0},
        requirements=[*options.requirements, CoverageAtMost(cap)],
    )


def fewest_changes_options(
    instance: Instance, options: SolveOptions, start: Plan, floor: int, time_limit: float | None
) -> SolveOptions:
    """From ``start`` (coverage ≥ ``floor``): the fewest changes with coverage ≥ ``floor``,
    coverage breaking ties."""
    k_changes = sum(m.priority for m in instance.missions) + 1
    return _no_start(options, greedy=True).with_(
        mode="weighted",
        hint=start,
        time_limit=time_limit,
        weights={**_NO_WEIGHTS, "coverage": 1.0, "stability": float(k_changes)},
        requirements=[*options.requirements, CoverageAtLeast(floor)],
    )


def crossover_options(
    instance: Instance, options: SolveOptions, above: Plan, short: Plan, floor: int, time_limit: float | None
) -> SolveOptions:
    """The fewest changes with coverage ≥ ``floor`` between ``above`` (pass 1's plan, over the
    floor) and ``short`` (a climb that stopped below it, with far fewer changes): every mission on
    which the two agree keeps that assignment; the others are re-planned from ``above``."""
    ours, theirs = above.assignment_of(), short.assignment_of()
    fixed = dict(options.fixed)
    for m in instance.missions:
        if m.id not in fixed and _same_people(ours.get(m.id), theirs.get(m.id)):
            fixed[m.id] = ours.get(m.id)
    return fewest_changes_options(instance, options.with_(fixed=fixed), above, floor, time_limit)


def _same_people(a: Assignment | None, b: Assignment | None) -> bool:
    if a is None or b is None:
        return a is b
    return sorted(a.ambassadors) == sorted(b.ambassadors) and a.staff == b.staff
