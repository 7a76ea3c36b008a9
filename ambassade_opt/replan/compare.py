"""What changed between the published plan and the new one, for whom, and why.

Every reason is in plain words and names the change behind it (DOMAIN.md section 8):

* ``unavailable`` — the person leaves the missions it hits: ``"A05 unavailable 2027-07-01..2027-12-31"``;
* ``set_interest`` at −2 — the person leaves that mission: ``"A05 declined it"`` (rule 1); at
  another level, a person dropped from or added to that mission for no stronger reason:
  ``"A05's interest set to 2"``;
* ``add_mission``, ``remove_mission``, ``move_mission``, ``set_seats``, ``approve_mission`` — the
  mission's own reason (:func:`ambassade_opt.changes.mission_reason`): ``"new mission"``,
  ``"mission removed"``, ``"mission moved"`` (the diff shows the times), ``"seats changed to
  1..2"``, ``"initiative approved"``, ``"initiative not approved"``;
* ``add_ambassador``, ``add_staff`` — a new person added for no stronger reason:
  ``"new ambassador"``, ``"new staff member"``.

A person dropped: the mission removed, else their own cancellation or decline, else the
mission's reasons, else a published teammate's cancellation or decline (``"teammate A05
declined it"``: a team may be re-formed whole), else their changed interest, else ``"replaced by
S20 (new staff member)"`` when new people joined that mission, else ``"re-optimised"``. A diff
entry gives each reason once, a teammate's as the teammate's own. A person added: a new
mission, else ``"replaces A05"`` when people left that mission, else the mission's reasons, else
``"mission now covered"``, else their changed interest or arrival, else ``"re-optimised"``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from ..changes import AddAmbassador, AddStaff, Changes, SetInterest, Unavailable, mission_reason
from ..model import Instance, Mission, touched_dates
from ..plan import Assignment, DiffEntry, Plan
from .result import PairChange, PairStatus

TEAMMATE = "teammate "  # before the reason of a published teammate who had to leave


@dataclass(frozen=True)
class _Events:
    """The changes as the comparison reads them: per mission, per person, per (mission, person)."""

    hits: dict[str, list[Unavailable]]  # person -> their cancellations
    interest: dict[tuple[str, str], int]  # (mission, person) -> the last interest a change set
    newcomers: dict[str, str]  # person added by the changes -> "new ambassador" | "new staff member"
    missions: dict[str, list[str]]  # mission -> its own reasons, in the order of the changes

    @classmethod
    def of(cls, changes: Changes) -> _Events:
        hits: dict[str, list[Unavailable]] = defaultdict(list)
        interest: dict[tuple[str, str], int] = {}
        newcomers: dict[str, str] = {}
        missions: dict[str, list[str]] = {}
        for c in changes.changes:
            if isinstance(c, Unavailable):
                hits[c.person].append(c)
            elif isinstance(c, SetInterest):
                interest[(c.mission, c.person)] = c.level
            elif isinstance(c, AddAmbassador):
                newcomers[c.ambassador.id] = "new ambassador"
            elif isinstance(c, AddStaff):
                newcomers[c.staff.id] = "new staff member"
            touched = mission_reason(c)
            if touched is not None and touched[1] not in missions.get(touched[0], []):
                missions.setdefault(touched[0], []).append(touched[1])
        return cls(dict(hits), interest, newcomers, missions)

    def mission_why(self, mid: str) -> str | None:
        """The mission's own reasons (a new mission is just new: its later moves say nothing)."""
        reasons = self.missions.get(mid)
        if not reasons:
            return None
        return "new mission" if "new mission" in reasons else "; ".join(reasons)

    def must_leave(self, pid: str, m: Mission) -> str | None:
        """Why ``pid`` cannot stay on ``m`` because of a change about them: a cancellation that
        hits one of its days, or a decline."""
        days = touched_dates(m.start, m.end)
        for c in self.hits.get(pid, []):
            if any(c.start <= d <= c.end for d in days):
                return c.describe()
        if self.interest.get((m.id, pid)) == -2:
            return f"{pid} declined it"
        return None

    def person_note(self, pid: str, mid: str, *, arrival: bool) -> str | None:
        """A weaker reason about ``pid`` on ``mid``: a changed interest (not a decline), or, for
        an arrival, that they are new."""
        level = self.interest.get((mid, pid))
        if level is not None and level != -2:
            return f"{pid}'s interest set to {level}"
        return self.newcomers.get(pid) if arrival else None


