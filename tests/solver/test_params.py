"""SolveParams: every tuning knob has a valid default, a bad value is an InputError naming its
field, and a TOML file of parameters reads back the same parameters."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from ambassade_opt.errors import InputError
from ambassade_opt.solver import (
    BlockParams,
    CpSatParams,
    EngineParams,
    LnsParams,
    SolveOptions,
    SolveParams,
    StageShares,
    StartParams,
    WorkerParams,
)
from ambassade_opt.solver.params import OutputParams

PARTS = {"shares": StageShares, "engines": EngineParams, "lns": LnsParams, "start": StartParams,
         "cp_sat": CpSatParams, "worker": WorkerParams, "blocks": BlockParams, "output": OutputParams}


def _locations(exc: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [where for where, _ in exc.value.problems]


def test_the_defaults_are_valid() -> None:
    params = SolveParams()
    assert {f.name for f in fields(SolveParams)} == set(PARTS)
    for name, kind in PARTS.items():
        assert getattr(params, name) == kind()
    assert SolveParams.from_dict({}) == params
    assert SolveOptions().params == params


# (table, field, a value out of its range, the location the error names)
BAD = [
    ("shares", "coverage", 0.0, "shares.coverage"),
    ("shares", "cost", 1.5, "shares.cost"),
    ("shares", "selection", -0.1, "shares.selection"),
    ("engines", "whole_mip_max_pairs", -1, "engines.whole_mip_max_pairs"),
    ("engines", "lns_max_pairs", -5, "engines.lns_max_pairs"),
    ("engines", "cp_sat_max_pairs", -5, "engines.cp_sat_max_pairs"),
    ("engines", "mip_share", 0.0, "engines.mip_share"),
    ("engines", "mip_root_factor", 0.0, "engines.mip_root_factor"),
    ("engines", "mip_seconds_per_pair", -1e-4, "engines.mip_seconds_per_pair"),
    ("engines", "mip_nodes_per_second", 0, "engines.mip_nodes_per_second"),
    ("engines", "min_stage_seconds", -0.1, "engines.min_stage_seconds"),
    ("lns", "start_people", 1000, "lns.start_people"),
    ("lns", "min_window_days", 0.0, "lns.start_window_days"),
    ("lns", "shrink", 1.5, "lns.grow"),
    ("lns", "sub_seconds", 0.0, "lns.sub_seconds"),
    ("lns", "work_per_second", 0.0, "lns.work_per_second"),
    ("lns", "share", 0.0, "lns.share"),
    ("lns", "whole_root_share", 1.0, "lns.whole_root_share"),
    ("lns", "work_per_sub_mip", -1, "lns.work_per_sub_mip"),
    ("lns", "unlimited_iterations", 0, "lns.unlimited_iterations"),
    ("lns", "whole_root_max_free_pairs", -1, "lns.whole_root_max_free_pairs"),
    ("lns", "whole_root_seconds_per_free_pair", -1e-3, "lns.whole_root_seconds_per_free_pair"),
    ("lns", "whole_root_nodes", 0, "lns.whole_root_nodes"),
    ("lns", "min_gain", -0.5, "lns.min_gain"),
    ("lns", "restrict_above_columns", -1, "lns.restrict_above_columns"),
    ("start", "lp_max_pairs", -1, "start.lp_max_pairs"),
    ("start", "lp_share", 2.0, "start.lp_share"),
    ("start", "rounding_tries", -1, "start.rounding_tries"),
    ("start", "rounding_noise", -0.5, "start.rounding_noise"),
    ("start", "swap_share", 1.0, "start.swap_share"),
    ("start", "rounding_share", 1.0, "start.rounding_share"),
    ("start", "rounding_seconds_per_pair", 0.0, "start.rounding_seconds_per_pair"),
    ("start", "swap_seconds_per_pair", -1.0, "start.swap_seconds_per_pair"),
    ("start", "swap_passes", -1, "start.swap_passes"),
    ("output", "reserve_seconds_per_mission", -1.0, "output.reserve_seconds_per_mission"),
    ("cp_sat", "deterministic_share", 0.0, "cp_sat.deterministic_share"),
    ("cp_sat", "overhead_per_element", -1.0, "cp_sat.overhead_per_element"),
    ("worker", "grace_share", -0.1, "worker.grace_share"),
    ("worker", "startup_seconds", 0.0, "worker.startup_seconds"),
    ("worker", "max_failures", 0, "worker.max_failures"),
    ("worker", "cached_programs", 0, "worker.cached_programs"),
    ("blocks", "above_pairs", -1, "blocks.above_pairs"),
    ("blocks", "greedy_start_max_pairs", -1, "blocks.greedy_start_max_pairs"),
    ("blocks", "people_per_block", 0, "blocks.people_per_block"),
    ("blocks", "missions_per_block", 0, "blocks.missions_per_block"),
    ("blocks", "block_work", 0.0, "blocks.block_work"),
    ("blocks", "wall_factor", 0.5, "blocks.wall_factor"),
    ("blocks", "parallelism", 0, "blocks.parallelism"),
    ("blocks", "final_share", 1.0, "blocks.final_share"),
    ("blocks", "memory_mb", -1, "blocks.memory_mb"),
]


@pytest.mark.parametrize(("table", "name", "value", "where"), BAD, ids=[f"{t}.{n}" for t, n, _, _ in BAD])
def test_a_value_out_of_range_is_an_input_error_naming_the_field(table: str, name: str, value: Any,
                                                                  where: str) -> None:
    with pytest.raises(InputError) as direct:
        PARTS[table](**{name: value})
    assert _locations(direct) == [where]
    with pytest.raises(InputError) as from_file:
        SolveParams.from_dict({table: {name: value}})
    assert _locations(from_file) == [where]


@pytest.mark.parametrize(("table", "name", "value"), [
    ("engines", "whole_mip_max_pairs", "many"),
    ("engines", "highs", "no"),
    ("lns", "sub_nodes", 2.5),
    ("lns", "sub_seconds", True),
    ("shares", "coverage", "half"),
    ("cp_sat", "parameters", [1, 2]),
    ("blocks", "alternate_languages", 1),
    ("output", "explain", "yes"),
])
def test_a_value_of_the_wrong_type_is_an_input_error_naming_the_field(table: str, name: str,
                                                                       value: Any) -> None:
    with pytest.raises(InputError) as exc:
        SolveParams.from_dict({table: {name: value}})
    assert _locations(exc) == [f"{table}.{name}"]


def test_cp_sat_parameters_must_be_cp_sat_parameters() -> None:
    assert CpSatParams(parameters={"num_search_workers": 1, "linearization_level": 2}).parameters
    with pytest.raises(InputError) as unknown:
        CpSatParams(parameters={"linearisation_level": 2})
    assert _locations(unknown) == ["cp_sat.parameters.linearisation_level"]
    with pytest.raises(InputError) as wrong:
        CpSatParams(parameters={"linearization_level": "high"})
    assert _locations(wrong) == ["cp_sat.parameters.linearization_level"]


def test_unknown_keys_and_tables_are_refused() -> None:
    with pytest.raises(InputError) as key:
        SolveParams.from_dict({"engines": {"highs": False, "hihgs_worker": False}})
    assert _locations(key) == ["engines.hihgs_worker"]
    with pytest.raises(InputError) as table:
        SolveParams.from_dict({"engine": {"highs": False}})
    assert _locations(table) == ["engine"]
    with pytest.raises(InputError) as not_a_table:
        SolveParams.from_dict({"lns": 3})
    assert _locations(not_a_table) == ["lns"]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def _to_toml(data: dict[str, dict[str, Any]]) -> str:
    """A TOML file with one table per part (nested tables for nested dictionaries)."""
    lines: list[str] = []
    for table, values in data.items():
        lines.append(f"[{table}]")
        nested = {k: v for k, v in values.items() if isinstance(v, dict)}
        lines += [f"{k} = {_toml_value(v)}" for k, v in values.items() if k not in nested]
        for k, sub in nested.items():
            lines.append(f"[{table}.{k}]")
            lines += [f"{kk} = {_toml_value(vv)}" for kk, vv in sub.items()]
    return "\n".join(lines) + "\n"


def test_a_toml_file_round_trips(tmp_path: Path) -> None:
    params = SolveParams(
        shares=StageShares(coverage=0.6, cost=0.1),
        engines=EngineParams(highs_worker=False, whole_mip_max_pairs=0),
        lns=LnsParams(sub_seconds=3.0, start_people=12, min_people=2),
        start=StartParams(rounding_tries=3),
        cp_sat=CpSatParams(parameters={"linearization_level": 2}),
        worker=WorkerParams(grace_seconds=1.5, max_failures=5),
    )
    path = tmp_path / "params.toml"
    path.write_text(_to_toml(params.to_dict()), encoding="utf-8")
    assert SolveParams.from_toml(path) == params
    # a file names only what it changes
    path.write_text("[lns]\nsub_seconds = 3.0\n", encoding="utf-8")
    assert SolveParams.from_toml(path) == SolveParams(lns=LnsParams(sub_seconds=3.0))


def test_an_unreadable_toml_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[lns\nsub_seconds = 3\n", encoding="utf-8")
    for path in (broken, tmp_path / "missing.toml"):
        with pytest.raises(InputError) as exc:
            SolveParams.from_toml(path)
        assert _locations(exc) == [str(path)]


def test_with_replaces_a_part_and_keeps_the_rest() -> None:
    params = SolveParams(lns=LnsParams(sub_seconds=3.0))
    changed = params.with_(engines=EngineParams(highs=False))
    assert changed.engines.highs is False and changed.lns == params.lns
    assert params.engines.highs is True, "the original is unchanged"
