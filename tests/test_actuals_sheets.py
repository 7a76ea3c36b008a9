"""Mission reports as a folder of sheets: round trip, Belgian spreadsheets, located problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _tiny_plans import plan_dict

from ambassade_opt.actuals import Actuals, check_actuals
from ambassade_opt.actuals.sheets import (
    load_actuals_folder,
    read_actuals_folder,
    write_actuals_folder,
)
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan

GOOD = Actuals.of({"format_version": 1, "year": 2027, "reports": [
    {"mission": "M01", "held": True, "people": [{"id": "A08", "hours": 6.5, "expenses_eur": 12.5},
                                                {"id": "S01"}],
     "evaluation": {"rating": 4, "notes": 'full room; "great", really', "follow_up": "slides"}},
    {"mission": "M02", "held": False},
    {"mission": "M05", "held": True, "people": [{"id": "A04", "hours": 4, "substitute_for": "A01"}]},
]})


def _folder(tmp_path: Path, reports: str, people: str, head: str = '{"format_version": 1, "year": 2027}',
            encoding: str = "utf-8") -> Path:
    folder = tmp_path / "actuals"
    folder.mkdir(parents=True)
    (folder / "actuals.json").write_text(head, encoding="utf-8")
    (folder / "reports.csv").write_text(reports, encoding=encoding)
    (folder / "people.csv").write_text(people, encoding=encoding)
    return folder


def test_round_trip(tmp_path: Path) -> None:
    write_actuals_folder(GOOD, tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["actuals.json", "people.csv", "reports.csv"]
    assert read_actuals_folder(tmp_path / "out") == GOOD
    assert Actuals.load(tmp_path / "out") == GOOD


def test_writing_into_an_existing_folder_replaces_only_its_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    write_actuals_folder(GOOD, out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    with pytest.raises(InputError):
        write_actuals_folder(GOOD, out / "notes.txt")


def test_a_belgian_spreadsheet_reads(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "mission;held;rating\r\nM01;true;4\r\nM02;false;\r\n",
                     "mission;id;hours;expenses_eur\r\nM01;A08;6,5;12,50\r\n\r\nM01;S01;;\r\n",
                     encoding="utf-8-sig")
    actuals = read_actuals_folder(folder)
    person = actuals.report_of()["M01"].people[0]
    assert (person.hours, person.expenses_eur) == (6.5, 12.5)
    assert [p.id for p in actuals.report_of()["M01"].people] == ["A08", "S01"]
    assert actuals.report_of()["M02"].people == []


def test_problems_name_sheet_row_and_column(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "mission,held,rating,mood\nM01,true,9,\nM01,true,,\n",
                     "mission,id,hours\nM01,A08,-1\nM09,A03,\n")
    with pytest.raises(InputError) as exc:
        read_actuals_folder(folder)
    problems = dict(exc.value.problems)
    assert "unknown column" in problems["reports.csv column mood"]
    assert "no report for 'M09'" in problems["people.csv row 3, column mission"]
    folder2 = _folder(tmp_path / "b", "mission,held,rating\nM01,true,9\nM01,true,\n",
                      "mission,id,hours\nM01,A08,-1\nM01,A08,\n")
    with pytest.raises(InputError) as exc:
        read_actuals_folder(folder2)
    problems = dict(exc.value.problems)
    assert "reports.csv row 2, column rating" in problems
    assert "one report per mission" in problems["reports.csv row 3, column mission"]
    assert "people.csv row 2, column hours" in problems
    assert "listed twice" in problems["people.csv row 3, column id"]


def test_missing_files_and_columns(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(InputError) as exc:
        read_actuals_folder(folder)
    assert {loc for loc, _ in exc.value.problems} == {"actuals.json", "reports.csv", "people.csv"}
    folder2 = _folder(tmp_path / "b", "mission\nM01\n", "id\nA01\n", head="{bad")
    with pytest.raises(InputError) as exc:
        read_actuals_folder(folder2)
    messages = [f"{loc}: {msg}" for loc, msg in exc.value.problems]
    assert "reports.csv: missing column held" in messages
    assert "people.csv: missing column mission" in messages
    assert any(m.startswith("actuals.json: not valid JSON") for m in messages)


def test_checks_against_the_plan_name_the_sheet_row(tiny: Instance, tmp_path: Path) -> None:
    folder = _folder(tmp_path, "mission,held\nM05,true\n", "mission,id,substitute_for\nM05,A04,A03\n")
    loaded = load_actuals_folder(folder)
    plan = Plan.model_validate(plan_dict())
    with pytest.raises(InputError) as exc:
        check_actuals(tiny, plan, loaded.actuals, source=loaded.source, render_loc=loaded.render_loc)
    assert dict(exc.value.problems) == {
        "people.csv row 2, column substitute_for": "'A03' was not planned on M05 (planned: A01)"}
    assert json.loads((folder / "actuals.json").read_text(encoding="utf-8"))["year"] == 2027
