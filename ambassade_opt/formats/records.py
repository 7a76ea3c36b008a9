"""Rows of cells (from a CSV file or a worksheet) to records of JSON values, by column.

The first row names the columns, in any order; a column may be left out when its field has a
default; an unknown or repeated column is a problem. An empty cell means the field's default. Blank
rows are skipped but still counted, so every problem names the row a spreadsheet shows (the header
is row 1). Cells of a worksheet may already be numbers, booleans or dates; text cells are read by
:func:`~.cells.parse_cell`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from ..errors import format_loc
from .cells import CellError, parse_cell, parse_number
from .columns import Column

CellValue = str | int | float | bool | datetime | date | time | None


@dataclass
class Records:
    """The records of one sheet, where each came from, and what could not be read.

    ``problems`` are rendered already (``missions.csv row 4, column end``); ``bad_cells`` holds the
    (record index, column) of each unreadable cell and ``missing_columns`` the required columns
    absent from the header, so that validation does not report them a second time.
    """

    label: str
    records: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    bad_cells: set[tuple[int, str]] = field(default_factory=set)
    missing_columns: set[str] = field(default_factory=set)
    usable: bool = True

    def where(self, index: int, column: str | None = None) -> str:
        """The spreadsheet place of record ``index`` (and of one of its cells)."""
        row = self.row_numbers[index] if index < len(self.row_numbers) else index + 2
        return f"{self.label} row {row}" + (f", column {column}" if column else "")


def _blank(cell: CellValue) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_records(
    label: str,
    rows: Sequence[Sequence[CellValue]],
    columns: Sequence[Column],
    *,
    decimal_comma: bool,
    escaped: bool,
) -> Records:
    """The records of a sheet; a sheet without a header row is not ``usable``."""
    out = Records(label)
    if not rows or all(_blank(c) for c in rows[0]):
        out.problems.append((label, "empty: the first row must name the columns"))
        out.usable = False
        return out
    usable = _header(out, rows[0], columns)
    width = len(rows[0])
    for row_number, row in enumerate(rows[1:], start=2):
        if all(_blank(c) for c in row):
            continue  # a blank line between blocks of rows
        index = len(out.records)
        extra = [c for c in row[width:] if not _blank(c)]
        if extra:
            out.problems.append((f"{label} row {row_number}",
                                 f"{width + len(extra)} cells but the header names {width} columns"))
        record: dict[str, Any] = {}
        for col, cell in zip(usable, row, strict=False):
            if col is None or cell is None or cell == "" or (col.kind != "text" and _blank(cell)):
                continue  # free text keeps its spaces; elsewhere spaces alone are empty
            try:
                record[col.name] = cell_value(col, cell, decimal_comma=decimal_comma, escaped=escaped)
            except CellError as exc:
                for loc, msg in exc.problems:
                    name = col.name + (format_loc(loc) if loc and isinstance(loc[0], int) else
                                       "." + format_loc(loc) if loc else "")
                    out.problems.append((f"{label} row {row_number}, column {name}", msg))
                out.bad_cells.add((index, col.name))
                if col.required:
                    record[col.name] = None  # keeps validation from also calling it missing
        out.records.append(record)
        out.row_numbers.append(row_number)
    return out


def _header(out: Records, header: Sequence[CellValue], columns: Sequence[Column]) -> list[Column | None]:
    by_name = {c.name: c for c in columns}
    usable: list[Column | None] = []
    seen: set[str] = set()
    for cell in header:
        name = "" if cell is None else str(cell).strip()
        if name in seen and name:
            out.problems.append((f"{out.label} column {name}", "the column appears twice"))
            usable.append(None)
        elif name not in by_name:
            if name:
                out.problems.append((f"{out.label} column {name}", "unknown column (check the spelling)"))
            usable.append(None)
        else:
            usable.append(by_name[name])
        seen.add(name)
    for known in columns:
        if known.required and known.name not in seen:
            out.problems.append((out.label, f"missing column {known.name}"))
            out.missing_columns.add(known.name)
    return usable


def cell_value(column: Column, cell: CellValue, *, decimal_comma: bool, escaped: bool) -> Any:
    """The JSON value of a non-empty cell, text or already typed (a worksheet's numbers, dates)."""
    if isinstance(cell, str):
        return parse_cell(column, cell, decimal_comma=decimal_comma, escaped=escaped)
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float):
        if column.kind in ("int", "float"):
            return parse_number(repr(cell), decimal_comma=False, integer=column.kind == "int")
        if column.kind in ("text", "token", "text_list"):  # a number typed where text is kept
            text = str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell)
            return parse_cell(column, text, escaped=False)
        return cell
    if isinstance(cell, datetime):
        return cell.date().isoformat() if column.kind == "date" else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return cell.isoformat() if cell is not None else None  # a time alone: validation says what is missing
