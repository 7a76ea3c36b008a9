"""Bad input on the command line: exit 2, the field named, no traceback, nothing written.

Most cases go through click's CliRunner (fast); a representative set runs the installed
``ambassade-opt`` in a subprocess, as a user or an outside check would.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from raw_edits import setter

from ambassade_opt.cli import main
from ambassade_opt.csv_sheets import write_csv_folder
from ambassade_opt.model import Instance

Raw = dict[str, Any]


def _all(*mutations: Callable[[Raw], None]) -> Callable[[Raw], None]:
    def mutate(raw: Raw) -> None:
        for m in mutations:
            m(raw)

    return mutate


# (case, mutation of the tiny year, words that must appear in the error)
BAD_YEARS: list[tuple[str, Callable[[Raw], None], list[str]]] = [
    ("wrong type", setter("ambassadors.0.max_missions", "6"), ["ambassadors[0].max_missions", "integer"]),
    ("dangling id", setter("missions.9.proposed_by", "A99"), ["missions[9].proposed_by", "A99"]),
    (
        "end before start",
        setter("missions.0.end", "2027-02-11T18:00"),
        ["missions[0].end", "must be after start (2027-02-11T19:00)"],
    ),
    ("cap above 10", setter("policy.support_group.max_size", 11), ["policy.support_group.max_size", "10"]),
    ("unknown field", setter("missions.2.seat_max", 2), ["missions[2].seat_max", "unknown field"]),
    ("duplicate id", setter("missions.3.id", "M01"), ["missions[3].id", "duplicate id 'M01'"]),
    ("one id per person", setter("staff.0.id", "A01"), ["staff[0].id", "one id per person"]),
    (
        "outside the year",
        _all(setter("meetings.0.start", "2028-01-20T18:00"), setter("meetings.0.end", "2028-01-20T19:00")),
        ["meetings[0].start", "not in year 2027"],
    ),
    (
        "language code",
        setter("ambassadors.0.languages", ["nl", "vlaams"]),
        ["ambassadors[0].languages[1]", "ISO 639-1"],
    ),
    ("seats reversed", setter("missions.1.seats_max", 1), ["missions[1].seats_max", "seats_min"]),
    (
        "pinned staff without pair",
        setter("missions.1.pinned_staff", "S02"),
        ["missions[1].pinned_staff", "needs_staff_pair"],
    ),
    (
        "too many pins",
        setter("missions.0.pinned_ambassadors", ["A03", "A05"]),
        ["missions[0].pinned_ambassadors", "seats_max"],
    ),
    (
        "buffer above 720",
        setter("policy.travel.other_region.buffer_minutes", 1000),
        ["policy.travel.other_region.buffer_minutes", "720"],
    ),
    ("quarterly budget", setter("policy.budget.quarterly", [500.0, 500.0]), ["policy.budget.quarterly", "4"]),
    (
        "unavailable reversed",
        setter("staff.2.unavailable.0.end", "2027-09-01"),
        ["staff[2].unavailable[0].end", "before start"],
    ),
    (
        "interest out of range",
        setter("ambassadors.1.interests.M03", 5),
        ["ambassadors[1].interests.M03", "2"],
    ),
    (
        "quota reversed",
        setter("policy.sortition.quotas.home_region.VL", [1, 0]),
        ["policy.sortition.quotas.home_region.VL", "above max"],
    ),
    ("format version", setter("format_version", 2), ["format_version"]),
    ("mission of 20 hours", setter("missions.4.end", "2027-05-13T09:00"), ["missions[4].end", "16 h"]),
    (
        "initiative without proposer",
        setter("missions.9.proposed_by", None),
        ["missions[9].proposed_by", "proposer"],
    ),
    (
        "weekday 7",
        setter("ambassadors.6.available_weekdays", [5, 7]),
        ["ambassadors[6].available_weekdays[1]", "6"],
    ),
    (
        "travel pair of one region",
        setter("policy.travel.pairs.0.a", "VL"),
        ["policy.travel.pairs[0].b", "two different"],
    ),
    (
        "selection score",
        setter("ambassadors.2.selection_score", 120.0),
        ["ambassadors[2].selection_score", "100"],
    ),
    ("specific meeting without themes", setter("meetings.1.themes", []), ["meetings[1].themes"]),
]

# (case, file content, words): files that are not a year at all
BAD_FILES: list[tuple[str, bytes, list[str]]] = [
    ("not JSON", b"{format_version: 1", ["not valid JSON"]),
    ("empty file", b"", ["not valid JSON"]),
    ("a JSON list", b"[1, 2, 3]", ["expected a JSON object"]),
    ("not UTF-8", b"\xff\xfe\x00garbage", ["not UTF-8"]),
    (
        "a number that is not finite",
        b'{"format_version": 1, "name": "x", "year": 2027, "ambassadors": [], '
        b'"missions": [], "policy": {"budget": {"annual": NaN}}}',
        ["policy.budget.annual", "finite"],
    ),
]


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def run_process(args: list[str]) -> tuple[int, str, str]:
    cmd = [sys.executable, "-c", "from ambassade_opt.cli import main; main()", *args]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120)
    return out.returncode, out.stdout, out.stderr


def write_year(tmp_path: Path, raw: Raw | bytes) -> Path:
    path = tmp_path / "year.json"
    path.write_bytes(raw if isinstance(raw, bytes) else json.dumps(raw).encode())
    return path


def assert_refused(code: int, stderr: str, words: list[str]) -> None:
    assert code == 2, stderr
    assert "Traceback" not in stderr
    assert stderr.startswith("error: ")
    for word in words:
        assert word in stderr, (word, stderr)


def broken(tiny_raw: Raw, mutate: Callable[[Raw], None]) -> Raw:
    raw = copy.deepcopy(tiny_raw)
    mutate(raw)
    return raw


@pytest.mark.parametrize(("mutate", "words"), [c[1:] for c in BAD_YEARS], ids=[c[0] for c in BAD_YEARS])
def test_bad_year(tiny_raw: Raw, tmp_path: Path, mutate: Callable[[Raw], None], words: list[str]) -> None:
    path = write_year(tmp_path, broken(tiny_raw, mutate))
    assert_refused(*run(["validate-instance", str(path)])[::2], words)
    for command in (
        ["plan", str(path), "-o", str(tmp_path / "plan.json")],
        ["convert", str(path), "-o", str(tmp_path / "sheets")],
        ["convert", str(path), "--to", "json", "-o", str(tmp_path / "copy.json")],
    ):
        code, _, stderr = run(command)
        assert_refused(code, stderr, words)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["year.json"]  # nothing written


@pytest.mark.parametrize(("content", "words"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_bad_file(tmp_path: Path, content: bytes, words: list[str]) -> None:
    path = write_year(tmp_path, content)
    for command in (
        ["validate-instance", str(path)],
        ["plan", str(path), "-o", str(tmp_path / "plan.json")],
        ["convert", str(path), "-o", str(tmp_path / "sheets")],
    ):
        code, _, stderr = run(command)
        assert_refused(code, stderr, [str(path), *words])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["year.json"]


def test_missing_file(tmp_path: Path) -> None:
    for command in (
        ["validate-instance", str(tmp_path / "nope.json")],
        ["plan", str(tmp_path / "nope.json"), "-o", str(tmp_path / "plan.json")],
        ["convert", str(tmp_path / "nope.json"), "-o", str(tmp_path / "out.json")],
    ):
        code, _, stderr = run(command)
        assert_refused(code, stderr, ["instance", "no such file"])
    assert list(tmp_path.iterdir()) == []


def test_bad_sheet_folder(tiny: Instance, tmp_path: Path) -> None:
    folder = tmp_path / "sheets"
    write_csv_folder(tiny, folder, dialect="rfc4180")
    text = (folder / "missions.csv").read_text().replace("2027-02-11T21:30:00", "2027-02-11T18:30:00")
    (folder / "missions.csv").write_text(text)
    code, _, stderr = run(["convert", str(folder), "-o", str(tmp_path / "year.json")])
    assert_refused(code, stderr, ["missions.csv row 2, column end: must be after start (2027-02-11T19:00)"])
    (folder / "instance.json").unlink()
    code, _, stderr = run(["validate-instance", str(folder)])
    assert_refused(code, stderr, ["instance.json", "format_version, name and year"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheets"]


def test_unknown_schema_and_stdout_for_sheets(tiny_path: Path) -> None:
    assert_refused(*run(["schema", "--what", "nothing"])[::2], ["unknown schema 'nothing'", "instance"])
    assert_refused(*run(["convert", str(tiny_path), "--to", "csv", "-o", "-"])[::2], ["--output"])


# A representative set through a real process, the way a user or an outside check runs it.
PROCESS_CASES = ["dangling id", "end before start", "cap above 10", "wrong type", "unknown field"]


@pytest.mark.parametrize("case", PROCESS_CASES)
def test_bad_year_in_a_real_process(tiny_raw: Raw, tmp_path: Path, case: str) -> None:
    _, mutate, words = next(c for c in BAD_YEARS if c[0] == case)
    path = write_year(tmp_path, broken(tiny_raw, mutate))
    code, stdout, stderr = run_process(
        ["plan", str(path), "-o", str(tmp_path / "plan.json"), "--time-limit", "5"]
    )
    assert_refused(code, stderr, words)
    assert stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["year.json"]


def test_bad_file_in_a_real_process(tmp_path: Path) -> None:
    path = write_year(tmp_path, b'{"format_version": 1,')
    code, _, stderr = run_process(["validate-instance", str(path)])
    assert_refused(code, stderr, ["not valid JSON"])


# --------------------------------------------------------------------------------------------
# Outputs that are not regular files stay what they are


def test_dev_null_output(tiny_path: Path) -> None:
    for command in (
        ["schema", "-o", "/dev/null"],
        ["convert", str(tiny_path), "--to", "json", "-o", "/dev/null"],
    ):
        code, _, stderr = run(command)
        assert code == 0, stderr
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("command", ["schema", "convert"])
def test_named_pipe_output(tiny_path: Path, tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def drain() -> None:
        with open(fifo, "rb") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    args = (
        ["schema", "--what", "plan", "-o", str(fifo)]
        if command == "schema"
        else ["convert", str(tiny_path), "--to", "json", "-o", str(fifo)]
    )
    code, _, stderr = run_process(args)
    reader.join(timeout=30)
    assert code == 0, stderr
    assert received and json.loads(received[0])
    if command == "convert":
        assert Instance.from_json(received[0]) == Instance.load(tiny_path)
    assert fifo.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo"]


def test_convert_round_trip_on_the_command_line(tiny_path: Path, tmp_path: Path) -> None:
    assert run(["convert", str(tiny_path), "-o", str(tmp_path / "sheets")])[0] == 0
    assert run(["validate-instance", str(tmp_path / "sheets")])[0] == 0
    assert run(["convert", str(tmp_path / "sheets"), "-o", str(tmp_path / "back.json")])[0] == 0
    assert Instance.load(tmp_path / "back.json") == Instance.load(tiny_path)
    code, stdout, _ = run(["convert", str(tmp_path / "sheets"), "-o", "-"])
    assert code == 0 and Instance.from_json(stdout) == Instance.load(tiny_path)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["generate", "--size", "Q", "--seed", "1"], ["--size", "'Q'"]),
        (["generate", "--size", "S", "--seed", "-1"], ["--seed", "-1"]),
        (["plan", "{year}", "--workers", "0"], ["--workers"]),
        (["plan", "{year}", "--time-limit", "-5"], ["--time-limit"]),
    ],
    ids=["generate size", "generate seed", "plan workers", "plan time limit"],
)
def test_bad_options(tiny_path: Path, tmp_path: Path, args: list[str], words: list[str]) -> None:
    out = tmp_path / "out.json"
    code, _, stderr = run([a.replace("{year}", str(tiny_path)) for a in args] + ["-o", str(out)])
    assert code == 2 and "Traceback" not in stderr
    for word in words:
        assert word in stderr
    assert not out.exists()


def test_convert_guesses_the_format_from_the_output(tiny_path: Path, tmp_path: Path) -> None:
    assert run(["convert", str(tiny_path), "-o", str(tmp_path / "copy.json")])[0] == 0
    assert (tmp_path / "copy.json").is_file()
    assert run(["convert", str(tiny_path), "-o", str(tmp_path / "sheets")])[0] == 0
    assert (tmp_path / "sheets" / "missions.csv").is_file()
    assert run(["convert", str(tiny_path), "-o", "/dev/null"])[0] == 0
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("command", [
    ["plan", "-o", "{out}", "--time-limit", "1", "--workers", "1"],
    ["curve", "--caps", "3", "--time-limit-per-point", "0.2", "-o", "{out}"],
])
@pytest.mark.parametrize("address", ["not-an-address", "", "::::"])
def test_a_dask_address_that_is_not_one_is_bad_input(tiny_path: Path, tmp_path: Path, command: list[str],
                                                     address: str) -> None:
    """Found by the issue 16 audit: it was an internal error (exit 70)."""
    out = tmp_path / "out.json"
    args = [command[0], str(tiny_path), *(a.format(out=out) for a in command[1:]), "--dask", address]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "--dask" in result.stderr and "cannot connect to a Dask scheduler" in result.stderr
    assert not out.exists()
