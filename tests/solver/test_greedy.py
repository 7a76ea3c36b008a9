"""The constructive plan keeps every hard rule (it seeds CP-SAT and is the fallback plan)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ambassade_opt.compiled import ProblemData
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Plan, Unassigned
from ambassade_opt.solver.greedy import GreedyPlan, greedy_plan
from ambassade_opt.synthetic import generate
from tests.conftest import run_checker


def _as_plan(data: ProblemData, g: GreedyPlan) -> Plan:
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


@pytest.mark.parametrize("prefer", ["rotation", "cost", "active"])
@pytest.mark.parametrize("seed", [0, 1])
def test_greedy_plans_of_s_years_pass_the_checker(tmp_path: Path, seed: int, prefer: str) -> None:
    inst = generate("S", seed=seed)
    data = ProblemData.build(inst)
    g = greedy_plan(data, prefer=prefer)
    assert g.covered.sum() > 0
    year, plan = tmp_path / "year.json", tmp_path / "plan.json"
    inst.save(year)
    _as_plan(data, g).save(plan)
    figures = run_checker(year, plan)
    assert figures["violations"] == 0, figures["violation_lines"]
    assert figures["coverage_value"] == g.coverage_value(data)


def test_greedy_on_tiny_is_valid(tiny: Instance, tiny_path: Path, tmp_path: Path) -> None:
    data = ProblemData.build(tiny)
    g = greedy_plan(data)
    plan = tmp_path / "plan.json"
    _as_plan(data, g).save(plan)
    assert run_checker(tiny_path, plan)["violations"] == 0


def test_greedy_keeps_frozen_and_blocked_missions(tiny: Instance) -> None:
    data = ProblemData.build(tiny)
    free = greedy_plan(data)
    covered = np.nonzero(free.covered)[0].tolist()
    blocked = covered[0]
    g = greedy_plan(data, blocked={blocked})
    assert not g.covered[blocked]


def test_rotation_swaps_keep_coverage_and_rules(tmp_path: Path) -> None:
    from ambassade_opt.solver.local_search import improve_rotation
    from ambassade_opt.solver.objective import rotation_penalty

    inst = generate("S", seed=4)
    data = ProblemData.build(inst)
    start = greedy_plan(data, prefer="cost")
    better = improve_rotation(data, start, time_limit=5)
    assert np.array_equal(better.covered, start.covered)

    def penalty(g: GreedyPlan) -> int:
        return rotation_penalty(np.bincount(data.pair_amb[g.pair_on], minlength=data.n_amb), data.a_history)

    assert penalty(better) <= penalty(start)
    year, plan = tmp_path / "year.json", tmp_path / "plan.json"
    inst.save(year)
    _as_plan(data, better).save(plan)
    assert run_checker(year, plan)["violations"] == 0
