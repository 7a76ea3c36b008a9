"""Checking a changes file against an instance: every reference, in order (a mission added by
``changes[0]`` may be moved by ``changes[3]``; a mission removed by ``changes[1]`` is unknown
afterwards), every problem with its place (``changes[2].mission: unknown mission 'M999'``).
"""

from __future__ import annotations

from datetime import datetime

from ..errors import InputError, format_loc
from ..model import Instance, Mission
from .kinds import (
    AddAmbassador,
    AddMission,
    AddStaff,
    ApproveMission,
    Change,
    Changes,
    MoveMission,
    RemoveMission,
    SetInterest,
    SetSeats,
    Unavailable,
)


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
