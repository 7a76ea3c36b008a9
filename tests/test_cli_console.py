"""The console (issue 15): a console that cannot show a character never makes a command fail, and
``python -m ambassade_opt`` is the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from _tiny_plans import plan_dict

from ambassade_opt import __version__
from ambassade_opt.cli.console import for_console

CLI = [sys.executable, "-m", "ambassade_opt"]


def run(args: list[str], encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([*CLI, *args], capture_output=True, check=False, timeout=300, env=env)


def test_report_on_a_cp1252_console(tiny_path: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(plan_dict()), encoding="utf-8")
    out = run(["report", str(tiny_path), str(plan)], "cp1252")
    assert out.returncode == 0, out.stderr.decode("cp1252")
    text = out.stdout.decode("cp1252")  # every byte is cp1252
    assert "Headline" in text and "+---" in text  # rich's box lines became ASCII, not "?"
    assert b"Traceback" not in out.stderr


def test_demo_on_a_cp1252_console() -> None:
    out = run(["demo", "--time-limit", "2", "--workers", "1"], "cp1252")
    assert out.returncode == 0, out.stderr.decode("cp1252")
    assert b"Traceback" not in out.stderr
    assert "Headline" in out.stdout.decode("cp1252")


def test_an_ascii_console_gets_replacement_characters_not_a_crash(tiny_path: Path) -> None:
    out = run(["validate-instance", str(tiny_path)], "ascii")
    assert out.returncode == 0, out.stderr
    assert b"valid" in out.stdout


def test_box_drawing_becomes_ascii_only_where_needed() -> None:
    table = "┏━━┳━━┓\n┃ a┃ b┃\n┗━━┻━━┛"
    assert for_console(table, "cp1252") == "+--+--+\n| a| b|\n+--+--+"
    assert for_console(table, "utf-8") == table
    assert for_console("é — ü", "cp1252") == "é — ü"


def test_python_dash_m_runs_the_command_line(tiny_path: Path) -> None:
    out = subprocess.run([*CLI, "--version"], capture_output=True, text=True, check=False, timeout=60)
    assert out.returncode == 0
    assert out.stdout.strip() == f"ambassade-opt, version {__version__}"
    out = subprocess.run([*CLI, "validate-instance", str(tiny_path)], capture_output=True, text=True,
                         check=False, timeout=60)
    assert out.returncode == 0 and "valid" in out.stdout
    out = subprocess.run([*CLI, "--help"], capture_output=True, text=True, check=False, timeout=60)
    assert out.stdout.startswith("Usage: ambassade-opt ")
