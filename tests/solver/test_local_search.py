"""Rotation swaps: the same missions covered, every rule kept, a rotation penalty never higher."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ambassade_opt.compile import compile_year
from ambassade_opt.compiled.solution import PlanArrays
from ambassade_opt.objectives import rotation_penalty
from ambassade_opt.solver.greedy import greedy_plan
from ambassade_opt.solver.local_search import improve_rotation
from ambassade_opt.synthetic import generate
from tests.conftest import run_checker
from tests.solver.test_greedy import as_plan


def test_rotation_swaps_keep_coverage_and_rules(tmp_path: Path) -> None:
    inst = generate("S", seed=4)
    data = compile_year(inst)
    start = greedy_plan(data, prefer="cost")
    better = improve_rotation(data, start, time_limit=5)
    assert np.array_equal(better.covered(data), start.covered(data))

    def penalty(g: PlanArrays) -> int:
        return rotation_penalty(data.a_history, g.loads(data))

    assert penalty(better) <= penalty(start)
    year, plan = tmp_path / "year.json", tmp_path / "plan.json"
    inst.save(year)
    as_plan(data, better).save(plan)
    assert run_checker(year, plan)["violations"] == 0


def test_locked_missions_keep_their_people() -> None:
    data = compile_year(generate("S", seed=4))
    start = greedy_plan(data, prefer="cost")
    covered = np.nonzero(start.covered(data))[0]
    locked = set(covered[::2].tolist())
    better = improve_rotation(data, start, locked=locked, time_limit=5)
    for m in sorted(locked):
        pairs = data.pairs_of_mission(m)
        assert np.array_equal(better.pair_on[pairs], start.pair_on[pairs])
    assert not better.same_as(start), "the unlocked missions of this year have fairer people"
    assert improve_rotation(data, start, locked=set(covered.tolist()), time_limit=5).same_as(start)
