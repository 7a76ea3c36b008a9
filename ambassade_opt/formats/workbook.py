"""Excel workbooks (``.xlsx``) in and out with openpyxl: tables of records and key/value sheets.

A **table** sheet has a header row of column names and one row per record. Cells are typed:
numbers are numbers, booleans booleans, times Excel times (``dd/mm/yyyy hh:mm``), text is always a
plain string cell, never a formula, even when it starts with ``=`` (it is also marked with Excel's
quote prefix, so that editing it keeps it text). Lists and nested fields are text as in CSV sheets
(``nl;fr``, JSON). Columns with a fixed vocabulary get a drop-down list.

A **key/value** sheet has two columns, ``key`` and ``value``; nested objects are spread over dotted
keys (``travel.same_region.buffer_minutes``) down to values that are numbers, text, booleans, empty
(null), lists or objects whose keys hold a dot (these two as JSON text).

Numbers that need all 17 significant digits are written as text, since openpyxl keeps 16.
Text goes through OOXML's own escape (``_x000D_`` for a carriage return, which XML would otherwise
turn into a line feed; ``_x0001_`` for control characters XML cannot hold; ``_x005F_`` before a
literal ``_xHHHH_``), as Excel does, so every string comes back exactly.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .cells import FORMULA_STARTS, format_list
from .columns import Column
from .records import CellValue

EXCEL_CELL_CHARS = 32_767
"""Most characters an Excel cell holds."""

_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_HEADER_FILL = "DDEBF7"


class WorkbookProblem(ValueError):
    """A workbook that cannot be written or read; the message names the sheet and cell."""


@dataclass(frozen=True)
class Table:
    """A sheet of records (JSON values by column name)."""

    name: str
    columns: Sequence[Column]
    records: Sequence[dict[str, Any]]


@dataclass(frozen=True)
class KeyValues:
    """A key/value sheet of one JSON object."""

    name: str
    data: dict[str, Any]


def escape_text(text: str) -> str:
    """OOXML's escape of a string (see the module docstring)."""
    return _XML_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", _LITERAL_ESCAPE.sub("_x005F_", text))


