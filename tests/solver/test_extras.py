"""Requirements as data (solver/extras.py): every back-end keeps each of them, even where the best
plan without it would not, and a requirement no plan can keep makes the solve infeasible."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan
from ambassade_opt.solver import (
    ActiveBetween,
    ChangesAtMost,
    CoverageAtLeast,
    CoverageAtMost,
    EngineParams,
    ForbidPairs,
    KeepPairs,
    Requirement,
    SolveOptions,
    SolveParams,
    solve,
)
from tests.solver_helpers import mission, year

BACKENDS = {
    "highs-mip": SolveParams(),
    "cp-sat": SolveParams(engines=EngineParams(highs=False)),
    "highs-lns": SolveParams(engines=EngineParams(whole_mip_max_pairs=0)),
}
PROMISES = {("M1", "A1"): 5}


def _year() -> Instance:
    """A1 has done 5 missions (rotation sends others first) and alone speaks nl (M5, at M1's time)."""
    people = [{"id": "A1", "history": {"missions_last_year": 5}, "languages": ["fr", "nl"]},
              {"id": "A2", "languages": ["fr"]}, {"id": "A3", "languages": ["fr"]}]
    missions = [mission("M1", 1), mission("M2", 2), mission("M3", 3, priority=1),
                mission("M4", 4, needs_staff_pair=True), mission("M5", 1, language="nl", priority=4)]
    return year(people, missions, [{"id": "S1"}, {"id": "S2"}])


def _pairs(plan: Plan) -> set[tuple[str, str]]:
    return {(a.mission, p) for a in plan.assignments
            for p in [*a.ambassadors, *([a.staff] if a.staff else [])]}


def _value(inst: Instance, plan: Plan) -> int:
    return sum(inst.mission(a.mission).priority for a in plan.assignments)


CASES: dict[str, tuple[Requirement, Callable[[Instance, Plan], bool]]] = {
    "coverage at most": (CoverageAtMost(7), lambda inst, plan: _value(inst, plan) == 7),
    "active between": (ActiveBetween(("A1", "A2", "A3"), 1, 1),
                       lambda inst, plan: len({p for a in plan.assignments for p in a.ambassadors}) == 1),
    "forbid pairs": (ForbidPairs((("M2", "A2"), ("M2", "A3"), ("M4", "S1"))),
                     lambda inst, plan: not {("M2", "A2"), ("M2", "A3"), ("M4", "S1")} & _pairs(plan)
                     and {("M2", "A1"), ("M4", "S2")} <= _pairs(plan)),
    "keep pairs": (KeepPairs((("M3", "A1"), ("M4", "S1"))),
                   lambda inst, plan: {("M3", "A1"), ("M4", "S1")} <= _pairs(plan)),
    "changes at most": (ChangesAtMost(0), lambda inst, plan: ("M1", "A1") in _pairs(plan)
                        and "M5" not in plan.assignment_of()),
}


def test_without_requirements_the_best_plan_breaks_each_of_them() -> None:
    """So that each case below is a real constraint, not one the plan keeps anyway."""
    inst = _year()
    plan = solve(inst, SolveOptions(workers=1, stability=PROMISES)).plan
    assert _value(inst, plan) == 14  # everything covered, M5 by A1, M1 by someone else
    for name, (_, kept) in CASES.items():
        assert not kept(inst, plan), name


@pytest.mark.parametrize("backend", list(BACKENDS))
@pytest.mark.parametrize("case", list(CASES))
def test_each_backend_keeps_each_requirement(backend: str, case: str) -> None:
    inst = _year()
    requirement, kept = CASES[case]
    result = solve(inst, SolveOptions(workers=1, stability=PROMISES, requirements=[requirement],
                                      params=BACKENDS[backend]))
    assert result.status == "optimal"
    assert kept(inst, result.plan), _pairs(result.plan)


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_a_coverage_floor_is_kept(backend: str) -> None:
    """Coverage comes first anyway: the floor binds against a promise with a budget of changes."""
    inst = _year()
    floor = [CoverageAtLeast(10), ChangesAtMost(0)]
    result = solve(inst, SolveOptions(workers=1, stability=PROMISES, requirements=floor,
                                      params=BACKENDS[backend]))
    assert result.status == "optimal" and _value(inst, result.plan) == 10
    assert ("M1", "A1") in _pairs(result.plan)


@pytest.mark.parametrize("backend", list(BACKENDS))
@pytest.mark.parametrize("requirements", [[CoverageAtLeast(15)], [CoverageAtLeast(11), ChangesAtMost(0)]],
                         ids=["above the total", "above what the promise allows"])
def test_requirements_no_plan_keeps_make_the_solve_infeasible(backend: str,
                                                                requirements: list[Requirement]) -> None:
    result = solve(_year(), SolveOptions(workers=1, stability=PROMISES, requirements=requirements,
                                         params=BACKENDS[backend]))
    assert result.status == "infeasible"
    assert result.plan.assignments == []
    [conflict] = result.conflicts  # no pin is at fault: the requirements are named
    assert conflict.person is None and "requirements" in conflict.message
    assert all("requirements" in u.reason for u in result.plan.unassigned)
