"""One cell of a sheet to and from its JSON value, the way coordinators' spreadsheets write them.

Reading accepts (DOMAIN.md section 10):

* numbers with a decimal point, or a decimal comma (``14,5``, ``1 234,5``) where the sheet says so
  (a ``;``-separated CSV file, a workbook); ``14,0`` in an integer column is 14;
* booleans in English, French and Dutch, any case: true/false, vrai/faux, oui/non, waar/onwaar,
  ja/nee, yes/no, 1/0;
* dates ``YYYY-MM-DD`` or ``DD/MM/YYYY``; times ``YYYY-MM-DDTHH:MM`` (or a space for ``T``) or
  ``DD/MM/YYYY HH:MM``, seconds optional;
* lists as ``a;b;c`` (spaces around items ignored) or as a JSON list; nested fields as JSON text,
  read by the strict JSON reader.

A value of the wrong type is passed on as text, so that validation reports it in its own words;
only what cannot be passed on (unreadable JSON, a number that is not finite) is a :class:`CellError`.

**Formulas.** A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return) as a formula, so a title proposed by anyone could run code on a coordinator's
machine. Text written to CSV that starts so is prefixed with a single quote, as OWASP advises, and
the reader removes exactly that quote: :func:`escape_formula` and :func:`unescape_formula` are
inverse, also for text that itself starts with quotes. Numbers in numeric columns are not text and
are written as numbers (``-3``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from ..errors import RawProblem
from .columns import Column
from .json_strict import MAX_INTEGER_DIGITS, JsonRejected, loads_strict

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TRUE_WORDS = frozenset({"true", "1", "yes", "vrai", "oui", "waar", "ja"})
FALSE_WORDS = frozenset({"false", "0", "no", "faux", "non", "onwaar", "nee"})
_NOT_FINITE = frozenset({"nan", "inf", "infinity"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED_COMMA = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+,\d*")  # 1.234,5: dots group thousands
_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d)")  # 1 234,5 (fr-BE groups with spaces)
_BE_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_BE_DATETIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})[ T](\d{1,2}):(\d{2})(:\d{2}(?:\.\d{1,6})?)?")

DialectName = Literal["excel-be", "rfc4180"]


@dataclass(frozen=True)
class Dialect:
    """How sheets are written: ``excel-be`` for a spreadsheet in a Belgian locale (``;``, a UTF-8
    byte-order mark, decimal commas, ``DD/MM/YYYY HH:MM``), ``rfc4180`` for programs (``,``, no
    mark, ISO 8601 dates and decimal points). Both end lines with CRLF and escape formulas."""

    name: DialectName
    delimiter: str
    byte_order_mark: bool
    decimal_comma: bool
    day_first_dates: bool


DIALECTS: dict[str, Dialect] = {
    "excel-be": Dialect("excel-be", ";", True, True, True),
    "rfc4180": Dialect("rfc4180", ",", False, False, False),
}
DEFAULT_DIALECT = "excel-be"


class CellError(ValueError):
    """A cell that cannot be read; ``problems`` are paths within the cell's value and messages."""

    def __init__(self, problems: list[RawProblem]) -> None:
        self.problems = problems
        super().__init__(problems[0][1] if problems else "unreadable cell")


# --------------------------------------------------------------------------------------------
# Formulas


def _escaped_form(text: str) -> bool:
    """Quotes (any number) followed by a formula start: what gets one more quote when written."""
    rest = text.lstrip("'")
    return rest.startswith(FORMULA_STARTS)


def escape_formula(text: str) -> str:
    """``text`` as a spreadsheet cell that cannot run: a quote before a formula start (and before
    text that already starts with quotes then a formula start, so reading back is exact)."""
    return "'" + text if _escaped_form(text) else text


def unescape_formula(cell: str) -> str:
    """The text :func:`escape_formula` was given; other cells are returned unchanged."""
    return cell[1:] if cell.startswith("'") and _escaped_form(cell) else cell


# --------------------------------------------------------------------------------------------
# Reading


