"""Writing the settlement: four CSV files in a folder, or one workbook with a sheet per table.

CSV: ``remuneration.csv``, ``expenses.csv``, ``totals.csv``, ``to_review.csv``; a header row of
the field names, ``,`` as separator, amounts with two decimals and a point (``1234.50``), dates
``YYYY-MM-DD``, UTF-8. The workbook holds the same tables, amounts as numbers shown with two
decimals. Either way every file is complete or not written at all: a new folder is built under
a temporary name and renamed (:func:`ambassade_opt.files.write_folder_atomic`).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ..actuals.sheets import refuse_file_as_folder
from ..errors import InputError
from ..files import write_folder_atomic
from .money import text
from .result import TABLES, Settlement

WORKBOOK = "settlement.xlsx"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return text(value) if value == value.quantize(Decimal("0.01")) else f"{value.normalize():f}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_files(settlement: Settlement) -> dict[str, bytes]:
    """File name -> content of the four CSV files."""
    files: dict[str, bytes] = {}
    for name in TABLES:
        header, rows = settlement.table(name)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)
        files[f"{name}.csv"] = out.getvalue().encode("utf-8")
    return files


def workbook_bytes(settlement: Settlement) -> bytes:
    """The workbook: one sheet per table, frozen header row, amounts as numbers (two decimals)."""
    from openpyxl import Workbook

    book = Workbook()
    for default_sheet in list(book.worksheets):
        book.remove(default_sheet)
    for name in TABLES:
        sheet = book.create_sheet(name)
        header, rows = settlement.table(name)
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
        for col, column_name in enumerate(header, start=1):
            fmt = _number_format(name, column_name)
            if fmt is not None:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                    cell.number_format = fmt
            sheet.column_dimensions[sheet.cell(row=1, column=col).column_letter].width = max(
                12, len(column_name) + 2)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)  # Excel holds doubles; each cell is exact to the cent as shown
    return value


def _number_format(table: str, column: str) -> str | None:
    if column.startswith("hours"):
        return "0.00"
    if column in ("rate", "amount", "not_paid", "paid", "planned", "claimed", "remuneration", "expenses",
                  "limit"):
        return "#,##0.00"
    if column == "date":
        return "yyyy-mm-dd"
    return None


def settlement_files(settlement: Settlement, path: str | Path,
                     format: Literal["csv", "xlsx"] = "csv") -> tuple[Path, dict[str, bytes]]:
    """The folder to write into and its files (name -> content) for ``path`` and ``format``."""
    target = Path(path)
    if format == "csv":
        return target, csv_files(settlement)
    if format != "xlsx":
        raise InputError([("format", f"unknown format {format!r}; csv or xlsx")])
    if target.suffix.lower() == ".xlsx":
        if target.is_dir():
            raise InputError([(str(target), "is a folder: name the workbook file, or a folder to hold it")])
        return (target.parent if str(target.parent) else Path(".")), {target.name: workbook_bytes(settlement)}
    return target, {WORKBOOK: workbook_bytes(settlement)}


def write_settlement(settlement: Settlement, path: str | Path,
                     format: Literal["csv", "xlsx"] = "csv") -> list[Path]:
    """Write the tables (see the module docstring); the paths written."""
    folder, files = settlement_files(settlement, path, format)
    refuse_file_as_folder(folder)
    return write_folder_atomic(folder, files)
