"""Mission reports as an Excel workbook: the folder of sheets (:mod:`.sheets`) in one file. Like
:mod:`.sheets`, this module gathers the workbook into reports JSON data and writes workbooks;
:mod:`.model` checks the data (:func:`.model.read_actuals_workbook`).

Sheets ``reports`` and ``people`` hold the same columns as ``reports.csv`` and ``people.csv``;
sheet ``actuals`` holds ``format_version`` and ``year`` as key/value rows (keys in column A,
values in column B). Numbers and booleans may be typed as numbers and booleans or as text.
Problems name the sheet, the row and the column: ``people row 4, column hours: ...``.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import write_folder_atomic
from ..formats.workbook import put_cell, unescape_text
from .reports import ReportsDocument
from .sheets import (
    PersonRow,
    Records,
    ReportRow,
    SheetReader,
    SheetReports,
    sheet_rows,
)

HEAD_SHEET = "actuals"
SHEET_NAMES = (HEAD_SHEET, "reports", "people")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return unescape_text(value)  # OOXML's escapes (_x000D_...), as Excel writes them
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def gather_workbook(path: str | Path) -> SheetReports:
    """The reports of an ``.xlsx`` workbook as JSON data, every problem of the sheets located by
    sheet, row and column (:class:`InputError`)."""
    from openpyxl import load_workbook

    source = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # unreadable, not a workbook
        raise InputError([(source, f"cannot read the workbook: {exc}")]) from None
    reader = SheetReader({"head": HEAD_SHEET, "reports": "reports", "people": "people"})
    records: dict[str, Records | None] = {}
    for name in SHEET_NAMES:
        if name not in book.sheetnames:
            reader.problems.append((name, f"missing: a workbook of mission reports needs a sheet {name!r}"))
            records[name] = None
            continue
        records[name] = [[_text(v) for v in row] for row in book[name].iter_rows(values_only=True)]
    book.close()
    head: dict[str, Any] = {}
    for number, row in enumerate(records[HEAD_SHEET] or [], start=1):
        if not row or not row[0].strip():
            continue
        key, value = row[0].strip(), row[1].strip() if len(row) > 1 else ""
        try:
            head[key] = int(value)
        except ValueError:
            reader.problems.append((f"{HEAD_SHEET} row {number}, column B",
                                    f"{key}: {value!r} is not a whole number"))
    return reader.gather(head, records["reports"], records["people"], source)


def workbook_bytes(actuals: ReportsDocument) -> bytes:
    """The workbook of ``actuals`` (typed cells: numbers as numbers, booleans as booleans, text as
    text cells that are never formulas)."""
    from openpyxl import Workbook

    book = Workbook()
    for default_sheet in list(book.worksheets):
        book.remove(default_sheet)
    head = book.create_sheet(HEAD_SHEET)
    head.append(["format_version", actuals.format_version])
    head.append(["year", actuals.year])
    reports, people = sheet_rows(actuals)
    for name, model, rows in (("reports", ReportRow, reports), ("people", PersonRow, people)):
        sheet = book.create_sheet(name)
        header = list(model.model_fields)
        sheet.append(header)
        for i, row in enumerate(rows, start=2):
            for j, column in enumerate(header, start=1):
                put_cell(sheet, i, j, row[column], f"{name} row {i}")
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_actuals_workbook(actuals: ReportsDocument, path: str | Path) -> None:
    """Write the workbook completely or not at all."""
    target = Path(path)
    if target.is_dir():
        raise InputError([(str(target), "is a folder: name the workbook file (.xlsx)")])
    folder = target.parent if str(target.parent) else Path(".")
    write_folder_atomic(folder, {target.name: workbook_bytes(actuals)})