def untouched_pairs(new: Instance, plan: Plan, changes: Changes, frozen: set[str]) -> list[tuple[str, str]]:
    """Published (mission, person) pairs of the future whose mission assignment no change touched.

    A mission's assignment is touched when the mission itself changed (moved, re-seated, removed,
    approved or not) or when one of its people became unavailable on it or declined it: then its
    other people may legitimately be re-arranged too (a two-person team may be better replaced
    whole). A decline by someone who is not on the mission touches nothing.
    """
    events = _Events.of(changes)
    new_missions = {m.id: m for m in new.missions}
    out: list[tuple[str, str]] = []
    for asg in plan.assignments:
        m = new_missions.get(asg.mission)
        if m is None or m.id in frozen or m.id in events.missions:
            continue
        people = [*asg.ambassadors, *([asg.staff] if asg.staff is not None else [])]
        if any(events.must_leave(pid, m) is not None for pid in people):
            continue
        out.extend((m.id, pid) for pid in people)
    return out


@dataclass(frozen=True)
class _Known:
    """What the comparison of each mission needs to know of the instances, the changes and the
    new plan."""

    events: _Events
    old_missions: dict[str, Mission]
    new_missions: dict[str, Mission]
    moved: set[str]  # missions of both instances that a change moved
    removed: set[str]
    unassigned_reason: dict[str, str]  # of the new plan

    @classmethod
    def of(cls, old: Instance, new: Instance, after: Plan, changes: Changes) -> _Known:
        events = _Events.of(changes)
        old_missions = {m.id: m for m in old.missions}
        new_missions = {m.id: m for m in new.missions}
        moved = {
            mid
            for mid, reasons in events.missions.items()
            if "mission moved" in reasons and "new mission" not in reasons and mid in old_missions
        }
        return cls(
            events=events,
            old_missions=old_missions,
            new_missions=new_missions,
            moved=moved & set(new_missions),
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
    dropped and why), then the people added (and why); and the reasons for the mission's diff
    entry so far."""
    pairs: list[PairChange] = []
    whys: list[str] = []
    newcomers = [
        f"{pid} ({known.events.newcomers[pid]})"
        for pid in a_people
        if pid not in b_people and pid in known.events.newcomers
    ]
    for pid, role in b_people.items():
        if pid in a_people:
            status: PairStatus = "moved" if mid in known.moved else "kept"
            why = "mission moved" if status == "moved" else "kept"
        else:
            status, why = "dropped", _drop_reason(known, pid, mid, [*b_people], newcomers)
            whys.append(why.removeprefix(TEAMMATE))
        pairs.append(PairChange(mission=mid, person=pid, role=role, status=status, why=why))
    dropped_here = [p for p in b_people if p not in a_people]
    for pid, role in a_people.items():
        if pid in b_people:
            continue
        why = _add_reason(known, pid, mid, b, dropped_here)
        pairs.append(PairChange(mission=mid, person=pid, role=role, status="added", why=why))
        if not whys:
            whys.append(why)
    return pairs, whys


def _drop_reason(known: _Known, pid: str, mid: str, team: list[str], newcomers: list[str]) -> str:
    """Why ``pid`` left ``mid``: see the module's order of reasons (``team``: the published
    people of ``mid``; ``newcomers``: the new people who joined it)."""
    m_new = known.new_missions.get(mid)
    if mid in known.removed or m_new is None:
        return "mission removed"
    teammate = next(
        (why for q in team if q != pid and (why := known.events.must_leave(q, m_new)) is not None), None
    )
    return (
        known.events.must_leave(pid, m_new)
        or known.events.mission_why(mid)
        or (TEAMMATE + teammate if teammate is not None else None)
        or known.events.person_note(pid, mid, arrival=False)
        or (f"replaced by {', '.join(newcomers)}" if newcomers else "re-optimised")
    )


def _add_reason(known: _Known, pid: str, mid: str, b: Assignment | None, dropped_here: list[str]) -> str:
    """Why ``pid`` joined ``mid``: see the module's order of reasons."""
    mission_why = known.events.mission_why(mid)
    if mission_why == "new mission":
        return mission_why
    if dropped_here:
        return f"replaces {', '.join(dropped_here)}"
    if mission_why is not None:
        return mission_why
    if b is None:
        return "mission now covered"
    return known.events.person_note(pid, mid, arrival=True) or "re-optimised"


def _diff_entry(
    known: _Known, mid: str, b: Assignment | None, a: Assignment | None, whys: list[str]
) -> DiffEntry:
    """The diff entry of mission ``mid``: before and after (with the times when it moved), and why
    (``whys`` so far, plus no longer covered and why, moved first; a removed mission: removed)."""
    if a is None and mid not in known.removed:
        reason = known.unassigned_reason.get(mid, "").removeprefix("not covered: ")
        whys.append(f"no longer covered ({reason})" if reason else "no longer covered")
    if mid in known.moved and not any("mission moved" in w for w in whys):
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


def _view(asg: Assignment | None, m: Mission | None, with_time: bool) -> dict[str, Any] | None:
    if asg is None:
        return None
    out: dict[str, Any] = {"ambassadors": list(asg.ambassadors), "staff": asg.staff}
    if with_time and m is not None:
        out["start"] = m.start.isoformat(timespec="minutes")
        out["end"] = m.end.isoformat(timespec="minutes")
    return out
