"""training_plan: greedy choice by measured gains; the attached plan passes the checker on the
year with the trainings added and reaches coverage_after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import run_checker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ambassade_opt.model import Instance
from ambassade_opt.scoring import kpis, validate
from ambassade_opt.solver import SolveOptions, solve
from ambassade_opt.training import TrainingOptions, coverage_value, training_plan

FAST = TrainingOptions(time_limit=3, final_time_limit=3, workers=1, seed=0)


def _year(tiny_raw: dict[str, Any], untrained: tuple[str, ...] = ("A02", "A04")) -> Instance:
    for a in tiny_raw["ambassadors"]:
        if a["id"] in untrained:
            a["trainings"] = [t for t in a["trainings"] if t != "initial"]
    return Instance.model_validate(tiny_raw)


def _checked(year: Instance, result: Any, tmp_path: Path) -> None:
    trained = result.trained_instance(year)
    assert validate(trained, result.plan) == []
    (tmp_path / "year.json").write_text(trained.to_json(), encoding="utf-8")
    (tmp_path / "plan.json").write_text(result.plan.to_json(), encoding="utf-8")
    figures = run_checker(tmp_path / "year.json", tmp_path / "plan.json")
    assert figures["exit_code"] == 0 and figures["violation_lines"] == [], figures
    assert result.coverage_after == kpis(trained, result.plan).coverage_value
    assert result.coverage_after >= result.coverage_before + sum(s.gain for s in result.suggestions)


def test_two_trainings_raise_the_coverage(tiny_raw: dict[str, Any], tmp_path: Path) -> None:
    year = _year(tiny_raw)
    result = training_plan(year, max_trainings=3, options=FAST)
    assert [(s.person, s.training) for s in result.suggestions] == [("A02", "initial"), ("A04", "initial")]
    assert all(s.gain > 0 for s in result.suggestions)
    assert result.coverage_after > result.coverage_before
    first = result.suggestions[0]
    assert first.by.isoformat() == "2027-03-06" and first.unlocks[0] == "M02"
    assert [m.chosen for m in result.measurements].count(True) == 2
    assert result.coverage_of_given_plan is None
    _checked(year, result, tmp_path)


def test_at_most_n_trainings_and_none_when_none_helps(tiny: Instance, tiny_raw: dict[str, Any]) -> None:
    one = training_plan(_year(tiny_raw), max_trainings=1, options=FAST)
    assert len(one.suggestions) == 1
    nothing = training_plan(tiny, max_trainings=3, options=FAST)
    assert nothing.suggestions == [] and nothing.coverage_after >= nothing.coverage_before
    zero = training_plan(tiny, max_trainings=0, options=FAST)
    assert zero.suggestions == [] and zero.measurements == []


def test_a_given_plan_is_the_reference(tiny_raw: dict[str, Any]) -> None:
    year = _year(tiny_raw)
    plan = solve(year, SolveOptions(time_limit=3, workers=1)).plan
    result = training_plan(year, plan, max_trainings=2, options=FAST)
    assert result.coverage_of_given_plan == coverage_value(year, plan)
    assert result.coverage_before >= result.coverage_of_given_plan


def test_same_options_same_training_plan(tiny_raw: dict[str, Any]) -> None:
    year = _year(tiny_raw)
    assert (training_plan(year, max_trainings=2, options=FAST).to_json()
            == training_plan(year, max_trainings=2, options=FAST).to_json())


def test_bad_options() -> None:
    with pytest.raises(ValueError):
        TrainingOptions(measure_top=0)
    with pytest.raises(ValueError):
        TrainingOptions(time_limit=-1)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(untrained=st.sets(st.sampled_from(["A01", "A02", "A03", "A04", "A05", "A07", "A08"]), min_size=1,
                         max_size=4),
       n=st.integers(1, 3))
def test_the_attached_plan_passes_the_checker(tiny_raw: dict[str, Any],
                                              tmp_path_factory: pytest.TempPathFactory,
                                              untrained: set[str], n: int) -> None:
    raw = {**tiny_raw, "ambassadors": [dict(a) for a in tiny_raw["ambassadors"]]}
    year = _year(raw, tuple(sorted(untrained)))
    result = training_plan(year, max_trainings=n, options=FAST)
    assert len(result.suggestions) <= n
    _checked(year, result, tmp_path_factory.mktemp("train"))


def test_a_synthetic_year(tmp_path: Path) -> None:
    from ambassade_opt.synthetic import generate

    year = generate("S", seed=3)
    options = TrainingOptions(measure_top=2, time_limit=2, final_time_limit=3, workers=1, seed=0)
    result = training_plan(year, max_trainings=1, options=options)
    assert len(result.suggestions) == 1 and result.suggestions[0].gain > 0
    _checked(year, result, tmp_path)
