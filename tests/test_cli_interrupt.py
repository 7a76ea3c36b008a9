"""Ctrl-C (issue 15): the first stops the search and keeps the best plan found so far (when the
solver can stop), the second aborts at once; either way the exit code is 130."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import pytest

from ambassade_opt.cli import interrupt
from ambassade_opt.cli.interrupt import ctrl_c_stops, run_in_thread, solver_can_stop
from ambassade_opt.errors import InputError

CLI = [sys.executable, "-m", "ambassade_opt"]


def test_first_ctrl_c_sets_the_stop_event_and_the_second_aborts() -> None:
    before = signal.getsignal(signal.SIGINT)
    with ctrl_c_stops(graceful=True) as stop:
        assert not stop.is_set()
        signal.raise_signal(signal.SIGINT)
        assert stop.is_set()
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is before


def test_without_a_stoppable_solver_the_first_ctrl_c_aborts() -> None:
    with ctrl_c_stops(graceful=False) as stop, pytest.raises(KeyboardInterrupt):
        signal.raise_signal(signal.SIGINT)
    assert not stop.is_set()


def test_work_in_a_thread_returns_its_value_and_raises_its_errors() -> None:
    assert run_in_thread(lambda: threading.current_thread().name) == "ambassade-opt-work"

    def bad() -> None:
        raise InputError([("x", "bad")])

    with pytest.raises(InputError, match="bad"):
        run_in_thread(bad)


class Aborted(Exception):
    pass


def test_ctrl_c_while_the_work_runs_aborts(monkeypatch: pytest.MonkeyPatch) -> None:
    """However the signal lands in the main thread's wait, the work is known to be running."""

    def abort() -> None:
        raise Aborted

    monkeypatch.setattr(interrupt, "abort_now", abort)
    for _ in range(5):
        release = threading.Event()
        threading.Timer(0.25, os.kill, args=(os.getpid(), signal.SIGINT)).start()
        with pytest.raises(Aborted):
            run_in_thread(partial(release.wait, 30))
        release.set()


@pytest.fixture(scope="module")
def s_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    year = tmp_path_factory.mktemp("interrupt") / "year.json"
    subprocess.run([*CLI, "generate", "--size", "S", "--seed", "1", "-o", str(year), "-q"], check=True)
    return year


# The `plan` command with a solver slow to react to Ctrl-C: it never sees the stop event, so the
# search is certainly still running when a second Ctrl-C comes (a real solve of an S year stops
# within milliseconds, and the second Ctrl-C would race the plan being written).
SLOW_TO_STOP = """
import sys
import ambassade_opt.solver as solver
real_solve = solver.solve
solver.solve = lambda instance, options: real_solve(instance, options.with_(stop=None))
from ambassade_opt.cli import main
main(sys.argv[1:], prog_name="ambassade-opt")
"""


def start_plan(year: Path, out: Path, *, slow_to_stop: bool = False) -> subprocess.Popen[str]:
    """A one-minute plan, returned once its search has started (its progress says so)."""
    program = [sys.executable, "-c", SLOW_TO_STOP] if slow_to_stop else CLI
    args = ["plan", str(year), "-o", str(out), "--time-limit", "60", "--workers", "1"]
    proc = subprocess.Popen([*program, *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    wait_for(proc, "rotation: solving", "the search never started")
    return proc


def wait_for(proc: subprocess.Popen[str], text: str, failure: str) -> None:
    """Read ``proc``'s stderr until a line contains ``text``."""
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    for line in proc.stderr:
        if text in line:
            return
        assert time.monotonic() < deadline, failure
    raise AssertionError(f"{failure}: exit {proc.wait()}")


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, float]:
    """Exit code, the rest of stderr, and the seconds the process took to end."""
    assert proc.stderr is not None
    started = time.monotonic()
    code = proc.wait(timeout=120)
    seconds = time.monotonic() - started
    return code, proc.stderr.read(), seconds


def test_ctrl_c_during_a_plan_exits_130(s_year: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    proc = start_plan(s_year, out)
    proc.send_signal(signal.SIGINT)
    code, stderr, seconds = finish(proc)
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert seconds < 30  # not the 60 s of the time limit
    if solver_can_stop():
        assert "the best plan found so far" in stderr
        plan = json.loads(out.read_text(encoding="utf-8"))
        assert plan["status"] == "feasible" and plan["solver"]["stopped_by"] == "interrupt"
        check = subprocess.run([*CLI, "check", str(s_year), str(out)], capture_output=True, check=False)
        assert check.returncode == 0, check.stdout
    else:  # the solver cannot stop early yet: Ctrl-C aborts, and nothing is half-written
        assert "interrupted: nothing was written" in stderr
        assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == (["plan.json"] if solver_can_stop() else [])


def test_a_second_ctrl_c_aborts_at_once_and_writes_nothing(s_year: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    proc = start_plan(s_year, out, slow_to_stop=True)
    proc.send_signal(signal.SIGINT)
    if solver_can_stop():  # the first Ctrl-C is taken (the search goes on: this solver is slow to stop)
        wait_for(proc, "stopping: the best plan found so far will be written",
                 "the first Ctrl-C was not taken")
        assert proc.poll() is None
        proc.send_signal(signal.SIGINT)
    code, stderr, seconds = finish(proc)
    assert code == 130, stderr
    assert "interrupted: nothing was written" in stderr
    assert "the best plan found so far (" not in stderr
    assert "Traceback" not in stderr
    assert seconds < 10  # not the 60 s of the time limit
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_during_a_curve_writes_the_points_computed_so_far(s_year: Path, tmp_path: Path) -> None:
    out = tmp_path / "curve.csv"
    args = ["curve", str(s_year), "--caps", "5:40:5", "--time-limit-per-point", "10", "-o", str(out)]
    proc = subprocess.Popen([*CLI, *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    wait_for(proc, "cap 5, budget", "no point was computed")
    proc.send_signal(signal.SIGINT)
    code, stderr, seconds = finish(proc)
    assert code == 130, stderr
    assert "interrupted: the points computed so far are written" in stderr
    assert seconds < 30
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("cap,budget,status")
    assert 2 <= len(rows) < 9  # one line per point computed before Ctrl-C, never all eight
