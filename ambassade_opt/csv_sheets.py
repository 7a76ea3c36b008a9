"""A folder of CSV sheets: how a cooperative keeps its identification and mission sheets.

The folder holds::

    instance.json     {"format_version": 1, "name": ..., "year": ...}   required
    ambassadors.csv   one identification sheet per row                    required
    missions.csv      one mission sheet per row                           required
    staff.csv         permanent staff                                     optional (none)
    meetings.csv      support-group meetings                              optional (none)
    policy.json       the Policy object of DOMAIN.md section 2            optional (defaults)

``instance.json`` carries the three instance-level fields; ``policy.json`` is exactly the
``policy`` object of an instance JSON file, nothing else, so it can be copied between the two.

Sheets:

* the first row names the columns, which are the field names of DOMAIN.md section 2, in any
  order; a column may be left out when the field has a default. An unknown column is an error;
* an empty cell means the field's default (``null`` for ``| null`` fields, ``[]`` for lists);
* a list cell is its items separated by ``;`` (``nl;fr``; spaces around items are ignored). A
  cell starting with ``[`` is read as a JSON list instead: ``[]`` is an empty list where that
  differs from the default (``requires_training``: ``[]`` requires nothing, empty means "use the
  policy table"), and items that contain ``;`` are written that way;
* nested fields (``links``, ``unavailable``, ``interests``, ``history``) are JSON text, e.g.
  ``[{"start": "2027-07-01", "end": "2027-08-31"}]``;
* booleans are ``true``/``false`` (any case; ``1``/``0`` and ``yes``/``no`` too); dates ``YYYY-MM-DD``, times
  ``YYYY-MM-DDTHH:MM`` local to Brussels;
* files are UTF-8 (a byte-order mark is fine); the separator is ``,``, or ``;`` when the header
  row uses it (spreadsheets set to a Belgian locale save that way).

Problems are reported by sheet, spreadsheet row (the header is row 1) and column, all at once:
``missions.csv row 4, column end: must be after start (2027-02-11T19:00)``.

:func:`write_csv_folder` writes every file completely before putting any of them in place.
"""

from __future__ import annotations

import csv
import io
import json
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .errors import InputError, Loc, format_loc
from .files import read_bytes_limited, write_folder_atomic
from .model import Ambassador, Instance, Meeting, Mission, Staff, check_instance_json

INSTANCE_FILE = "instance.json"
POLICY_FILE = "policy.json"
INSTANCE_KEYS: tuple[str, ...] = ("format_version", "name", "year")
SHEETS: dict[str, type[BaseModel]] = {
    "ambassadors": Ambassador,
    "staff": Staff,
    "missions": Mission,
    "meetings": Meeting,
}
REQUIRED_SHEETS: tuple[str, ...] = ("ambassadors", "missions")
ALL_FILES: tuple[str, ...] = (INSTANCE_FILE, *(f"{s}.csv" for s in SHEETS), POLICY_FILE)

CellKind = Literal["text", "token", "int", "float", "bool", "text_list", "int_list", "json"]
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


# --------------------------------------------------------------------------------------------
# How each column is written, from the field's type


@dataclass(frozen=True)
class Column:
    name: str
    kind: CellKind
    required: bool
    default_json: Any  # the field's default as JSON data; an empty cell stands for it


