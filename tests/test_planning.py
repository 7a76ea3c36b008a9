"""The planner's front door: the whole year or blocks, and a year too large refused before it is built."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ambassade_opt import solve
from ambassade_opt.cli import main
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.planning import choose_route
from ambassade_opt.scoring import validate
from ambassade_opt.solver import BlockParams, SolveOptions, SolveParams
from ambassade_opt.synthetic import YearSize, generate


@pytest.fixture(scope="module")
def year() -> Instance:
    return generate(YearSize(n_ambassadors=40, n_missions=150), seed=2)


def _params(**blocks: object) -> SolveParams:
    return SolveParams().with_(blocks=BlockParams(**blocks))  # type: ignore[arg-type]


def test_a_year_that_fits_is_planned_whole_and_a_large_one_by_blocks(year: Instance) -> None:
    assert choose_route(year, SolveOptions()).kind == "whole"
    assert choose_route(year, SolveOptions(params=_params(above_pairs=10))).kind == "blocks"
    assert choose_route(year, SolveOptions(), distributed=True).kind == "blocks"


def test_a_whole_year_over_the_memory_goes_to_blocks_if_they_fit(year: Instance) -> None:
    big = 2_000_000  # as many pairs as a large year: the whole model needs about 3 GB, blocks far less
    small_blocks = {"people_per_block": 10, "missions_per_block": 40}
    tight = _params(memory_mb=2_000, **small_blocks)
    route = choose_route(year, SolveOptions(workers=1, params=tight), pairs=big)
    assert route.kind == "blocks" and route.memory_mb <= route.budget_mb
    roomy = _params(memory_mb=4_000, above_pairs=3_000_000, **small_blocks)
    assert choose_route(year, SolveOptions(workers=1, params=roomy), pairs=big).kind == "whole"


def test_a_year_too_large_for_the_memory_is_refused_with_its_size_and_what_to_do(year: Instance) -> None:
    with pytest.raises(InputError) as info:
        choose_route(year, SolveOptions(params=_params(memory_mb=1)))
    text = str(info.value)
    assert "(year)" in text and "150 missions" in text and "eligible pairs" in text
    assert "more memory" in text and "smaller year" in text
    assert "--dask" not in text  # the whole year is checked in this process: a cluster would not help
    # a year whose blocks would not fit here, but whose final check would: a cluster helps
    with pytest.raises(InputError) as big:
        choose_route(year, SolveOptions(workers=8, params=_params(memory_mb=1_500)), pairs=4_000_000)
    assert "--dask" in str(big.value)


def test_blocks_on_a_cluster_refuse_what_they_cannot_keep(year: Instance) -> None:
    with pytest.raises(InputError) as info:
        choose_route(year, SolveOptions(fixed={year.missions[0].id: None}), distributed=True)
    assert "fixed" in str(info.value)


def test_the_front_door_plans_by_blocks_and_the_plan_is_valid(year: Instance) -> None:
    params = _params(above_pairs=10, people_per_block=10, missions_per_block=40, block_work=0.1)
    result = solve(year, SolveOptions(time_limit=60, work_limit=1.0, workers=1, seed=1, params=params))
    assert result.stages[0].engine.startswith("blocks:")
    assert validate(year, result.plan) == []


def test_plan_refuses_a_year_too_large_with_exit_2_and_writes_nothing(tmp_path: Path, year: Instance) -> None:
    year.save(tmp_path / "year.json")
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(main, ["plan", str(tmp_path / "year.json"), "-o", str(out),
                                       "--memory-limit", "1", "-q"])
    assert result.exit_code == 2, result.output
    assert "too large for this run" in result.output and not out.exists()


def test_plan_by_blocks_from_the_command_line_with_a_params_file(tmp_path: Path, year: Instance) -> None:
    year.save(tmp_path / "year.json")
    (tmp_path / "params.toml").write_text(
        "[blocks]\nabove_pairs = 10\npeople_per_block = 10\nmissions_per_block = 40\nblock_work = 0.1\n",
        encoding="utf-8")
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(main, ["plan", str(tmp_path / "year.json"), "-o", str(out), "--workers", "1",
                                       "--time-limit", "5", "--params", str(tmp_path / "params.toml"), "-q"])
    assert result.exit_code == 0, result.output
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["solver"]["stages"][0]["engine"].startswith("blocks:")
