"""Changes during the year (DOMAIN.md section 8): cancellations, new or moved missions, new people,
the support group's decisions on initiatives and the ambassadors' changes of heart.

A changes file is validated like an instance: unknown fields are errors, every reference is
checked, and every problem is reported with its location, e.g.
``changes[2].mission: unknown mission 'M999'``. Changes apply **in order**: a mission added by
``changes[0]`` may be moved by ``changes[3]``; a mission removed by ``changes[1]`` is unknown
afterwards.

:func:`apply_changes` returns a new, re-validated :class:`~ambassade_opt.model.Instance`; the
instance given is never modified.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, ValidationError, ValidationInfo, field_validator

from .errors import InputError, format_loc
from .model import (
    MAX_MISSION_HOURS,
    Ambassador,
    DateRange,
    Id,
    Instance,
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


# --------------------------------------------------------------------------------------------
# Checking references against an instance


class _ReferenceCheck:
    """The state of the instance as the changes apply in order: who and what is known so far."""

    def __init__(self, instance: Instance, now: datetime | None) -> None:
        self.instance = instance
        self.now = now
        self.ambassadors = {a.id for a in instance.ambassadors}
        self.staff = {s.id for s in instance.staff}
        self.missions: dict[str, Mission] = {m.id: m for m in instance.missions}
        self.problems: list[tuple[str, str]] = []
        self.stamp = now.isoformat(timespec="minutes") if now is not None else ""

    def add(self, loc: tuple[str | int, ...], msg: str) -> None:
        self.problems.append((format_loc(loc), msg))

    def known_mission(self, i: int, mission_id: str) -> Mission | None:
        m = self.missions.get(mission_id)
        if m is None:
            self.add(("changes", i, "mission"), f"unknown mission {mission_id!r}")
            return None
        if self.now is not None and m.start < self.now:
            self.add(("changes", i, "mission"),
                     f"mission {mission_id!r} started before now ({self.stamp}): the past stays as planned")
            return None
        return m

    def in_year(self, loc: tuple[str | int, ...], start: datetime, verb: str) -> None:
        if start.year != self.instance.year:
            self.add(loc, f"{start.isoformat(timespec='minutes')} is not in year {self.instance.year}")
        elif self.now is not None and start < self.now:
            self.add(loc, f"is before now ({self.stamp}): {verb}")

    def check(self, i: int, change: Change) -> None:
        handler = getattr(self, f"_{change.kind}")
        handler(i, change)

    def _unavailable(self, i: int, change: Unavailable) -> None:
        if change.person not in self.ambassadors and change.person not in self.staff:
            self.add(("changes", i, "person"), f"unknown person {change.person!r}")

    def _add_mission(self, i: int, change: AddMission) -> None:
        m = change.mission
        if m.id in self.missions:
            self.add(("changes", i, "mission", "id"), f"mission {m.id!r} already exists")
        self.in_year(("changes", i, "mission", "start"), m.start, "the past cannot be staffed")
        if m.proposed_by is not None and m.proposed_by not in self.ambassadors:
            self.add(("changes", i, "mission", "proposed_by"), f"unknown ambassador {m.proposed_by!r}")
        for j, pid in enumerate(m.pinned_ambassadors):
            if pid not in self.ambassadors:
                self.add(("changes", i, "mission", "pinned_ambassadors", j), f"unknown ambassador {pid!r}")
        if m.pinned_staff is not None and m.pinned_staff not in self.staff:
            self.add(("changes", i, "mission", "pinned_staff"), f"unknown staff member {m.pinned_staff!r}")
        self.missions[m.id] = m

    def _remove_mission(self, i: int, change: RemoveMission) -> None:
        if self.known_mission(i, change.mission) is not None:
            del self.missions[change.mission]

    def _move_mission(self, i: int, change: MoveMission) -> None:
        m = self.known_mission(i, change.mission)
        self.in_year(("changes", i, "start"), change.start, "a mission cannot move into the past")
        if m is not None:
            self.missions[m.id] = m.model_copy(update={"start": change.start, "end": change.end})

    def _set_seats(self, i: int, change: SetSeats) -> None:
        m = self.known_mission(i, change.mission)
        if m is not None and len(m.pinned_ambassadors) > change.seats_max:
            self.add(("changes", i, "seats_max"),
                     f"{change.seats_max} is below the {len(m.pinned_ambassadors)} pinned ambassadors of "
                     f"{m.id!r}")

    def _add_ambassador(self, i: int, change: AddAmbassador) -> None:
        a = change.ambassador
        if a.id in self.ambassadors or a.id in self.staff:
            self.add(("changes", i, "ambassador", "id"), f"person {a.id!r} already exists")
        for key in a.interests:
            if key not in self.missions:
                self.add(("changes", i, "ambassador", "interests", key), f"unknown mission {key!r}")
        self.ambassadors.add(a.id)

    def _add_staff(self, i: int, change: AddStaff) -> None:
        s = change.staff
        if s.id in self.ambassadors or s.id in self.staff:
            self.add(("changes", i, "staff", "id"), f"person {s.id!r} already exists")
        self.staff.add(s.id)

    def _approve_mission(self, i: int, change: ApproveMission) -> None:
        m = self.known_mission(i, change.mission)
        if m is not None and m.origin != "ambassador_initiative":
            self.add(("changes", i, "mission"),
                     f"mission {m.id!r} is a SMart request, not an ambassador initiative: "
                     "only initiatives wait for the support group's approval")
        elif m is not None:
            self.missions[m.id] = m.model_copy(update={"approved": change.approved})

    def _set_interest(self, i: int, change: SetInterest) -> None:
        if change.person in self.staff:
            self.add(("changes", i, "person"),
                     f"{change.person!r} is a staff member: interests are an ambassador's")
        elif change.person not in self.ambassadors:
            self.add(("changes", i, "person"), f"unknown ambassador {change.person!r}")
        self.known_mission(i, change.mission)


def change_problems(
    instance: Instance, changes: Changes, now: datetime | None = None
) -> list[tuple[str, str]]:
    """Every reference problem of ``changes`` against ``instance``, applying them in order.

    With ``now``, missions that started before it are the frozen past: they cannot be removed,
    moved, re-seated, approved or declined, and nothing can be added or moved into the past.
    ``approve_mission`` names an ambassador initiative; ``set_interest`` an ambassador (not a
    staff member) and a mission known at that point.
    """
    state = _ReferenceCheck(instance, now)
    for i, change in enumerate(changes.changes):
        state.check(i, change)
    return state.problems


def check_changes(instance: Instance, changes: Changes, now: datetime | None = None) -> None:
    """Raise :class:`InputError` listing every problem of ``changes`` against ``instance``."""
    problems = change_problems(instance, changes, now)
    if problems:
        raise InputError(problems)


# --------------------------------------------------------------------------------------------
# Applying


def _apply_one(raw: dict[str, Any], by_person: dict[str, dict[str, Any]],
               missions: dict[str, dict[str, Any]], change: Change) -> None:
    """Apply one (already checked) change to the instance's raw data, in place."""
    if isinstance(change, Unavailable):
        spans = by_person[change.person]["unavailable"]
        span = {"start": change.start, "end": change.end}
        if span not in spans:
            spans.append(span)
    elif isinstance(change, AddMission):
        missions[change.mission.id] = change.mission.model_dump(mode="python")
    elif isinstance(change, RemoveMission):
        del missions[change.mission]
        for amb in raw["ambassadors"]:
            amb["interests"].pop(change.mission, None)
    elif isinstance(change, MoveMission):
        missions[change.mission].update(start=change.start, end=change.end)
    elif isinstance(change, SetSeats):
        missions[change.mission].update(seats_min=change.seats_min, seats_max=change.seats_max)
    elif isinstance(change, AddAmbassador | AddStaff):
        person = change.ambassador if isinstance(change, AddAmbassador) else change.staff
        person_raw = person.model_dump(mode="python")
        raw["ambassadors" if isinstance(change, AddAmbassador) else "staff"].append(person_raw)
        by_person[person_raw["id"]] = person_raw
    elif isinstance(change, ApproveMission):
        missions[change.mission]["approved"] = change.approved
    elif isinstance(change, SetInterest):
        by_person[change.person]["interests"][change.mission] = change.level