def _strip_annotated(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _kind(annotation: Any) -> CellKind:
    tp = _strip_annotated(annotation)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return _kind(options[0])
        return "json"
    if origin is list:
        item = _strip_annotated(typing.get_args(tp)[0])
        item_kind = _kind(item)
        if item_kind == "int":
            return "int_list"
        if item_kind in ("text", "token"):
            return "text_list"
        return "json"
    if origin is dict or (isinstance(tp, type) and issubclass(tp, BaseModel)):
        return "json"
    if origin is Literal or tp in (date, datetime):
        return "token"  # never has meaningful spaces around it
    if tp is str:
        return "text"
    if tp is bool:
        return "bool"
    if tp is int:
        return "int"
    if tp is float:
        return "float"
    raise TypeError(f"no CSV cell kind for {annotation!r}")  # a new field type: teach it here


def _default_json(info: FieldInfo) -> Any:
    if info.is_required():
        return None
    default = info.get_default(call_default_factory=True)
    if isinstance(default, BaseModel):
        return default.model_dump(mode="json")
    return default


def columns(model: type[BaseModel]) -> list[Column]:
    """The columns of a sheet, in field order."""
    return [
        Column(name, _kind(info.annotation), info.is_required(), _default_json(info))
        for name, info in model.model_fields.items()
    ]


# --------------------------------------------------------------------------------------------
# Reading


def read_csv_folder(path: str | Path) -> Instance:
    """Load a folder of sheets into a validated :class:`Instance`, reporting every problem."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError([(str(folder), "not a folder of CSV sheets")])
    reader = _FolderReader(folder)
    raw = reader.read()
    inst, problems = check_instance_json(json.dumps(raw, ensure_ascii=False), source=str(folder))
    rendered = list(reader.problems)
    rendered += [
        (reader.render(loc), msg) for loc, msg in problems if not reader.already_reported(loc)
    ]
    if inst is None or rendered:
        raise InputError(rendered, source=str(folder))
    return inst


class _FolderReader:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[tuple[str, str]] = []  # rendered already
        self.row_numbers: dict[str, list[int]] = {}  # sheet -> spreadsheet row of each entity
        self.cell_problems: set[tuple[str, int, str]] = set()  # (sheet, index, column) reported
        self.missing_columns: set[tuple[str, str]] = set()
        self.missing_files: set[str] = set()
        self.unusable_sheets: set[str] = set()  # missing or unreadable, reported already

    def read(self) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        instance_part = self._json_file(INSTANCE_FILE, required=True)
        if instance_part is not None:
            for key, value in instance_part.items():
                if key in INSTANCE_KEYS:
                    raw[key] = value
                else:
                    self.problems.append((
                        f"{INSTANCE_FILE}, {key}",
                        "unknown field (instance.json holds only format_version, name and year)",
                    ))
        for sheet, model in SHEETS.items():
            rows = self._sheet(sheet, model)
            if rows is not None:
                raw[sheet] = rows
            elif sheet in REQUIRED_SHEETS or (self.folder / f"{sheet}.csv").exists():
                raw[sheet] = None  # unusable, so that nothing is called dangling for want of it
                self.unusable_sheets.add(sheet)
        policy = self._json_file(POLICY_FILE, required=False)
        if policy is not None:
            raw["policy"] = policy
        return raw

    # -- locations -----------------------------------------------------------------------
    def render(self, loc: Loc) -> str:
        if not loc:
            return str(self.folder)
        head = loc[0]
        if head in SHEETS:
            sheet = f"{head}.csv"
            if len(loc) == 1 or not isinstance(loc[1], int):
                return sheet
            numbers = self.row_numbers.get(str(head), [])
            row = numbers[loc[1]] if loc[1] < len(numbers) else loc[1] + 2
            if len(loc) == 2:
                return f"{sheet} row {row}"
            return f"{sheet} row {row}, column {format_loc(loc[2:])}"
        if head == "policy":
            return f"{POLICY_FILE}, {format_loc(loc[1:])}" if len(loc) > 1 else POLICY_FILE
        if head in INSTANCE_KEYS:
            return f"{INSTANCE_FILE}, {format_loc(loc)}"
        return format_loc(loc)

    def already_reported(self, loc: Loc) -> bool:
        """A cell that could not be read, or a column or file missing altogether, is reported once."""
        if loc and loc[0] in INSTANCE_KEYS and INSTANCE_FILE in self.missing_files:
            return True
        if len(loc) == 1 and loc[0] in self.unusable_sheets:
            return True
        if len(loc) >= 3 and isinstance(loc[0], str) and isinstance(loc[1], int) and isinstance(loc[2], str):
            if (loc[0], loc[1], loc[2]) in self.cell_problems:
                return True
            if (loc[0], loc[2]) in self.missing_columns:
                return True
        return False

    # -- files ---------------------------------------------------------------------------
    def _text(self, name: str, required: bool) -> str | None:
        path = self.folder / name
        if not path.exists():
            if required:
                what = (
                    "the instance's format_version, name and year, e.g. "
                    '{"format_version": 1, "name": "Year 2027", "year": 2027}'
                    if name == INSTANCE_FILE else "one row per entity under a header row of field names"
                )
                self.problems.append((name, f"missing: a folder of sheets needs {name} with {what}"))
                self.missing_files.add(name)
            return None
        try:
            return read_bytes_limited(path).decode("utf-8-sig")
        except OSError as exc:
            self.problems.append((name, f"cannot read the file: {exc.strerror or exc}"))
        except UnicodeDecodeError as exc:
            self.problems.append((name, f"not UTF-8 text (byte {exc.start}): save the sheet as UTF-8"))
        except ValueError as exc:  # not a regular file, or too large
            self.problems.append((name, f"cannot read the file: {exc}"))
        return None

    def _json_file(self, name: str, required: bool) -> dict[str, Any] | None:
        text = self._text(name, required)
        if text is None:
            return None
        try:
            data = json.loads(text)
        except ValueError as exc:
            self.problems.append((name, f"not valid JSON: {exc}"))
            return None
        if not isinstance(data, dict):
            self.problems.append((name, f"expected a JSON object, got {type(data).__name__}"))
            return None
        return data

    def _sheet(self, sheet: str, model: type[BaseModel]) -> list[dict[str, Any]] | None:
        file_name = f"{sheet}.csv"
        text = self._text(file_name, required=sheet in REQUIRED_SHEETS)
        if text is None:
            return None
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        if not records or not any(cell.strip() for cell in records[0]):
            self.problems.append((file_name, "empty: the first row must name the columns"))
            return None
        by_name = {c.name: c for c in columns(model)}
        header = [h.strip() for h in records[0]]
        usable: list[Column | None] = []
        seen: set[str] = set()
        for h in header:
            if h in seen:
                self.problems.append((f"{file_name} column {h}", "the column appears twice"))
                usable.append(None)
            elif h not in by_name:
                if h:
                    self.problems.append((f"{file_name} column {h}", "unknown column (check the spelling)"))
                usable.append(None)
            else:
                usable.append(by_name[h])
            seen.add(h)
        for known in by_name.values():
            if known.required and known.name not in seen:
                self.problems.append((file_name, f"missing column {known.name}"))
                self.missing_columns.add((sheet, known.name))

        rows: list[dict[str, Any]] = []
        numbers: list[int] = []
        for row_number, record in enumerate(records[1:], start=2):
            if not any(cell.strip() for cell in record):
                continue  # a blank line between blocks of rows
            index = len(rows)
            row: dict[str, Any] = {}
            extra = [c for c in record[len(header):] if c.strip()]
            if extra:
                self.problems.append((
                    f"{file_name} row {row_number}",
                    f"{len(header) + len(extra)} cells but the header names {len(header)} columns",
                ))
            for col, cell in zip(usable, record, strict=False):
                if col is None or cell == "" or (col.kind != "text" and not cell.strip()):
                    continue  # free text keeps its spaces; elsewhere spaces alone are empty
                try:
                    row[col.name] = parse_cell(col, cell)
                except ValueError as exc:
                    self.problems.append((f"{file_name} row {row_number}, column {col.name}", str(exc)))
                    self.cell_problems.add((sheet, index, col.name))
                    if col.required:
                        row[col.name] = None  # keeps pydantic from also calling it missing
            rows.append(row)
            numbers.append(row_number)
        self.row_numbers[sheet] = numbers
        return rows


def parse_cell(column: Column, cell: str) -> Any:
    """The JSON value of a non-empty cell. Values of the wrong type are passed on as text, so
    that validation reports them in its own words; only unreadable JSON is a ``ValueError``."""
    if column.kind == "text":
        return cell
    stripped = cell.strip()
    if column.kind == "token":
        return stripped
    if column.kind == "int":
        return _int_or_text(stripped)
    if column.kind == "float":
        try:
            return float(stripped)
        except ValueError:
            return stripped
    if column.kind == "bool":
        low = stripped.lower()
        return True if low in _TRUE else False if low in _FALSE else stripped
    if column.kind == "json" or stripped.startswith("["):
        try:
            return json.loads(stripped)
        except ValueError as exc:
            raise ValueError(f"not valid JSON text: {exc}") from None
    items = [item.strip() for item in cell.split(";")]
    items = [item for item in items if item]
    if column.kind == "int_list":
        return [_int_or_text(item) for item in items]
    return items


def _int_or_text(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text


# --------------------------------------------------------------------------------------------
# Writing


def format_cell(column: Column, value: Any) -> str:
    """The cell for a field's JSON value; :func:`parse_cell` reads it back to the same value."""
    if value is None:
        return ""
    if column.kind == "json":
        return "" if value == column.default_json else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if not value:
            return "" if column.default_json == [] else "[]"
        if all(_plain_item(item) for item in value) and not str(value[0]).startswith("["):
            return ";".join(str(item) for item in value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return str(value)


def _plain_item(item: Any) -> bool:
    if isinstance(item, int) and not isinstance(item, bool):
        return True
    return isinstance(item, str) and item != "" and item == item.strip() and ";" not in item


def sheet_text(model: type[BaseModel], entities: list[Any]) -> str:
    cols = columns(model)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; also quotes cells holding a lone CR
    writer.writerow([c.name for c in cols])
    for entity in entities:
        data = entity.model_dump(mode="json")
        writer.writerow([format_cell(c, data[c.name]) for c in cols])
    return out.getvalue()


def folder_texts(instance: Instance) -> dict[str, str]:
    """File name -> text of every file of the folder."""
    head = {key: getattr(instance, key) for key in INSTANCE_KEYS}
    texts = {INSTANCE_FILE: json.dumps(head, indent=1, ensure_ascii=False) + "\n"}
    for sheet, model in SHEETS.items():
        texts[f"{sheet}.csv"] = sheet_text(model, getattr(instance, sheet))
    policy = instance.policy.model_dump(mode="json")
    texts[POLICY_FILE] = json.dumps(policy, indent=1, ensure_ascii=False) + "\n"
    return texts


def write_csv_folder(instance: Instance, path: str | Path) -> None:
    """Write the instance as a folder of sheets, creating the folder if needed.

    All files are written or none (:func:`ambassade_opt.files.write_folder_atomic`): a failure while
    writing (a full disk, say) leaves the folder as it was, and a new folder appears only complete.
    Other files in the folder are left alone. A write that fails raises its ``OSError``.
    """
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise InputError([(str(folder), "exists and is not a folder: cannot write CSV sheets there")])
    write_folder_atomic(folder, folder_texts(instance))
