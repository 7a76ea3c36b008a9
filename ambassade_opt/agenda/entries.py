"""Agenda events before they become iCalendar text: who is named, stable UIDs, file names."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..errors import InputError
from ..model import Instance, Mission
from ..plan import Plan

AGENDA_DOMAIN = "agenda.ambassade-opt.smart.coop"
# Person URIs are name-based UUIDs: a calendar client must never try to e-mail an invitation,
# and a public feed must not carry ids that identify people who did not consent.
PERSON_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, AGENDA_DOMAIN)
# Longest stem of a per-person feed's file name (before ``.ics``); file names are limited to
# 255 bytes, and an escaped character takes 3.
MAX_FEED_STEM = 96

VENUE_LABELS: dict[str, str] = {
    "fair": "Fair",
    "conference": "Conference",
    "one_to_one": "One-to-one meeting",
    "official": "Official venue",
    "smart_premises": "SMart premises",
    "online": "Online",
    "other": "Other venue",
}

EventStatus = Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]
FeedKind = Literal["internal", "public", "person"]


class AgendaAttendee(BaseModel):
    """Someone named on an agenda event."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    role: Literal["ambassador", "staff"]
    uri: str


class AgendaEntry(BaseModel):
    """One event of a feed, before it becomes iCalendar text (also handy for a web agenda)."""

    model_config = ConfigDict(extra="forbid")

    uid: str
    mission: str
    title: str
    start: datetime
    end: datetime
    location: str
    region: str
    venue: str
    level: str
    axis: str
    intervention: str
    audience: str
    status: EventStatus
    attendees: list[AgendaAttendee]
    unnamed_ambassadors: int = 0
    unnamed_staff: int = 0
    note: str | None = None

    def description(self) -> str:
        lines = [
            f"Axis: {self.axis} · level: {self.level} · {self.intervention.replace('_', ' ')} "
            f"for {self.audience.replace('_', ' ')}",
        ]
        ambassadors = [a.name for a in self.attendees if a.role == "ambassador"]
        staff = [a.name for a in self.attendees if a.role == "staff"]
        if ambassadors or self.unnamed_ambassadors:
            lines.append("Ambassadors: " + _team(ambassadors, self.unnamed_ambassadors, "ambassador"))
        if staff or self.unnamed_staff:
            lines.append("SMart staff: " + _team(staff, self.unnamed_staff, "staff member"))
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def digest(self) -> str:
        """What subscribers see of this event; a change here is a revision (SEQUENCE + 1)."""
        # region and venue are already in ``location``: they are left out so that exports made
        # before they were fields keep their digests (and subscribers see no revision).
        content = self.model_dump(mode="json", exclude={"uid", "region", "venue"})
        content["description"] = self.description()
        raw = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()[:32]


def _team(names: list[str], unnamed: int, noun: str) -> str:
    parts = list(names)
    if unnamed:
        parts.append(f"{unnamed} {'other ' if names else ''}{noun}{'s' if unnamed != 1 else ''}")
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------
# Identifiers


def _uid_part(text: str) -> str:
    """Ids go into UIDs verbatim where safe; anything else is %-escaped, so distinct ids never
    collide and the UID stays one clean token."""
    return re.sub(r"[^A-Za-z0-9._~-]", lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), text)


def mission_uid(mission_id: str, person_id: str | None = None, domain: str = AGENDA_DOMAIN) -> str:
    """The stable UID of a mission's event (in a person's own feed when ``person_id`` is given)."""
    local = f"mission-{_uid_part(mission_id)}"
    if person_id is not None:
        local += f".person-{_uid_part(person_id)}"
    return f"{local}@{domain}"


def person_uri(person_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(PERSON_NAMESPACE, 'person:' + person_id)}"


def person_feed_filename(person_id: str, *, hashed: bool = False) -> str:
    """A file name for a person's feed: safe on every file system, bounded, collision-free.

    The id is %-escaped as in UIDs (so ``/``, ``\\`` and ``:`` never reach the file system, and
    distinct ids give distinct names). An escaped id longer than :data:`MAX_FEED_STEM` characters
    (file names are limited to 255 bytes) — or any id when ``hashed`` — is cut and followed by
    ``+`` and 32 hex digits of the SHA-256 of the whole id. Escaped ids never contain ``+``, so a
    hashed name never equals a plain one.
    """
    stem = _uid_part(person_id)
    if hashed or len(stem) > MAX_FEED_STEM:
        digest = hashlib.sha256(person_id.encode("utf-8")).hexdigest()[:32]
        stem = f"{stem[: MAX_FEED_STEM - len(digest) - 1]}+{digest}"
    return f"{stem}.ics"