def apply_changes(instance: Instance, changes: Changes, *, now: datetime | None = None) -> Instance:
    """The instance with ``changes`` applied in order: a new, re-validated instance.

    A removed mission also disappears from every ambassador's ``interests``; a moved mission keeps
    its id and every other field; ``approve_mission`` sets the initiative's ``approved``;
    ``set_interest`` sets ``interests[mission]`` of the ambassador (``0`` is kept as written).
    ``now`` (default ``changes.now``) enables the frozen-past checks of :func:`change_problems`.
    """
    check_changes(instance, changes, now if now is not None else changes.now)
    raw = instance.model_dump(mode="python")
    by_person: dict[str, dict[str, Any]] = {p["id"]: p for p in raw["ambassadors"] + raw["staff"]}
    missions: dict[str, dict[str, Any]] = {m["id"]: m for m in raw["missions"]}
    for change in changes.changes:
        _apply_one(raw, by_person, missions, change)
    raw["missions"] = list(missions.values())
    try:
        return Instance.model_validate(raw)
    except ValidationError as exc:
        raise InputError.from_pydantic(exc, prefix=("(after applying the changes)",)) from None
    except InputError as exc:
        after = "(after applying the changes)"
        raise InputError([(f"{after} {loc}", msg) for loc, msg in exc.problems]) from None


def touched_missions(changes: Changes) -> dict[str, list[str]]:
    """The mission-level reasons, in plain words, why a mission's people may change.

    Keys are mission ids (of the old or the new instance); values are reasons such as
    ``"mission moved"``, ``"seats changed to 1..2"``, ``"initiative approved"``,
    ``"initiative not approved"`` or ``"A05 declined it"`` (``set_interest`` at ``-2``; other
    interest levels change only the match, not who may go). Cancellations (``unavailable``)
    concern people, not missions: :mod:`ambassade_opt.replan` attributes them to the missions
    they hit.
    """
    reasons: dict[str, list[str]] = {}
    for change in changes.changes:
        if isinstance(change, AddMission):
            reasons.setdefault(change.mission.id, []).append("new mission")
        elif isinstance(change, RemoveMission):
            reasons.setdefault(change.mission, []).append("mission removed")
        elif isinstance(change, MoveMission):
            reasons.setdefault(change.mission, []).append("mission moved")
        elif isinstance(change, SetSeats):
            seats = f"seats changed to {change.seats_min}..{change.seats_max}"
            reasons.setdefault(change.mission, []).append(seats)
        elif isinstance(change, ApproveMission):
            verdict = "initiative approved" if change.approved else "initiative not approved"
            reasons.setdefault(change.mission, []).append(verdict)
        elif isinstance(change, SetInterest) and change.level == -2:
            reasons.setdefault(change.mission, []).append(f"{change.person} declined it")
    return reasons
