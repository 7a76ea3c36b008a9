"""What changed between the published plan and the new one, for whom, and why."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from ..changes import AddMission, Changes, MoveMission, SetSeats, Unavailable
from ..model import Instance, Mission, touched_dates
from ..plan import Assignment, DiffEntry, Plan
from .result import PairChange, PairStatus


def _unavailability_hits(changes: Changes) -> dict[str, list[Unavailable]]:
    out: dict[str, list[Unavailable]] = defaultdict(list)
    for c in changes.changes:
        if isinstance(c, Unavailable):
            out[c.person].append(c)
    return out


def _hit(hits: list[Unavailable], m: Mission) -> Unavailable | None:
    days = touched_dates(m.start, m.end)
    for c in hits:
        if any(c.start <= d <= c.end for d in days):
            return c
    return None


def _mission_reasons(changes: Changes) -> dict[str, str]:
    reasons: dict[str, str] = {}
    for c in changes.changes:
        if isinstance(c, AddMission):
            reasons[c.mission.id] = "new mission"
        elif isinstance(c, MoveMission):
            reasons.setdefault(c.mission, "mission moved")
        elif isinstance(c, SetSeats):
            reasons[c.mission] = f"seats changed to {c.seats_min}..{c.seats_max}"
    return reasons


def untouched_pairs(new: Instance, plan: Plan, changes: Changes, frozen: set[str]) -> list[tuple[str, str]]:
    """Published (mission, person) pairs of the future whose mission assignment no change touched.

    A mission's assignment is touched when the mission itself changed (moved, re-seated, removed)
    or when one of its people became unavailable on it: then its other people may legitimately be
    re-arranged too (a two-person team may be better replaced whole).
    """
    hits = _unavailability_hits(changes)
    touched = set(_mission_reasons(changes))
    new_missions = {m.id: m for m in new.missions}
    out: list[tuple[str, str]] = []
    for asg in plan.assignments:
        m = new_missions.get(asg.mission)
        if m is None or m.id in frozen or m.id in touched:
            continue
        people = [*asg.ambassadors, *([asg.staff] if asg.staff is not None else [])]
        if any(_hit(hits.get(pid, []), m) is not None for pid in people):
            continue
        out.extend((m.id, pid) for pid in people)
    return out


@dataclass(frozen=True)
class _Known:
    """What the comparison of each mission needs to know of the instances, the changes and the
    new plan."""

    hits: dict[str, list[Unavailable]]  # person -> their unavailabilities
    mission_reason: dict[str, str]  # mission -> why it changed (new, moved, re-seated)
    old_missions: dict[str, Mission]
    new_missions: dict[str, Mission]
    moved: set[str]
    removed: set[str]
    unassigned_reason: dict[str, str]  # of the new plan

    @classmethod
    def of(cls, old: Instance, new: Instance, after: Plan, changes: Changes) -> _Known:
        mission_reason = _mission_reasons(changes)
        old_missions = {m.id: m for m in old.missions}
        new_missions = {m.id: m for m in new.missions}
        return cls(
            hits=_unavailability_hits(changes),
            mission_reason=mission_reason,
            old_missions=old_missions,
            new_missions=new_missions,
            moved={mid for mid, why in mission_reason.items() if why == "mission moved"},
            removed=set(old_missions) - set(new_missions),
            unassigned_reason={u.mission: u.reason for u in after.unassigned},
        )


def compare(
    old: Instance, new: Instance, before: Plan, after: Plan, changes: Changes, frozen: set[str]
) -> tuple[list[PairChange], list[DiffEntry]]:
    """Every (mission, person) pair of either plan with what became of it and why, and a diff
    entry per mission whose people changed, or that moved: missions in the old instance's order,
    then the new missions; within a mission the people of the published plan, then those added."""
    known = _Known.of(old, new, after, changes)
    b_asg, a_asg = before.assignment_of(), after.assignment_of()
    order = [m.id for m in old.missions] + [m.id for m in new.missions if m.id not in known.old_missions]
    pairs: list[PairChange] = []
    diff: list[DiffEntry] = []
    for mid in order:
        b, a = b_asg.get(mid), a_asg.get(mid)
        if b is None and a is None:
            continue
        b_people, a_people = _people(b), _people(a)
        mission_pairs, whys = _mission_pairs(known, mid, b, b_people, a_people)
        pairs += mission_pairs
        if b_people == a_people and mid not in known.moved:
            continue
        diff.append(_diff_entry(known, mid, b, a, whys))
    return pairs, diff


def _mission_pairs(
    known: _Known,
    mid: str,
    b: Assignment | None,
    b_people: dict[str, Literal["ambassador", "staff"]],
    a_people: dict[str, Literal["ambassador", "staff"]],
) -> tuple[list[PairChange], list[str]]:
    """The pairs of mission ``mid``: its published people (kept, moved with the mission, or
    dropped and why), then the people added (new mission, replacing the dropped, newly covered,
    or re-optimised); and the reasons for the mission's diff entry so far."""
    m_new = known.new_missions.get(mid)
    pairs: list[PairChange] = []
    whys: list[str] = []
    for pid, role in b_people.items():
        if pid in a_people:
            status: PairStatus = "moved" if mid in known.moved else "kept"
            why = "mission moved" if status == "moved" else "kept"
        else:
            status = "dropped"
            why = _drop_reason(pid, mid, m_new, known.removed, known.hits, known.mission_reason)
            whys.append(why)
        pairs.append(PairChange(mission=mid, person=pid, role=role, status=status, why=why))
    dropped_here = [p for p in b_people if p not in a_people]
    for pid, role in a_people.items():
        if pid in b_people:
            continue
        if mid in known.mission_reason and known.mission_reason[mid] == "new mission":
            why = "new mission"
        elif dropped_here:
            why = f"replaces {', '.join(dropped_here)}"
        elif b is None:
            why = "mission now covered"
        else:
            why = known.mission_reason.get(mid, "re-optimised")
        pairs.append(PairChange(mission=mid, person=pid, role=role, status="added", why=why))
        if not whys:
            whys.append(why)
    return pairs, whys


