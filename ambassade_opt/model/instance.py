"""The :class:`Instance`: one year's inventory, people and policy, validated as a whole.

Reading an instance reports every problem at once: each entity's own, and the cross-entity ones
of :mod:`.references`, which still run over the valid entities when some are broken.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, model_validator

from ..errors import InputError, Loc, RawProblem, format_loc, pydantic_problems
from .common import Strict, Text
from .json_io import decode_json_bytes, load_json_object, read_input_bytes
from .missions import Meeting, Mission
from .people import Ambassador, Staff
from .policy import Policy
from .references import Parts, partial_reference_problems, parts_reference_problems
from .sheets import SheetDocument, read_folder, read_workbook_file

# Validation context key: the caller checks cross-entity rules itself, keeping raw locations.
_DEFER_REFERENCES = "ambassade_opt.defer_references"


class Instance(Strict):
    """One year's mission inventory, the people who can staff it, and the rules of the game."""

    format_version: Literal[1]
    name: Text
    year: Annotated[int, Field(ge=1900, le=9998)]
    ambassadors: list[Ambassador] = []
    staff: list[Staff] = []
    missions: list[Mission] = []
    meetings: list[Meeting] = []
    policy: Policy = Policy()

    @model_validator(mode="after")
    def _cross_references(self, info: ValidationInfo) -> Instance:
        if isinstance(info.context, dict) and info.context.get(_DEFER_REFERENCES):
            return self
        problems = reference_problems(self)
        if problems:
            raise InputError(problems)
        return self

    # -- lookups ---------------------------------------------------------------------------
    def ambassador(self, ambassador_id: str) -> Ambassador:
        return self._index()[0][ambassador_id]

    def staff_member(self, staff_id: str) -> Staff:
        return self._index()[1][staff_id]

    def mission(self, mission_id: str) -> Mission:
        return self._index()[2][mission_id]

    def _index(self) -> tuple[dict[str, Ambassador], dict[str, Staff], dict[str, Mission]]:
        # Models are mutable, so the index is rebuilt when the lists no longer match it.
        key = (id(self.ambassadors), len(self.ambassadors), id(self.staff), len(self.staff),
               id(self.missions), len(self.missions))
        cached = self.__dict__.get("_lookup")
        if cached is None or cached[0] != key:
            cached = (
                key,
                ({a.id: a for a in self.ambassadors}, {s.id: s for s in self.staff},
                 {m.id: m for m in self.missions}),
            )
            object.__setattr__(self, "_lookup", cached)  # not a field: kept out of dumps
        return cached[1]

    # -- formats ---------------------------------------------------------------------------
    @classmethod
    def from_json(cls, text: str | bytes, source: str | None = None) -> Instance:
        """Parse and validate an instance, raising :class:`InputError` with every problem."""
        return validate_instance(text, source=source)

    @classmethod
    def load(cls, path: str | Path) -> Instance:
        """Load a JSON file, a folder of CSV sheets or an ``.xlsx`` workbook (see :mod:`.sheets`)."""
        p = Path(path)
        if p.is_dir():
            return from_sheets(read_folder(p), source=str(p))
        if p.suffix.lower() == ".xlsx":
            return from_sheets(read_workbook_file(p), source=str(p))
        return cls.from_json(read_input_bytes(p), source=str(p))

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False) + "\n"

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def save(self, path: str | Path) -> None:
        from ..files import write_text_atomic

        write_text_atomic(path, self.to_json())



def from_sheets(doc: SheetDocument, source: str | None = None) -> Instance:
    """Validate instance data gathered from sheets, every problem named by sheet, row and column."""
    # The cells and files were read strictly already; once gathered, their nesting adds up, which
    # is no reason to refuse them.
    inst, problems = _check_read(json.dumps(doc.raw, ensure_ascii=False), doc.raw)
    rendered = list(doc.problems)
    rendered += [(doc.render(loc), msg) for loc, msg in problems if not doc.already_reported(loc)]
    if inst is None or rendered:
        raise InputError(rendered, source=source)
    return inst


def _parts_of(inst: Instance) -> Parts:
    return Parts.whole(inst.year, inst.ambassadors, inst.staff, inst.missions, inst.meetings)


def reference_problems(inst: Instance) -> list[tuple[str, str]]:
    """Every cross-entity problem of an instance whose entities are each valid on their own."""
    return [(format_loc(loc), msg) for loc, msg in parts_reference_problems(_parts_of(inst))]


def parse_json(model: type[Any], text: str | bytes, source: str | None = None) -> Any:
    """Validate JSON text into ``model``; every problem becomes an :class:`InputError` entry.

    Strict mode: a number written as a string, or ``"yes"`` for a boolean, is an error, not
    something to guess about.
    """
    if model is Instance:
        return validate_instance(text, source=source)
    load_json_object(text, source)  # the strict checks, on the document as given (one BOM at most)
    decoded = decode_json_bytes(text, source)
    try:
        return model.model_validate_json(decoded, strict=True)
    except ValidationError as exc:
        raise InputError.from_pydantic(exc, source=source) from None
    except InputError as exc:
        raise InputError(exc.problems, source=source) from None


def validate_instance(
    text: str | bytes,
    *,
    source: str | None = None,
    render_loc: Callable[[Loc], str] = format_loc,
) -> Instance:
    """Validate instance JSON, raising :class:`InputError` with every problem found.

    ``render_loc`` turns a path such as ``("missions", 3, "end")`` into the location shown
    (CSV sheets show rows and columns instead).
    """
    inst, problems = check_instance_json(text, source=source)
    if inst is None or problems:
        raise InputError.from_locs(problems, source, render_loc)
    return inst


def check_instance_json(
    text: str | bytes, *, source: str | None = None
) -> tuple[Instance | None, list[RawProblem]]:
    """The instance and the list of its problems, as raw paths (empty when it is valid).

    Cross-entity problems are reported even when some entities are broken: the checks then run
    over the entities that are valid on their own (ids of broken ones still count as known, so a
    reference to a broken entity is not called dangling). Text that the strict JSON reader refuses
    (not JSON, not an object, a duplicate key, too deep, too big, a number that is not finite)
    raises :class:`InputError` at once.
    """
    decoded = decode_json_bytes(text, source)
    return _check_read(decoded, load_json_object(decoded, source))


def _check_read(text: str, raw: dict[str, Any]) -> tuple[Instance | None, list[RawProblem]]:
    """:func:`check_instance_json` for JSON ``text`` read strictly already into ``raw``."""
    try:
        inst = Instance.model_validate_json(text, strict=True, context={_DEFER_REFERENCES: True})
    except ValidationError as exc:
        problems = pydantic_problems(exc)
        return None, problems + partial_reference_problems(raw, problems)
    return inst, parts_reference_problems(_parts_of(inst))
