"""Ctrl-C (issue 15): the first stops the search and keeps the best plan found so far (when the
solver can stop), the second aborts at once; either way the exit code is 130."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

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


@pytest.fixture(scope="module")
def s_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    year = tmp_path_factory.mktemp("interrupt") / "year.json"
    subprocess.run([*CLI, "generate", "--size", "S", "--seed", "1", "-o", str(year), "-q"], check=True)
    return year


def start_plan(year: Path, out: Path) -> subprocess.Popen[str]:
    """A one-minute plan, returned once its search has started (its progress says so)."""
    proc = subprocess.Popen([*CLI, "plan", str(year), "-o", str(out), "--time-limit", "60", "--workers", "1"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    for line in proc.stderr:
        if "rotation: solving" in line:
            return proc
        assert time.monotonic() < deadline, "the search never started"
    raise AssertionError(f"the plan ended before its search: {proc.wait()}")


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, float]:
    started = time.monotonic()
    _, rest = proc.communicate(timeout=120)
    return proc.returncode, rest, time.monotonic() - started


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
    proc = start_plan(s_year, out)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.05)
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    code, stderr, seconds = finish(proc)
    assert code == 130, stderr
    if "the best plan found so far" in stderr:
        pytest.skip("the search stopped and wrote its plan before the second Ctrl-C arrived")
    assert "interrupted: nothing was written" in stderr
    assert seconds < 10
    assert list(tmp_path.iterdir()) == []
