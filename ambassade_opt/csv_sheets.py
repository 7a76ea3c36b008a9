"""An instance as spreadsheets: a folder of CSV sheets or an Excel workbook, read and written.

Reading gathers the sheets (:mod:`ambassade_opt.model.sheets`, which uses the formats layer
:mod:`ambassade_opt.formats`) and validates them as an instance, reporting every problem by sheet,
spreadsheet row (the header is row 1) and column, all at once:
``missions.csv row 4, column end: must be after start (2027-02-11T19:00)``.
:meth:`Instance.load <ambassade_opt.model.Instance.load>` reads all three forms (JSON file, folder,
``.xlsx``).

Writing: CSV sheets are written for Excel in a Belgian locale by default (``excel-be``: ``;``,
UTF-8 with a byte-order mark, decimal commas, ``DD/MM/YYYY HH:MM``), or as RFC 4180 (``rfc4180``:
``,``, ISO 8601) for programs. In both, text that a spreadsheet would run as a formula is escaped
with a leading quote, which reading removes again: what is written reads back to the same
instance. Workbooks hold text as text cells, never formulas.

:func:`write_csv_folder` writes all files or none; :func:`write_workbook` writes the workbook to a
temporary file renamed over the target.
"""

from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .files import write_bytes_atomic, write_folder_atomic
from .formats.cells import DEFAULT_DIALECT, DIALECTS, format_cell, parse_cell
from .formats.columns import Column
from .formats.columns import columns_of as columns
from .formats.workbook import WorkbookProblem
from .model import Instance
from .model.instance import from_sheets
from .model.sheets import (
    ALL_FILES,
    INSTANCE_FILE,
    INSTANCE_KEYS,
    POLICY_FILE,
    REQUIRED_SHEETS,
    SHEETS,
    read_folder,
    read_workbook_file,
    workbook_file_bytes,
)
from .model.sheets import folder_texts as _folder_texts

CSV_DIALECTS: tuple[str, ...] = tuple(DIALECTS)

# Column, columns, format_cell and parse_cell are the formats layer's (ambassade_opt.formats), here
# for code that built other sheets on them.
__all__ = [
    "ALL_FILES",
    "CSV_DIALECTS",
    "INSTANCE_FILE",
    "INSTANCE_KEYS",
    "POLICY_FILE",
    "REQUIRED_SHEETS",
    "SHEETS",
    "Column",
    "columns",
    "folder_texts",
    "format_cell",
    "parse_cell",
    "read_csv_folder",
    "read_workbook",
    "workbook_data",
    "write_csv_folder",
    "write_workbook",
]


def read_csv_folder(path: str | Path) -> Instance:
    """Load a folder of sheets into a validated :class:`Instance`, reporting every problem."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError([(str(folder), "not a folder of CSV sheets")])
    return from_sheets(read_folder(folder), source=str(folder))


def read_workbook(path: str | Path) -> Instance:
    """Load an ``.xlsx`` workbook into a validated :class:`Instance`, reporting every problem."""
    return from_sheets(read_workbook_file(Path(path)), source=str(path))


def folder_texts(instance: Instance, dialect: str = DEFAULT_DIALECT) -> dict[str, str]:
    """File name -> text of every file of the folder, in ``dialect`` (``excel-be`` or ``rfc4180``)."""
    if dialect not in DIALECTS:
        raise InputError([("dialect", f"{dialect!r} is not one of {', '.join(DIALECTS)}")])
    return _folder_texts(instance.to_dict(), dialect)


def workbook_data(instance: Instance) -> bytes:
    """The ``.xlsx`` file of the instance; a text too long for an Excel cell is an InputError."""
    try:
        return workbook_file_bytes(instance.to_dict())
    except WorkbookProblem as exc:
        raise InputError([("workbook", str(exc))]) from None


def write_workbook(instance: Instance, path: str | Path) -> None:
    """Write the instance as an ``.xlsx`` workbook, completely or not at all."""
    write_bytes_atomic(path, workbook_data(instance))


def write_csv_folder(instance: Instance, path: str | Path, dialect: str = DEFAULT_DIALECT) -> None:
    """Write the instance as a folder of sheets in ``dialect``, creating the folder if needed.

    All files are written or none (:func:`ambassade_opt.files.write_folder_atomic`): a failure while
    writing (a full disk, say) leaves the folder as it was, and a new folder appears only complete.
    Other files in the folder are left alone. A write that fails raises its ``OSError``.
    """
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise InputError([(str(folder), "exists and is not a folder: cannot write CSV sheets there")])
    write_folder_atomic(folder, folder_texts(instance, dialect))
