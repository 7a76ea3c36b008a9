"""The large-neighbourhood search (HiGHS sub-MIPs) and the engine path that uses it on larger years."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ambassade_opt.compile import compile_year
from ambassade_opt.compiled import ProblemData
from ambassade_opt.model import Instance
from ambassade_opt.objectives import coverage
from ambassade_opt.scoring import validate
from ambassade_opt.solver import EngineParams, SolveOptions, SolveParams, WorkerParams, solve
from ambassade_opt.solver.bounds import lp_bound
from ambassade_opt.solver.engines import lns
from ambassade_opt.solver.engines.lns import LnsLimits, improve_by_lns
from ambassade_opt.solver.frozen import Frozen
from ambassade_opt.solver.highs import worker as highs_worker
from ambassade_opt.solver.highs.program import Program, ProgramBuilder, is_feasible
from ambassade_opt.synthetic import YearSize, generate
from tests.conftest import run_checker
from tests.solver_helpers import greedy_program_start, skip_if_the_clock_decided

# The engine searches neighbourhoods above whole_mip_max_pairs pairs: small years go there too.
LNS = SolveParams(engines=EngineParams(whole_mip_max_pairs=0))


def coverage_program(data: ProblemData) -> Program:
    return ProgramBuilder(data).build(coverage(data))


def coverage_lp_bound(data: ProblemData) -> float | None:
    found = lp_bound(data, Frozen())
    return None if found is None else found.bound


@pytest.fixture(scope="module")
def year() -> Instance:
    # budget and group cap both bind here, as in the generated M years
    return generate(YearSize(n_ambassadors=40, n_missions=160), seed=5)


def test_is_feasible_accepts_a_greedy_plan_and_rejects_one_over_the_budget(year: Instance) -> None:
    data = compile_year(year)
    prog = coverage_program(data)
    start = greedy_program_start(data, prog)
    assert is_feasible(prog, start)
    # every eligible pair on: seats, overlaps and the budget break
    everything = start.copy()
    everything[prog.layout.x0:prog.layout.x0 + data.n_pairs] = 1.0
    assert not is_feasible(prog, everything)


def test_search_improves_the_greedy_plan_and_keeps_every_rule(year: Instance) -> None:
    data = compile_year(year)
    prog = coverage_program(data)
    start = greedy_program_start(data, prog)
    seen: list[float] = []
    out = improve_by_lns(prog, data, start, seed=1, limits=LnsLimits(iterations=12), on_improve=seen.append)
    bound = coverage_lp_bound(data)
    assert bound is not None
    assert out.start_value <= out.value <= bound
    assert out.value > out.start_value, "the greedy plan of this year is not optimal: the search must gain"
    assert seen == sorted(seen) and seen[-1] == out.value
    assert is_feasible(prog, out.solution)
    assert out.iterations <= 12


def test_search_is_reproducible_with_a_seed(year: Instance) -> None:
    data = compile_year(year)
    prog = coverage_program(data)
    start = greedy_program_start(data, prog)
    runs = [improve_by_lns(prog, data, start, seed=7, limits=LnsLimits(iterations=8, deterministic=True))
            for _ in range(2)]
    assert np.array_equal(runs[0].solution, runs[1].solution)


def test_a_neighbourhood_holding_everyone_proves_the_optimum(tiny: Instance) -> None:
    data = compile_year(tiny)
    prog = coverage_program(data)
    start = greedy_program_start(data, prog)
    out = improve_by_lns(prog, data, start, seed=0, limits=LnsLimits(iterations=50))
    assert out.proven
    bound = coverage_lp_bound(data)
    assert bound is not None and out.value <= bound


def test_search_needs_a_stopping_rule(tiny: Instance) -> None:
    data = compile_year(tiny)
    prog = coverage_program(data)
    with pytest.raises(ValueError, match="time limit, an iteration count or a work limit"):
        improve_by_lns(prog, data, greedy_program_start(data, prog), seed=0, limits=LnsLimits())


def _stage_engines(plan_json: dict[str, Any]) -> list[str]:
    return [st["engine"] for st in plan_json["solver"]["stages"]]


def test_engine_plans_by_neighbourhoods_pass_the_checker(year: Instance, tmp_path: Path) -> None:
    result = solve(year, SolveOptions(time_limit=8, workers=2, seed=0, params=LNS))
    assert all(e.startswith("highs-lns") for e in _stage_engines(json.loads(result.plan.to_json())))
    assert validate(year, result.plan) == []
    year_path, plan_path = tmp_path / "year.json", tmp_path / "plan.json"
    year.save(year_path)
    result.plan.save(plan_path)
    checked = run_checker(year_path, plan_path)
    assert checked["violations"] == 0, checked["violation_lines"]
    coverage = result.stages[0]
    assert coverage.bound is not None and coverage.objective is not None
    assert coverage.objective <= coverage.bound


def test_engine_by_neighbourhoods_one_worker_is_byte_identical(year: Instance) -> None:
    # The work count ends each stage here after one sub-MIP of 2–3 s: a 20 s limit leaves the clock
    # a margin of 4 or more (with 6 s it cut two stages' sub-MIPs, and the plan said so).
    plans = [solve(year, SolveOptions(time_limit=20, workers=1, seed=4, params=LNS)).plan for _ in range(2)]
    skip_if_the_clock_decided(*plans)
    assert plans[0].to_json() == plans[1].to_json()


def test_a_sub_mip_cut_by_the_clock_is_reported_in_a_reproducible_run(
        year: Instance, monkeypatch: pytest.MonkeyPatch) -> None:
    """One worker: a sub-MIP stopped by the rest of the search's time means the clock, not the work
    count, decided the stage — the plan must not claim a reproducible stop."""
    real = lns.solve_program

    def timed_out(*args: Any, **kwargs: Any) -> Any:
        res = real(*args, **kwargs)
        return dataclasses.replace(res, status="Time limit reached")

    monkeypatch.setattr(lns, "solve_program", timed_out)
    # no worker: sub-MIPs in this process, through solve_program
    in_process = LNS.with_(engines=EngineParams(whole_mip_max_pairs=0, highs_worker=False))
    plan = solve(year, SolveOptions(time_limit=20, workers=1, seed=4, params=in_process)).plan
    stages = json.loads(plan.to_json())["solver"]["stages"]
    assert [(st["engine"], st["stopped_by"]) for st in stages] == [("highs-lns", "wall")] * 4


def test_engine_by_neighbourhoods_proves_a_tiny_year(tiny: Instance) -> None:
    result = solve(tiny, SolveOptions(time_limit=20, workers=2, seed=0, params=LNS))
    assert result.status == "optimal"
    assert all(st.status == "optimal" and st.engine == "highs-lns" for st in result.stages)


@pytest.mark.parametrize("workers", [1, 2])
def test_engine_by_neighbourhoods_keeps_the_time_limit(year: Instance, workers: int) -> None:
    limit = 3.0
    t0 = time.perf_counter()
    result = solve(year, SolveOptions(time_limit=limit, workers=workers, seed=2, params=LNS))
    wall = time.perf_counter() - t0
    # the hygiene promise: limit + 10 % + model build, plus the plan's bookkeeping
    assert wall <= 1.1 * limit + result.build_seconds + 0.5, f"{wall:.2f} s for a {limit} s limit"
    assert validate(year, result.plan) == []


@pytest.mark.parametrize("mode", ["lexicographic", "weighted"])
def test_search_progress_reports_each_stage_in_its_own_units(year: Instance, mode: str) -> None:
    events: list[Any] = []
    result = solve(year, SolveOptions(time_limit=6, workers=2, seed=1, mode=mode, progress=events.append,
                                      params=LNS))
    for stage in result.stages:
        found = [e.value for e in events if e.stage == stage.name and e.kind == "solution"
                 and e.message == "large-neighbourhood search"]
        if stage.engine == "highs-lns" and found:
            assert stage.objective is not None
            # the plan of record may read a little better than the search's last report (rotation
            # units re-derived from the loads), never worse, and never in other units
            better_or_equal = found[-1] <= stage.objective if stage.sense == "max" \
                else found[-1] >= stage.objective
            assert better_or_equal, stage.name
            assert found[-1] == pytest.approx(stage.objective, rel=1e-3), stage.name


@pytest.fixture()
def own_worker(monkeypatch: pytest.MonkeyPatch) -> Iterator[highs_worker.HighsWorker]:
    """A worker of the test's own, standing in for the process's shared one (closed afterwards): the
    test makes it give up, which the shared worker of the rest of the session must not."""
    worker = highs_worker.HighsWorker()
    monkeypatch.setitem(highs_worker._workers, threading.get_ident(), worker)
    yield worker
    worker.close()


def test_sub_mips_past_their_deadline_are_abandoned_and_the_search_goes_on(
        year: Instance, own_worker: highs_worker.HighsWorker) -> None:
    # every call is late: abandoned (the child killed and restarted), the search goes on from its plan
    late = LNS.with_(worker=WorkerParams(grace_seconds=-100.0))
    limit = 3.0
    t0 = time.perf_counter()
    result = solve(year, SolveOptions(time_limit=limit, workers=1, seed=2, params=late))
    wall = time.perf_counter() - t0
    assert wall <= 1.1 * limit + result.build_seconds + 0.5, f"{wall:.2f} s for a {limit} s limit"
    assert own_worker.abandoned_calls >= 1
    assert validate(year, result.plan) == []
    # the clock decided which sub-MIPs counted: the plan does not claim a reproducible run
    assert result.stages[0].stopped_by == "wall"
    assert result.stages[0].engine.startswith("highs-lns")