def parse_cell(column: Column, cell: str, *, decimal_comma: bool = False, escaped: bool = True) -> Any:
    """The JSON value of a non-empty text cell. ``escaped``: the cell comes from a CSV file whose
    text cells carry formula escapes (a workbook's cells do not need them)."""
    if column.kind in ("text", "text_list", "int_list") and escaped:
        cell = unescape_formula(cell)
    if column.kind == "text":
        return cell
    stripped = cell.strip()
    if column.kind in ("token",):
        return stripped
    if column.kind in ("int", "float"):
        return parse_number(stripped, decimal_comma=decimal_comma, integer=column.kind == "int")
    if column.kind == "bool":
        return parse_bool(stripped)
    if column.kind == "date":
        return parse_date(stripped)
    if column.kind == "datetime":
        return parse_datetime(stripped)
    if column.kind == "json" or stripped.startswith("["):
        return parse_json_cell(stripped)
    items = [item.strip() for item in cell.split(";")]
    items = [item for item in items if item]
    if column.kind == "int_list":
        return [parse_number(item, decimal_comma=False, integer=True) for item in items]
    return items


def parse_json_cell(text: str) -> Any:
    try:
        return loads_strict(text)
    except JsonRejected as exc:
        raise CellError(exc.problems) from None


def parse_number(text: str, *, decimal_comma: bool, integer: bool) -> Any:
    """An int or float, or ``text`` itself when it is no number (validation then says so)."""
    if text.lower().lstrip("+-") in _NOT_FINITE:
        raise CellError([((), f"{text} is not a finite number")])
    literal = text
    if decimal_comma and "," in text:
        literal = _SPACES.sub("", text)
        if "." in literal:
            if not _GROUPED_COMMA.fullmatch(literal):
                return text
            literal = literal.replace(".", "")
        literal = literal.replace(",", ".", 1)
    if not _NUMBER.fullmatch(literal):
        return text
    if re.fullmatch(r"[+-]?\d+", literal):
        if len(literal.lstrip("+-")) > MAX_INTEGER_DIGITS:
            raise CellError([((), f"an integer of {len(literal.lstrip('+-'))} digits is too large")])
        return int(literal)
    value = float(literal)
    if not math.isfinite(value):
        raise CellError([((), f"{text} is too large: numbers must be finite")])
    if integer and value.is_integer():
        return int(value)
    return value


def parse_bool(text: str) -> Any:
    low = text.lower()
    return True if low in TRUE_WORDS else False if low in FALSE_WORDS else text


def parse_date(text: str) -> str:
    match = _BE_DATE.fullmatch(text)
    if match is None:
        return text
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def parse_datetime(text: str) -> str:
    match = _BE_DATETIME.fullmatch(text)
    if match is None:
        return text
    day, month, year, hour, minute, seconds = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}T{int(hour):02d}:{minute}{seconds or ''}"


# --------------------------------------------------------------------------------------------
# Writing


def format_cell(column: Column, value: Any, dialect: Dialect = DIALECTS["rfc4180"]) -> str:
    """The CSV cell for a field's JSON value; :func:`parse_cell` reads it back to the same value
    (with ``decimal_comma`` for a dialect that writes them)."""
    if value is None:
        return ""
    if column.kind == "json":
        return "" if value == column.default_json else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return escape_formula(format_list(column, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value, dialect)
    if column.kind == "datetime" and dialect.day_first_dates:
        return format_datetime_be(str(value))
    if column.kind == "date" and dialect.day_first_dates:
        return format_date_be(str(value))
    if column.kind == "text":
        return escape_formula(str(value))
    return str(value)


def format_list(column: Column, value: list[Any]) -> str:
    if not value:
        return "" if column.default_json == [] else "[]"
    if all(_plain_item(item) for item in value) and not str(value[0]).startswith("["):
        return ";".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False)


def _plain_item(item: Any) -> bool:
    if isinstance(item, int) and not isinstance(item, bool):
        return True
    return isinstance(item, str) and item != "" and item == item.strip() and ";" not in item


def format_number(value: int | float, dialect: Dialect) -> str:
    text = json.dumps(value)
    return text.replace(".", ",") if dialect.decimal_comma else text


def format_date_be(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def format_datetime_be(iso: str) -> str:
    """``DD/MM/YYYY HH:MM``, with seconds (and fractions) only when there are some."""
    moment = datetime.fromisoformat(iso)
    text = f"{moment.day:02d}/{moment.month:02d}/{moment.year:04d} {moment.hour:02d}:{moment.minute:02d}"
    if moment.second or moment.microsecond:
        text += f":{moment.second:02d}"
    if moment.microsecond:
        text += f".{moment.microsecond:06d}"
    return text
