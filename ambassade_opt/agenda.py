"""The online agenda of representation activities (R7) as iCalendar feeds (RFC 5545).

Three kinds of feed come from one plan:

* the **internal** feed, for the support group: every covered mission with everyone named, and
  optionally the uncovered ones as ``TENTATIVE`` events, so the gaps show in the calendar;
* the **public** feed, for SMart's website: covered missions only, naming only people who gave
  ``consent_public`` (the others are counted, never named, and never identified by id);
* one **per-person** feed for each ambassador and staff member: their own missions, with their
  team-mates named, because they need to know whom they meet.

Re-exporting after a re-plan must update events in subscribed calendars, never duplicate them,
so every UID derives from the mission id (and the person, for per-person feeds) under a fixed
domain. Each event carries a digest of its content; given the previous export of the same feed,
an unchanged event keeps its ``SEQUENCE`` and ``DTSTAMP`` and a changed one gets ``SEQUENCE + 1``
and the new stamp, and an event that disappeared is re-emitted once as ``CANCELLED``. The stamp
is never read from the clock: it is passed in, or taken from the plan's run record, so the same
inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone
from pydantic import BaseModel, ConfigDict

from .errors import InputError
from .files import read_bytes_limited, write_folder_atomic, write_text_atomic
from .model import Instance, Mission
from .plan import Plan

AGENDA_DOMAIN = "agenda.ambassade-opt.smart.coop"
PRODID = "-//SMart//ambassade_opt agenda//EN"
TZID = "Europe/Brussels"
BRUSSELS = ZoneInfo(TZID)
DIGEST_PROPERTY = "X-AMBASSADE-OPT-DIGEST"
# Person URIs are name-based UUIDs: a calendar client must never try to e-mail an invitation,
# and a public feed must not carry ids that identify people who did not consent.
PERSON_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, AGENDA_DOMAIN)
# Run-record keys that may hold the moment a plan was made, most precise first.
_RUN_STAMP_KEYS = ("finished_at", "created_at", "created", "timestamp", "started_at", "generated_at")

# Europe/Brussels since 1996 (EU rule: last Sunday of March / October), written with RRULEs the
# way mainstream calendar servers publish it; no dependency on the local tz database or a range.
_VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\n"
    f"TZID:{TZID}\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZNAME:CEST\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZNAME:CET\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)

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
        content = self.model_dump(mode="json", exclude={"uid"})
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


def person_feed_filename(person_id: str) -> str:
    return f"{_uid_part(person_id)}.ics"


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

    entries: list[AgendaEntry] = []
    for a in plan.assignments:
        people = list(a.ambassadors) + ([a.staff] if a.staff is not None else [])
        if person is not None and person not in people:
            continue
        m = missions[a.mission]
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


# --------------------------------------------------------------------------------------------
# Stamps and revisions


def plan_stamp(instance: Instance, plan: Plan) -> datetime:
    """When the plan was made, from its run record; else 1 January of the plan's year (UTC).

    Never the wall clock: the same plan must export to the same bytes.
    """
    for key in _RUN_STAMP_KEYS:
        value = plan.run.get(key)
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                continue
            return _as_utc(parsed)
    return datetime(instance.year, 1, 1, tzinfo=UTC)


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # a naive stamp is read as Brussels local time, like the instance
        moment = moment.replace(tzinfo=BRUSSELS)
    return moment.astimezone(UTC).replace(microsecond=0)


class PreviousEvent(BaseModel):
    """What a previous export said about one UID."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sequence: int
    stamp: datetime
    digest: str | None
    cancelled: bool
    entry_summary: str
    start: datetime
    end: datetime


