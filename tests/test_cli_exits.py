"""Exit codes (DOMAIN.md section 10): 0, 1, 2, 3 and 130 keep their meaning, and a crash has its
own code (70) with the traceback saved to a file instead of printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _tiny_plans import plan_dict
from click.testing import CliRunner

from ambassade_opt.cli import main
from ambassade_opt.cli.exits import Exit
from ambassade_opt.plan import Plan
from tests.solver_helpers import mission, year


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_dict()), encoding="utf-8")
    return path


def test_the_codes_are_those_of_the_domain() -> None:
    assert [int(code) for code in Exit] == [0, 1, 2, 3, 70, 130]


def boom(*args: object, **kwargs: object) -> str:
    raise RuntimeError("boom in the report")


def test_a_crash_exits_70_with_a_short_message_and_the_traceback_in_a_file(
        tiny_path: Path, plan_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ambassade_opt.report.render_report", boom)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.delenv("AMBASSADE_OPT_TRACEBACK", raising=False)
    result = CliRunner().invoke(main, ["report", str(tiny_path), str(plan_path)])
    assert result.exit_code == 70
    assert "Traceback" not in result.output
    assert "internal error" in result.stderr and "RuntimeError" in result.stderr
    saved = list(tmp_path.glob("ambassade-opt-crash-*.txt"))
    assert len(saved) == 1 and str(saved[0]) in result.stderr
    text = saved[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: boom in the report" in text


def test_a_crash_prints_its_traceback_when_asked(tiny_path: Path, plan_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ambassade_opt.report.render_report", boom)
    monkeypatch.setenv("AMBASSADE_OPT_TRACEBACK", "1")
    result = CliRunner().invoke(main, ["report", str(tiny_path), str(plan_path)])
    assert result.exit_code == 70
    assert "Traceback" in result.stderr and "boom in the report" in result.stderr


def test_a_crash_in_a_real_process_is_not_exit_1(tiny_path: Path, plan_path: Path, tmp_path: Path) -> None:
    code = ("import ambassade_opt.report as r\n"
            "def boom(*a, **k): raise RuntimeError('boom')\n"
            "r.render_report = boom\n"
            "from ambassade_opt.cli import main\n"
            "main()\n")
    out = subprocess.run([sys.executable, "-c", code, "report", str(tiny_path), str(plan_path)],
                         capture_output=True, text=True, check=False, timeout=120,
                         env={**os.environ, "TMPDIR": str(tmp_path), "AMBASSADE_OPT_TRACEBACK": "0"})
    assert out.returncode == 70, out.stderr
    assert "Traceback" not in out.stderr
    assert len(list(tmp_path.glob("ambassade-opt-crash-*.txt"))) == 1


def test_an_interrupt_outside_a_solve_exits_130_and_writes_nothing(tiny_path: Path, plan_path: Path,
                                                                   tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("ambassade_opt.report.render_report", interrupted)
    out = tmp_path / "report.txt"
    result = CliRunner().invoke(main, ["report", str(tiny_path), str(plan_path), "-o", str(out)])
    assert result.exit_code == 130
    assert "interrupted: nothing was written" in result.stderr
    assert not out.exists()


def test_infeasible_pins_exit_3_with_the_plan_on_standard_output(tmp_path: Path) -> None:
    inst = year([{"id": "A1", "max_missions": 1}, {"id": "A2"}],
                [mission("M1", 1, pinned_ambassadors=["A1"]), mission("M2", 3, pinned_ambassadors=["A1"])])
    src = tmp_path / "year.json"
    inst.save(src)
    result = CliRunner().invoke(main, ["plan", str(src), "-o", "-", "-q"])
    assert result.exit_code == 3
    plan = Plan.from_json(result.stdout)
    assert plan.status == "infeasible" and plan.solver.conflicts
    assert "no plan exists" in result.stderr

