"""``solve``: from an Instance to a certified Plan, by putting the parts together.

compile (:mod:`ambassade_opt.compile`) → pre-checks (frozen references, pins: :mod:`ambassade_opt.
rules.pins`) → where to start (:mod:`.start`: constructive plans, coverage bounds) → the stage loop
(:mod:`.stages`, engines chosen per stage by :mod:`.engines.choice`) → one conversion to a Plan
(:mod:`.convert`). The time limit is wall time for all of it, the build included.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from ..compile import compile_year
from ..compiled import ProblemData
from ..compiled.solution import PlanArrays
from ..model import Instance
from ..objectives import Objective, lexicographic, rotation_units, weighted
from ..plan import Plan
from ..rules.pins import pin_problems
from ..rules.registry import label
from .clock import Clock
from .convert import infeasible_plan, to_plan
from .diagnose import diagnose
from .engines.base import Emitter, Engine, SolveContext
from .engines.cp_sat_engine import CpSatEngine
from .engines.lns import LnsEngine
from .engines.mip import HighsMipEngine
from .extras import rows_of
from .frozen import Frozen, check_references, forced_pairs
from .highs.worker import shared_worker
from .options import SolveOptions
from .result import PinConflict, SolveResult
from .stages import StageInputs, run_stages
from .start import constructive_start


def solve(instance: Instance, options: SolveOptions | None = None, **overrides: Any) -> SolveResult:
    """Plan a mission year. See :class:`SolveOptions` for the knobs and :class:`SolveResult` for the
    proof of quality (objective, bound and gap per stage)."""
    opts = options or SolveOptions()
    if overrides:
        opts = opts.with_(**overrides)
    clock = Clock(opts.time_limit, opts.stop, opts.work_limit)
    check_references(instance, opts.fixed)
    problem = compile_year(instance, forced_pairs(opts.fixed), opts.match_weights)
    frozen = Frozen.of(problem, opts.fixed)
    conflicts = _pin_conflicts(problem, opts)
    if conflicts:
        return _infeasible(instance, opts, conflicts, clock)
    ctx = _context(instance, problem, opts, frozen, clock)
    clock.reserve = opts.params.output.reserve_seconds_per_mission * problem.n_mis
    objectives = _objectives(instance, problem, opts, ctx)
    build_seconds = clock.elapsed()
    ctx.emit("build", "build", message=f"{problem.n_pairs} eligible pairs")
    solve_t0 = time.perf_counter()  # the solve: where to start (greedy, bounds), then the stages
    inputs = _stage_inputs(ctx, objectives)
    engines: dict[str, Engine] = {
        "cp-sat": CpSatEngine(ctx),
        "highs-mip": HighsMipEngine(ctx),
        "highs-lns": LnsEngine(ctx),
    }
    outcome = run_stages(ctx, objectives, engines, inputs)
    if outcome.infeasible:
        limit = 20.0 if opts.time_limit is None else min(20.0, max(2.0, 0.2 * opts.time_limit))
        return _infeasible(instance, opts, diagnose(ctx, limit), clock)
    solve_seconds = time.perf_counter() - solve_t0
    plan = to_plan(ctx, outcome.plan, outcome.status, outcome.stages, build_seconds, solve_seconds)
    return SolveResult(
        status=outcome.status,
        plan=plan,
        stages=outcome.stages,
        build_seconds=build_seconds,
        solve_seconds=solve_seconds,
        gap=outcome.stages[0].gap if outcome.stages else None,
    )


def _context(
    instance: Instance, problem: ProblemData, opts: SolveOptions, frozen: Frozen, clock: Clock
) -> SolveContext:
    """What every part of the solve shares. The shared HiGHS worker is started here when the
    engines may use it (HiGHS on, worker on, a year of at most ``lns_max_pairs`` pairs), so that
    its imports overlap the bounds and the constructive plans."""
    ctx = SolveContext(
        instance=instance,
        problem=problem,
        options=opts,
        frozen=frozen,
        units=rotation_units(problem),
        requirements=rows_of(problem, opts.requirements, opts.stability),
        clock=clock,
        emit=Emitter(opts.progress, clock.t0),
    )
    if (
        opts.params.engines.highs
        and opts.params.engines.highs_worker
        and problem.n_pairs <= opts.params.engines.lns_max_pairs
    ):
        ctx.worker = shared_worker()
        ctx.worker.params = opts.params.worker
        ctx.worker.start()  # its imports overlap the bounds and the constructive plans
    return ctx


def _stage_inputs(ctx: SolveContext, objectives: list[Objective]) -> StageInputs:
    """Where the stage loop starts: the constructive start (:mod:`.start`), trusted when it keeps
    the rules, with its bound and value when the first stage is coverage; the caller's hint
    replaces the start when there is none, it is not valid, or the hint is at least as good on the
    first objective (the hint is never trusted: it may break today's rules)."""
    problem, opts = ctx.problem, ctx.options
    start = constructive_start(ctx, objectives[0].name == "coverage")
    coverage_first = objectives[0].name == "coverage"
    inputs = StageInputs(start=start.plan, trusted=start.plan if start.valid else None,
                         bound=start.bound if coverage_first else None, coverage_bound=start.bound,
                         greedy=start.value if coverage_first else None)
    hint = None if opts.hint is None else plan_arrays(problem, opts.hint)
    if hint is not None and (
        inputs.start is None
        or not start.valid
        or objectives[0].value(problem, hint, ctx.units)
        >= objectives[0].value(problem, inputs.start, ctx.units)
    ):
        inputs.start = hint  # not trusted: it may break today's rules
    return inputs


def _objectives(
    instance: Instance, problem: ProblemData, opts: SolveOptions, ctx: SolveContext
) -> list[Objective]:
    stages = lexicographic(problem, opts.stability, ctx.units, opts.preferred)
    if (opts.mode or instance.policy.objective.mode) == "weighted":
        weights = opts.weights if opts.weights is not None else instance.policy.objective.weights
        return [weighted(stages, weights)]
    return stages


def plan_arrays(problem: ProblemData, plan: Plan) -> PlanArrays:
    """A plan given by ids as arrays; missions someone of which has no pair are left out."""
    mis, amb, staff = problem.mission_position, problem.ambassador_position, problem.staff_position
    pair_on = np.zeros(problem.n_pairs, dtype=np.bool_)
    staff_on = np.zeros(problem.n_staff_pairs, dtype=np.bool_)
    for asg in plan.assignments:
        m = mis.get(asg.mission)
        if m is None or any(a not in amb for a in asg.ambassadors):
            continue
        idx = problem.pair_indices(np.array([amb[a] for a in asg.ambassadors], dtype=np.int64), m)
        q = (
            -1
            if asg.staff is None or asg.staff not in staff
            else problem.staff_pair_index(staff[asg.staff], m)
        )
        if (idx < 0).any() or (asg.staff is not None and q < 0):
            continue  # not representable any more: the mission is left out of the hint
        pair_on[idx] = True
        if q >= 0:
            staff_on[q] = True
    return PlanArrays(pair_on, staff_on)


def _pin_conflicts(problem: ProblemData, opts: SolveOptions) -> list[PinConflict]:
    out = [
        PinConflict(mission=p.mission, person=p.person, rule=label(p.rule), message=p.message)
        for p in pin_problems(problem)
    ]
    for mission in problem.instance.missions:
        pinned = [*mission.pinned_ambassadors, *([mission.pinned_staff] if mission.pinned_staff else [])]
        if pinned and mission.id in opts.fixed and opts.fixed[mission.id] is None:
            out.append(
                PinConflict(
                    mission=mission.id,
                    person=pinned[0],
                    rule="frozen",
                    message="the mission is frozen unassigned but has pins",
                )
            )
    return out


def _infeasible(
    instance: Instance, opts: SolveOptions, conflicts: list[PinConflict], clock: Clock
) -> SolveResult:
    seconds = clock.elapsed()
    return SolveResult(
        status="infeasible",
        plan=infeasible_plan(instance, opts, conflicts),
        stages=[],
        build_seconds=seconds,
        solve_seconds=0.0,
        gap=None,
        conflicts=conflicts,
    )
