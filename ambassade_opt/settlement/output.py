"""Writing the settlement: four CSV files in a folder, or one workbook with a sheet per table.

CSV: ``remuneration.csv``, ``expenses.csv``, ``totals.csv``, ``to_review.csv``; a header row of
the field names, amounts exact with two decimals. By default for Excel in Belgium (``excel-be``:
``;``, a UTF-8 byte-order mark, ``1234,50``, ``11/02/2027``), or ``rfc4180`` for programs (``,``,
``1234.50``, ``2027-02-11``); text that a spreadsheet would run as a formula is escaped. The
workbook holds the same tables, amounts as numbers shown with two decimals, text as text cells,
never formulas. Either way every file is complete or not written at all: a new folder is built
under a temporary name and renamed
(:func:`ambassade_opt.files.write_folder_atomic`).

The writers take the tables (name -> header and cells, as :meth:`.result.Settlement.tables` gives
them), not the settlement, so that :meth:`.result.Settlement.write` can call them without a cycle.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ..actuals.sheets import refuse_file_as_folder
from ..errors import InputError
from ..files import write_folder_atomic
from ..formats.cells import DEFAULT_DIALECT, DIALECTS, Dialect, escape_formula
from ..formats.csv_text import table_cell, write_csv_text
from ..formats.workbook import put_cell
from .money import text

WORKBOOK = "settlement.xlsx"
Table = tuple[list[str], list[list[Any]]]  # header, then the cells of each row (None: empty)


def _cell(value: Any, dialect: Dialect) -> str:
    if isinstance(value, Decimal):  # exact, never through a float
        exact = text(value) if value == value.quantize(Decimal("0.01")) else f"{value.normalize():f}"
        return exact.replace(".", ",") if dialect.decimal_comma else exact
    return table_cell(value, dialect)


def csv_files(tables: Mapping[str, Table], dialect: str = DEFAULT_DIALECT) -> dict[str, bytes]:
    """File name -> content of one CSV file per table, in the order of ``tables``."""
    chosen = DIALECTS[dialect]
    return {f"{name}.csv": write_csv_text([[escape_formula(h) for h in header],
                                           *[[_cell(v, chosen) for v in row] for row in rows]],
                                          chosen).encode("utf-8")
            for name, (header, rows) in tables.items()}


def workbook_bytes(tables: Mapping[str, Table]) -> bytes:
    """The workbook: one sheet per table (in the order of ``tables``), frozen header row, amounts as
    numbers (two decimals)."""
    from openpyxl import Workbook

    book = Workbook()
    for default_sheet in list(book.worksheets):
        book.remove(default_sheet)
    for name, (header, rows) in tables.items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for i, row in enumerate(rows, start=2):
            for j, value in enumerate(row, start=1):
                put_cell(sheet, i, j, _xlsx_value(value), f"{name} row {i}")
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


def table_files(tables: Mapping[str, Table], path: str | Path, format: Literal["csv", "xlsx"] = "csv",
                dialect: str = DEFAULT_DIALECT) -> tuple[Path, dict[str, bytes]]:
    """The folder to write into and its files (name -> content) for ``path`` and ``format``
    (``dialect``: of CSV files)."""
    target = Path(path)
    if dialect not in DIALECTS:
        raise InputError([("dialect", f"unknown CSV dialect {dialect!r}; one of {', '.join(DIALECTS)}")])
    if format == "csv":
        return target, csv_files(tables, dialect)
    if format != "xlsx":
        raise InputError([("format", f"unknown format {format!r}; csv or xlsx")])
    if target.suffix.lower() == ".xlsx":
        if target.is_dir():
            raise InputError([(str(target), "is a folder: name the workbook file, or a folder to hold it")])
        return (target.parent if str(target.parent) else Path(".")), {target.name: workbook_bytes(tables)}
    return target, {WORKBOOK: workbook_bytes(tables)}


def write_tables(tables: Mapping[str, Table], path: str | Path, format: Literal["csv", "xlsx"] = "csv",
                 dialect: str = DEFAULT_DIALECT) -> list[Path]:
    """Write the tables (see the module docstring); the paths written."""
    folder, files = table_files(tables, path, format, dialect)
    refuse_file_as_folder(folder)
    return write_folder_atomic(folder, files)
