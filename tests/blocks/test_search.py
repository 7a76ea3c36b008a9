"""Planning by blocks: every sweep's merged plan keeps every rule, never loses coverage, and is the
same wherever the blocks run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_checker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ambassade_opt.blocks import InProcess, LocalProcesses, OnDask, plan_by_blocks, sweep_blocks
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment
from ambassade_opt.scoring import kpis, validate
from ambassade_opt.solver import BlockParams, SolveOptions, SolveParams, SolveResult, constructive_plan
from ambassade_opt.synthetic import YearSize, generate


def _options(people: int = 10, missions: int = 40, work: float = 1.0, **kw: object) -> SolveOptions:
    blocks = BlockParams(people_per_block=people, missions_per_block=missions, block_work=0.1,
                         wall_factor=100.0)
    return SolveOptions(time_limit=None, work_limit=work, seed=4, timings=False,
                        params=SolveParams().with_(blocks=blocks), **kw)  # type: ignore[arg-type]


def sweeps(result: SolveResult) -> int:
    """How many sweeps the search made (its engine record says)."""
    found = re.match(r"blocks: (\d+) sweeps", result.stages[0].engine)
    assert found, result.stages[0].engine
    return int(found.group(1))


@pytest.fixture(scope="module")
def year() -> Instance:
    return generate(YearSize(n_ambassadors=50, n_missions=200), seed=11)


def test_the_plan_keeps_every_rule_and_never_covers_less_than_its_start(year: Instance,
                                                                        tmp_path: Path) -> None:
    _, greedy = constructive_plan(year)
    result = plan_by_blocks(year, _options())
    assert sweeps(result) >= 2
    assert validate(year, result.plan) == []
    assert result.plan.kpis is not None and result.plan.kpis.coverage_value >= greedy
    assert result.stages[0].greedy == greedy and result.stages[0].engine.startswith("blocks:")
    assert result.stages[0].bound is not None and result.stages[0].bound >= result.stages[0].objective
    year.save(tmp_path / "year.json")
    result.plan.save(tmp_path / "plan.json")
    assert run_checker(tmp_path / "year.json", tmp_path / "plan.json")["exit_code"] == 0


def test_every_uncovered_mission_is_explained_in_the_whole_year(year: Instance) -> None:
    result = plan_by_blocks(year, _options())
    assert result.plan.unassigned
    assert all(u.reason and "not explained" not in u.reason for u in result.plan.unassigned)


def test_a_seed_and_a_work_limit_give_the_same_plan_in_process_and_in_processes(year: Instance) -> None:
    here = plan_by_blocks(year, _options(), executor=InProcess())
    there = plan_by_blocks(year, _options(), executor=LocalProcesses(2))
    assert sweeps(here) >= 2 and all(s.stopped_by != "wall" for s in here.stages + there.stages)
    assert here.plan.model_dump_json(exclude={"solver"}) == there.plan.model_dump_json(exclude={"solver"})


def test_on_a_dask_cluster_the_plan_is_the_same(year: Instance) -> None:
    distributed = pytest.importorskip("distributed")
    here = plan_by_blocks(year, _options(), executor=InProcess())
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        there = plan_by_blocks(year, _options(), executor=OnDask(client))
    assert here.plan.model_dump_json(exclude={"solver"}) == there.plan.model_dump_json(exclude={"solver"})


def test_a_valid_hint_is_the_start_and_a_broken_one_is_not(year: Instance) -> None:
    start, _ = constructive_plan(year)
    kept = plan_by_blocks(year, _options(work=0.5, hint=start))
    assert kpis(year, kept.plan).coverage_value >= kpis(year, start).coverage_value
    broken = start.model_copy(update={"assignments": [
        Assignment(mission=a.mission, ambassadors=[year.ambassadors[0].id] * 2) for a in start.assignments]})
    fresh = plan_by_blocks(year, _options(work=0.5, hint=broken))
    assert validate(year, fresh.plan) == []


def test_options_the_blocks_cannot_keep_are_refused(year: Instance) -> None:
    with pytest.raises(InputError) as info:
        plan_by_blocks(year, _options(fixed={year.missions[0].id: None}))
    assert "fixed" in str(info.value)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), people=st.integers(3, 20), missions=st.integers(8, 60),
       tight=st.booleans())
def test_merged_blocks_keep_every_rule_whatever_the_cut(seed: int, people: int, missions: int,
                                                         tight: bool) -> None:
    """The shares of the group cap and the budgets hold across blocks solved apart."""
    year = generate(YearSize(n_ambassadors=30, n_missions=100), seed=seed)
    if tight:  # the cap and the budgets bind: the shares decide
        budget = year.policy.budget.model_copy(update={"annual": 1500.0, "quarterly": [500.0] * 4})
        year = year.model_copy(update={"policy": year.policy.model_copy(
            update={"group_cap": 6, "budget": budget})})
    result = plan_by_blocks(year, _options(people=people, missions=missions, work=2.0))
    assert sweeps(result) >= 2
    assert validate(year, result.plan) == []


@pytest.mark.parametrize("executor", [InProcess(), LocalProcesses(2)], ids=["in-process", "processes"])
def test_no_block_starts_after_the_deadline_or_a_stop(year: Instance, executor: object) -> None:
    import threading
    import time

    from ambassade_opt.blocks.run import BlockSettings
    from ambassade_opt.blocks.state import YearState
    from ambassade_opt.blocks.task import build_task, year_shares

    plan, _ = constructive_plan(year)
    state = YearState.of(year, plan)
    blocks = sweep_blocks(year, 0, 1, BlockParams(people_per_block=10, missions_per_block=40))
    shares = year_shares(state, [len(b.missions) for b in blocks])
    tasks = [(build_task(state, b, state.missions_of(), s), 1) for b, s in zip(blocks, shares, strict=True)]
    settings = BlockSettings(0.1, 10.0, None, None, SolveOptions().match_weights, SolveParams())
    run = executor.run  # type: ignore[attr-defined]
    assert run(tasks, settings, until=time.perf_counter() - 1.0) == [None] * len(tasks)
    stopped = threading.Event()
    stopped.set()
    assert run(tasks, settings, stop=stopped) == [None] * len(tasks)
    done = run(tasks[:2], settings)
    assert all(out is not None and out.assignments is not None for out in done)
    executor.close()  # type: ignore[attr-defined]
