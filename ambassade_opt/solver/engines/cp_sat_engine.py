"""CP-SAT as a stage engine: one model for the whole solve, each stage's level kept as a constraint."""

from __future__ import annotations

import os

from ..cp_sat.model import CpSatModel
from .base import SolveContext, StageOutcome, StageTask, StoppedBy


class CpSatEngine:
    """Builds the model on first use (large years: seconds), then optimises stage after stage."""

    name = "cp-sat"

    def __init__(self, ctx: SolveContext) -> None:
        self.ctx = ctx
        self._model: CpSatModel | None = None
        self._levels = 0  # levels already in the model

    @property
    def model(self) -> CpSatModel:
        if self._model is None:
            ctx = self.ctx
            self._model = CpSatModel(ctx.problem, ctx.units)
            self._model.fix_frozen(ctx.frozen)
            self._model.add_rows(ctx.requirements)
            self._model.overhead = ctx.params.cp_sat.overhead_per_element * (
                len(self._model.model.proto.variables) + len(self._model.model.proto.constraints)
            )
        return self._model

    def solve(self, task: StageTask) -> StageOutcome:
        ctx, model = self.ctx, self.model
        model.add_rows(task.levels[self._levels :])
        self._levels = len(task.levels)
        budget = None if task.wall is None else task.wall - model.overhead
        if ctx.clock.interrupted:
            return StageOutcome(self.name, stopped_by="interrupt")
        if budget is not None and budget < ctx.params.engines.min_stage_seconds:
            return StageOutcome(self.name, stopped_by="wall")
        det = None
        if ctx.deterministic and task.work is not None:
            det = ctx.params.cp_sat.deterministic_share * task.work
        objective = task.objective

        def report(value: float, bound: float) -> None:
            ctx.emit(objective.name, "solution", value * objective.display, bound * objective.display)

        answer = model.solve(
            objective,
            task.start,
            time_limit=budget,
            deterministic_time=det,
            seed=ctx.options.seed,
            workers=ctx.options.workers or min(os.cpu_count() or 1, 8),
            parameters=ctx.params.cp_sat.parameters,
            stop=ctx.clock.stop,
            on_solution=report if ctx.options.progress is not None else None,
        )
        stopped: StoppedBy | None = None
        if not answer.proven and answer.status != "infeasible" and budget is not None:
            wall_hit = answer.wall_seconds >= 0.97 * budget
            stopped = "wall" if wall_hit or not ctx.deterministic else "deterministic"
        if ctx.clock.interrupted and not answer.proven:
            stopped = "interrupt"
        return StageOutcome(
            self.name,
            answer.plan,
            answer.value,
            answer.bound,
            answer.proven,
            infeasible=answer.status == "infeasible",
            stopped_by=stopped,
        )
