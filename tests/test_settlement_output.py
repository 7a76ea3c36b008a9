"""Writing the settlement: four CSV files or one workbook, all or nothing, read back the same."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from _tiny_plans import plan_dict
from openpyxl import load_workbook

from ambassade_opt.actuals import Actuals
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan
from ambassade_opt.settlement import Settlement, settle


@pytest.fixture
def settlement(tiny: Instance) -> Settlement:
    actuals = Actuals.of({"format_version": 1, "year": 2027, "reports": [
        {"mission": "M01", "held": True, "people": [{"id": "A08", "hours": 9, "expenses_eur": 12.5}]},
        {"mission": "M04", "held": True, "people": [{"id": "A08"}]},
        {"mission": "M02", "held": False},
    ]})
    return settle(tiny, Plan.model_validate(plan_dict()), actuals)


def _rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def test_csv_folder(settlement: Settlement, tmp_path: Path) -> None:
    written = settlement.write(tmp_path / "settlement", dialect="rfc4180")
    names = sorted(p.name for p in written)
    assert names == ["expenses.csv", "remuneration.csv", "to_review.csv", "totals.csv"]
    remuneration = _rows(tmp_path / "settlement" / "remuneration.csv")
    assert list(remuneration[0]) == [
        "mission", "date", "quarter", "ambassador", "hours_planned", "hours_reported", "hours_as_planned",
        "rate", "amount", "not_paid", "paid"]
    assert remuneration[0] == {
        "mission": "M01", "date": "2027-02-11", "quarter": "1", "ambassador": "A08", "hours_planned": "5.50",
        "hours_reported": "9.00", "hours_as_planned": "false", "rate": "40.00", "amount": "360.00",
        "not_paid": "0.00", "paid": "360.00"}
    totals = _rows(tmp_path / "settlement" / "totals.csv")
    year = next(t for t in totals if t["level"] == "year")
    assert Decimal(year["paid"]) == sum(Decimal(t["paid"]) for t in totals if t["level"] == "ambassador")
    assert next(t for t in totals if t["key"] == "Q3")["limit"] == ""
    review = _rows(tmp_path / "settlement" / "to_review.csv")
    assert {r["kind"] for r in review} >= {"hours_above_plan", "person_cap", "missing_report"}


def test_csv_for_excel_in_belgium_by_default(settlement: Settlement, tmp_path: Path) -> None:
    settlement.write(tmp_path / "settlement")
    raw = (tmp_path / "settlement" / "remuneration.csv").read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    first = _rows(tmp_path / "settlement" / "remuneration.csv", delimiter=";")[0]
    assert (first["date"], first["rate"], first["amount"], first["hours_planned"]) == (
        "11/02/2027", "40,00", "360,00", "5,50")
    totals = _rows(tmp_path / "settlement" / "totals.csv", delimiter=";")
    year = next(t for t in totals if t["level"] == "year")
    paid = [Decimal(t["paid"].replace(",", ".")) for t in totals if t["level"] == "ambassador"]
    assert Decimal(year["paid"].replace(",", ".")) == sum(paid)


def test_workbook_has_a_sheet_per_table(settlement: Settlement, tmp_path: Path) -> None:
    (path,) = settlement.write(tmp_path / "pay.xlsx", "xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["remuneration", "expenses", "totals", "to_review"]
    rows = list(book["totals"].iter_rows(values_only=True))
    assert rows[0][:3] == ("level", "key", "remuneration")
    year = next(r for r in rows if r[0] == "year")
    assert year[6] == float(settlement.total().paid)
    (in_folder,) = settlement.write(tmp_path / "out", "xlsx")
    assert in_folder == tmp_path / "out" / "settlement.xlsx" and in_folder.exists()


def test_nothing_is_written_over_a_file_or_half_written(settlement: Settlement, tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("an input", encoding="utf-8")
    with pytest.raises(InputError):
        settlement.write(taken)
    assert taken.read_text(encoding="utf-8") == "an input"
    with pytest.raises(InputError):
        settlement.write(tmp_path / "no" / "such" / "folder")
    assert not (tmp_path / "no").exists()
    out = tmp_path / "existing"
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    settlement.write(out)
    assert sorted(p.name for p in out.iterdir()) == [
        "expenses.csv", "keep.txt", "remuneration.csv", "to_review.csv", "totals.csv"]


def test_frames_keep_exact_amounts(settlement: Settlement) -> None:
    frames = settlement.frames()
    assert set(frames) == {"remuneration", "expenses", "totals", "to_review"}
    assert frames["remuneration"]["amount"].sum() == Decimal("620.00")
    assert str(frames["remuneration"]["date"].dtype).startswith("datetime64")
    with pytest.raises(KeyError):
        settlement.frame("salaries")


FORMULA_ID = '=HYPERLINK("http://example.org","A08")'


def test_ids_that_look_like_formulas_never_run_in_a_spreadsheet(tiny_raw: dict[str, object],
                                                                 tmp_path: Path) -> None:
    """Ids and reasons come from people: the CSV cells get a leading quote, the workbook holds
    text cells only (found when writing the issue 16 security note)."""
    import json

    year = Instance.from_json(json.dumps(tiny_raw).replace('"A08"', json.dumps(FORMULA_ID)))
    plan = Plan.model_validate_json(json.dumps(plan_dict()).replace('"A08"', json.dumps(FORMULA_ID)))
    actuals = Actuals.of({"format_version": 1, "year": 2027, "reports": [
        {"mission": "M01", "held": True, "people": [{"id": FORMULA_ID, "hours": 9, "expenses_eur": 1}]}]})
    result = settle(year, plan, actuals)
    for dialect, separator in (("rfc4180", ","), ("excel-be", ";")):
        result.write(tmp_path / dialect, dialect=dialect)
        cells = [row["ambassador"] for row in _rows(tmp_path / dialect / "remuneration.csv", separator)]
        assert cells == ["'" + FORMULA_ID]
        for table in (tmp_path / dialect).iterdir():
            with table.open(encoding="utf-8-sig", newline="") as f:
                rows = csv.reader(f, delimiter=separator)
                assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "@"))]
    result.write(tmp_path / "pay.xlsx", format="xlsx")
    book = load_workbook(tmp_path / "pay.xlsx")
    texts = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in texts if cell.data_type == "f"]
    assert FORMULA_ID in [cell.value for cell in texts]
