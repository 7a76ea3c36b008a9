"""training.json: round trip, the trained year, DataFrame views, schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from ambassade_opt.model import Instance
from ambassade_opt.schema import json_schema
from ambassade_opt.training import TrainingOptions, TrainingPlan, training_plan


def _result(tiny_raw: dict[str, Any]) -> tuple[Instance, TrainingPlan]:
    for a in tiny_raw["ambassadors"]:
        if a["id"] == "A02":
            a["trainings"] = []
    year = Instance.model_validate(tiny_raw)
    options = TrainingOptions(time_limit=3, final_time_limit=3)
    return year, training_plan(year, max_trainings=2, options=options)


def test_round_trip_and_schema(tiny_raw: dict[str, Any], tmp_path: Path) -> None:
    _, result = _result(tiny_raw)
    result.save(tmp_path / "training.json")
    data = json.loads((tmp_path / "training.json").read_text(encoding="utf-8"))
    assert {"suggestions", "coverage_before", "coverage_after", "plan", "profiles_to_recruit"} <= set(data)
    assert set(data["suggestions"][0]) == {"person", "training", "by", "unlocks", "gain"}
    assert TrainingPlan.load(tmp_path / "training.json") == result
    jsonschema.validate(data, json_schema("training"))


def test_the_trained_year_adds_each_training_once(tiny_raw: dict[str, Any]) -> None:
    year, result = _result(tiny_raw)
    trained = result.trained_instance(year)
    assert trained.ambassador("A02").trainings == [s.training for s in result.suggestions]
    assert year.ambassador("A02").trainings == []
    assert result.trained_instance(trained) == trained


def test_frames_and_summary(tiny_raw: dict[str, Any]) -> None:
    _, result = _result(tiny_raw)
    frames = result.frames()
    assert list(frames["suggestions"].columns) == ["person", "training", "by", "unlocks", "gain"]
    assert len(frames["profiles_to_recruit"]) == len(result.profiles_to_recruit)
    assert frames["measurements"]["chosen"].sum() == len(result.suggestions)
    assert f"-> {result.coverage_after}" in result.summary()
