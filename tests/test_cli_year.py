"""settle, close-year and train on the command line: the outputs; bad input exits 2 with located
messages and nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _tiny_plans import plan_dict
from click.testing import CliRunner, Result
from conftest import run_checker

from ambassade_opt.actuals import Actuals
from ambassade_opt.actuals.sheets import write_actuals_folder
from ambassade_opt.cli import main
from ambassade_opt.model import Instance

REPORTS = {"format_version": 1, "year": 2027, "reports": [
    {"mission": "M01", "held": True, "people": [{"id": "A08", "hours": 9, "expenses_eur": 12.5},
                                                {"id": "S01"}]},
    {"mission": "M05", "held": True, "people": [{"id": "A04", "hours": 4, "substitute_for": "A01"}]},
    {"mission": "M02", "held": False},
]}


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _write(path: Path, data: Any) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path, tiny_path: Path) -> dict[str, Path]:
    return {"year": tiny_path, "plan": _write(tmp_path / "plan.json", plan_dict()),
            "actuals": _write(tmp_path / "actuals.json", REPORTS)}


def test_settle_writes_the_four_tables(files: dict[str, Path], tmp_path: Path) -> None:
    res = _run("settle", str(files["year"]), str(files["plan"]), str(files["actuals"]), "-o",
               str(tmp_path / "settlement"))
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "settlement").iterdir()) == [
        "expenses.csv", "remuneration.csv", "to_review.csv", "totals.csv"]
    assert "paid 532.50 EUR" in res.output  # 40 × 9 + 12.50 on M01, 40 × 4 on M05
    res = _run("settle", str(files["year"]), str(files["plan"]), str(files["actuals"]), "-o",
               str(tmp_path / "pay.xlsx"), "--format", "xlsx", "-q")
    assert res.exit_code == 0 and res.output == "" and (tmp_path / "pay.xlsx").exists()


def test_settle_reads_a_folder_of_sheets(files: dict[str, Path], tmp_path: Path) -> None:
    write_actuals_folder(Actuals.of(REPORTS), tmp_path / "reports")
    res = _run("settle", str(files["year"]), str(files["plan"]), str(tmp_path / "reports"), "-o",
               str(tmp_path / "out"), "-q")
    assert res.exit_code == 0, res.output
    people = (tmp_path / "reports" / "people.csv").read_text(encoding="utf-8")
    _write(tmp_path / "reports" / "people.csv", people.replace("A04,4.0,0.0,A01", "A04,4.0,0.0,A03"))
    res = _run("settle", str(files["year"]), str(files["plan"]), str(tmp_path / "reports"), "-o",
               str(tmp_path / "out2"))
    assert res.exit_code == 2, res.output
    assert "people.csv row 4, column substitute_for: 'A03' was not planned on M05" in res.output
    assert not (tmp_path / "out2").exists()


@pytest.mark.parametrize(("reports", "words"), [
    ({**REPORTS, "reports": [{"mission": "M05", "held": True,
                              "people": [{"id": "A04", "substitute_for": "A03"}]}]},
     "reports[0].people[0].substitute_for"),
    ({**REPORTS, "reports": [{"mission": "M02", "held": False, "people": [{"id": "A02", "hours": 2}]}]},
     "reports[0].people[0].hours"),
    ({**REPORTS, "reports": [{"mission": "M404", "held": True}]}, "reports[0].mission: unknown mission"),
    ({**REPORTS, "year": 2026}, "year: 2026 is not the year"),
    ("{not json", "not valid JSON"),
])
def test_settle_bad_reports_exit_2_and_write_nothing(files: dict[str, Path], tmp_path: Path,
                                                     reports: Any, words: str) -> None:
    bad = _write(tmp_path / "bad.json", reports)
    res = _run("settle", str(files["year"]), str(files["plan"]), str(bad), "-o", str(tmp_path / "out"))
    assert res.exit_code == 2, res.output
    assert words in res.output and "Traceback" not in res.output
    assert not (tmp_path / "out").exists()


def test_settle_never_writes_over_a_file(files: dict[str, Path], tmp_path: Path) -> None:
    res = _run("settle", str(files["year"]), str(files["plan"]), str(files["actuals"]), "-o",
               str(files["actuals"]))
    assert res.exit_code == 2 and "would destroy it" in res.output
    assert json.loads(files["actuals"].read_text(encoding="utf-8")) == REPORTS


def test_close_year(files: dict[str, Path], tmp_path: Path) -> None:
    gov = _write(tmp_path / "gov.json", {"support_group": {"members": ["S01", "A04"]}, "meetings": [
        {"meeting": "G01", "method": "sortition", "guests": ["A01", "A02"]}]})
    out = tmp_path / "next.json"
    res = _run("close-year", str(files["year"]), str(files["plan"]), "--actuals", str(files["actuals"]),
               "--governance", str(gov), "--year", "2028", "-o", str(out))
    assert res.exit_code == 0, res.output
    nxt = Instance.load(out)
    assert nxt.year == 2028 and nxt.missions == []
    assert nxt.ambassador("A04").history.missions_last_year == 2  # M05 as a substitute, M10 planned
    assert [a.id for a in nxt.ambassadors if a.history.drawn_this_cycle] == ["A01", "A02"]


@pytest.mark.parametrize(("extra", "words"), [
    (["--year", "2026"], "year: 2026 is not after this year"),
    (["--year", "2028", "--governance", "missing.json"], "no such file"),
    (["--year", "2028", "--actuals", "{bad}"], "reports[0].mission: unknown mission 'M77'"),
])
def test_close_year_bad_input(files: dict[str, Path], tmp_path: Path, extra: list[str], words: str) -> None:
    bad_reports = _write(tmp_path / "bad.json", {**REPORTS, "reports": [{"mission": "M77", "held": True}]})
    extra = [str(bad_reports) if e == "{bad}" else str(tmp_path / e) if e.endswith(".json") else e
             for e in extra]
    out = tmp_path / "next.json"
    res = _run("close-year", str(files["year"]), str(files["plan"]), *extra, "-o", str(out))
    assert res.exit_code == 2, res.output
    assert words in res.output and not out.exists()


def test_close_year_never_overwrites_an_input(files: dict[str, Path], tmp_path: Path) -> None:
    year = _write(tmp_path / "year.json", files["year"].read_text(encoding="utf-8"))
    before = year.read_text(encoding="utf-8")
    res = _run("close-year", str(year), str(files["plan"]), "--year", "2028", "-o", str(year))
    assert res.exit_code == 2 and "would destroy it" in res.output
    assert year.read_text(encoding="utf-8") == before
    gov = _write(tmp_path / "gov.json", {"support_group": {"members": []}, "meetings": []})
    other = _write(tmp_path / "gov2.json", {"support_group": {"members": []}, "meetings": []})
    res = _run("close-year", str(year), str(files["plan"]), "--governance", str(other), "--governance",
               str(gov), "--year", "2028", "-o", str(gov))
    assert res.exit_code == 2 and "--governance" in res.output, res.output
    assert json.loads(gov.read_text(encoding="utf-8")) == {"support_group": {"members": []}, "meetings": []}


def test_train(tiny_raw: dict[str, Any], tmp_path: Path) -> None:
    for a in tiny_raw["ambassadors"]:
        if a["id"] in ("A02", "A04"):
            a["trainings"] = [t for t in a["trainings"] if t != "initial"]
    year = _write(tmp_path / "year.json", tiny_raw)
    out, trained = tmp_path / "training.json", tmp_path / "trained.json"
    res = _run("train", str(year), "--max-trainings", "2", "-o", str(out), "--instance-out", str(trained),
               "--time-limit", "2", "--final-time-limit", "2")
    assert res.exit_code == 0, res.output
    assert "coverage value" in res.output  # the summary (progress lines only show after a second)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["suggestions"]) == 2 and data["coverage_after"] > data["coverage_before"]
    plan = _write(tmp_path / "plan.json", data["plan"])
    figures = run_checker(trained, plan)
    assert figures["exit_code"] == 0 and figures["violation_lines"] == []


def test_train_bad_input(tiny_path: Path, tmp_path: Path) -> None:
    stranger = _write(tmp_path / "plan.json", {**plan_dict(), "assignments": [
        {"mission": "M88", "ambassadors": ["A01"], "staff": None}]})
    out = tmp_path / "training.json"
    res = _run("train", str(tiny_path), "--plan", str(stranger), "--max-trainings", "1", "-o", str(out))
    assert res.exit_code == 2 and "unknown mission 'M88'" in res.output and not out.exists()
    res = _run("train", str(tiny_path), "--max-trainings", "-1", "-o", str(out))
    assert res.exit_code == 2 and not out.exists()
    # A plan that breaks a rule would give a false "coverage before": refused, its violations listed.
    crowded = _write(tmp_path / "crowded.json", {**plan_dict(), "assignments": [
        {**a, "ambassadors": ["A02", "A04", "A06"]} if a["mission"] == "M02" else a
        for a in plan_dict()["assignments"]]})
    res = _run("train", str(tiny_path), "--plan", str(crowded), "--max-trainings", "1", "-o", str(out))
    assert res.exit_code == 2 and "M02: 3 ambassadors, needs 2" in res.output and not out.exists()


@pytest.mark.parametrize("what", ["actuals", "training", "changes"])
def test_schemas(what: str) -> None:
    res = _run("schema", "--what", what)
    assert res.exit_code == 0 and json.loads(res.output)["title"]
