"""Inputs (issue 16, class 7): only regular files or folders are read, with a size limit; anything
else is bad input (exit 2) naming the input, at once, without reading it."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from _tiny_plans import plan_dict
from click.testing import CliRunner

from ambassade_opt.cli import main
from ambassade_opt.csv_sheets import write_csv_folder
from ambassade_opt.errors import InputError
from ambassade_opt.files import MAX_INPUT_BYTES
from ambassade_opt.model import Instance, read_input_bytes
from ambassade_opt.plan import Plan


@pytest.fixture
def ws(tmp_path: Path, tiny: Instance) -> Path:
    tiny.save(tmp_path / "year.json")
    (tmp_path / "plan.json").write_text(json.dumps(plan_dict()), encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    with open(tmp_path / "huge.json", "wb") as sparse:  # no disk used: a hole of 300 MiB
        sparse.truncate(MAX_INPUT_BYTES + 1)
    return tmp_path


# (command with BAD as the input under test, the input's name in the message)
READERS: list[tuple[list[str], str]] = [
    (["validate-instance", "BAD"], "instance"),
    (["plan", "BAD", "-o", "-"], "instance"),
    (["check", "{ws}/year.json", "BAD"], "plan"),
    (["report", "{ws}/year.json", "BAD"], "plan"),
    (["replan", "{ws}/year.json", "{ws}/plan.json", "BAD", "-o", "-"], "changes"),
    (["govern", "{ws}/year.json", "--plan", "BAD", "-o", "-"], "--plan"),
    (["agenda", "{ws}/year.json", "{ws}/plan.json", "--previous", "BAD", "-o", "-"], "--previous"),
    (["admit", "{ws}/year.json", "--cap", "3", "--quotas", "BAD"], "--quotas"),
    (["suggest", "{ws}/year.json", "BAD", "--mission", "M01"], "plan"),
]


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "pipe"])
@pytest.mark.parametrize(("args", "name"), READERS, ids=[a[0] + " " + n for a, n in READERS])
def test_a_device_or_a_pipe_is_refused_as_an_input(ws: Path, device: str, args: list[str], name: str) -> None:
    bad = str(ws / device) if device == "pipe" else device
    started = time.monotonic()
    code, stderr = run([bad if a == "BAD" else a.format(ws=ws) for a in args])
    assert code == 2, stderr
    assert f"{name}: {bad} is not a regular file or a folder" in stderr
    assert time.monotonic() - started < 5  # neither read to the end nor waiting for a writer


@pytest.mark.parametrize("command", [["validate-instance", "{ws}/huge.json"],
                                     ["check", "{ws}/year.json", "{ws}/huge.json"],
                                     ["convert", "{ws}/huge.json", "-o", "-"]])
def test_a_file_over_the_size_limit_is_refused_without_being_read(ws: Path, command: list[str]) -> None:
    started = time.monotonic()
    code, stderr = run([a.format(ws=ws) for a in command])
    assert code == 2, stderr
    assert "huge.json" in stderr and f"larger than the limit of {MAX_INPUT_BYTES:,} bytes" in stderr
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("sheet", ["ambassadors.csv", "instance.json"])
@pytest.mark.parametrize("kind", ["pipe", "huge"])
def test_a_sheet_that_is_a_pipe_or_too_large_is_refused(ws: Path, tiny: Instance, sheet: str,
                                                        kind: str) -> None:
    folder = ws / "sheets"
    write_csv_folder(tiny, folder)
    (folder / sheet).unlink()
    if kind == "pipe":
        os.mkfifo(folder / sheet)
    else:
        with open(folder / sheet, "wb") as sparse:
            sparse.truncate(MAX_INPUT_BYTES + 1)
    code, stderr = run(["validate-instance", str(folder)])
    assert code == 2, stderr
    assert sheet in stderr
    assert ("not a regular file" if kind == "pipe" else "larger than the limit") in stderr


def test_the_library_refuses_devices_and_large_files_too(ws: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        Instance.load("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        Plan.load(ws / "pipe")
    with pytest.raises(InputError, match="larger than the limit of 10 bytes"):
        read_input_bytes(ws / "plan.json", limit=10)
    assert read_input_bytes(ws / "plan.json") == (ws / "plan.json").read_bytes()
