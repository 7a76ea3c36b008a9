"""The coverage bounds (solver/bounds.py) never fall below what a plan reaches."""

from __future__ import annotations

import numpy as np
import pytest

from ambassade_opt.compile import compile_year
from ambassade_opt.model import Instance
from ambassade_opt.solver import SolveOptions, solve
from ambassade_opt.solver.bounds import aggregate_bound, lp_bound, never_covered
from ambassade_opt.solver.frozen import Frozen
from ambassade_opt.synthetic import YearSize, generate
from tests.conftest import TINY_PATH


@pytest.fixture(scope="module", params=["tiny", 3, 8])
def year(request: pytest.FixtureRequest, tiny: Instance) -> Instance:
    if request.param == "tiny":
        return tiny
    return generate(YearSize(n_ambassadors=12, n_missions=40), seed=request.param)


@pytest.fixture(scope="module")
def tiny() -> Instance:
    return Instance.load(TINY_PATH)


def test_the_bounds_hold_above_the_proven_optimum(year: Instance) -> None:
    result = solve(year, SolveOptions(time_limit=20, workers=1, seed=0))
    coverage = result.stages[0]
    assert coverage.status == "optimal" and coverage.objective is not None
    problem = compile_year(year)
    lp = lp_bound(problem, Frozen())
    aggregate = aggregate_bound(problem)
    assert lp is not None and aggregate is not None
    assert coverage.objective <= lp.bound and coverage.objective <= aggregate
    assert lp.bound == int(lp.bound) and aggregate == int(aggregate)  # rounded down: priorities are whole
    assert len(lp.y) == problem.n_mis and len(lp.x) == problem.n_pairs
    assert np.all((lp.y >= -1e-9) & (lp.y <= 1 + 1e-9))


def test_missions_no_plan_can_cover_are_never_covered(year: Instance) -> None:
    problem = compile_year(year)
    never = never_covered(problem)
    plan = solve(year, SolveOptions(time_limit=20, workers=1, seed=0)).plan
    covered = {a.mission for a in plan.assignments}
    assert not covered & {problem.mission_ids[m] for m in np.nonzero(never)[0].tolist()}
    lp = lp_bound(problem, Frozen())
    assert lp is not None and np.all(lp.y[never] <= 1e-9)


def test_blocked_missions_lower_both_bounds(year: Instance) -> None:
    problem = compile_year(year)
    free = lp_bound(problem, Frozen())
    assert free is not None
    blocked = frozenset(np.argsort(-free.y * problem.m_priority)[:3].tolist())  # what the LP covers most
    lp = lp_bound(problem, Frozen(blocked=blocked))
    assert lp is not None and lp.bound <= free.bound and np.all(lp.y[sorted(blocked)] <= 1e-9)
    aggregate, blocked_aggregate = aggregate_bound(problem), aggregate_bound(problem, blocked)
    assert aggregate is not None and blocked_aggregate is not None and blocked_aggregate <= aggregate
