"""The lexicographic stage loop: each objective in turn, its level kept while the next improve.

For each stage the engines of :func:`.engines.choice.engines_for` run one after the other on the
stage's budget; the best plan found stands (a plan from HiGHS only after the acceptance test), and
the stage's bound is the tightest any engine (or, for coverage, the LP) proved. A stage is
*optimal* only when its value meets its bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..compiled.solution import PlanArrays
from ..objectives import Objective
from ..plan import PlanStatus
from .engines.base import Engine, SolveContext, StageOutcome, StageTask
from .engines.choice import engines_for
from .extras import LinearRow, level_row
from .result import StageResult


@dataclass
class StagesOutcome:
    stages: list[StageResult] = field(default_factory=list)
    plan: PlanArrays | None = None
    status: PlanStatus = "optimal"
    infeasible: bool = False  # proven: no plan keeps the pins, the frozen past and the requirements


@dataclass
class StageInputs:
    """Where the first stage starts from and what is already known of it."""

    start: PlanArrays | None
    trusted: PlanArrays | None
    bound: float | None = None  # of the first stage (coverage: the LP)
    coverage_bound: float | None = None  # the coverage LP's, whatever the first stage (for the record)
    greedy: float | None = None  # value of the constructive plan


def _gap(value: float | None, bound: float | None) -> float | None:
    if value is None or bound is None:
        return None
    return abs(bound - value) / max(1.0, abs(value))


def _tighter(objective: Objective, a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return a if b is None else b
    return min(a, b) if objective.sense == "max" else max(a, b)


def run_stages(
    ctx: SolveContext, objectives: list[Objective], engines: dict[str, Engine], inputs: StageInputs
) -> StagesOutcome:
    """Each objective in turn on its share of the budget, from the previous stage's plan, every
    earlier stage's value kept as a level row. The first stage proven infeasible with no plan ends
    the solve (``infeasible``); a stage with no plan and none to keep ends the loop (``unknown``);
    a stage whose value does not meet its bound makes the solve ``feasible``. A hint that was never
    verified is not returned: a first stage without a plan falls back on the trusted start."""
    out = StagesOutcome()
    current, trusted = inputs.start, inputs.trusted
    names = [o.name for o in objectives]
    levels: list[LinearRow] = []
    for i, objective in enumerate(objectives):
        t0 = time.perf_counter()
        wall, work = ctx.clock.stage_budget(names, i, ctx.params.shares, 1.0)
        ctx.emit(objective.name, "start")
        task = StageTask(i, objective, list(levels), current, trusted, wall, work)
        found = _solve_stage(ctx, task, engines)
        if found.infeasible and i == 0 and found.plan is None:
            out.infeasible = True
            return out
        plan = found.plan
        if plan is None and i == 0:
            current = trusted  # an unverified hint is never returned as a plan
        if plan is None and current is None:
            out.status = "unknown"
            out.stages.append(_unknown_stage(objective, t0))
            break
        current = plan if plan is not None else current
        trusted = plan if plan is not None else trusted
        assert current is not None
        value = float(objective.value(ctx.problem, current, ctx.units))
        bound = found.bound if i > 0 else _tighter(objective, found.bound, inputs.bound)
        proven = found.proven or (bound is not None and abs(bound - value) < 0.5)
        if proven:
            bound = value
        if not proven:
            out.status = "feasible"
        levels.append(level_row(objective, value))
        if ctx.clock_cut and found.stopped_by != "interrupt":
            found.stopped_by = "wall"  # an earlier step was cut by the clock: not reproducible
        out.stages.append(_stage_result(objective, i, value, bound, proven, found, inputs, t0))
        d = objective.display
        ctx.emit(objective.name, "done", value * d, None if bound is None else bound * d)
    out.plan = current
    return out


def _unknown_stage(objective: Objective, t0: float) -> StageResult:
    """The record of a stage (started at ``t0``) that found no plan and had none to keep."""
    return StageResult(
        name=objective.name,
        sense=objective.sense,
        objective=None,
        bound=None,
        gap=None,
        seconds=time.perf_counter() - t0,
        status="unknown",
    )


def _stage_result(
    objective: Objective,
    i: int,
    value: float,
    bound: float | None,
    proven: bool,
    found: StageOutcome,
    inputs: StageInputs,
    t0: float,
) -> StageResult:
    """The record of stage ``i`` (started at ``t0``): its value and bound in display units, optimal
    when ``proven`` (then what stopped the engines is not told), the constructive plan's value and
    the coverage LP's bound on the first stage."""
    d = objective.display
    return StageResult(
        name=objective.name,
        sense=objective.sense,
        objective=value * d,
        bound=None if bound is None else bound * d,
        gap=_gap(value, bound),
        seconds=time.perf_counter() - t0,
        status="optimal" if proven else "feasible",
        greedy=inputs.greedy if i == 0 else None,
        lp_bound=inputs.coverage_bound if i == 0 else None,
        stopped_by=None if proven else found.stopped_by,
        engine=found.engine,
    )


def _solve_stage(ctx: SolveContext, task: StageTask, engines: dict[str, Engine]) -> StageOutcome:
    """The stage's engines in turn; the best plan and the tightest bound."""
    objective, t0 = task.objective, time.perf_counter()
    best = StageOutcome("")
    used: list[str] = []
    previous = ""
    searched = False  # the neighbourhood search ran (it does not without a start keeping every row)
    for name in engines_for(ctx, task):
        if ctx.clock.interrupted:
            best.stopped_by = "interrupt"
            break
        if previous:
            if task.wall is not None:
                task.wall = max(task.wall - (time.perf_counter() - t0), 0.05)
            if previous == "highs-lns" and searched:
                if task.work is not None:
                    task.work *= 1.0 - ctx.params.lns.share
                det = None if task.work is None else ctx.params.cp_sat.deterministic_share * task.work
                left = [b for b in (task.wall, det) if b is not None]
                if left and min(left) < ctx.params.engines.min_stage_seconds:
                    break  # the search took the stage
        found = engines[name].solve(task)
        searched = name == "highs-lns" and (found.plan is not None or found.stopped_by is not None)
        used.append(name)
        previous = name
        best.bound = _tighter(objective, best.bound, found.bound)
        best.stopped_by = found.stopped_by
        best.infeasible = found.infeasible
        if found.plan is not None and (
            best.plan is None
            or best.value is None
            or found.value is None
            or not objective.improves(best.value, found.value)
        ):
            best.plan, best.value, best.checked = found.plan, found.value, found.checked
            task.start = found.plan
        if found.proven:
            best.proven = True
            break
    best.engine = "+".join(used) or "none"
    return best
