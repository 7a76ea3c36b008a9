"""Mission reports as an .xlsx workbook: round trip, typed or text cells, located problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _tiny_plans import plan_dict
from click.testing import CliRunner
from openpyxl import Workbook

from ambassade_opt.actuals import Actuals, read_actuals_workbook, write_actuals_workbook
from ambassade_opt.cli import main
from ambassade_opt.errors import InputError

GOOD = Actuals.of({"format_version": 1, "year": 2027, "reports": [
    {"mission": "M01", "held": True, "people": [{"id": "A08", "hours": 6.5, "expenses_eur": 12.5},
                                                {"id": "S01"}],
     "evaluation": {"rating": 4, "notes": "full room", "follow_up": "slides"}},
    {"mission": "M02", "held": False},
    {"mission": "M05", "held": True, "people": [{"id": "A04", "hours": 4, "substitute_for": "A01"}]},
]})


Rows = list[list[object]]


def _book(path: Path, head: Rows, reports: Rows, people: Rows) -> Path:
    book = Workbook()
    book.remove(book.worksheets[0])
    for name, rows in (("actuals", head), ("reports", reports), ("people", people)):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_round_trip(tmp_path: Path) -> None:
    write_actuals_workbook(GOOD, tmp_path / "reports.xlsx")
    assert read_actuals_workbook(tmp_path / "reports.xlsx") == GOOD
    assert Actuals.load(tmp_path / "reports.xlsx") == GOOD
    GOOD.save(tmp_path / "saved.xlsx")
    assert Actuals.load(tmp_path / "saved.xlsx") == GOOD


def test_cells_typed_as_text_read_the_same(tmp_path: Path) -> None:
    path = _book(tmp_path / "r.xlsx", [["format_version", "1"], ["year", 2027]],
                 [["mission", "held", "rating"], ["M01", "TRUE", "4"], ["M02", False, None]],
                 [["mission", "id", "hours", "expenses_eur"], ["M01", "A08", "6.5", 12.5],
                  [None, None, None, None], ["M01", "S01", None, None]])
    actuals = read_actuals_workbook(path)
    assert actuals.report_of()["M01"].people[0].hours == 6.5
    assert actuals.report_of()["M01"].evaluation.rating == 4
    assert actuals.report_of()["M02"].held is False


def test_problems_name_sheet_row_and_column(tmp_path: Path) -> None:
    path = _book(tmp_path / "r.xlsx", [["format_version", 1], ["year", "next"]],
                 [["mission", "held"], ["M01", True], ["M01", True]],
                 [["mission", "id", "hours"], ["M01", "A08", -2], ["M09", "A01", 1]])
    with pytest.raises(InputError) as exc:
        read_actuals_workbook(path)
    assert dict(exc.value.problems) == {
        "actuals row 2, column B": "year: 'next' is not a whole number",
        "people row 3, column mission": "no report for 'M09' in reports"}
    path = _book(tmp_path / "r2.xlsx", [["format_version", 1], ["year", 2027]],
                 [["mission", "held"], ["M01", True], ["M01", True]],
                 [["mission", "id", "hours"], ["M01", "A08", -2]])
    with pytest.raises(InputError) as exc:
        read_actuals_workbook(path)
    problems = dict(exc.value.problems)
    assert "one report per mission" in problems["reports row 3, column mission"]
    assert "greater than or equal to 0" in problems["people row 2, column hours"]


def test_missing_sheets_and_broken_files(tmp_path: Path) -> None:
    book = Workbook()
    book.save(tmp_path / "empty.xlsx")
    with pytest.raises(InputError) as exc:
        read_actuals_workbook(tmp_path / "empty.xlsx")
    assert {loc for loc, _ in exc.value.problems} == {"actuals", "reports", "people"}
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="cannot read the workbook"):
        read_actuals_workbook(tmp_path / "broken.xlsx")


def test_settle_reads_a_workbook_and_locates_problems(tiny_path: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(plan_dict()), encoding="utf-8")
    bad = _book(tmp_path / "bad.xlsx", [["format_version", 1], ["year", 2027]],
                [["mission", "held"], ["M05", True]],
                [["mission", "id", "substitute_for"], ["M05", "A04", "A03"]])
    res = CliRunner().invoke(main, ["settle", str(tiny_path), str(plan), str(bad), "-o",
                                    str(tmp_path / "out")])
    assert res.exit_code == 2, res.output
    assert "people row 2, column substitute_for: 'A03' was not planned on M05" in res.output
    assert not (tmp_path / "out").exists()
    write_actuals_workbook(GOOD, tmp_path / "good.xlsx")
    res = CliRunner().invoke(main, ["settle", str(tiny_path), str(plan), str(tmp_path / "good.xlsx"), "-o",
                                    str(tmp_path / "out"), "-q"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "totals.csv").exists()


def test_text_that_looks_like_a_formula_is_stored_as_text_and_read_back(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    notes = '=HYPERLINK("http://example.org","x")\r\nline two\x01'
    hostile = Actuals.of({"format_version": 1, "year": 2027, "reports": [
        {"mission": "@M01", "held": True, "people": [{"id": "+A08", "hours": 2}],
         "evaluation": {"rating": 4, "notes": notes, "follow_up": "-1+1"}}]})
    write_actuals_workbook(hostile, tmp_path / "reports.xlsx")
    book = load_workbook(tmp_path / "reports.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert read_actuals_workbook(tmp_path / "reports.xlsx") == hostile
