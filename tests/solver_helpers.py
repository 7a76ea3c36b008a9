"""Small hand-written years for the solver tests (validated through Instance, like real input)."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from ortools.sat.python import cp_model

from ambassade_opt.compiled import ProblemData
from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan
from ambassade_opt.solver.constraints import FAMILIES
from ambassade_opt.solver.greedy import greedy_plan
from ambassade_opt.solver.lp_bound import CoverageProgram
from ambassade_opt.solver.options import SolveOptions
from ambassade_opt.solver.variables import create

BASE_AMBASSADOR: dict[str, Any] = {
    "name": "X", "home_region": "BXL", "languages": ["fr", "nl"], "competences": ["talk", "booth"],
    "max_missions": 10, "max_hours": 100, "charter_signed": True, "trainings": ["initial"],
}
BASE_MISSION: dict[str, Any] = {
    "title": "T", "region": "BXL", "level": "local", "axis": "inform", "intervention": "talk",
    "audience": "general_public", "venue": "fair", "language": "fr", "seats_min": 1, "seats_max": 1,
    "priority": 3,
}
BASE_STAFF: dict[str, Any] = {"name": "S", "service": "communication", "region": "BXL", "languages": ["fr"],
                              "max_missions": 10}


def year(ambassadors: list[dict[str, Any]], missions: list[dict[str, Any]],
         staff: list[dict[str, Any]] | None = None, policy: dict[str, Any] | None = None) -> Instance:
    raw = {
        "format_version": 1, "name": "test", "year": 2027,
        "ambassadors": [{**copy.deepcopy(BASE_AMBASSADOR), **a} for a in ambassadors],
        "staff": [{**BASE_STAFF, **s} for s in staff or []],
        "missions": [{**copy.deepcopy(BASE_MISSION), **m} for m in missions],
        "policy": policy or {},
    }
    return Instance.model_validate(raw)


def mission(mid: str, day: int, start: str = "10:00", end: str = "12:00", **kw: Any) -> dict[str, Any]:
    return {"id": mid, "start": f"2027-03-{day:02d}T{start}", "end": f"2027-03-{day:02d}T{end}", **kw}


def family_allows(inst: Instance, family: str, assignment: dict[str, list[str]],
                  staff: dict[str, str] | None = None) -> bool:
    """Is ``assignment`` (mission → ambassadors; missions not named are uncovered) allowed by the one
    rule family ``family`` alone? Pairs that are not eligible make it not representable (False)."""
    data = ProblemData.build(inst)
    model = cp_model.CpModel()
    ctx = create(model, data, SolveOptions())
    FAMILIES[family](ctx)
    amb = {a: i for i, a in enumerate(data.ambassador_ids)}
    mis = {m: i for i, m in enumerate(data.mission_ids)}
    st = {s: i for i, s in enumerate(data.staff_ids)}
    wanted = {data.pair_index(amb[a], mis[m]) for m, people in assignment.items() for a in people}
    if -1 in wanted:
        return False
    for p, lit in enumerate(ctx.pair_x):
        model.add(lit == (1 if p in wanted else 0))
    wanted_staff = {data.staff_pair_index(st[s], mis[m]) for m, s in (staff or {}).items()}
    if -1 in wanted_staff:
        return False
    for p, lit in enumerate(ctx.staff_pair_x):
        model.add(lit == (1 if p in wanted_staff else 0))
    for m, y in enumerate(ctx.covered):
        model.add(y == (1 if data.mission_ids[m] in assignment else 0))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return bool(solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE))


def greedy_program_start(data: ProblemData, prog: CoverageProgram) -> np.ndarray:
    """The greedy plan as a solution of ``prog`` (every column kind), a feasible start for searches."""
    g = greedy_plan(data)
    v = np.zeros(prog.n_cols)
    v[prog.x0:prog.x0 + data.n_pairs] = g.pair_on
    v[prog.y0:prog.y0 + data.n_mis] = g.covered
    v[prog.z0:prog.z0 + len(data.spair_staff)] = g.staff_on
    if prog.unit0 > prog.active0:
        v[prog.active0:prog.unit0] = np.bincount(data.pair_amb[g.pair_on], minlength=data.n_amb) > 0
    return v


def skip_if_the_clock_decided(*plans: Plan) -> None:
    """One worker promises the same bytes unless a plan says the wall clock stopped one of its stages
    (the machine was too slow for the deterministic budget; the time limit came first)."""
    if any(stage.get("stopped_by") == "wall" for plan in plans for stage in plan.solver.get("stages", [])):
        pytest.skip("a stage stopped on the wall clock (recorded in the plan): no reproducibility claim")
