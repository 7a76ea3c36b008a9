"""Cross-entity rules: unique ids, one id per person, references that must resolve, dates within
``year``. They run over the entities that are valid on their own, so a document with broken
entities still gets its cross-entity problems reported (see :func:`partial_reference_problems`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InputError, Loc, RawProblem
from .missions import Meeting, Mission
from .people import Ambassador, Staff

ENTITY_LISTS: tuple[str, ...] = ("ambassadors", "staff", "missions", "meetings")

_E = TypeVar("_E", bound=BaseModel)


@dataclass
class Parts:
    """The entities that are valid on their own, with their index in the input.

    ``ids`` holds, per list, the id written at each index (``None`` when there is no usable id),
    broken entities included; ``complete`` is false for a list that is itself unusable (not a
    list at all), so references into it cannot be judged.
    """

    year: int | None
    ambassadors: list[tuple[int, Ambassador]]
    staff: list[tuple[int, Staff]]
    missions: list[tuple[int, Mission]]
    meetings: list[tuple[int, Meeting]]
    ids: dict[str, list[str | None]] = field(default_factory=dict)
    complete: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def whole(
        cls,
        year: int,
        ambassadors: list[Ambassador],
        staff: list[Staff],
        missions: list[Mission],
        meetings: list[Meeting],
    ) -> Parts:
        """The parts of an instance whose entities are all valid: every list complete."""
        lists: dict[str, Sequence[Ambassador | Staff | Mission | Meeting]] = {
            "ambassadors": ambassadors, "staff": staff,
            "missions": missions, "meetings": meetings,
        }
        return cls(
            year=year,
            ambassadors=list(enumerate(ambassadors)),
            staff=list(enumerate(staff)),
            missions=list(enumerate(missions)),
            meetings=list(enumerate(meetings)),
            ids={name: [e.id for e in items] for name, items in lists.items()},
            complete=dict.fromkeys(ENTITY_LISTS, True),
        )

    def known_ids(self, list_name: str) -> set[str]:
        """The ids written in ``list_name``, broken entities included."""
        return {i for i in self.ids.get(list_name, []) if i is not None}

    @cached_property
    def ambassador_ids(self) -> set[str]:
        return self.known_ids("ambassadors")

    @cached_property
    def staff_ids(self) -> set[str]:
        return self.known_ids("staff")

    def person_problem(self, pid: str, want: str) -> str | None:
        """Why ``pid`` does not name a ``want`` ("ambassador" or "staff"), or None if it does."""
        known, other, other_name = (
            (self.ambassador_ids, self.staff_ids, "a staff member") if want == "ambassador"
            else (self.staff_ids, self.ambassador_ids, "an ambassador")
        )
        if pid in known or not self.complete["ambassadors" if want == "ambassador" else "staff"]:
            return None
        noun = "ambassador" if want == "ambassador" else "staff member"
        if pid in other:
            return f"{pid!r} is {other_name}, not a {noun}"
        return f"unknown {noun} {pid!r}"


def _broken_and_unusable(structural: list[RawProblem]) -> tuple[dict[str, set[int]], set[str]]:
    """From the entities' own problems: the broken indexes per entity list, and the top-level
    keys that are unusable as a whole."""
    broken: dict[str, set[int]] = {name: set() for name in ENTITY_LISTS}
    unusable: set[str] = set()
    for loc, _ in structural:
        if not loc or not isinstance(loc[0], str):
            continue
        top = loc[0]
        if top in broken:
            if len(loc) >= 2 and isinstance(loc[1], int):
                broken[top].add(loc[1])
            else:
                unusable.add(top)
        else:
            unusable.add(top)
    return broken, unusable


def _valid_entities(
    raw: dict[str, Any], name: str, model: type[_E], broken: set[int], unusable: set[str]
) -> list[tuple[int, _E]]:
    """The entities of list ``name`` that are valid on their own, with their index."""
    items = raw.get(name, [])
    if name in unusable or not isinstance(items, list):
        return []
    out = []
    for i, item in enumerate(items):
        if i in broken:
            continue
        try:  # valid already; re-parsed alone because the whole document was not
            out.append((i, model.model_validate_json(json.dumps(item), strict=True)))
        except (ValidationError, InputError, ValueError):
            continue
    return out


def partial_reference_problems(raw: dict[str, Any], structural: list[RawProblem]) -> list[RawProblem]:
    """Cross-entity problems among the entities that passed their own checks."""
    broken, unusable = _broken_and_unusable(structural)
    ids: dict[str, list[str | None]] = {}
    complete: dict[str, bool] = {}
    for name in ENTITY_LISTS:
        items = raw.get(name, [])
        usable = name not in unusable and isinstance(items, list)
        complete[name] = usable
        ids[name] = [
            item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
            for item in (items if usable else [])
        ]
    year = raw.get("year") if "year" not in unusable and type(raw.get("year")) is int else None
    parts = Parts(
        year=year,
        ambassadors=_valid_entities(raw, "ambassadors", Ambassador, broken["ambassadors"], unusable),
        staff=_valid_entities(raw, "staff", Staff, broken["staff"], unusable),
        missions=_valid_entities(raw, "missions", Mission, broken["missions"], unusable),
        meetings=_valid_entities(raw, "meetings", Meeting, broken["meetings"], unusable),
        ids=ids,
        complete=complete,
    )
    return parts_reference_problems(parts)


def _id_problems(parts: Parts) -> list[RawProblem]:
    """Ids written twice in a list, and staff ids that are also an ambassador's."""
    problems: list[RawProblem] = []
    for list_name in ENTITY_LISTS:
        first: dict[str, int] = {}
        for i, entity_id in enumerate(parts.ids.get(list_name, [])):
            if entity_id is None:
                continue
            if entity_id in first:
                problems.append(((list_name, i, "id"),
                                 f"duplicate id {entity_id!r} (first at {list_name}[{first[entity_id]}])"))
            else:
                first[entity_id] = i
    for i, sid in enumerate(parts.ids.get("staff", [])):
        if sid is not None and sid in parts.ambassador_ids:
            problems.append((("staff", i, "id"), f"id {sid!r} is also an ambassador's: one id per person"))
    return problems


