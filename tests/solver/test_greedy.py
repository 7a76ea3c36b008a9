"""The constructive plan keeps every hard rule (it is where the stages start, and the fallback plan)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ambassade_opt.compile import compile_year
from ambassade_opt.compiled import ProblemData
from ambassade_opt.compiled.solution import PlanArrays
from ambassade_opt.model import Instance
from ambassade_opt.objectives import coverage
from ambassade_opt.plan import Assignment, Plan, Unassigned
from ambassade_opt.solver.bounds import lp_bound
from ambassade_opt.solver.frozen import Frozen, forced_pairs
from ambassade_opt.solver.greedy import greedy_plan
from ambassade_opt.synthetic import generate
from tests.conftest import run_checker


def as_plan(data: ProblemData, g: PlanArrays) -> Plan:
    """Arrays to a plan file, written here rather than by the solver's own conversion."""
    amb: dict[int, list[str]] = {}
    for p in np.nonzero(g.pair_on)[0].tolist():
        amb.setdefault(int(data.pair_mis[p]), []).append(data.ambassador_ids[int(data.pair_amb[p])])
    staff = {int(data.spair_mis[p]): data.staff_ids[int(data.spair_staff[p])]
             for p in np.nonzero(g.staff_on)[0]}
    return Plan(status="feasible",
                assignments=[Assignment(mission=data.mission_ids[m], ambassadors=amb[m], staff=staff.get(m))
                             for m in sorted(amb)],
                unassigned=[Unassigned(mission=data.mission_ids[m], reason="greedy")
                            for m in range(data.n_mis) if m not in amb])


def _greedy(data: ProblemData, prefer: str) -> PlanArrays:
    """The constructive plan in each of its orders; "lp": the LP rounding (missions and people in the
    order of the coverage LP's solution, as the solver's start does)."""
    if prefer == "lp":
        lp = lp_bound(data, Frozen())
        assert lp is not None
        return greedy_plan(data, rank=10.0 * lp.y + data.m_priority / 10.0, pair_weight=lp.x)
    return greedy_plan(data, prefer=prefer)  # type: ignore[arg-type]


@pytest.mark.parametrize("prefer", ["rotation", "cost", "lp"])
@pytest.mark.parametrize("seed", [0, 1])
def test_greedy_plans_of_s_years_pass_the_checker(tmp_path: Path, seed: int, prefer: str) -> None:
    inst = generate("S", seed=seed)
    data = compile_year(inst)
    g = _greedy(data, prefer)
    assert g.covered(data).sum() > 0
    year, plan = tmp_path / "year.json", tmp_path / "plan.json"
    inst.save(year)
    as_plan(data, g).save(plan)
    figures = run_checker(year, plan)
    assert figures["violations"] == 0, figures["violation_lines"]
    assert figures["coverage_value"] == coverage(data).value(data, g)


def test_greedy_on_tiny_is_valid(tiny: Instance, tiny_path: Path, tmp_path: Path) -> None:
    data = compile_year(tiny)
    g = greedy_plan(data)
    plan = tmp_path / "plan.json"
    as_plan(data, g).save(plan)
    assert run_checker(tiny_path, plan)["violations"] == 0


def test_greedy_keeps_frozen_and_blocked_missions(tiny: Instance) -> None:
    data = compile_year(tiny)
    free = greedy_plan(data)
    covered = np.nonzero(free.covered(data))[0].tolist()
    blocked = covered[0]
    g = greedy_plan(data, Frozen(blocked=frozenset({blocked})))
    assert not g.covered(data)[blocked]
    # a frozen mission keeps exactly its people, even ones the greedy would not have chosen
    m = next(m for m in covered[1:]  # a covered mission with an eligible person left out
             if len(data.pairs_of_mission(m)) > int(free.pair_on[data.pairs_of_mission(m)].sum()))
    kept = as_plan(data, free).assignment_of()[data.mission_ids[m]]
    other = next(a for a in data.pair_amb[data.pairs_of_mission(m)].tolist()
                 if data.ambassador_ids[a] not in kept.ambassadors)
    frozen_team = kept.model_copy(update={"ambassadors": [data.ambassador_ids[other]]})
    fixed = {frozen_team.mission: frozen_team}
    data = compile_year(tiny, forced_pairs(fixed))
    g = greedy_plan(data, Frozen.of(data, fixed))
    team = data.pair_amb[data.pairs_of_mission(m)][g.pair_on[data.pairs_of_mission(m)]]
    assert team.tolist() == [other]
