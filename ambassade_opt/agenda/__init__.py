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

from .entries import (
    AGENDA_DOMAIN,
    PERSON_NAMESPACE,
    VENUE_LABELS,
    AgendaAttendee,
    AgendaEntry,
    EventStatus,
    FeedKind,
    agenda_entries,
    mission_uid,
    person_feed_filename,
    person_uri,
)
from .feed import (
    BRUSSELS,
    DIGEST_PROPERTY,
    PRODID,
    TZID,
    PreviousEvent,
    agenda_ics,
    build_calendar,
    calendar_text,
    plan_stamp,
    read_previous,
)
from .files import person_feed_texts, write_agenda, write_person_feeds

__all__ = [
    "AGENDA_DOMAIN",
    "BRUSSELS",
    "DIGEST_PROPERTY",
    "PERSON_NAMESPACE",
    "PRODID",
    "TZID",
    "VENUE_LABELS",
    "AgendaAttendee",
    "AgendaEntry",
    "EventStatus",
    "FeedKind",
    "PreviousEvent",
    "agenda_entries",
    "agenda_ics",
    "build_calendar",
    "calendar_text",
    "mission_uid",
    "person_feed_filename",
    "person_feed_texts",
    "person_uri",
    "plan_stamp",
    "read_previous",
    "write_agenda",
    "write_person_feeds",
]
