"""The changes file (DOMAIN.md section 8): one typed model per kind of change, and
:class:`Changes`, the file, read with every problem in the words people wrote (``changes[2].end``,
not pydantic's ``changes[2].move_mission.end``). References against an instance are checked by
:mod:`.checks`; :mod:`.apply` applies the changes.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, ValidationError, ValidationInfo, field_validator

from ..errors import InputError
from ..model import (
    MAX_MISSION_HOURS,
    Ambassador,
    DateRange,
    Id,
    Interest,
    Mission,
    Seats,
    Staff,
    Strict,
    parse_json,
    read_input_bytes,
    seats_max_not_below_min,
)

ChangeKind = Literal[
    "unavailable", "add_mission", "remove_mission", "move_mission", "set_seats", "add_ambassador",
    "add_staff", "approve_mission", "set_interest",
]
CHANGE_KINDS: tuple[str, ...] = get_args(ChangeKind)


def _local(v: datetime) -> datetime:
    if v.tzinfo is not None:
        raise ValueError("must be a local time (Europe/Brussels) without a UTC offset")
    return v


class Unavailable(DateRange):
    """A cancellation: the person cannot take part on these dates (inclusive)."""

    kind: Literal["unavailable"]
    person: Id

    def describe(self) -> str:
        return f"{self.person} unavailable {self.start.isoformat()}..{self.end.isoformat()}"


class AddMission(Strict):
    kind: Literal["add_mission"]
    mission: Mission


class RemoveMission(Strict):
    kind: Literal["remove_mission"]
    mission: Id


class MoveMission(Strict):
    """A new date and time for a mission; it keeps its id and everything else."""

    kind: Literal["move_mission"]
    mission: Id
    start: datetime
    end: datetime

    @field_validator("start", "end")
    @classmethod
    def _local_time(cls, v: datetime) -> datetime:
        return _local(v)

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is not None and start.tzinfo is None and end.tzinfo is None:
            if end <= start:
                raise ValueError(f"must be after start ({start.isoformat(timespec='minutes')})")
            hours = (end - start).total_seconds() / 3600.0
            if hours > MAX_MISSION_HOURS:
                raise ValueError(
                    f"the mission would last {hours:g} h, more than the {MAX_MISSION_HOURS} h allowed"
                )
        return end


class SetSeats(Strict):
    kind: Literal["set_seats"]
    mission: Id
    seats_min: Seats
    seats_max: Seats

    _seats_ordered = field_validator("seats_max")(seats_max_not_below_min)


class AddAmbassador(Strict):
    kind: Literal["add_ambassador"]
    ambassador: Ambassador


class AddStaff(Strict):
    kind: Literal["add_staff"]
    staff: Staff


class ApproveMission(Strict):
    """The support group's decision on an ambassador's initiative (R4): rule 8 staffs it only
    when ``approved``."""

    kind: Literal["approve_mission"]
    mission: Id
    approved: bool


class SetInterest(Strict):
    """An ambassador's new interest in a mission; ``-2`` declines it (rule 1: never sent there)."""

    kind: Literal["set_interest"]
    person: Id
    mission: Id
    level: Interest


Change = Annotated[
    Unavailable | AddMission | RemoveMission | MoveMission | SetSeats | AddAmbassador | AddStaff
    | ApproveMission | SetInterest,
    Field(discriminator="kind"),
]


class Changes(Strict):
    """A changes file: what happened since the plan was published, applied in order."""

    format_version: Literal[1]
    now: datetime | None = None
    changes: list[Change] = Field(default_factory=list)

    @field_validator("now")
    @classmethod
    def _now_local(cls, v: datetime | None) -> datetime | None:
        return None if v is None else _local(v)

    @classmethod
    def from_json(cls, text: str | bytes, source: str | None = None) -> Changes:
        try:
            return parse_json(cls, text, source)  # type: ignore[no-any-return]
        except InputError as exc:
            raise InputError([_readable(loc, msg) for loc, msg in exc.problems], source) from None

    @classmethod
    def load(cls, path: str | Path) -> Changes:
        return cls.from_json(read_input_bytes(Path(path)), source=str(path))

    @classmethod
    def of(cls, *changes: dict[str, Any] | Change, now: datetime | None = None) -> Changes:
        """Build from Python data (e.g. in a notebook), with the same error reporting as a file."""
        raw = [c if isinstance(c, dict) else c.model_dump() for c in changes]
        try:
            return cls.model_validate({"format_version": 1, "now": now, "changes": raw})
        except ValidationError as exc:
            err = InputError.from_pydantic(exc)
            raise InputError([_readable(loc, msg) for loc, msg in err.problems]) from None

    def to_json(self, indent: int | None = 1) -> str:
        return self.model_dump_json(indent=indent) + "\n"


_KIND_TAG = re.compile(r"^(changes\[\d+\])\.(?:" + "|".join(CHANGE_KINDS) + r")(?=\.|$)")


_BAD_TAG = re.compile(r"^Input tag (.*) found using 'kind' does not match any of the expected tags")


def _readable(loc: str, msg: str) -> tuple[str, str]:
    """pydantic puts the union tag in error locations (``changes[2].move_mission.end``) where people
    wrote ``changes[2].end``, and words an unknown kind in its own terms."""
    bad_tag = _BAD_TAG.match(msg)
    if bad_tag:
        return f"{loc}.kind", f"unknown kind {bad_tag.group(1)}; one of {', '.join(CHANGE_KINDS)}"
    return _KIND_TAG.sub(r"\1", loc), msg
