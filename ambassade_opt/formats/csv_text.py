"""CSV text in and out: the separator sniffed per file, an optional byte-order mark, bounded cells.

Reading takes ``,`` or ``;`` (the one the header row uses more; spreadsheets in a Belgian locale
save with ``;``), and a cell may hold up to :data:`MAX_CELL_CHARS` characters (Python's default
limit is 131,072, beyond which it raises ``_csv.Error``). Writing follows a
:class:`~.cells.Dialect` and escapes formulas (:func:`~.cells.escape_formula`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import numbers
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import numpy as np

from .cells import (
    Dialect,
    escape_formula,
    format_cell,
    format_date_be,
    format_datetime_be,
    format_number,
)
from .columns import Column

MAX_CELL_CHARS = 1_048_576
"""Longest cell read from a CSV file, in characters (1 Mi): a JSON cell listing a person's interest
in every mission of a large year takes some 100 k."""


class CsvProblem(ValueError):
    """CSV text that cannot be split into cells; the message names the line."""


def sniff_delimiter(text: str) -> str:
    """``;`` when the header row holds more ``;`` than ``,``, else ``,``."""
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_csv_rows(text: str) -> tuple[list[list[str]], str]:
    """The rows of CSV ``text`` (a byte-order mark already removed) and the separator it uses.

    A cell longer than :data:`MAX_CELL_CHARS` is a :class:`CsvProblem` naming its line.
    """
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    with _field_limit(MAX_CELL_CHARS):
        try:
            for row in reader:
                rows.append(row)
        except csv.Error as exc:
            line = reader.line_num
            if "field larger than field limit" in str(exc):
                raise CsvProblem(
                    f"line {line}: a cell longer than {MAX_CELL_CHARS:,} characters") from None
            raise CsvProblem(f"line {line}: {exc}") from None
    return rows, delimiter


def write_csv_text(rows: Sequence[Sequence[str]], dialect: Dialect) -> str:
    """CSV text of cells already formatted; CRLF line ends (RFC 4180), the dialect's separator, and
    its byte-order mark. Cells holding a separator, a quote or a line break are quoted."""
    out = io.StringIO()
    if dialect.byte_order_mark:
        out.write("\ufeff")
    csv.writer(out, delimiter=dialect.delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def records_csv_text(columns: Sequence[Column], records: Sequence[dict[str, Any]], dialect: Dialect) -> str:
    """A sheet of records (JSON values by field name): the header row, then one row per record."""
    rows = [[c.name for c in columns]]
    rows += [[format_cell(c, record.get(c.name), dialect) for c in columns] for record in records]
    return write_csv_text(rows, dialect)


def table_cell(value: Any, dialect: Dialect) -> str:
    """A cell of a table of plain values (a report): numbers as numbers, text escaped."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return ""
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=None).isoformat()
        return format_datetime_be(moment) if dialect.day_first_dates else moment
    if isinstance(value, date):
        return format_date_be(value.isoformat()) if dialect.day_first_dates else value.isoformat()
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return "" if math.isnan(number) else format_number(number, dialect)
    return escape_formula(str(value))


def table_csv_text(header: Sequence[str], rows: Sequence[Sequence[Any]], dialect: Dialect) -> str:
    """CSV text of a table of plain values (numbers, text, booleans, ``None``)."""
    cells = [[escape_formula(str(h)) for h in header]]
    cells += [[table_cell(v, dialect) for v in row] for row in rows]
    return write_csv_text(cells, dialect)
