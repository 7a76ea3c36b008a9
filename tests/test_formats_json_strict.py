"""The strict JSON reader: duplicate keys, depth, size, finite numbers, lone surrogates; each refused
with its location, for every kind of document and on the command line (exit 2)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ambassade_opt.changes import Changes
from ambassade_opt.cli import main
from ambassade_opt.errors import InputError
from ambassade_opt.formats.json_strict import (
    MAX_JSON_DEPTH,
    JsonRejected,
    loads_strict,
    read_input_bytes,
    read_json,
)
from ambassade_opt.model import Instance, Policy, parse_json
from ambassade_opt.plan import Plan


def refused(text: str) -> list[tuple[Any, str]]:
    with pytest.raises(JsonRejected) as info:
        loads_strict(text)
    return info.value.problems


def test_duplicate_keys_are_named_with_their_place() -> None:
    assert refused('{"a": {"b": 1, "b": 2}, "c": [{"d": 1, "e": 2, "d": 3}]}') == [
        (("a", "b"), "this key appears more than once in the same object"),
        (("c", 0, "d"), "this key appears more than once in the same object"),
    ]


def test_a_duplicate_mission_id_key_in_an_instance(tiny_raw: dict[str, Any]) -> None:
    text = json.dumps(tiny_raw).replace('"title": ', '"title": "first", "title": ', 1)
    with pytest.raises(InputError) as info:
        Instance.from_json(text, source="year.json")
    assert info.value.problems == [
        ("missions[0].title", "this key appears more than once in the same object")
    ]
    assert info.value.source == "year.json"


def test_duplicate_missions_key_at_the_top_no_longer_loses_missions(tiny_raw: dict[str, Any]) -> None:
    text = json.dumps(tiny_raw)[:-1] + ', "missions": []}'
    with pytest.raises(InputError, match="missions: this key appears more than once"):
        Instance.from_json(text)


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5_000, 200_000])
def test_deep_nesting_is_a_clear_error(depth: int) -> None:
    text = '{"a": ' + "[" * depth + "]" * depth + "}"
    problems = refused(text)
    where = f"(line 1, column {6 + MAX_JSON_DEPTH})"
    assert problems == [((), f"nested deeper than {MAX_JSON_DEPTH} levels {where}")]


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps({"title": "[" * 500, "x": ["]]]{{{" * 50]})
    assert loads_strict(text)["title"] == "[" * 500


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_JSON_DEPTH
    assert loads_strict("[" * depth + "]" * depth) is not None


@pytest.mark.parametrize(
    ("literal", "words"),
    [("NaN", "NaN is not allowed"), ("Infinity", "Infinity is not allowed"),
     ("-Infinity", "-Infinity is not allowed"), ("1e400", "1e400 is too large"),
     ("-1.5e999", "-1.5e999 is too large"), ("1" * 400, "an integer of 400 digits"),
     ("-" + "9" * 5000, "an integer of 5000 digits")],
)
def test_numbers_must_be_finite_and_of_sane_length(literal: str, words: str) -> None:
    problems = refused('{"policy": {"budget": {"annual": ' + literal + "}}}")
    assert len(problems) == 1
    assert problems[0][0] == ("policy", "budget", "annual")
    assert words in problems[0][1]


def test_every_problem_at_once() -> None:
    problems = refused('[NaN, {"a": 1, "a": 2}, 1e999]')
    assert [loc for loc, _ in problems] == [(0,), (1, "a"), (2,)]


def test_lone_surrogates_are_refused_but_pairs_are_text() -> None:
    assert loads_strict('"\\ud83d\\ude00"') == "😀"
    assert loads_strict('"\\\\ud800"') == "\\ud800"  # an escaped backslash, then plain letters
    assert refused('{"name": "x\\ud800"}')[0][0] == ("name",)
    assert refused('{"\\udc00": 1}')[0][0] == ("\udc00",)


def test_not_json_keeps_the_parser_position() -> None:
    assert refused('{"a": [1,}') == [((), "not valid JSON: Expecting value: line 1 column 10 (char 9)")]


def test_whole_documents_render_paths_and_name_the_file() -> None:
    with pytest.raises(InputError) as info:
        read_json(b'{"a": [1, NaN]}', source="f.json")
    assert info.value.problems == [("a[1]", "NaN is not allowed: numbers must be finite")]
    with pytest.raises(InputError, match=r"\(file\): not UTF-8 text \(byte 1\)"):
        read_json(b"[\xff]", source="f.json")
    assert read_json("\ufeff[1]".encode()) == [1]


def test_every_document_kind_reads_strictly(tiny_raw: dict[str, Any]) -> None:
    plan = '{"format_version": 1, "status": "feasible", "status": "optimal"}'
    with pytest.raises(InputError, match="status: this key appears more than once"):
        Plan.from_json(plan)
    changes = ('{"format_version": 1, "changes": '
               '[{"kind": "remove_mission", "mission": "M01", "mission": "M02"}]}')
    with pytest.raises(InputError, match=r"changes\[0\]\.mission: this key appears more than once"):
        Changes.from_json(changes)
    with pytest.raises(InputError, match="group_cap"):
        parse_json(Policy, '{"group_cap": 1e400}')


def test_one_byte_order_mark_is_fine_two_are_not_json() -> None:
    """Found by the command fuzz test: the second mark reached pydantic's parser, whose error had no
    place and no file."""
    plan = '{"format_version": 1, "status": "feasible"}'
    assert Plan.from_json(("\ufeff" + plan).encode(), source="plan.json").status == "feasible"
    with pytest.raises(InputError) as info:
        Plan.from_json(("\ufeff\ufeff" + plan).encode(), source="plan.json")
    assert info.value.source == "plan.json"
    assert info.value.problems == [
        ("(file)", "not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)")]


def test_input_size_is_bounded(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 1001)
    with pytest.raises(InputError, match="larger than the limit of 1,000 bytes"):
        read_input_bytes(big, limit=1000)
    assert read_input_bytes(big, limit=1001) == b" " * 1001


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_devices_and_folders_are_not_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="device or a pipe"):
        read_input_bytes("/dev/zero")
    with pytest.raises(InputError, match="Is a directory"):
        read_input_bytes(tmp_path)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"format_version": 1, "format_version": 1, "name": "x", "year": 2027}', "format_version: this key"),
        ('{"format_version": 1, "name": "x", "year": 2027, "missions": ' + "[" * 100_000, "nested deeper"),
        ('{"format_version": 1, "name": "x", "year": 1e400}', "year: 1e400 is too large"),
    ],
)
def test_cli_refuses_with_exit_2(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "year.json"
    path.write_text(text)
    result = CliRunner().invoke(main, ["validate-instance", str(path)])
    assert result.exit_code == 2, result.output
    assert words in result.stderr
    assert "Traceback" not in result.stderr