def read_previous(source: str | bytes | Path) -> dict[str, PreviousEvent]:
    """The events of a previous export of the same feed, by UID (a path, or the feed text)."""
    name = str(source) if isinstance(source, Path) else "previous agenda"
    try:
        raw = read_bytes_limited(source) if isinstance(source, Path) else source
    except OSError as exc:
        raise InputError([(name, f"cannot read the file: {exc.strerror or exc}")]) from None
    except ValueError as exc:  # not a regular file, or too large
        raise InputError([(name, f"cannot read the file: {exc}")]) from None
    try:
        calendar = Calendar.from_ical(raw)
    except ValueError as exc:
        raise InputError([(name, f"not an iCalendar file: {exc}")]) from None
    assert isinstance(calendar, Calendar)
    out: dict[str, PreviousEvent] = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        if not uid:
            continue
        stamp = event.decoded("DTSTAMP") if "DTSTAMP" in event else datetime(1970, 1, 1, tzinfo=UTC)
        out[uid] = PreviousEvent(
            sequence=int(event.get("SEQUENCE", 0)),
            stamp=_as_utc(stamp),
            digest=str(event[DIGEST_PROPERTY]) if DIGEST_PROPERTY in event else None,
            cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
            entry_summary=str(event.get("SUMMARY", "")),
            start=_naive_local(event.decoded("DTSTART")),
            end=_naive_local(event.decoded("DTEND")),
        )
    return out


def _naive_local(value: datetime | date) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is None:
        return value
    return value.astimezone(BRUSSELS).replace(tzinfo=None)


# --------------------------------------------------------------------------------------------
# Calendars


def build_calendar(
    instance: Instance,
    plan: Plan,
    *,
    public: bool = False,
    person: str | None = None,
    include_uncovered: bool = False,
    stamp: datetime | None = None,
    previous: Mapping[str, PreviousEvent] | None = None,
    domain: str = AGENDA_DOMAIN,
) -> Calendar:
    """One feed as an :class:`icalendar.Calendar` (see :func:`agenda_entries` for the options).

    ``stamp``: when this export's information was revised (default :func:`plan_stamp`);
    ``previous``: the last export of the same feed (:func:`read_previous`), so unchanged events
    keep their SEQUENCE and DTSTAMP and vanished ones are cancelled instead of silently dropped.
    """
    entries = agenda_entries(
        instance, plan, public=public, person=person, include_uncovered=include_uncovered, domain=domain
    )
    revised_at = _as_utc(stamp) if stamp is not None else plan_stamp(instance, plan)
    previous = previous or {}
    kind: FeedKind = "public" if public else ("person" if person is not None else "internal")

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _calendar_name(instance, kind, person))
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(Timezone.from_ical(_VTIMEZONE))

    current = {e.uid for e in entries}
    for entry in entries:
        event = _event(entry, kind)
        digest = entry.digest()
        before = previous.get(entry.uid)
        if before is None:
            sequence, event_stamp = 0, revised_at
        elif before.digest == digest and not before.cancelled:
            sequence, event_stamp = before.sequence, before.stamp
        else:
            sequence, event_stamp = before.sequence + 1, max(revised_at, before.stamp)
        event.add("dtstamp", event_stamp)
        event.add("last-modified", event_stamp)
        event.add("sequence", sequence)
        event.add(DIGEST_PROPERTY, digest)
        calendar.add_component(event)
    # An event that vanished is cancelled once; after that it may drop out of the feed.
    for uid in sorted(set(previous) - current, key=lambda u: (previous[u].start, u)):
        before = previous[uid]
        if before.cancelled:
            continue
        calendar.add_component(_cancelled_event(uid, before, max(revised_at, before.stamp)))
    return calendar


def _calendar_name(instance: Instance, kind: FeedKind, person: str | None) -> str:
    if kind == "public":
        return f"SMart representation agenda {instance.year}"
    if kind == "person":
        return f"My SMart representation missions {instance.year} ({person})"
    return f"SMart representation agenda {instance.year} (internal)"


def _event(entry: AgendaEntry, kind: FeedKind) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("summary", entry.title)
    event.add("dtstart", entry.start.replace(tzinfo=BRUSSELS))
    event.add("dtend", entry.end.replace(tzinfo=BRUSSELS))
    event.add("location", entry.location)
    event.add("description", entry.description())
    event.add("status", entry.status)
    event.add("class", "PUBLIC" if kind == "public" else "CONFIDENTIAL")
    event.add("transp", "OPAQUE" if entry.status == "CONFIRMED" else "TRANSPARENT")
    event.add("categories", [entry.axis, entry.level, entry.intervention])
    for person in entry.attendees:
        event.add(
            "attendee",
            person.uri,
            parameters={
                "CN": person.name,
                "CUTYPE": "INDIVIDUAL",
                "ROLE": "REQ-PARTICIPANT",
                "PARTSTAT": "ACCEPTED",
            },
        )
    return event


