"""Round trips through every format, on generated instances, and the JSON Schema export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import instance_dicts, instances

from ambassade_opt import schema as schema_module
from ambassade_opt.csv_sheets import read_csv_folder, write_csv_folder
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.schema import json_schema, register_schema, schema_names

ROUND_TRIPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIPS
@given(instances())
def test_json_round_trip(inst: Instance) -> None:
    again = Instance.from_json(inst.to_json())
    assert again == inst
    assert again.to_json() == inst.to_json()


@ROUND_TRIPS
@given(instances())
def test_csv_folder_round_trip(tmp_path_factory: pytest.TempPathFactory, inst: Instance) -> None:
    folder = tmp_path_factory.mktemp("sheets") / "year"
    write_csv_folder(inst, folder)
    assert read_csv_folder(folder) == inst
    assert Instance.load(folder) == inst


@settings(max_examples=25, deadline=None)
@given(instance_dicts(plain=True))
def test_generated_instances_match_the_exported_schema(raw: dict[str, Any]) -> None:
    data = Instance.model_validate(raw).to_dict()
    jsonschema.validate(data, INSTANCE_SCHEMA)


INSTANCE_SCHEMA = json_schema("instance")


def test_tiny_year_round_trips_through_a_folder(tiny: Instance, tmp_path: Path) -> None:
    write_csv_folder(tiny, tmp_path / "year")
    assert read_csv_folder(tmp_path / "year") == tiny


def test_tiny_year_matches_the_schema_and_breakage_does_not(tiny_raw: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(INSTANCE_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(tiny_raw)) == []
    tiny_raw["ambassadors"][0]["colour"] = "blue"
    tiny_raw["missions"][0]["level"] = "planet"
    tiny_raw["policy"]["support_group"]["max_size"] = 11
    assert len(list(validator.iter_errors(tiny_raw))) == 3


def test_every_registered_schema_is_valid_json_schema() -> None:
    assert {"instance", "plan", "policy"} <= set(schema_names())
    for name in schema_names():
        schema = json_schema(name)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"].endswith("2020-12/schema")


def test_registering_a_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_module, "_REGISTRY", dict(schema_module._REGISTRY))
    register_schema("test-only-entry", lambda: {"type": "object"}, "a document for this test")
    assert json_schema("test-only-entry")["description"] == "a document for this test"
    register_schema("test-only-entry", "ambassade_opt.model:Policy", "now a model", replace=True)
    assert json_schema("test-only-entry")["title"] == "Policy"
    from ambassade_opt.model import Instance as Same

    register_schema("instance", Same, "the same model, given as a class: no clash")
    with pytest.raises(ValueError, match="already registered"):
        register_schema("instance", "ambassade_opt.model:Policy", "clash")
    with pytest.raises(InputError, match="unknown schema"):
        json_schema("no-such-document")


def test_schema_rejects_unknown_fields_everywhere() -> None:
    """The schema carries the model's ``extra=forbid`` down to every nested object."""

    def objects(node: Any) -> list[dict[str, Any]]:
        found = []
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                found.append(node)
            for value in node.values():
                found += objects(value)
        elif isinstance(node, list):
            for value in node:
                found += objects(value)
        return found

    nested = objects(INSTANCE_SCHEMA)
    assert len(nested) >= 15
    assert all(obj.get("additionalProperties") is False for obj in nested)


def test_to_json_is_stable(tiny: Instance) -> None:
    text = tiny.to_json()
    assert json.loads(text)["format_version"] == 1
    assert Instance.from_json(text).to_json() == text
