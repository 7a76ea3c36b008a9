"""Progress on stderr (issue 15): plain lines without a terminal, a live table on one, -q silences."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ambassade_opt.cli import main
from ambassade_opt.cli.progress import ProgressDisplay
from ambassade_opt.solver import ProgressEvent

LONG_COMMANDS = ["plan", "demo", "replan", "curve", "admit", "govern", "report", "convert", "agenda",
                 "generate"]
CLI = [sys.executable, "-m", "ambassade_opt"]
LINE = re.compile(r"^\[\s*\d+\.\d s\] ")


@pytest.mark.parametrize("command", LONG_COMMANDS)
def test_every_long_command_has_quiet(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "-q, --quiet" in result.output


def event(stage: str, kind: str, value: float | None = None, bound: float | None = None) -> ProgressEvent:
    return ProgressEvent(stage=stage, kind=kind, value=value, bound=bound)  # type: ignore[arg-type]


def test_plain_lines_for_steps_and_stage_changes(capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressDisplay("t", live=False, plain_delay=0, plain_interval=3600) as display:
        display.step("reading year.json")
        display.solver(event("coverage", "start"))
        display.solver(event("coverage", "solution", 10.0, 20.0))
        display.solver(event("coverage", "solution", 11.0, 20.0))  # within the interval: not printed
        display.solver(event("coverage", "done", 12.0, 12.0))
    lines = capsys.readouterr().err.splitlines()
    assert all(LINE.match(line) for line in lines), lines
    texts = [LINE.sub("", line) for line in lines]
    assert texts == ["reading year.json", "coverage: solving", "coverage: improving: value 10.0, bound 20.0",
                     "coverage: done: value 12.0, bound 12.0"]


def test_a_quick_command_prints_no_progress(capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressDisplay("t", live=False, plain_delay=60) as display:
        display.step("reading year.json")
        display.solver(event("coverage", "done", 1.0))
    display.print("the answer")
    assert capsys.readouterr().err == "the answer\n"


def test_held_lines_come_out_when_the_command_runs_long(capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressDisplay("t", live=False, plain_delay=0.2) as display:
        display.step("reading year.json")
        assert capsys.readouterr().err == ""
        time.sleep(0.6)  # the timer releases the held line although no news came since
        assert LINE.sub("", capsys.readouterr().err.strip()) == "reading year.json"


def test_quiet_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressDisplay("t", quiet=True, plain_delay=0) as display:
        display.step("reading")
        display.solver(event("coverage", "done", 1.0))
        display.print("summary")
    assert capsys.readouterr().err == ""


def test_delays_are_checked() -> None:
    with pytest.raises(ValueError, match="seconds"):
        ProgressDisplay("t", plain_delay=float("nan"))


@pytest.fixture(scope="module")
def s_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An S year whose plans last longer than the progress delay (a few seconds)."""
    year = tmp_path_factory.mktemp("progress") / "year.json"
    subprocess.run([*CLI, "generate", "--size", "S", "--seed", "1", "-o", str(year), "-q"], check=True)
    return year


def run_plan(year: Path, extra: list[str]) -> subprocess.CompletedProcess[str]:
    """A one-worker plan on standard output that its work limit stops, not the clock: the time
    limit is far above what the work takes, so that two runs must give the same bytes."""
    args = ["plan", str(year), "-o", "-", "--work-limit", "3", "--time-limit", "600", "--workers", "1",
            *extra]
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False, timeout=900)


def stopped_by_the_clock(plan_json: str) -> list[str]:
    stages = json.loads(plan_json)["solver"]["stages"]
    return [s["name"] for s in stages if s["stopped_by"] == "wall"]


def test_a_solve_shows_its_stages_without_a_terminal_and_quiet_silences_it(s_year: Path) -> None:
    loud = run_plan(s_year, [])
    assert loud.returncode == 0, loud.stderr
    lines = [ln for ln in loud.stderr.splitlines() if LINE.match(ln)]
    assert any(f"reading {s_year}" in ln for ln in lines), loud.stderr
    assert any(" coverage: done" in ln for ln in lines), loud.stderr
    assert any(" cost: done" in ln for ln in lines), loud.stderr
    assert "status " in loud.stderr  # the summary
    quiet = run_plan(s_year, ["-q"])
    assert quiet.returncode == 0
    assert quiet.stderr == ""
    assert stopped_by_the_clock(loud.stdout) == stopped_by_the_clock(quiet.stdout) == []
    assert quiet.stdout == loud.stdout  # one worker and a work limit: the same plan, progress or not


def test_a_solve_shows_a_live_table_on_a_terminal(s_year: Path, tmp_path: Path) -> None:
    master, slave = pty.openpty()
    args = ["plan", str(s_year), "-o", str(tmp_path / "plan.json"), "--time-limit", "3", "--workers", "1"]
    proc = subprocess.Popen([*CLI, *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=slave, env={**os.environ, "TERM": "xterm", "COLUMNS": "100"})
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    assert proc.wait(timeout=60) == 0
    text = seen.decode("utf-8", errors="replace")
    assert "\x1b[" in text  # the live display redraws in place
    assert "Planning (lexicographic" in text and "coverage" in text and "done" in text


@pytest.mark.parametrize(("args", "news"), [
    (["admit", "{year}", "--cap", "20", "--time-limit", "3", "-o", "-"], " coverage: done"),
    (["curve", "{year}", "--caps", "10,20", "--time-limit-per-point", "2", "-o", "-"], " cap 20, budget "),
])
def test_analyst_commands_show_their_progress(s_year: Path, args: list[str], news: str) -> None:
    done = subprocess.run([*CLI, *(a.format(year=s_year) for a in args)], capture_output=True, text=True,
                          check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if LINE.match(ln)]
    assert any(news in ln for ln in lines), done.stderr
    quiet = subprocess.run([*CLI, *(a.format(year=s_year) for a in args), "-q"], capture_output=True,
                           text=True, check=False, timeout=300)
    assert quiet.returncode == 0 and quiet.stderr == ""
