"""Mission reports as a folder of sheets, as a coordinator collects them.

The folder holds::

    actuals.json   {"format_version": 1, "year": 2027}                            required
    reports.csv    one row per report: mission, held, rating, audience, notes, follow_up
    people.csv     one row per person on a report: mission, id, hours, expenses_eur, substitute_for

A report is its row of ``reports.csv`` plus the rows of ``people.csv`` with the same ``mission``,
in the order of the sheet (two sheets rather than one row per person, so that a report with
nobody on it, a mission called off say, still has its row, and the evaluation is written once).
Cells follow the instance sheets (:mod:`ambassade_opt.csv_sheets`): the columns are the field
names, an empty cell is the default, booleans ``true``/``false``, the separator ``,`` or ``;``
(with ``;``, a decimal comma such as ``2,5`` is read too), UTF-8 with or without a byte-order mark.

Problems name the sheet, the row (the header is row 1) and the column, e.g.
``people.csv row 4, column substitute_for: 'A03' was not planned on M05 (planned: A01)``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..csv_sheets import Column, columns, format_cell, parse_cell
from ..errors import InputError, Loc, format_loc
from ..files import read_bytes_limited, write_folder_atomic
from ..model import Euros, Id, NonNegFloat, NonNegInt, OptionalText, Strict, read_input_bytes
from .model import Actuals, Rating, check_actuals_json

ACTUALS_FILE = "actuals.json"
REPORTS_SHEET = "reports.csv"
PEOPLE_SHEET = "people.csv"
EVALUATION_FIELDS: tuple[str, ...] = ("rating", "audience", "notes", "follow_up")
Records = list[list[str]]  # the cells of a sheet as text, header row first


class ReportRow(Strict):
    """A row of ``reports.csv``."""

    mission: Id
    held: bool
    rating: Rating | None = None
    audience: NonNegInt | None = None
    notes: OptionalText = None
    follow_up: OptionalText = None


class PersonRow(Strict):
    """A row of ``people.csv``."""

    mission: Id
    id: Id
    hours: NonNegFloat | None = None
    expenses_eur: Euros = 0.0
    substitute_for: Id | None = None


@dataclass
class LoadedActuals:
    """Reports read from a folder, with the renderer that turns a path in the reports into the
    sheet, row and column it came from (for the checks against the year and the plan)."""

    actuals: Actuals
    source: str
    render_loc: Callable[[Loc], str] = format_loc


@dataclass
class SheetReader:
    """Turns the records of the two sheets (lists of cell texts, header first) into reports,
    collecting every problem by sheet, row and column. ``labels`` name the sheets and the head
    (``reports.csv``, ``people.csv``, ``actuals.json`` in a folder; sheet names in a workbook)."""

    labels: dict[str, str]
    problems: list[tuple[str, str]] = field(default_factory=list)
    report_rows: list[int] = field(default_factory=list)  # spreadsheet row of each report
    person_rows: dict[tuple[int, int], int] = field(default_factory=dict)  # (report, person) -> row

    def render(self, loc: Loc) -> str:
        if loc and loc[0] == "reports" and len(loc) >= 2 and isinstance(loc[1], int):
            i = loc[1]
            if len(loc) >= 4 and loc[2] == "people" and isinstance(loc[3], int):
                row = self.person_rows.get((i, loc[3]))
                column = f", column {format_loc(loc[4:])}" if len(loc) > 4 else ""
                return f"{self.labels['people']} row {row}{column}"
            row = self.report_rows[i] if i < len(self.report_rows) else i + 2
            rest = [p for p in loc[2:] if p != "evaluation"]
            return f"{self.labels['reports']} row {row}" + (f", column {format_loc(rest)}" if rest else "")
        if loc and loc[0] in ("format_version", "year"):
            return f"{self.labels['head']}, {format_loc(loc)}"
        return format_loc(loc)

    def rows(self, sheet: str, model: type[BaseModel], records: list[list[str]],
             decimal_comma: bool = False) -> list[tuple[int, dict[str, Any]]]:
        """(spreadsheet row, parsed cells) of every non-blank row of ``records``."""
        name = self.labels[sheet]
        by_name = {c.name: c for c in columns(model)}
        header = [h.strip() for h in records[0]] if records else []
        for h in header:
            if h and h not in by_name:
                self.problems.append((f"{name} column {h}", "unknown column (check the spelling)"))
        for dup in sorted({h for h in header if h and header.count(h) > 1}):
            self.problems.append((f"{name} column {dup}", "the column appears twice"))
        for col in by_name.values():
            if col.required and col.name not in header:
                self.problems.append((name, f"missing column {col.name}"))
        rows = []
        for number, record in enumerate(records[1:], start=2):
            if not any(cell.strip() for cell in record):
                continue
            cells: dict[str, Any] = {}
            for h, cell in zip(header, record, strict=False):
                found = by_name.get(h)
                if found is not None and cell.strip():
                    where = f"{name} row {number}, column {h}"
                    cells[h] = _cell(found, cell, decimal_comma, where, self.problems)
            rows.append((number, cells))
        return rows

    def build(self, head: Any, reports_records: Records | None, people_records: Records | None,
              source: str, decimal_comma: bool = False) -> LoadedActuals:
        """The reports of the two sheets and the head (``{format_version, year}``), checked as a
        reports file; :class:`InputError` with every problem otherwise."""
        reports: list[dict[str, Any]] = []
        by_mission: dict[str, int] = {}
        for number, cells in self.rows("reports", ReportRow, reports_records or [], decimal_comma):
            evaluation = {k: cells.pop(k) for k in EVALUATION_FIELDS if k in cells}
            reports.append({**cells, "people": [], "evaluation": evaluation})
            self.report_rows.append(number)
            if isinstance(cells.get("mission"), str):
                by_mission.setdefault(cells["mission"], len(reports) - 1)
        for number, cells in self.rows("people", PersonRow, people_records or [], decimal_comma):
            mission = cells.pop("mission", None)
            i = by_mission.get(mission) if isinstance(mission, str) else None
            if i is None:
                self.problems.append((f"{self.labels['people']} row {number}, column mission",
                                      f"no report for {mission!r} in {self.labels['reports']}"))
                continue
            self.person_rows[(i, len(reports[i]["people"]))] = number
            reports[i]["people"].append(cells)
        if self.problems:
            raise InputError(self.problems, source=source)
        if not isinstance(head, dict):
            raise InputError([(self.labels["head"], f"expected the keys format_version and year, got "
                                                    f"{type(head).__name__}")], source)
        actuals, problems = check_actuals_json(json.dumps({**head, "reports": reports}, ensure_ascii=False))
        if actuals is None or problems:
            raise InputError.from_locs(problems, source, self.render)
        return LoadedActuals(actuals, source, self.render)


def _cell(col: Column, cell: str, decimal_comma: bool, where: str, problems: list[tuple[str, str]]) -> Any:
    if col.kind == "float" and decimal_comma:
        cell = cell.replace(",", ".")
    try:
        return parse_cell(col, cell)
    except ValueError as exc:
        problems.append((where, str(exc)))
        return None


# --------------------------------------------------------------------------------------------
# A folder of CSV sheets


def _text(folder: Path, name: str, problems: list[tuple[str, str]]) -> str | None:
    path = folder / name
    if not path.exists():
        problems.append((name, f"missing: a folder of mission reports needs {name}"))
        return None
    try:
        return read_bytes_limited(path).decode("utf-8-sig")
    except OSError as exc:
        problems.append((name, f"cannot read the file: {exc.strerror or exc}"))
    except UnicodeDecodeError as exc:
        problems.append((name, f"not UTF-8 text (byte {exc.start}): save the sheet as UTF-8"))
    except ValueError as exc:  # not a regular file, or too large
        problems.append((name, f"cannot read the file: {exc}"))
    return None


def _records(text: str | None) -> tuple[list[list[str]] | None, bool]:
    """The CSV records and whether the separator is ``;`` (then decimal commas are read too)."""
    if text is None:
        return None, False
    first_line = text.split("\n", 1)[0]
    semicolon = first_line.count(";") > first_line.count(",")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if semicolon else ",")), semicolon


def load_actuals(path: str | Path) -> LoadedActuals:
    """Reports from a JSON file, a folder of sheets or an ``.xlsx`` workbook, with the renderer of
    their locations (sheet, row and column for sheets)."""
    p = Path(path)
    if p.is_dir():
        return load_actuals_folder(p)
    if p.suffix.lower() == ".xlsx":
        from .workbook import load_actuals_workbook

        return load_actuals_workbook(p)
    return LoadedActuals(Actuals.from_json(read_input_bytes(p), source=str(p)), str(p))


def read_actuals_folder(path: str | Path) -> Actuals:
    """Load a folder of report sheets, reporting every problem by sheet, row and column."""
    return load_actuals_folder(path).actuals


def load_actuals_folder(path: str | Path) -> LoadedActuals:
    folder = Path(path)
    if not folder.is_dir():
        raise InputError([(str(folder), "not a folder of mission reports")])
    reader = SheetReader({"head": ACTUALS_FILE, "reports": REPORTS_SHEET, "people": PEOPLE_SHEET})
    head_text = _text(folder, ACTUALS_FILE, reader.problems)
    head: Any = {}
    if head_text is not None:
        try:
            head = json.loads(head_text)
        except ValueError as exc:
            reader.problems.append((ACTUALS_FILE, f"not valid JSON: {exc}"))
    reports, semicolon_r = _records(_text(folder, REPORTS_SHEET, reader.problems))
    people, semicolon_p = _records(_text(folder, PEOPLE_SHEET, reader.problems))
    return reader.build(head, reports, people, str(folder), decimal_comma=semicolon_r or semicolon_p)


def folder_files(actuals: Actuals) -> dict[str, bytes]:
    """File name -> content of the folder of sheets for ``actuals``."""
    head = {"format_version": actuals.format_version, "year": actuals.year}
    reports, people = sheet_rows(actuals)
    return {
        ACTUALS_FILE: (json.dumps(head, indent=1) + "\n").encode("utf-8"),
        REPORTS_SHEET: _sheet_text(ReportRow, reports).encode("utf-8"),
        PEOPLE_SHEET: _sheet_text(PersonRow, people).encode("utf-8"),
    }


def _sheet_text(model: type[BaseModel], rows: list[dict[str, Any]]) -> str:
    cols = columns(model)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in cols])
    for row in rows:
        writer.writerow([format_cell(c, row[c.name]) for c in cols])
    return out.getvalue()


def write_actuals_folder(actuals: Actuals, path: str | Path) -> None:
    """Write the reports as a folder of sheets: every file or none (see
    :func:`ambassade_opt.files.write_folder_atomic`); a path that is a file is refused."""
    refuse_file_as_folder(path)
    write_folder_atomic(path, folder_files(actuals))


def refuse_file_as_folder(path: str | Path) -> None:
    """:class:`InputError` when ``path`` exists and is not a folder, or its parent folder is missing."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise InputError([(str(target), "exists and is not a folder")])
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError([(str(target), f"the folder {parent} does not exist")])


def sheet_rows(actuals: Actuals) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of ``reports`` and ``people``, as JSON data."""
    reports: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    for r in actuals.reports:
        reports.append({"mission": r.mission, "held": r.held, **r.evaluation.model_dump(mode="json")})
        people += [{"mission": r.mission, **p.model_dump(mode="json")} for p in r.people]
    return reports, people
