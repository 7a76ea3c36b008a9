"""Applying checked changes to an instance: a new, re-validated instance (the one given is never
modified), and the missions whose people the changes may change, with the reasons.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..model import Instance
from .checks import check_changes
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


def mission_reason(change: Change) -> tuple[str, str] | None:
    """The mission a change touches as a mission, and why in plain words, or None.

    ``add_mission``: ``"new mission"``; ``remove_mission``: ``"mission removed"``;
    ``move_mission``: ``"mission moved"``; ``set_seats``: ``"seats changed to 1..2"``;
    ``approve_mission``: ``"initiative approved"`` or ``"initiative not approved"``. Changes
    that concern people (``unavailable``, ``set_interest``, new people) touch no mission as such:
    they touch the missions whose people they concern.
    """
    if isinstance(change, AddMission):
        return change.mission.id, "new mission"
    if isinstance(change, RemoveMission):
        return change.mission, "mission removed"
    if isinstance(change, MoveMission):
        return change.mission, "mission moved"
    if isinstance(change, SetSeats):
        return change.mission, f"seats changed to {change.seats_min}..{change.seats_max}"
    if isinstance(change, ApproveMission):
        return change.mission, "initiative approved" if change.approved else "initiative not approved"
    return None


def touched_missions(changes: Changes) -> dict[str, list[str]]:
    """The mission-level reasons, in plain words, why a mission's people may change.

    Keys are mission ids (of the old or the new instance); values are the reasons of
    :func:`mission_reason` in the order of the changes, plus ``"A05 declined it"`` for
    ``set_interest`` at ``-2`` (other interest levels change only the match, not who may go).
    Cancellations (``unavailable``) concern people, not missions: :mod:`ambassade_opt.replan`
    attributes them, and declines, to the missions of the people they concern.
    """
    reasons: dict[str, list[str]] = {}
    for change in changes.changes:
        touched = mission_reason(change)
        if touched is None and isinstance(change, SetInterest) and change.level == -2:
            touched = change.mission, f"{change.person} declined it"
        if touched is not None:
            reasons.setdefault(touched[0], []).append(touched[1])
    return reasons