# --------------------------------------------------------------------------------------------
# Entries


def agenda_entries(
    instance: Instance,
    plan: Plan,
    *,
    public: bool = False,
    person: str | None = None,
    include_uncovered: bool = False,
    domain: str = AGENDA_DOMAIN,
) -> list[AgendaEntry]:
    """The events of one feed, in time order.

    ``public``: name only people with ``consent_public``; ``person``: that person's own missions
    (ambassador or staff id); ``include_uncovered``: also list uncovered missions as
    ``TENTATIVE`` (internal feed only — a public agenda announces only what will happen).
    """
    if public and include_uncovered:
        raise ValueError("the public agenda lists covered missions only")
    if public and person is not None:
        raise ValueError("a person's own feed is not a public feed")
    ambassadors = {a.id: a for a in instance.ambassadors}
    staff = {s.id: s for s in instance.staff}
    if person is not None and person not in ambassadors and person not in staff:
        raise InputError([("person", f"unknown ambassador or staff member {person!r}")])
    missions = {m.id: m for m in instance.missions}
    plan.check_references(instance)

    _refuse_repeated_missions(plan)

    entries: list[AgendaEntry] = []
    for a in plan.assignments:
        people = list(a.ambassadors) + ([a.staff] if a.staff is not None else [])
        if person is not None and person not in people:
            continue
        m = missions[a.mission]
        if public and not m.approved:  # an initiative the support group did not approve (R4)
            continue
        attendees: list[AgendaAttendee] = []
        hidden_amb = hidden_staff = 0
        for amb_id in a.ambassadors:
            amb = ambassadors[amb_id]
            if public and not amb.consent_public:
                hidden_amb += 1
            else:
                attendees.append(AgendaAttendee(name=amb.name, role="ambassador", uri=person_uri(amb_id)))
        if a.staff is not None:
            member = staff[a.staff]
            if public and not member.consent_public:
                hidden_staff += 1
            else:
                attendees.append(AgendaAttendee(name=member.name, role="staff", uri=person_uri(a.staff)))
        entries.append(_entry(m, "CONFIRMED", attendees, hidden_amb, hidden_staff, person, domain))
    if include_uncovered and person is None:
        reasons = {u.mission: u.reason for u in plan.unassigned}
        covered = {a.mission for a in plan.assignments}
        for m in instance.missions:
            if m.id not in covered:
                note = "Not staffed yet" + (f": {reasons[m.id]}" if m.id in reasons else "")
                entries.append(_entry(m, "TENTATIVE", [], 0, 0, None, domain, note=note))
    entries.sort(key=lambda e: (e.start, e.end, e.mission))
    return entries


def _refuse_repeated_missions(plan: Plan) -> None:
    """A mission assigned twice would give two events with one UID: bad input, named."""
    seen: dict[str, int] = {}
    problems: list[tuple[str, str]] = []
    for i, a in enumerate(plan.assignments):
        if a.mission in seen:
            problems.append((f"plan.assignments[{i}].mission",
                             f"{a.mission!r} is already assigned in plan.assignments[{seen[a.mission]}]"))
        seen.setdefault(a.mission, i)
    if problems:
        raise InputError(problems)


def _entry(
    m: Mission,
    status: EventStatus,
    attendees: list[AgendaAttendee],
    hidden_amb: int,
    hidden_staff: int,
    person: str | None,
    domain: str,
    note: str | None = None,
) -> AgendaEntry:
    return AgendaEntry(
        uid=mission_uid(m.id, person, domain),
        mission=m.id,
        title=m.title,
        start=m.start,
        end=m.end,
        location=f"{VENUE_LABELS.get(m.venue, m.venue)}, {m.region}",
        region=m.region,
        venue=m.venue,
        level=m.level,
        axis=m.axis,
        intervention=m.intervention,
        audience=m.audience,
        status=status,
        attendees=attendees,
        unnamed_ambassadors=hidden_amb,
        unnamed_staff=hidden_staff,
        note=note,
    )