def _mission_problems(parts: Parts) -> list[RawProblem]:
    """Missions outside ``year``, and proposers or pinned people that name nobody of the kind."""
    problems: list[RawProblem] = []

    def add(loc: Loc, why: str | None) -> None:
        if why:
            problems.append((loc, why))

    for i, m in parts.missions:
        if parts.year is not None and m.start.year != parts.year:
            add(("missions", i, "start"),
                f"{m.start.isoformat(timespec='minutes')} is not in year {parts.year}")
        if m.proposed_by is not None:
            add(("missions", i, "proposed_by"), parts.person_problem(m.proposed_by, "ambassador"))
        for j, pid in enumerate(m.pinned_ambassadors):
            add(("missions", i, "pinned_ambassadors", j), parts.person_problem(pid, "ambassador"))
        if m.pinned_staff is not None:
            add(("missions", i, "pinned_staff"), parts.person_problem(m.pinned_staff, "staff"))
    return problems


def parts_reference_problems(parts: Parts) -> list[RawProblem]:
    """Every cross-entity problem among ``parts``, as raw paths, in input order per rule."""
    problems = _id_problems(parts)
    if parts.complete["missions"]:
        mission_ids = parts.known_ids("missions")
        for i, a in parts.ambassadors:
            for key in a.interests:
                if key not in mission_ids:
                    problems.append((("ambassadors", i, "interests", key), f"unknown mission {key!r}"))
    problems += _mission_problems(parts)
    for i, g in parts.meetings:
        if parts.year is not None and g.start.year != parts.year:
            problems.append((("meetings", i, "start"),
                             f"{g.start.isoformat(timespec='minutes')} is not in year {parts.year}"))
    return problems
