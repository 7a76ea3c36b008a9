"""Sheets as coordinators keep them: round trips through CSV folders (both dialects) and workbooks
with hostile text, a folder saved by Excel in a Belgian locale, formula escaping, bounded cells."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hostile import hostile_instances, hostile_texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ambassade_opt.cli import main
from ambassade_opt.csv_sheets import read_csv_folder, read_workbook, write_csv_folder, write_workbook
from ambassade_opt.errors import InputError
from ambassade_opt.formats.cells import escape_formula, parse_bool, unescape_formula
from ambassade_opt.formats.workbook import escape_text, unescape_text
from ambassade_opt.model import Instance

ROUND_TRIPS = settings(max_examples=30, deadline=None,
                       suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@given(st.text())
def test_formula_escape_is_exact(text: str) -> None:
    assert unescape_formula(escape_formula(text)) == text
    assert not escape_formula(text).startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.text())
def test_ooxml_escape_is_exact(text: str) -> None:
    assert unescape_text(escape_text(text)) == text


def test_formula_escapes() -> None:
    assert escape_formula("=1+1") == "'=1+1"
    assert escape_formula("'=1+1") == "''=1+1"  # a text that itself starts with the quote
    assert escape_formula("'quoted'") == "'quoted'"  # no formula follows: nothing to do
    assert unescape_formula("'quoted'") == "'quoted'"
    assert escape_formula("\tx") == "'\tx"


@pytest.mark.parametrize("dialect", ["excel-be", "rfc4180"])
@ROUND_TRIPS
@given(inst=hostile_instances())
def test_csv_folder_round_trip_with_hostile_text(tmp_path_factory: pytest.TempPathFactory, dialect: str,
                                                 inst: Instance) -> None:
    folder = tmp_path_factory.mktemp("sheets") / "year"
    write_csv_folder(inst, folder, dialect=dialect)
    assert read_csv_folder(folder) == inst


@ROUND_TRIPS
@given(inst=hostile_instances())
def test_workbook_round_trip_with_hostile_text(
    tmp_path_factory: pytest.TempPathFactory, inst: Instance
) -> None:
    path = tmp_path_factory.mktemp("book") / "year.xlsx"
    write_workbook(inst, path)
    assert read_workbook(path) == inst
    assert Instance.load(path) == inst


def test_tiny_year_through_a_workbook(tiny: Instance, tmp_path: Path) -> None:
    path = tmp_path / "year.xlsx"
    write_workbook(tiny, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["instance", "ambassadors", "staff", "missions", "meetings", "policy"]
    missions = book["missions"]
    assert [c.value for c in missions[1]][:3] == ["id", "title", "start"]
    assert missions["C2"].number_format == "dd/mm/yyyy hh:mm"
    policy = {row[0].value: row[1].value for row in book["policy"].iter_rows(min_row=2)}
    assert policy["travel.same_region.buffer_minutes"] == tiny.policy.travel.same_region.buffer_minutes
    level = next(v for v in missions.data_validations.dataValidation if "national" in (v.formula1 or ""))
    assert level.formula1 == '"local,sector,regional,national,european"'
    assert Instance.load(path) == tiny


def test_workbook_text_is_never_a_formula(tiny: Instance, tmp_path: Path) -> None:
    tiny.missions[0].title = "=cmd|' /C calc'!A0"
    tiny.ambassadors[0].name = "+32 2 555 00 00"
    path = tmp_path / "year.xlsx"
    write_workbook(tiny, path)
    cell = openpyxl.load_workbook(path)["missions"]["B2"]
    assert cell.data_type == "s" and cell.value == "=cmd|' /C calc'!A0" and cell.quotePrefix
    assert Instance.load(path) == tiny


def test_workbook_problems_name_sheet_row_and_column(tiny: Instance, tmp_path: Path) -> None:
    path = tmp_path / "year.xlsx"
    write_workbook(tiny, path)
    book = openpyxl.load_workbook(path)
    book["missions"]["D3"] = "not a time"
    book["ambassadors"]["J2"] = 1e300
    book.create_sheet("notes")
    book.save(path)
    with pytest.raises(InputError) as info:
        Instance.load(path)
    found = dict(info.value.problems)
    assert set(found) == {"sheet missions row 3, column end", "sheet ambassadors row 2, column max_hours",
                          "sheet notes"}
    assert "less than or equal to 8784" in found["sheet ambassadors row 2, column max_hours"]


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "year.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not an Excel workbook"):
        Instance.load(path)


# --------------------------------------------------------------------------------------------
# What Excel in a Belgian locale saves


def _excel_be_cell(column: str, value: Any, lang: str) -> str:
    words = {"fr": ("VRAI", "FAUX"), "nl": ("WAAR", "ONWAAR")}[lang]
    if isinstance(value, bool):
        return words[0] if value else words[1]
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if column in ("start", "end") and isinstance(value, str):
        day, time = value.split("T")
        y, m, d = day.split("-")
        return f"{d}/{m}/{y} {int(time[:2])}:{time[3:5]}"  # Excel drops the hour's leading zero
    if isinstance(value, list):
        plain = all(isinstance(v, str | int) for v in value)
        return ";".join(str(v) for v in value) if plain else json.dumps(value)
    if isinstance(value, dict):
        return json.dumps(value) if value else ""
    return "" if value is None else str(value)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_folder_saved_by_excel_in_belgium_loads_to_the_same_instance(
    tiny: Instance, tmp_path: Path, lang: str
) -> None:
    folder = tmp_path / "year"
    write_csv_folder(tiny, folder, dialect="rfc4180")  # instance.json and policy.json as they are
    data = tiny.to_dict()
    for sheet in ("ambassadors", "staff", "missions", "meetings"):
        records = data[sheet]
        header = list(type(getattr(tiny, sheet)[0]).model_fields)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        for record in records:
            writer.writerow([_excel_be_cell(c, record[c], lang) for c in header])
        (folder / f"{sheet}.csv").write_bytes(out.getvalue().encode("utf-8-sig"))
    text = (folder / "missions.csv").read_text(encoding="utf-8-sig")
    assert "11/02/2027 19:00" in text and ";3,0;" in text
    assert read_csv_folder(folder) == tiny


def test_belgian_spellings_of_numbers_and_booleans() -> None:
    assert [parse_bool(w) for w in ("Vrai", "OUI", "waar", "Ja", "1", "TRUE")] == [True] * 6
    assert [parse_bool(w) for w in ("faux", "Non", "ONWAAR", "nee", "0", "False")] == [False] * 6


def test_decimal_commas_only_where_the_separator_is_a_semicolon(tiny: Instance, tmp_path: Path) -> None:
    folder = tmp_path / "year"
    write_csv_folder(tiny, folder)  # excel-be
    text = (folder / "ambassadors.csv").read_text(encoding="utf-8-sig")
    assert ";30,0;" in text
    (folder / "ambassadors.csv").write_text(text.replace(";30,0;", ";1 234,5;"), encoding="utf-8-sig")
    assert read_csv_folder(folder).ambassadors[0].max_hours == 1234.5


# --------------------------------------------------------------------------------------------
# Cells an attacker or a careless user writes


def _set_first_row(folder: Path, sheet: str, column: str, value: str) -> None:
    path = folder / sheet
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture
def rfc_folder(tiny: Instance, tmp_path: Path) -> Path:
    folder = tmp_path / "year"
    write_csv_folder(tiny, folder, dialect="rfc4180")
    return folder


def test_a_cell_longer_than_python_csv_allows_is_read(rfc_folder: Path) -> None:
    _set_first_row(rfc_folder, "ambassadors.csv", "motivation", "m" * 200_000)
    assert read_csv_folder(rfc_folder).ambassadors[0].motivation == "m" * 200_000


def test_an_absurd_cell_is_refused_with_its_line(rfc_folder: Path) -> None:
    _set_first_row(rfc_folder, "ambassadors.csv", "motivation", "m" * 1_100_000)
    with pytest.raises(InputError) as info:
        read_csv_folder(rfc_folder)
    assert info.value.problems == [("ambassadors.csv", "line 2: a cell longer than 1,048,576 characters")]


@pytest.mark.parametrize(
    ("column", "cell", "words"),
    [
        ("links", '[{"field": ' * 100, "nested deeper than"),
        ("interests", '{"M01": ' + "[" * 63 + "]" * 63 + "}", "valid integer"),  # deep, yet within
        ("links", '[{"field": "political", "field": "associative", "scope": "regional"}]',
         "appears more than once"),
        ("max_hours", "1e400", "too large"),
        ("max_hours", "1e300", "less than or equal to 8784"),
        ("max_missions", str(2**63), "less than or equal to 1000000"),
        ("max_missions", "9" * 400, "400 digits"),
        ("selection_score", "NaN", "not a finite number"),
    ],
)
def test_hostile_cells_are_refused_with_sheet_row_and_column(
    rfc_folder: Path, column: str, cell: str, words: str
) -> None:
    _set_first_row(rfc_folder, "ambassadors.csv", column, cell)
    with pytest.raises(InputError) as info:
        read_csv_folder(rfc_folder)
    ((where, message),) = info.value.problems
    assert where.startswith(f"ambassadors.csv row 2, column {column}")
    assert words in message


def test_csv_cells_starting_like_formulas_are_escaped_and_read_back(tiny: Instance, tmp_path: Path) -> None:
    tiny.missions[0].title = "=HYPERLINK(\"http://evil.example\")"
    tiny.missions[1].title = "'=already quoted"
    tiny.ambassadors[0].motivation = "-minus"
    folder = tmp_path / "year"
    write_csv_folder(tiny, folder, dialect="rfc4180")
    rows = list(csv.reader(io.StringIO((folder / "missions.csv").read_text(encoding="utf-8"))))
    assert rows[1][1] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows[2][1] == "''=already quoted"
    assert rows[1][rows[0].index("priority")] == "5"
    assert read_csv_folder(folder) == tiny


# --------------------------------------------------------------------------------------------
# The command line


def test_convert_to_xlsx_writes_a_workbook_and_back(tiny_path: Path, tmp_path: Path) -> None:
    book, back = tmp_path / "year.xlsx", tmp_path / "back.json"
    runner = CliRunner()
    assert runner.invoke(main, ["convert", str(tiny_path), "-o", str(book)]).exit_code == 0
    assert book.is_file() and openpyxl.load_workbook(book).sheetnames[0] == "instance"
    assert runner.invoke(main, ["convert", str(book), "-o", str(back)]).exit_code == 0
    assert Instance.load(back) == Instance.load(tiny_path)


@pytest.mark.parametrize(("dialect", "head"), [("excel-be", "\ufeffid;"), ("rfc4180", "id,")])
def test_convert_csv_dialects(tiny_path: Path, tmp_path: Path, dialect: str, head: str) -> None:
    folder = tmp_path / "sheets"
    args = ["convert", str(tiny_path), "-o", str(folder), "--csv-dialect", dialect]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (folder / "missions.csv").read_text(encoding="utf-8").startswith(head)
    assert Instance.load(folder) == Instance.load(tiny_path)


@settings(max_examples=10, deadline=None)
@given(st.lists(hostile_texts(), min_size=1, max_size=3))
def test_hostile_titles_survive_convert_both_ways(titles: list[str]) -> None:
    import tempfile

    tiny = Instance.load(Path(__file__).parent / "data" / "tiny_year.json")
    for mission, title in zip(tiny.missions, titles, strict=False):
        mission.title = title
    with tempfile.TemporaryDirectory() as tmp:
        start = Path(tmp) / "year.json"
        start.write_text(tiny.to_json(), encoding="utf-8")
        for out in ("sheets", "year.xlsx"):
            result = CliRunner().invoke(main, ["convert", str(start), "-o", str(Path(tmp) / out)])
            assert result.exit_code == 0, result.output
            assert Instance.load(Path(tmp) / out) == tiny
