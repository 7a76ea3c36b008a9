"""The online agenda of representation activities (R7) as iCalendar feeds (RFC 5545).

Three kinds of feed come from one plan:

* the **internal** feed, for the support group: every covered mission with everyone named, and
  optionally the uncovered ones as ``TENTATIVE`` events, so the gaps show in the calendar;
* the **public** feed, for SMart's website: covered, approved missions only, naming only people who
  gave ``consent_public`` (the others are counted, never named, and never identified by id);
* one **per-person** feed for each ambassador and staff member: their own missions, with their
  team-mates named, because they need to know whom they meet.

Re-exporting after a re-plan must update events in subscribed calendars, never duplicate them,
so every UID derives from the mission id (and the person, for per-person feeds) under a fixed
domain. Revisions, time stamps and cancellations: see :mod:`ambassade_opt.agenda.feed`; what is
read from an earlier export: :mod:`ambassade_opt.agenda.previous`.
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
    CANCELLED_SUMMARY,
    PRODID,
    agenda_ics,
    build_calendar,
    calendar_text,
    count_events,
    export_stamp,
    feed_kind,
)
from .files import person_feed_filenames, person_feed_texts, write_agenda, write_person_feeds
from .previous import (
    BRUSSELS,
    DIGEST_PROPERTY,
    FEED_PROPERTY,
    TZID,
    PreviousEvent,
    PreviousFeed,
    read_previous,
)

__all__ = [
    "AGENDA_DOMAIN",
    "BRUSSELS",
    "CANCELLED_SUMMARY",
    "DIGEST_PROPERTY",
    "FEED_PROPERTY",
    "PERSON_NAMESPACE",
    "PRODID",
    "TZID",
    "VENUE_LABELS",
    "AgendaAttendee",
    "AgendaEntry",
    "EventStatus",
    "FeedKind",
    "PreviousEvent",
    "PreviousFeed",
    "agenda_entries",
    "agenda_ics",
    "build_calendar",
    "calendar_text",
    "count_events",
    "export_stamp",
    "feed_kind",
    "mission_uid",
    "person_feed_filename",
    "person_feed_filenames",
    "person_feed_texts",
    "person_uri",
    "read_previous",
    "write_agenda",
    "write_person_feeds",
]
