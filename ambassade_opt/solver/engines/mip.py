"""HiGHS on one whole stage: the stage's program (every rule's rows, the frozen past, callers'
requirements, earlier stages' levels) as a MIP, started from the best plan so far.

On small years HiGHS proves stages in seconds where CP-SAT does not. The MIP runs in the worker
process (its deadline keeps the time limit) with every HiGHS heuristic; in one-worker runs it stops
on a node count rather than the clock.
"""

from __future__ import annotations

import math

from ...compiled import FloatArray
from ...compiled.solution import PlanArrays
from ..highs.program import Program, ProgramBuilder, plan_of, program_start, solve_program
from ..highs.worker import ProgramHandle, ProgramResult, WorkerUnavailable
from .base import SolveContext, StageOutcome, StageTask, StoppedBy


def stage_program(ctx: SolveContext, task: StageTask) -> Program:
    """The stage as a program: rules, frozen past, requirements (built once per solve, with or
    without rotation units), then this stage's levels and objective."""
    needs_units = "unit" in task.objective.terms.blocks() or any(
        "unit" in r.terms.blocks() for r in [*ctx.requirements, *task.levels])
    builder = ctx.builders.get(needs_units)
    if builder is None:
        builder = ProgramBuilder(ctx.problem, ctx.units if needs_units else None)
        builder.fix_frozen(ctx.frozen)
        builder.add_rows(ctx.requirements)
        ctx.builders[needs_units] = builder
    return builder.build(task.objective, task.levels)


def stage_bound(program: Program, res: ProgramResult, sense: str) -> float | None:
    """HiGHS's dual bound in the stage's units, rounded towards the value (integer objectives)."""
    if res.bound is None or not math.isfinite(res.bound):
        return None
    raw = program.stage_value(res.bound)
    eps = min(0.5, 1e-6 * max(1.0, abs(raw)))  # float noise of an integer bound, never more
    return float(math.floor(raw + eps)) if sense == "max" else float(math.ceil(raw - eps))


def checked(ctx: SolveContext, task: StageTask, program: Program, solution: FloatArray) -> PlanArrays | None:
    """A HiGHS solution as a plan, if it passes the acceptance test and does not fall behind the
    start on this stage."""
    plan = plan_of(program, ctx.problem, solution)
    if not ctx.accept(plan, task.levels):
        return None
    if task.start is not None:
        value = task.objective.value(ctx.problem, plan, ctx.units)
        if task.objective.improves(task.objective.value(ctx.problem, task.start, ctx.units), value):
            return None
    return plan


class HighsMipEngine:
    name = "highs-mip"

    def __init__(self, ctx: SolveContext) -> None:
        self.ctx = ctx

    def solve(self, task: StageTask) -> StageOutcome:
        ctx, objective = self.ctx, task.objective
        engines = ctx.params.engines
        program = stage_program(ctx, task)
        start = None if task.start is None else program_start(program, ctx.problem, task.start)
        budget = None if task.wall is None else engines.mip_share * task.wall
        node_limit = None
        if ctx.deterministic and task.work is not None:
            det = ctx.params.cp_sat.deterministic_share * task.work
            node_limit = max(50, int(engines.mip_nodes_per_second * det))
            budget = None if task.wall is None else 0.9 * task.wall  # the node count should decide
        threads = 1 if ctx.deterministic else None
        res = self._run(program, budget, threads, start, node_limit)
        if res is None:  # abandoned at its deadline, or interrupted
            return StageOutcome(self.name, stopped_by="interrupt" if ctx.clock.interrupted else "wall")
        stopped: StoppedBy | None = "wall" if res.status == "Time limit reached" else None
        bound = stage_bound(program, res, objective.sense)
        if res.solution is None:
            return StageOutcome(self.name, bound=bound, stopped_by=stopped)
        plan = checked(ctx, task, program, res.solution)
        if plan is None:
            return StageOutcome(self.name, bound=bound, stopped_by=stopped)
        value = float(objective.value(ctx.problem, plan, ctx.units))
        proven = res.status == "Optimal" and bound is not None and objective.keeps(value, bound)
        return StageOutcome(
            self.name,
            plan,
            value,
            bound,
            proven,
            stopped_by=stopped,
            checked=True,
        )

    def _run(
        self,
        program: Program,
        budget: float | None,
        threads: int | None,
        start: FloatArray | None,
        node_limit: int | None,
    ) -> ProgramResult | None:
        ctx = self.ctx
        try:
            if not ctx.params.engines.highs_worker:
                raise WorkerUnavailable("switched off")
            worker = ctx.worker
            if worker is None:
                raise WorkerUnavailable("no worker")
            limit = math.inf if budget is None else budget
            return worker.solve(
                ProgramHandle(program),
                program.col_lower,
                program.col_upper,
                time_limit=limit,
                deadline=worker.deadline(limit),
                threads=threads,
                seed=ctx.options.seed,
                start=start,
                node_limit=node_limit,
                stop=ctx.clock.stop,
            )
        except WorkerUnavailable:
            # in this process, with every heuristic (small years only)
            return solve_program(
                program,
                integer=True,
                time_limit=budget,
                threads=threads,
                seed=ctx.options.seed,
                start=start,
                node_limit=node_limit,
            )
