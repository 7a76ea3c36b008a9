"""One test body, four faces of a rule: every allow/forbid case runs on the checker of a finished
plan, the CP-SAT encoding, the HiGHS rows and the incremental test, so that they cannot disagree.

A case is a small year and a plan (mission → ambassadors, mission → staff; missions not named are
uncovered). A face *allows* the plan when, with only that rule in force:

* checker — :meth:`Rule.violations` finds nothing;
* cp_sat — the CP-SAT model of that rule alone, every variable fixed to the plan, is feasible;
* highs — the HiGHS program of that rule alone, every column fixed to the plan, is feasible;
* incremental — adding the missions one by one to a :class:`PlanState` of that rule alone, no
  person is blocked, no team is refused, and no mission the rule says must be covered (a pin) is
  left out.

A plan naming a pair that has no variable (an ineligible person) cannot be written in either
back-end: both forbid it, as rule 1 does.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from ambassade_opt.compile import compile_year
from ambassade_opt.compiled import ProblemData
from ambassade_opt.compiled.solution import PlanArrays
from ambassade_opt.model import Instance
from ambassade_opt.objectives import coverage, rotation_units
from ambassade_opt.plan import Assignment
from ambassade_opt.rules import PlanView, Rule
from ambassade_opt.rules.state import PlanState
from ambassade_opt.solver.cp_sat.model import CpSatModel
from ambassade_opt.solver.highs.program import ProgramBuilder, solve_program

FACES = ("checker", "cp_sat", "highs", "incremental")

AMBASSADOR: dict[str, Any] = {
    "name": "X",
    "home_region": "BXL",
    "languages": ["fr", "nl"],
    "competences": ["talk", "booth"],
    "max_missions": 10,
    "max_hours": 100,
    "charter_signed": True,
    "trainings": ["initial"],
}
MISSION: dict[str, Any] = {
    "title": "T",
    "region": "BXL",
    "level": "local",
    "axis": "inform",
    "intervention": "talk",
    "audience": "general_public",
    "venue": "fair",
    "language": "fr",
    "seats_min": 1,
    "seats_max": 1,
    "priority": 3,
}
STAFF: dict[str, Any] = {
    "name": "S",
    "service": "communication",
    "region": "BXL",
    "languages": ["fr"],
    "max_missions": 10,
}


def year(
    ambassadors: list[dict[str, Any]],
    missions: list[dict[str, Any]],
    staff: list[dict[str, Any]] | None = None,
    policy: dict[str, Any] | None = None,
) -> Instance:
    """A small year from partial sheets (the rest from the defaults above), validated as input is."""
    return Instance.model_validate(
        {
            "format_version": 1,
            "name": "test",
            "year": 2027,
            "ambassadors": [{**copy.deepcopy(AMBASSADOR), **a} for a in ambassadors],
            "staff": [{**STAFF, **s} for s in staff or []],
            "missions": [{**copy.deepcopy(MISSION), **m} for m in missions],
            "policy": policy or {},
        }
    )


def mission(mid: str, day: int, start: str = "10:00", end: str = "12:00", **kw: Any) -> dict[str, Any]:
    """A mission on ``day`` March 2027."""
    return {"id": mid, "start": f"2027-03-{day:02d}T{start}", "end": f"2027-03-{day:02d}T{end}", **kw}


@dataclass
class Case:
    """A year and a plan to judge."""

    instance: Instance
    people: dict[str, list[str]]
    staff: dict[str, str] = field(default_factory=dict)

    def missions(self) -> list[str]:
        return list(dict.fromkeys([*self.people, *self.staff]))

    def assignments(self) -> list[Assignment]:
        return [
            Assignment(mission=m, ambassadors=list(self.people.get(m, [])), staff=self.staff.get(m))
            for m in self.missions()
        ]


def given(instance: Instance, people: dict[str, list[str]], staff: dict[str, str] | None = None) -> Case:
    return Case(instance, people, staff or {})


def allows(rule: Rule, case: Case, face: str) -> bool:
    """Does ``face`` of ``rule`` allow the case's plan?"""
    return {"checker": _checker, "cp_sat": _cp_sat, "highs": _highs, "incremental": _incremental}[face](
        rule, case
    )


