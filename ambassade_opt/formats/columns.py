"""What a column of a sheet holds, derived from the type of a pydantic field.

Any pydantic model can be a sheet: one column per field, named like the field, holding one kind of
cell (:data:`CellKind`). The sheet code of this package works from these :class:`Column` objects
only, so it serves instances, mission reports or any other table of records.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

CellKind = Literal[
    "text", "token", "int", "float", "bool", "date", "datetime", "text_list", "int_list", "json"
]
"""* ``text``: free text, kept exactly (spaces included);
* ``token``: a word with no meaningful spaces around it (a fixed vocabulary, say);
* ``int``, ``float``, ``bool``: one number or boolean;
* ``date``, ``datetime``: local dates and times;
* ``text_list``, ``int_list``: a list of short items, written ``a;b;c``;
* ``json``: anything nested (objects, lists of objects, unions), written as JSON text."""


@dataclass(frozen=True)
class Column:
    """One column: the field it holds, how its cells are written, and what an empty cell means."""

    name: str
    kind: CellKind
    required: bool
    default_json: Any = None  # the field's default as JSON data; an empty cell stands for it
    choices: tuple[str, ...] = ()  # a fixed vocabulary (offered as a drop-down list in workbooks)


def _strip_annotated(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _literal_choices(tp: Any) -> tuple[str, ...]:
    tp = _strip_annotated(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _literal_choices(options[0]) if len(options) == 1 else ()
    if typing.get_origin(tp) is Literal:
        return tuple(str(a) for a in typing.get_args(tp))
    return ()


def cell_kind(annotation: Any) -> CellKind:
    """The kind of cell for a field annotation; a type the sheets do not know is a ``TypeError``."""
    tp = _strip_annotated(annotation)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return cell_kind(options[0]) if len(options) == 1 else "json"
    if origin is list:
        item_kind = cell_kind(typing.get_args(tp)[0])
        if item_kind == "int":
            return "int_list"
        return "text_list" if item_kind in ("text", "token") else "json"
    if origin is dict or (isinstance(tp, type) and issubclass(tp, BaseModel)):
        return "json"
    simple: dict[Any, CellKind] = {
        datetime: "datetime", date: "date", str: "text", bool: "bool", int: "int", float: "float",
    }
    if origin is Literal:
        return "token"
    if tp in simple:
        return simple[tp]
    raise TypeError(f"no sheet cell kind for {annotation!r}")  # a new field type: teach it here


def _default_json(info: FieldInfo) -> Any:
    if info.is_required():
        return None
    default = info.get_default(call_default_factory=True)
    if isinstance(default, BaseModel):
        return default.model_dump(mode="json")
    return default


def columns_of(model: type[BaseModel]) -> list[Column]:
    """The columns of a sheet of ``model`` records, in field order."""
    return [
        Column(name, cell_kind(info.annotation), info.is_required(), _default_json(info),
               _literal_choices(info.annotation))
        for name, info in model.model_fields.items()
    ]
