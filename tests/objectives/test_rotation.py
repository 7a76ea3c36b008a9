"""The rotation penalty (DOMAIN.md section 4, objective 2), defined once: the function, the solver's
objective over rotation units, and the scores agree."""

from __future__ import annotations

import numpy as np

from ambassade_opt.compile import compile_year
from ambassade_opt.compiled.solution import PlanArrays
from ambassade_opt.objectives import rotation, rotation_penalty, rotation_units
from ambassade_opt.scoring import kpis
from ambassade_opt.solver.engines.base import assignments_of
from ambassade_opt.solver.greedy import greedy_plan
from ambassade_opt.synthetic import generate


def test_rotation_penalty() -> None:
    assert rotation_penalty(0, 1) == 0
    assert rotation_penalty(0, 3) == 3
    assert rotation_penalty(5, 2) == 21 - 10  # each extra appearance costs more with history
    # over arrays: history first, then the loads of the year
    assert rotation_penalty(np.array([0, 5]), np.array([3, 2])) == 3 + 11


def test_the_objective_over_units_is_the_penalty_and_the_score() -> None:
    inst = generate("S", seed=3)
    problem = compile_year(inst)
    units = rotation_units(problem)
    plan = greedy_plan(problem)
    rng = np.random.default_rng(0)
    some = PlanArrays(plan.pair_on & (rng.random(problem.n_pairs) < 0.5), plan.staff_on)
    for arrays in (plan, some, PlanArrays.empty(problem)):
        loads = arrays.loads(problem)
        penalty = rotation_penalty(problem.a_history, loads)
        assert rotation(problem, units).value(problem, arrays, units) == penalty
        assert rotation(problem).value(problem, arrays) == penalty
    assert kpis(inst, assignments_of(problem, plan)).rotation_penalty == rotation_penalty(
        problem.a_history, plan.loads(problem))
