"""Which engine solves each stage (solver/engines/choice.py), as the plan records it."""

from __future__ import annotations

import pytest

from ambassade_opt.model import Instance
from ambassade_opt.solver import EngineParams, SolveOptions, SolveParams, solve


def _engines(tiny: Instance, **engines: object) -> list[str]:
    params = SolveParams(engines=EngineParams(**engines))  # type: ignore[arg-type]
    result = solve(tiny, SolveOptions(time_limit=10, workers=1, seed=0, params=params))
    assert result.status == "optimal"
    return [stage.engine for stage in result.stages]


def test_a_small_year_goes_to_highs_whole_then_by_neighbourhoods(tiny: Instance) -> None:
    coverage, *later = _engines(tiny)
    assert coverage.startswith("highs-mip")
    # one-worker runs give the later stages' whole MIPs no budget they could keep: neighbourhoods
    assert all(engine.startswith("highs-lns") for engine in later)


def test_without_highs_cp_sat_solves_every_stage(tiny: Instance) -> None:
    assert set(_engines(tiny, highs=False)) == {"cp-sat"}
    plan = solve(tiny, SolveOptions(time_limit=10, workers=1, params=SolveParams(
        engines=EngineParams(highs=False)))).plan
    assert plan.solver.engine is not None and plan.solver.engine.name == "cp-sat"


@pytest.mark.parametrize(("engines", "expected"), [
    ({"whole_mip_max_pairs": 0}, "highs-lns"),
    ({"whole_mip_max_pairs": 0, "lns_max_pairs": 0}, "cp-sat"),
])
def test_size_limits_choose_the_engine(tiny: Instance, engines: dict[str, int], expected: str) -> None:
    assert all(engine.startswith(expected) for engine in _engines(tiny, **engines))


def test_above_cp_sat_max_pairs_cp_sat_never_runs(tiny: Instance) -> None:
    engines = _engines(tiny, whole_mip_max_pairs=0, cp_sat_max_pairs=0)
    assert engines and all("cp-sat" not in engine for engine in engines)
