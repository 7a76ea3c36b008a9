"""One feed as an iCalendar object: events, revisions against the previous export, cancellations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone
from pydantic import BaseModel, ConfigDict

from ..errors import InputError
from ..files import read_bytes_limited
from ..model import Instance
from ..plan import Plan
from .entries import AGENDA_DOMAIN, AgendaEntry, FeedKind, agenda_entries

PRODID = "-//SMart//ambassade_opt agenda//EN"
TZID = "Europe/Brussels"
BRUSSELS = ZoneInfo(TZID)
DIGEST_PROPERTY = "X-AMBASSADE-OPT-DIGEST"
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