def unescape_text(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


# --------------------------------------------------------------------------------------------
# Writing


def workbook_bytes(sheets: Sequence[Table | KeyValues]) -> bytes:
    """The ``.xlsx`` file of these sheets, in order."""
    from openpyxl import Workbook

    book = Workbook(write_only=False)
    for default in list(book.worksheets):  # a new workbook starts with one empty sheet
        book.remove(default)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        if isinstance(sheet, Table):
            _write_table(ws, sheet)
        else:
            _write_key_values(ws, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_table(ws: Any, table: Table) -> None:
    from openpyxl.styles import Font, PatternFill

    for j, column in enumerate(table.columns, start=1):
        head = ws.cell(1, j, column.name)
        head.font = Font(bold=True)
        head.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for i, record in enumerate(table.records, start=2):
        for j, column in enumerate(table.columns, start=1):
            put_cell(ws, i, j, _table_value(column, record.get(column.name)), f"{table.name} row {i}")
    ws.freeze_panes = "B2"
    _drop_downs(ws, table)


def _exact_number(value: Any) -> Any:
    """openpyxl writes numbers with 16 significant digits; a float that needs 17 to come back
    exactly is written as its text instead (read back as the same number)."""
    if isinstance(value, float) and not isinstance(value, bool) and float(f"{value:.16g}") != value:
        return repr(value)
    return value


def _table_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind in ("int", "float"):
        return _exact_number(value)
    if column.kind == "json":
        return None if value == column.default_json else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return format_list(column, value) or None
    if column.kind == "datetime":
        moment = datetime.fromisoformat(value)
        return moment if moment.microsecond == 0 else value  # Excel keeps milliseconds at best
    if column.kind == "date":
        return date.fromisoformat(value)
    return value


def put_cell(ws: Any, row: int, col: int, value: Any, where: str) -> None:
    """Write ``value`` in cell (``row``, ``col``) of sheet ``ws``: text as an escaped text cell that
    is never a formula (a quote prefix where it starts like one), dates and times with their format,
    numbers and booleans as they are; ``where`` names the row in a :class:`WorkbookProblem`."""
    if isinstance(value, str):
        if len(value) > EXCEL_CELL_CHARS:
            raise WorkbookProblem(f"{where}: {len(value):,} characters, more than the "
                                  f"{EXCEL_CELL_CHARS:,} an Excel cell holds")
        cell = ws.cell(row, col)
        cell.value = escape_text(value)
        cell.data_type = "s"  # text, never a formula
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        return
    cell = ws.cell(row, col, value)
    if isinstance(value, datetime):
        cell.number_format = "dd/mm/yyyy hh:mm" if value.second == 0 else "dd/mm/yyyy hh:mm:ss"
    elif isinstance(value, date):
        cell.number_format = "dd/mm/yyyy"


def _drop_downs(ws: Any, table: Table) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last = max(len(table.records) + 1, 1000)
    for j, column in enumerate(table.columns, start=1):
        choices = column.choices or (("TRUE", "FALSE") if column.kind == "bool" else ())
        formula = '"' + ",".join(choices) + '"'
        if not choices or len(formula) > 255:
            continue
        check = DataValidation(type="list", formula1=formula, allow_blank=True)
        check.error = f"{column.name}: one of {', '.join(choices)}"
        check.errorTitle = column.name
        letter = get_column_letter(j)
        check.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(check)


def flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Dotted keys down to leaves: an object is spread when every key is plain (no dot, not empty)."""
    items: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and all(k and "." not in k for k in value):
            items += flatten(value, name + ".")
        else:
            items.append((name, value))
    return items


def _key_value_cell(value: Any) -> Any:
    if isinstance(value, float):
        return _exact_number(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and _looks_like_json(value):
        return json.dumps(value, ensure_ascii=False)  # "12" the text, not 12 the number
    return value


def _looks_like_json(text: str) -> bool:
    stripped = text.strip()
    if stripped != text or not text:
        return True
    try:
        json.loads(text)
    except ValueError:
        return text[0] in '[{"'
    return True


def _write_key_values(ws: Any, sheet: KeyValues) -> None:
    from openpyxl.styles import Font

    for j, name in enumerate(("key", "value"), start=1):
        ws.cell(1, j, name).font = Font(bold=True)
    for i, (key, value) in enumerate(flatten(sheet.data), start=2):
        put_cell(ws, i, 1, key, f"{sheet.name} row {i}")
        put_cell(ws, i, 2, _key_value_cell(value), f"{sheet.name} row {i}")
    ws.column_dimensions["A"].width = 40


# --------------------------------------------------------------------------------------------
# Reading


def read_workbook(data: bytes) -> dict[str, list[list[CellValue]]]:
    """Every sheet of an ``.xlsx`` file as rows of typed cells (strings unescaped). Formulas give
    the value Excel last computed. A file that is not a workbook is a :class:`WorkbookProblem`."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, XML and its own errors
        raise WorkbookProblem(f"not an Excel workbook (.xlsx): {type(exc).__name__}: {exc}") from None
    try:
        return {ws.title: [[_cell(c) for c in row] for row in ws.iter_rows(values_only=True)]
                for ws in book.worksheets}
    finally:
        book.close()


def _cell(value: Any) -> CellValue:
    if isinstance(value, str):
        return unescape_text(value)
    return value  # type: ignore[no-any-return]


def key_value_data(
    rows: Sequence[Sequence[CellValue]], label: str
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The JSON object of a key/value sheet and its problems (located by row)."""
    from .cells import CellError

    data: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        key = row[0] if row else None
        value = row[1] if len(row) > 1 else None
        if key is None or (isinstance(key, str) and not key.strip()):
            if value not in (None, ""):
                problems.append((f"{label} row {number}", "a value without a key"))
            continue
        try:
            leaf = _key_value_leaf(value)
        except CellError as exc:
            problems.append((f"{label} row {number}, {key}", str(exc)))
            continue
        problem = _place(data, str(key).strip().split("."), leaf)
        if problem:
            problems.append((f"{label} row {number}, {key}", problem))
    return data, problems


def _key_value_leaf(value: CellValue) -> Any:
    from .cells import parse_json_cell

    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and _looks_like_json(value):
        return parse_json_cell(value)
    return value


def _place(data: dict[str, Any], path: list[str], leaf: Any) -> str | None:
    node = data
    for step in path[:-1]:
        child = node.setdefault(step, {})
        if not isinstance(child, dict):
            return f"{step} is given a value elsewhere in the sheet"
        node = child
    if path[-1] in node:
        return "this key appears twice in the sheet"
    node[path[-1]] = leaf
    return None
