"""Outputs of every command (issue 16, classes 1 and 4): checked before any work, never over an
input, never two on one path, written atomically, and a failed write is a clear exit 2."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from _tiny_plans import plan_dict
from click.testing import CliRunner

from ambassade_opt.cli import generate_cmd, main
from ambassade_opt.csv_sheets import write_csv_folder
from ambassade_opt.model import Instance

Args = Callable[[Path, str], list[str]]


@pytest.fixture
def ws(tmp_path: Path, tiny: Instance) -> Path:
    """A workspace: year.json, plan.json, changes.json and a sheet folder of the tiny year."""
    tiny.save(tmp_path / "year.json")
    (tmp_path / "plan.json").write_text(json.dumps(plan_dict()), encoding="utf-8")
    (tmp_path / "changes.json").write_text('{"format_version": 1, "changes": []}', encoding="utf-8")
    write_csv_folder(tiny, tmp_path / "sheets")
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def invoke(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


FAST = ["--time-limit", "2", "--workers", "1"]
# command -> its arguments with OUT as the output under test (ws: the workspace)
FILE_WRITERS: dict[str, Args] = {
    "plan": lambda ws, out: ["plan", f"{ws}/year.json", "-o", out, *FAST],
    "convert": lambda ws, out: ["convert", f"{ws}/year.json", "--to", "json", "-o", out],
    "govern": lambda ws, out: ["govern", f"{ws}/year.json", "-o", out],
    "agenda": lambda ws, out: ["agenda", f"{ws}/year.json", f"{ws}/plan.json", "-o", out],
    "report": lambda ws, out: ["report", f"{ws}/year.json", f"{ws}/plan.json", "-o", out],
    "report --format html": lambda ws, out: ["report", f"{ws}/year.json", f"{ws}/plan.json",
                                             "--format", "html", "--lang", "nl", "-o", out],
    "agenda --format html": lambda ws, out: ["agenda", f"{ws}/year.json", f"{ws}/plan.json",
                                             "--format", "html", "--public", "--stamp", "2027-01-10T09:00:00",
                                             "-o", out],
    "schema": lambda ws, out: ["schema", "-o", out],
    "generate": lambda ws, out: ["generate", "-o", out],
    "admit --plan-out": lambda ws, out: ["admit", f"{ws}/year.json", "--cap", "3", "--time-limit", "2",
                                         "-o", f"{ws}/admit.json", "--plan-out", out],
    "curve --plot": lambda ws, out: ["curve", f"{ws}/year.json", "--caps", "3", "--time-limit-per-point", "1",
                                     "-o", f"{ws}/curve.csv", "--plot", out],
    "replan -o": lambda ws, out: ["replan", f"{ws}/year.json", f"{ws}/plan.json", f"{ws}/changes.json",
                                  "-o", out, *FAST],
    "replan --instance-out": lambda ws, out: ["replan", f"{ws}/year.json", f"{ws}/plan.json",
                                              f"{ws}/changes.json", "-o", f"{ws}/new.json",
                                              "--instance-out", out, *FAST],
    "demo -o": lambda ws, out: ["demo", "--time-limit", "1", "--workers", "1", "-o", out],
}
FOLDER_WRITERS: dict[str, Args] = {
    "convert to sheets": lambda ws, out: ["convert", f"{ws}/year.json", "--to", "csv", "-o", out],
    "report csv-folder": lambda ws, out: ["report", f"{ws}/year.json", f"{ws}/plan.json", "--format",
                                          "csv-folder", "-o", out],
    "agenda --per-person": lambda ws, out: ["agenda", f"{ws}/year.json", f"{ws}/plan.json", "--per-person",
                                            out],
}
OPTION = {"replan --instance-out": "--instance-out", "admit --plan-out": "--plan-out",
          "curve --plot": "--plot", "agenda --per-person": "--per-person"}


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any work (loading or generating a year) fails loudly: a refusal must come before it."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the command started working before checking its outputs")

    monkeypatch.setattr(Instance, "load", refuse)
    monkeypatch.setattr(generate_cmd, "generate", refuse)  # imported by name there
    monkeypatch.setattr("ambassade_opt.synthetic.generate", refuse)


BAD_FILE_OUTPUTS: list[tuple[str, Callable[[Path], str], str]] = [
    ("empty name", lambda ws: "", "empty name"),
    ("missing folder", lambda ws: f"{ws}/no/such/out.json", "does not exist"),
    ("parent is a file", lambda ws: f"{ws}/plan.json/out.json", "is not a folder"),
    ("a folder", lambda ws: f"{ws}/sheets", "is a folder"),
    ("name too long", lambda ws: f"{ws}/{'x' * 300}.json", "longer than"),
    ("folder not writable", lambda ws: "/sys/ambassade-opt-out.json", "cannot write"),
]


@pytest.mark.parametrize("command", FILE_WRITERS, ids=list(FILE_WRITERS))
@pytest.mark.parametrize(("case", "make", "words"), BAD_FILE_OUTPUTS, ids=[c[0] for c in BAD_FILE_OUTPUTS])
def test_a_bad_output_file_is_refused_before_any_work(ws: Path, no_work: None, command: str, case: str,
                                                      make: Callable[[Path], str], words: str) -> None:
    before = snapshot(ws)
    code, stderr = invoke(FILE_WRITERS[command](ws, make(ws)))
    assert code == 2, stderr
    assert stderr.startswith("error: ")
    assert OPTION.get(command, "--output") in stderr and words in stderr
    assert snapshot(ws) == before


BAD_FOLDER_OUTPUTS: list[tuple[str, Callable[[Path], str], str]] = [
    ("empty name", lambda ws: "", "an empty name is not"),
    ("missing parent", lambda ws: f"{ws}/no/such/out", "does not exist"),
    ("a file", lambda ws: f"{ws}/changes.json", "is not a folder"),
    ("name too long", lambda ws: f"{ws}/{'x' * 300}", "longer than"),
    ("not writable", lambda ws: "/sys/ambassade-opt-out", "cannot write"),
]


@pytest.mark.parametrize("command", FOLDER_WRITERS, ids=list(FOLDER_WRITERS))
@pytest.mark.parametrize(("case", "make", "words"), BAD_FOLDER_OUTPUTS,
                         ids=[c[0] for c in BAD_FOLDER_OUTPUTS])
def test_a_bad_output_folder_is_refused_before_any_work(ws: Path, no_work: None, command: str, case: str,
                                                        make: Callable[[Path], str], words: str) -> None:
    before = snapshot(ws)
    code, stderr = invoke(FOLDER_WRITERS[command](ws, make(ws)))
    assert code == 2, stderr
    assert OPTION.get(command, "--output") in stderr and words in stderr
    assert snapshot(ws) == before


# (case, arguments, the option named): an output over an input, or two outputs on one path
OVERLAPS: list[tuple[str, Callable[[Path], list[str]], str]] = [
    ("plan over its year", lambda ws: ["plan", f"{ws}/year.json", "-o", f"{ws}/year.json"], "--output"),
    ("govern over its year", lambda ws: ["govern", f"{ws}/year.json", "-o", f"{ws}/year.json"], "--output"),
    ("govern over its plan", lambda ws: ["govern", f"{ws}/year.json", "--plan", f"{ws}/plan.json", "-o",
                                         f"{ws}/plan.json"], "--output"),
    ("convert into its sheet folder", lambda ws: ["convert", f"{ws}/sheets", "-o",
                                                  f"{ws}/sheets/instance.json"], "inside the input folder"),
    ("convert onto its sheet folder", lambda ws: ["convert", f"{ws}/sheets", "--to", "csv", "-o",
                                                  f"{ws}/sheets"], "--output"),
    ("convert over its year", lambda ws: ["convert", f"{ws}/year.json", "--to", "json", "-o",
                                          f"{ws}/year.json"], "--output"),
    ("replan over its plan", lambda ws: ["replan", f"{ws}/year.json", f"{ws}/plan.json", f"{ws}/changes.json",
                                         "-o", f"{ws}/plan.json"], "--output"),
    ("replan: two outputs on one path", lambda ws: ["replan", f"{ws}/year.json", f"{ws}/plan.json",
                                                    f"{ws}/changes.json", "-o", f"{ws}/x.json",
                                                    "--instance-out", f"{ws}/x.json"], "also the output"),
    ("replan: two outputs on standard output",
     lambda ws: ["replan", f"{ws}/year.json", f"{ws}/plan.json", f"{ws}/changes.json", "-o", "-",
                 "--instance-out", "-"], "cannot both go to standard output"),
    ("report over its plan", lambda ws: ["report", f"{ws}/year.json", f"{ws}/plan.json", "-o",
                                         f"{ws}/plan.json"], "--output"),
    ("report tables into the sheet folder", lambda ws: ["report", f"{ws}/sheets", f"{ws}/plan.json",
                                                        "--format", "csv-folder", "-o", f"{ws}/sheets"],
     "--output"),
    ("agenda over its plan", lambda ws: ["agenda", f"{ws}/year.json", f"{ws}/plan.json", "-o",
                                         f"{ws}/plan.json"], "--output"),
    ("agenda page over its plan", lambda ws: ["agenda", f"{ws}/year.json", f"{ws}/plan.json", "--format",
                                              "html", "-o", f"{ws}/plan.json"], "--output"),
    ("agenda page inside the sheet folder", lambda ws: ["agenda", f"{ws}/sheets", f"{ws}/plan.json",
                                                        "--format", "html", "-o", f"{ws}/sheets/agenda.html"],
     "inside the input folder"),
    ("report page over its year", lambda ws: ["report", f"{ws}/year.json", f"{ws}/plan.json", "--format",
                                              "html", "-o", f"{ws}/year.json"], "--output"),
    ("admit over its year", lambda ws: ["admit", f"{ws}/year.json", "--cap", "3", "-o", f"{ws}/year.json"],
     "--output"),
    ("admit: two outputs on one path", lambda ws: ["admit", f"{ws}/year.json", "--cap", "3", "-o",
                                                   f"{ws}/a.json", "--plan-out", f"{ws}/a.json"],
     "--plan-out"),
    ("curve plot over its year", lambda ws: ["curve", f"{ws}/year.json", "--plot", f"{ws}/year.json"],
     "--plot"),
    ("plan through a symbolic link", lambda ws: ["plan", f"{ws}/year.json", "-o", f"{ws}/link.json"],
     "also the input"),
    ("plan over a hard link", lambda ws: ["plan", f"{ws}/year.json", "-o", f"{ws}/hard.json"],
     "also the input"),
    ("plan over the year by another spelling", lambda ws: ["plan", f"{ws}/year.json", "-o",
                                                           f"{ws}/sheets/../year.json"], "also the input"),
]


@pytest.mark.parametrize(("make", "words"), [c[1:] for c in OVERLAPS], ids=[c[0] for c in OVERLAPS])
def test_an_output_never_overwrites_an_input_or_another_output(ws: Path, no_work: None,
                                                               make: Callable[[Path], list[str]],
                                                               words: str) -> None:
    os.symlink(ws / "year.json", ws / "link.json")
    os.link(ws / "year.json", ws / "hard.json")
    before = snapshot(ws)
    code, stderr = invoke(make(ws))
    assert code == 2, stderr
    assert words in stderr
    assert snapshot(ws) == before


def test_a_feed_may_be_written_over_its_previous_export(ws: Path) -> None:
    """``agenda --previous X -o X`` reads the earlier feed, then replaces it: that is the point."""
    feed = ws / "agenda.ics"
    assert invoke(["agenda", f"{ws}/year.json", f"{ws}/plan.json", "-o", str(feed)])[0] == 0
    code, stderr = invoke(["agenda", f"{ws}/year.json", f"{ws}/plan.json", "-o", str(feed),
                           "--previous", str(feed)])
    assert code == 0, stderr


def test_a_personal_html_report_is_refused_before_any_work(ws: Path, no_work: None) -> None:
    before = snapshot(ws)
    code, stderr = invoke(["report", f"{ws}/year.json", f"{ws}/plan.json", "--format", "html",
                           "--include-personal", "-o", f"{ws}/report.html"])
    assert code == 2, stderr
    assert "--include-personal" in stderr and "by id only" in stderr
    assert snapshot(ws) == before


def test_the_tables_folder_never_replaces_an_input_in_it(ws: Path) -> None:
    """A folder output may hold inputs, but none of its files may be one."""
    (ws / "tables").mkdir()
    (ws / "plan.json").rename(ws / "tables" / "loads.csv")  # a plan that happens to share a table's name
    before = snapshot(ws)
    code, stderr = invoke(["report", f"{ws}/year.json", f"{ws}/tables/loads.csv", "--format", "csv-folder",
                           "-o", f"{ws}/tables"])
    assert code == 2, stderr
    assert "loads.csv is also the input plan" in stderr
    assert snapshot(ws) == before


@pytest.mark.parametrize("command", FILE_WRITERS, ids=list(FILE_WRITERS))
def test_a_write_that_fails_at_the_end_exits_2_with_the_reason(ws: Path, full_device: Path,
                                                               command: str) -> None:
    """``-o /dev/full`` (here a private twin of it): the disk is full when the result is written."""
    before = snapshot(ws)
    code, stderr = invoke(FILE_WRITERS[command](ws, str(full_device)))
    assert code == 2, stderr
    option = OPTION.get(command, "--output")
    assert f"{option}: {full_device}: cannot write: No space left on device" in stderr
    assert full_device.is_char_device()
    after = snapshot(ws)
    assert {k: v for k, v in after.items() if k in before} == before  # no input touched
    assert not [name for name in after if name.endswith(".tmp")]


@pytest.mark.parametrize("command", FOLDER_WRITERS, ids=list(FOLDER_WRITERS))
def test_a_folder_write_that_fails_leaves_nothing(ws: Path, command: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    before = snapshot(ws)
    code, stderr = invoke(FOLDER_WRITERS[command](ws, f"{ws}/out"))
    assert code == 2, stderr
    assert "cannot write: No space left on device" in stderr
    assert snapshot(ws) == before
    assert sorted(p.name for p in ws.iterdir()) == ["changes.json", "plan.json", "sheets", "year.json"]


def test_dash_is_still_standard_output(ws: Path) -> None:
    result = CliRunner().invoke(main, ["convert", f"{ws}/year.json", "-o", "-"])
    assert result.exit_code == 0
    assert Instance.from_json(result.stdout) == Instance.load(ws / "year.json")


def test_an_existing_device_is_written_in_place(ws: Path) -> None:
    assert invoke(["convert", f"{ws}/year.json", "--to", "json", "-o", "/dev/null"])[0] == 0
    assert Path("/dev/null").is_char_device()
