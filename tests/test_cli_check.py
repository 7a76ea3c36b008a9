import json
from pathlib import Path
from typing import Any

import pytest
from _tiny_plans import plan_dict, valid_table
from click.testing import CliRunner

from ambassade_opt.cli import main


def _write(tmp_path: Path, data: Any, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_valid_plan_exits_0(tiny_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tiny_path), str(_write(tmp_path, plan_dict()))])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_violations_exit_1_one_per_line(tiny_path: Path, tmp_path: Path) -> None:
    table = valid_table()
    table["M03"] = (["A04"], None)  # A04 speaks no fr
    table["M01"] = (["A08"], None)  # M01 needs a staff pair
    result = CliRunner().invoke(main, ["check", str(tiny_path), str(_write(tmp_path, plan_dict(table)))])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "eligibility: M03: ambassador A04 does not speak fr",
        "eligibility: M03: ambassador A04 is not competent for one_to_one",
        "pair: M01: needs a staff pair, none assigned",
    ]


@pytest.mark.parametrize("bad", ["{", '{"format_version": 1}', '{"status": "feasible", "oops": 1}'])
def test_bad_plan_exits_2(tiny_path: Path, tmp_path: Path, bad: str) -> None:
    result = CliRunner().invoke(main, ["check", str(tiny_path), str(_write(tmp_path, bad))])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_missing_file_exits_2(tiny_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tiny_path), str(tmp_path / "nope.json")])
    assert result.exit_code == 2


def test_report_formats(tiny_path: Path, tmp_path: Path) -> None:
    plan = str(_write(tmp_path, plan_dict()))
    text = CliRunner().invoke(main, ["report", str(tiny_path), plan])
    assert text.exit_code == 0 and "Coverage per axis" in text.stdout
    out = tmp_path / "report.json"
    as_json = CliRunner().invoke(main, ["report", str(tiny_path), plan, "--format", "json", "-o", str(out)])
    assert as_json.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["kpis"]["covered"] == 9
    folder = tmp_path / "tables"
    csv = CliRunner().invoke(
        main, ["report", str(tiny_path), plan, "--format", "csv-folder", "-o", str(folder)]
    )
    assert csv.exit_code == 0 and (folder / "loads.csv").exists()


def test_csv_folder_needs_a_folder(tiny_path: Path, tmp_path: Path) -> None:
    plan = str(_write(tmp_path, plan_dict()))
    result = CliRunner().invoke(main, ["report", str(tiny_path), plan, "--format", "csv-folder"])
    assert result.exit_code == 2
