"""An instance as spreadsheets: a folder of CSV sheets, or one Excel workbook (DOMAIN.md sections
2 and 10). This module only gathers the sheets into instance JSON data, with every problem
located by sheet, row and column; :mod:`.instance` validates the data.

A **folder** holds::

    instance.json     {"format_version": 1, "name": ..., "year": ...}   required
    ambassadors.csv   one identification sheet per row                    required
    missions.csv      one mission sheet per row                           required
    staff.csv         permanent staff                                     optional (none)
    meetings.csv      support-group meetings                              optional (none)
    policy.json       the Policy object of DOMAIN.md section 2            optional (defaults)

``policy.json`` is exactly the ``policy`` object of an instance file. A **workbook** holds the
same: key/value sheets ``instance`` and ``policy`` (nested keys dotted) and one sheet per entity
list. Sheets have one column per field (see :mod:`ambassade_opt.formats.records` and
:mod:`~ambassade_opt.formats.cells` for how cells are read: ``,`` or ``;``, decimal commas, French
and Dutch booleans, ``DD/MM/YYYY HH:MM``...). Written sheets read back to the same instance.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import InputError, Loc, format_loc
from ..formats.cells import DEFAULT_DIALECT, DIALECTS
from ..formats.columns import columns_of
from ..formats.csv_text import CsvProblem, read_csv_rows, records_csv_text
from ..formats.json_strict import read_input_bytes, read_json_object
from ..formats.records import CellValue, Records, read_records
from ..formats.workbook import (
    KeyValues,
    Table,
    WorkbookProblem,
    key_value_data,
    read_workbook,
    workbook_bytes,
)
from .missions import Meeting, Mission
from .people import Ambassador, Staff

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
WORKBOOK_SHEETS: tuple[str, ...] = ("instance", *SHEETS, "policy")


@dataclass
class SheetDocument:
    """Instance JSON data gathered from sheets, and how to name a place in them.

    ``problems`` are rendered already; :meth:`render` turns a path of the data (from validation)
    into its sheet, row and column; :meth:`already_reported` says whether a path's problem was
    reported while reading (an unreadable cell, a missing column or file).
    """

    head_label: str
    policy_label: str
    raw: dict[str, Any] = field(default_factory=dict)
    sheets: dict[str, Records] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    unusable: set[str] = field(default_factory=set)  # entity lists missing or unreadable, reported
    head_missing: bool = False

    def render(self, loc: Loc) -> str:
        if not loc:
            return "(input)"
        head = loc[0]
        if head in self.sheets:
            records = self.sheets[str(head)]
            if len(loc) == 1 or not isinstance(loc[1], int):
                return records.label
            return records.where(loc[1], format_loc(loc[2:]) if len(loc) > 2 else None)
        if head == "policy":
            return f"{self.policy_label}, {format_loc(loc[1:])}" if len(loc) > 1 else self.policy_label
        if head in INSTANCE_KEYS:
            return f"{self.head_label}, {format_loc(loc)}"
        return format_loc(loc)

    def already_reported(self, loc: Loc) -> bool:
        if loc and loc[0] in INSTANCE_KEYS and self.head_missing:
            return True
        if len(loc) == 1 and loc[0] in self.unusable:
            return True
        if len(loc) >= 3 and isinstance(loc[1], int) and isinstance(loc[2], str) and loc[0] in self.sheets:
            records = self.sheets[str(loc[0])]
            return (loc[1], loc[2]) in records.bad_cells or loc[2] in records.missing_columns
        return False

    def add_head(self, head: dict[str, Any] | None) -> None:
        if head is None:
            self.head_missing = True
            return
        for key, value in head.items():
            if key in INSTANCE_KEYS:
                self.raw[key] = value
            else:
                self.problems.append((f"{self.head_label}, {key}",
                                      "unknown field (it holds only format_version, name and year)"))

    def add_sheet(self, name: str, records: Records | None, present: bool) -> None:
        """``records``: None when the sheet is absent (``present`` false) or unreadable."""
        if records is not None:
            self.sheets[name] = records
            self.problems += records.problems
            if records.usable:
                self.raw[name] = records.records
                return
        if name in REQUIRED_SHEETS or present:
            self.raw[name] = None  # unusable, so that nothing is called dangling for want of it
            self.unusable.add(name)


# --------------------------------------------------------------------------------------------
# A folder of CSV sheets


def read_folder(folder: Path) -> SheetDocument:
    """Gather a folder of sheets; a missing or unreadable file is a problem of the document."""
    doc = SheetDocument(head_label=INSTANCE_FILE, policy_label=POLICY_FILE)
    doc.add_head(_folder_json(doc, folder, INSTANCE_FILE, required=True))
    for name, model in SHEETS.items():
        path = folder / f"{name}.csv"
        text = _folder_text(doc, folder, f"{name}.csv", required=name in REQUIRED_SHEETS)
        records = None
        if text is not None:
            try:
                rows, delimiter = read_csv_rows(text)
            except CsvProblem as exc:
                doc.problems.append((f"{name}.csv", str(exc)))
            else:
                records = read_records(f"{name}.csv", rows, columns_of(model),
                                       decimal_comma=delimiter == ";", escaped=True)
        doc.add_sheet(name, records, present=path.exists())
    policy = _folder_json(doc, folder, POLICY_FILE, required=False)
    if policy is not None:
        doc.raw["policy"] = policy
    return doc


def _folder_text(doc: SheetDocument, folder: Path, name: str, required: bool) -> str | None:
    path = folder / name
    if not path.exists():
        if required:
            what = (
                "the instance's format_version, name and year, e.g. "
                '{"format_version": 1, "name": "Year 2027", "year": 2027}'
                if name == INSTANCE_FILE else "one row per entity under a header row of field names"
            )
            doc.problems.append((name, f"missing: a folder of sheets needs {name} with {what}"))
        return None
    try:
        return read_input_bytes(path).decode("utf-8-sig")
    except InputError as exc:
        doc.problems += [(name, msg) for _, msg in exc.problems]
    except UnicodeDecodeError as exc:
        doc.problems.append((name, f"not UTF-8 text (byte {exc.start}): save the sheet as UTF-8"))
    return None


def _folder_json(doc: SheetDocument, folder: Path, name: str, required: bool) -> dict[str, Any] | None:
    text = _folder_text(doc, folder, name, required)
    if text is None:
        return None
    try:
        return read_json_object(text)
    except InputError as exc:
        doc.problems += [(name if loc == "(file)" else f"{name}, {loc}", msg) for loc, msg in exc.problems]
    return None


def folder_texts(data: dict[str, Any], dialect: str = DEFAULT_DIALECT) -> dict[str, str]:
    """File name -> text of every file of the folder, for instance JSON data (valid already)."""
    chosen = DIALECTS[dialect]
    head = {key: data[key] for key in INSTANCE_KEYS}
    texts = {INSTANCE_FILE: json.dumps(head, indent=1, ensure_ascii=False) + "\n"}
    for sheet, model in SHEETS.items():
        texts[f"{sheet}.csv"] = records_csv_text(columns_of(model), data.get(sheet, []), chosen)
    texts[POLICY_FILE] = json.dumps(data.get("policy", {}), indent=1, ensure_ascii=False) + "\n"
    return texts


# --------------------------------------------------------------------------------------------
# An Excel workbook


def read_workbook_file(path: Path) -> SheetDocument:
    """Gather the sheets of a workbook; a missing sheet is a problem of the document."""
    doc = SheetDocument(head_label="sheet instance", policy_label="sheet policy")
    try:
        book = read_workbook(read_input_bytes(path))
    except WorkbookProblem as exc:
        raise InputError([(str(path), str(exc))]) from None
    doc.add_head(_key_values(doc, book, "instance", required=True))
    for name, model in SHEETS.items():
        rows = book.get(name)
        records = None
        if rows is None:
            if name in REQUIRED_SHEETS:
                doc.problems.append((f"sheet {name}", "missing: the workbook needs this sheet"))
        else:
            records = read_records(f"sheet {name}", rows, columns_of(model),
                                   decimal_comma=True, escaped=False)
        doc.add_sheet(name, records, present=rows is not None)
    policy = _key_values(doc, book, "policy", required=False)
    if policy is not None:
        doc.raw["policy"] = policy
    for name in book:
        if name not in WORKBOOK_SHEETS:
            doc.problems.append((f"sheet {name}",
                                 f"unknown sheet (a workbook holds {', '.join(WORKBOOK_SHEETS)})"))
    return doc


def _key_values(doc: SheetDocument, book: dict[str, list[list[CellValue]]], name: str,
                required: bool) -> dict[str, Any] | None:
    rows: Sequence[Sequence[CellValue]] | None = book.get(name)
    if rows is None:
        if required:
            doc.problems.append((f"sheet {name}", "missing: the workbook needs this key/value sheet "
                                 "(format_version, name and year)"))
        return None
    data, problems = key_value_data(rows, f"sheet {name}")
    doc.problems += problems
    return data


def workbook_file_bytes(data: dict[str, Any]) -> bytes:
    """The ``.xlsx`` file of instance JSON data (valid already)."""
    head = {key: data[key] for key in INSTANCE_KEYS}
    tables = [Table(sheet, columns_of(model), data.get(sheet, [])) for sheet, model in SHEETS.items()]
    return workbook_bytes([KeyValues("instance", head), *tables, KeyValues("policy", data.get("policy", {}))])