def _checker(rule: Rule, case: Case) -> bool:
    return not rule.violations(PlanView.build(case.instance, case.assignments()))


def _arrays(problem: ProblemData, case: Case) -> PlanArrays | None:
    """The plan as arrays, None when a pair has no variable."""
    pair_on = np.zeros(problem.n_pairs, dtype=np.bool_)
    staff_on = np.zeros(problem.n_staff_pairs, dtype=np.bool_)
    for mid, people in case.people.items():
        m = problem.mission_position[mid]
        idx = problem.pair_indices(
            np.array([problem.ambassador_position[a] for a in people], dtype=np.int64), m
        )
        if (idx < 0).any():
            return None
        pair_on[idx] = True
    for mid, sid in case.staff.items():
        q = problem.staff_pair_index(problem.staff_position[sid], problem.mission_position[mid])
        if q < 0:
            return None
        staff_on[q] = True
    return PlanArrays(pair_on, staff_on)


def _covered(problem: ProblemData, case: Case) -> np.ndarray:
    covered = np.zeros(problem.n_mis, dtype=np.bool_)
    covered[[problem.mission_position[m] for m in case.people if case.people[m]]] = True
    return covered


def _cp_sat(rule: Rule, case: Case) -> bool:
    problem = compile_year(case.instance)
    plan = _arrays(problem, case)
    if plan is None:
        return False
    model = CpSatModel(problem, rotation_units(problem), rules=[rule])
    for var, value in ((model.x, plan.pair_on), (model.z, plan.staff_on), (model.y, _covered(problem, case))):
        for v, on in zip(var.tolist(), value.tolist(), strict=True):
            model.model.add(cp_model.IntVar(model.model.proto, v) == int(on))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return bool(solver.solve(model.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE))


def _highs(rule: Rule, case: Case) -> bool:
    problem = compile_year(case.instance)
    plan = _arrays(problem, case)
    if plan is None:
        return False
    builder = ProgramBuilder(problem, rules=[rule])
    program = builder.build(coverage(problem))
    lower, upper = program.col_lower.copy(), program.col_upper.copy()
    lay = program.layout
    for base, value in ((lay.x0, plan.pair_on), (lay.z0, plan.staff_on), (lay.y0, _covered(problem, case))):
        cols = base + np.arange(len(value))
        if np.any(value.astype(np.float64) < lower[cols]) or np.any(value.astype(np.float64) > upper[cols]):
            return False  # a column the rule fixes otherwise
        lower[cols] = upper[cols] = value
    result = solve_program(program.with_bounds(lower, upper), integer=True, time_limit=10)
    return result.status == "Optimal"


def _incremental(rule: Rule, case: Case) -> bool:
    problem = compile_year(case.instance)
    state = PlanState(problem, [rule])
    for mid in case.missions():
        m = problem.mission_position[mid]
        team = np.array([problem.ambassador_position[a] for a in case.people.get(mid, [])], dtype=np.int64)
        staff = problem.staff_position[case.staff[mid]] if mid in case.staff else -1
        if state.mission_problems(m) or any(state.obstacles(m, int(a)) for a in team):
            return False
        if not all(block.mask.sum() == 0 for block in state.blocks(m, team)):
            return False
        if staff >= 0 and (
            state.obstacles(m, staff, staff=True)
            or any(b.mask.any() for b in state.staff_blocks(m, np.array([staff])))
        ):
            return False
        if state.team_problems(m, team, staff):
            return False
        state.add(m, team, staff)
    uncovered = [m for m in range(problem.n_mis) if not state.plan.covered[m]]
    return not any(rule.must_cover(problem, m) for m in uncovered)
