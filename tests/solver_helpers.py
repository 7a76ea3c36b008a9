"""Helpers of the solver tests: small hand-written years, a start for searches, a clock check."""

from __future__ import annotations

import numpy as np
import pytest

from ambassade_opt.compiled import ProblemData
from ambassade_opt.plan import Plan
from ambassade_opt.solver.greedy import greedy_plan
from ambassade_opt.solver.highs.program import Program, program_start
from tests.rules.harness import mission, year

__all__ = ["greedy_program_start", "mission", "skip_if_the_clock_decided", "year"]


def greedy_program_start(problem: ProblemData, program: Program) -> np.ndarray:
    """The greedy plan as a solution of ``program`` (every column kind), a feasible start for searches."""
    return program_start(program, problem, greedy_plan(problem))


def skip_if_the_clock_decided(*plans: Plan) -> None:
    """One worker promises the same bytes unless a plan says the wall clock stopped one of its stages
    (the machine was too slow for the deterministic budget; the time limit came first)."""
    if any(stage.stopped_by == "wall" for plan in plans for stage in plan.solver.stages):
        pytest.skip("a stage stopped on the wall clock (recorded in the plan): no reproducibility claim")
