"""One feed as an iCalendar object (RFC 5545, ``METHOD:PUBLISH``): events, revisions, cancellations.

Time stamps follow RFC 5545 for a calendar with a METHOD: ``DTSTAMP`` is when this export was
made (the ``stamp`` argument, by default the clock), ``LAST-MODIFIED`` is when the event's
content last changed. Against the previous export of the same feed, an event whose content digest
is unchanged keeps its ``SEQUENCE`` and ``LAST-MODIFIED``; a changed one gets ``SEQUENCE + 1`` and
``LAST-MODIFIED = stamp``; so the same inputs and the same stamp give the same bytes.

An event that vanished is cancelled once, and only if the previous export announced it to the
same audience (:meth:`PreviousEvent.announced_in`). The cancellation is rebuilt from the current
instance: title and times of the mission when the feed may show that mission, otherwise only what
the earlier feed had already published — its UID and times — under a neutral title. Nothing else
from the earlier file is copied.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from icalendar import Calendar, Event, Timezone

from ..errors import InputError
from ..model import Instance, Mission
from ..plan import Plan
from .entries import AGENDA_DOMAIN, AgendaEntry, FeedKind, agenda_entries, mission_uid
from .previous import (
    BRUSSELS,
    DIGEST_PROPERTY,
    FEED_PROPERTY,
    TZID,
    PreviousEvent,
    PreviousFeed,
    as_utc,
)

PRODID = "-//SMart//ambassade_opt agenda//EN"
CANCELLED_SUMMARY = "Cancelled"

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


def export_stamp(stamp: datetime | None = None) -> datetime:
    """The moment of an export in UTC, to the second: ``stamp`` (naive = Brussels time) or now."""
    return as_utc(stamp) if stamp is not None else datetime.now(UTC).replace(microsecond=0)


def feed_kind(*, public: bool, person: str | None) -> FeedKind:
    return "public" if public else ("person" if person is not None else "internal")


def build_calendar(
    instance: Instance,
    plan: Plan,
    *,
    public: bool = False,
    person: str | None = None,
    include_uncovered: bool = False,
    stamp: datetime | None = None,
    previous: PreviousFeed | None = None,
    domain: str = AGENDA_DOMAIN,
) -> Calendar:
    """One feed as an :class:`icalendar.Calendar` (see :func:`agenda_entries` for the options).

    ``stamp``: the export time (DTSTAMP, and LAST-MODIFIED of what changed; default: now);
    ``previous``: the last export of the same feed (:func:`read_previous`). A previous export of
    another kind (an internal feed under a public one) is refused with :class:`InputError`:
    continuing it would mix two audiences.
    """
    entries = agenda_entries(
        instance, plan, public=public, person=person, include_uncovered=include_uncovered, domain=domain
    )
    kind = feed_kind(public=public, person=person)
    now = export_stamp(stamp)
    before = previous or PreviousFeed()
    if before.kind is not None and before.kind != kind:
        raise InputError([("previous", f"the previous export is the {before.kind} agenda, this is the "
                                       f"{kind} one: write it to another file, or start afresh")])

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _calendar_name(instance, kind, person))
    calendar.add("x-wr-timezone", TZID)
    calendar.add(FEED_PROPERTY, kind)
    calendar.add_component(Timezone.from_ical(_VTIMEZONE))

    for entry in entries:
        calendar.add_component(_revised_event(entry, kind, now, before.events.get(entry.uid)))
    current = {e.uid for e in entries}
    gone = [uid for uid, event in before.events.items() if uid not in current and event.announced_in(kind)]
    missions = _missions_by_uid(instance, person, domain)
    for uid in sorted(gone, key=lambda u: (before.events[u].start, u)):
        mission = missions.get(uid)
        if public and mission is not None and not mission.approved:
            mission = None  # withdrawn: say nothing new about it
        calendar.add_component(_cancelled_event(uid, before.events[uid], mission, kind, now))
    return calendar


def _revised_event(entry: AgendaEntry, kind: FeedKind, now: datetime, before: PreviousEvent | None) -> Event:
    event = _event(entry, kind)
    digest = entry.digest()
    if before is None:
        sequence, changed = 0, now
    elif before.digest == digest and not before.cancelled:
        sequence, changed = before.sequence, before.last_modified
    else:
        sequence, changed = before.sequence + 1, max(now, before.last_modified)
    event.add("dtstamp", now)
    event.add("last-modified", changed)
    event.add("sequence", sequence)
    event.add(DIGEST_PROPERTY, digest)
    return event


def _missions_by_uid(instance: Instance, person: str | None, domain: str) -> dict[str, Mission]:
    return {mission_uid(m.id, person, domain): m for m in instance.missions}


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
    event.add("class", _classification(kind))
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


def _classification(kind: FeedKind) -> str:
    return "PUBLIC" if kind == "public" else "CONFIDENTIAL"


def _cancelled_event(
    uid: str, before: PreviousEvent, mission: Mission | None, kind: FeedKind, now: datetime
) -> Event:
    """A cancellation needs the UID, a higher SEQUENCE, a DTSTAMP and (for PUBLISH) the times; the
    title is the mission's own when the feed may show it, else a neutral word."""
    event = Event()
    event.add("uid", uid)
    event.add("summary", mission.title if mission is not None else CANCELLED_SUMMARY)
    start, end = (mission.start, mission.end) if mission is not None else (before.start, before.end)
    event.add("dtstart", start.replace(tzinfo=BRUSSELS))
    event.add("dtend", end.replace(tzinfo=BRUSSELS))
    event.add("status", "CANCELLED")
    event.add("class", _classification(kind))
    event.add("transp", "TRANSPARENT")
    event.add("dtstamp", now)
    event.add("last-modified", max(now, before.last_modified))
    event.add("sequence", before.sequence + 1)
    return event


def calendar_text(calendar: Calendar) -> str:
    text: str = calendar.to_ical().decode("utf-8")
    return text


def count_events(calendar: Calendar) -> Mapping[str, int]:
    """Events of a feed by STATUS, from the calendar's components (never by searching its text,
    where an escaped title may hold "BEGIN:VEVENT")."""
    counts: dict[str, int] = {}
    for event in calendar.walk("VEVENT"):
        status = str(event.get("STATUS", "CONFIRMED")).upper()
        counts[status] = counts.get(status, 0) + 1
    return counts


def agenda_ics(
    instance: Instance,
    plan: Plan,
    *,
    public: bool = False,
    person: str | None = None,
    include_uncovered: bool = False,
    stamp: datetime | None = None,
    previous: PreviousFeed | None = None,
) -> str:
    """:func:`build_calendar` rendered as iCalendar text (CRLF line ends, folded lines)."""
    return calendar_text(build_calendar(
        instance, plan, public=public, person=person, include_uncovered=include_uncovered,
        stamp=stamp, previous=previous,
    ))