def _diff_entry(
    known: _Known, mid: str, b: Assignment | None, a: Assignment | None, whys: list[str]
) -> DiffEntry:
    """The diff entry of mission ``mid``: before and after (with the times when it moved), and why
    (``whys`` so far, plus no longer covered and why, moved first; a removed mission: removed)."""
    if a is None and mid not in known.removed:
        reason = known.unassigned_reason.get(mid, "").removeprefix("not covered: ")
        whys.append(f"no longer covered ({reason})" if reason else "no longer covered")
    if mid in known.moved:
        whys.insert(0, "mission moved")
    if mid in known.removed:
        whys = ["mission removed"]
    return DiffEntry(
        mission=mid,
        before=_view(b, known.old_missions.get(mid), mid in known.moved),
        after=_view(a, known.new_missions.get(mid), mid in known.moved),
        why="; ".join(dict.fromkeys(whys)) or "re-optimised",
    )


def _people(asg: Assignment | None) -> dict[str, Literal["ambassador", "staff"]]:
    if asg is None:
        return {}
    out: dict[str, Literal["ambassador", "staff"]] = {aid: "ambassador" for aid in asg.ambassadors}
    if asg.staff is not None:
        out[asg.staff] = "staff"
    return out


def _drop_reason(
    pid: str,
    mid: str,
    m_new: Mission | None,
    removed: set[str],
    hits: dict[str, list[Unavailable]],
    mission_reason: dict[str, str],
) -> str:
    if mid in removed or m_new is None:
        return "mission removed"
    hit = _hit(hits.get(pid, []), m_new)
    if hit is not None:
        return hit.describe()
    reason = mission_reason.get(mid)
    if reason is not None:
        return reason
    return "re-optimised"


def _view(asg: Assignment | None, m: Mission | None, with_time: bool) -> dict[str, Any] | None:
    if asg is None:
        return None
    out: dict[str, Any] = {"ambassadors": list(asg.ambassadors), "staff": asg.staff}
    if with_time and m is not None:
        out["start"] = m.start.isoformat(timespec="minutes")
        out["end"] = m.end.isoformat(timespec="minutes")
    return out