def _cancelled_event(uid: str, before: PreviousEvent, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", before.entry_summary)
    event.add("dtstart", before.start.replace(tzinfo=BRUSSELS))
    event.add("dtend", before.end.replace(tzinfo=BRUSSELS))
    event.add("status", "CANCELLED")
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", before.sequence + 1)
    return event


def calendar_text(calendar: Calendar) -> str:
    text: str = calendar.to_ical().decode("utf-8")
    return text


def agenda_ics(
    instance: Instance,
    plan: Plan,
    *,
    public: bool = False,
    person: str | None = None,
    include_uncovered: bool = False,
    stamp: datetime | None = None,
    previous: Mapping[str, PreviousEvent] | None = None,
) -> str:
    """:func:`build_calendar` rendered as iCalendar text (CRLF line ends, folded lines)."""
    return calendar_text(build_calendar(
        instance, plan, public=public, person=person, include_uncovered=include_uncovered,
        stamp=stamp, previous=previous,
    ))


# --------------------------------------------------------------------------------------------
# Files


def write_agenda(
    path: str | Path,
    instance: Instance,
    plan: Plan,
    *,
    public: bool = False,
    include_uncovered: bool = False,
    stamp: datetime | None = None,
    previous: str | Path | Literal["auto"] | None = "auto",
) -> Path:
    """Write one feed atomically. ``previous="auto"``: the file being replaced, if any, is the
    previous export (so writing the same plan twice gives the same bytes)."""
    target = Path(path)
    before = _previous_for(target, previous)
    text = calendar_text(build_calendar(
        instance, plan, public=public, include_uncovered=include_uncovered, stamp=stamp, previous=before
    ))
    write_text_atomic(target, text)
    return target


def write_person_feeds(
    directory: str | Path,
    instance: Instance,
    plan: Plan,
    *,
    stamp: datetime | None = None,
    people: Iterable[str] | None = None,
    use_previous: bool = True,
) -> dict[str, Path]:
    """One feed per ambassador and staff member (also those without missions, so a subscription
    stays valid all year); existing files in ``directory`` count as the previous export. Every feed
    is rendered before any is written, and they are written all or none
    (:func:`ambassade_opt.files.write_folder_atomic`)."""
    texts = person_feed_texts(directory, instance, plan, stamp=stamp, people=people,
                              use_previous=use_previous)
    write_folder_atomic(directory, {target.name: text for target, text in texts.values()})
    return {person: target for person, (target, _) in texts.items()}


def person_feed_texts(
    directory: str | Path,
    instance: Instance,
    plan: Plan,
    *,
    stamp: datetime | None = None,
    people: Iterable[str] | None = None,
    use_previous: bool = True,
) -> dict[str, tuple[Path, str]]:
    """The feeds :func:`write_person_feeds` would write: person id -> (file in ``directory``, text)."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise InputError([("per_person", f"{folder} exists and is not a folder")])
    ids = list(people) if people is not None else (
        [a.id for a in instance.ambassadors] + [s.id for s in instance.staff]
    )
    texts: dict[str, tuple[Path, str]] = {}
    for person in ids:
        target = folder / person_feed_filename(person)
        before = _previous_for(target, "auto" if use_previous else None)
        calendar = build_calendar(instance, plan, person=person, stamp=stamp, previous=before)
        texts[person] = (target, calendar_text(calendar))
    return texts


def _previous_for(
    target: Path, previous: str | Path | Literal["auto"] | None
) -> dict[str, PreviousEvent] | None:
    if previous is None:
        return None
    if previous == "auto":
        return read_previous(target) if target.is_file() else None
    return read_previous(Path(previous))
