"""Reading the previous export of a feed: what it said about each UID, and nothing more.

Only what revisions need is kept — SEQUENCE, LAST-MODIFIED, the content digest, STATUS, CLASS and
the times of each event, and the kind of feed. Titles, descriptions and attendees of the earlier
file are never read: whatever a new export says comes from the current instance and plan.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar
from pydantic import BaseModel, ConfigDict

from ..errors import InputError
from ..files import read_bytes_limited
from .entries import FeedKind

TZID = "Europe/Brussels"
BRUSSELS = ZoneInfo(TZID)
DIGEST_PROPERTY = "X-AMBASSADE-OPT-DIGEST"
FEED_PROPERTY = "X-AMBASSADE-OPT-FEED"
FEED_KINDS: tuple[FeedKind, ...] = ("internal", "public", "person")
# A previous export larger than this is not an agenda this program wrote (a year has a few
# hundred missions, some kilobytes each).
MAX_PREVIOUS_BYTES = 64 * 1024 * 1024


class PreviousEvent(BaseModel):
    """What a previous export said about one UID."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sequence: int
    last_modified: datetime
    digest: str | None
    status: str
    classification: str
    start: datetime
    end: datetime

    @property
    def cancelled(self) -> bool:
        return self.status == "CANCELLED"

    def announced_in(self, kind: FeedKind) -> bool:
        """Whether subscribers of a feed of ``kind`` were told this event takes place: only those
        events may be cancelled in it. A public feed announces confirmed public events only."""
        if self.cancelled:
            return False
        if kind == "public":
            return self.classification == "PUBLIC" and self.status == "CONFIRMED"
        return self.classification != "PUBLIC"


class PreviousFeed(BaseModel):
    """A previous export: its kind (``None`` when it does not say) and its events by UID."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FeedKind | None = None
    events: dict[str, PreviousEvent] = {}


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC, to the second; a naive moment is Brussels local time, like the instance."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BRUSSELS)
    return moment.astimezone(UTC).replace(microsecond=0)


def _naive_local(value: datetime | date) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is None:
        return value
    return value.astimezone(BRUSSELS).replace(tzinfo=None)


def _read_bounded(path: Path) -> bytes:
    """The bytes of the regular file ``path``, at most :data:`MAX_PREVIOUS_BYTES`
    (:func:`ambassade_opt.files.read_bytes_limited`: a device or a pipe is refused unread)."""
    try:
        return read_bytes_limited(path, limit=MAX_PREVIOUS_BYTES)
    except OSError as exc:
        raise InputError([(str(path), f"cannot read the previous agenda: {exc.strerror or exc}")]) from None
    except ValueError as exc:  # not a regular file, or larger than the limit
        raise InputError([(str(path), f"cannot read the previous agenda: {exc}")]) from None


def read_previous(source: str | bytes | Path) -> PreviousFeed:
    """The previous export of the same feed (a path, or the feed text).

    Anything that is not a well-formed iCalendar feed — not iCalendar at all, several calendars,
    an event without UID or DTSTART, a broken date or SEQUENCE — is bad input
    (:class:`InputError` naming the file and the event), never a traceback.
    """
    name = str(source) if isinstance(source, Path) else "previous agenda"
    raw = _read_bounded(source) if isinstance(source, Path) else source
    try:
        calendar = Calendar.from_ical(raw)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise InputError([(name, f"not an iCalendar file: {_short(exc)}")]) from None
    if not isinstance(calendar, Calendar):
        raise InputError([(name, "not an iCalendar file: expected one VCALENDAR")])
    kind_text = str(calendar.get(FEED_PROPERTY, "")).strip().lower()
    kind: FeedKind | None = None
    for known in FEED_KINDS:
        if kind_text == known:
            kind = known
    if kind_text and kind is None:
        raise InputError([(f"{name}: {FEED_PROPERTY}", f"unknown feed kind {kind_text[:40]!r}")])
    events: dict[str, PreviousEvent] = {}
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        where = f"{name}: event {number}"
        uid = str(event.get("UID", "")).strip()
        if not uid:
            raise InputError([(where, "has no UID")])
        if uid in events:
            raise InputError([(where, f"repeats the UID of an earlier event ({uid[:80]})")])
        events[uid] = _previous_event(event, where)
    return PreviousFeed(kind=kind, events=events)


def _previous_event(event: Any, where: str) -> PreviousEvent:
    broken = {prop: message for prop, message in getattr(event, "errors", [])}
    for prop in ("DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE"):
        if prop in broken:
            raise InputError([(f"{where}: {prop}", f"cannot be read ({_short(broken[prop])})")])
    if "DTSTART" not in event:
        raise InputError([(where, "has no DTSTART")])
    try:
        start = _moment(event.decoded("DTSTART"), "DTSTART", where)
        end = _moment(event.decoded("DTEND"), "DTEND", where) if "DTEND" in event else start
        changed_prop = "LAST-MODIFIED" if "LAST-MODIFIED" in event else "DTSTAMP"
        changed = (
            _moment(event.decoded(changed_prop), changed_prop, where) if changed_prop in event
            else datetime(1970, 1, 1, tzinfo=UTC)
        )
        sequence = int(str(event.get("SEQUENCE", 0)))
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise InputError([(where, f"cannot be read ({_short(exc)})")]) from None
    if not 0 <= sequence < 2**31:
        raise InputError([(f"{where}: SEQUENCE", f"{sequence} is out of range")])
    return PreviousEvent(
        sequence=sequence,
        last_modified=as_utc(changed),
        digest=str(event[DIGEST_PROPERTY]) if DIGEST_PROPERTY in event else None,
        status=str(event.get("STATUS", "")).strip().upper(),
        classification=str(event.get("CLASS", "PUBLIC")).strip().upper(),
        start=_naive_local(start),
        end=_naive_local(end),
    )


def _moment(value: object, prop: str, where: str) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    raise InputError([(f"{where}: {prop}", "is not a date or date-time")])


def _short(what: object) -> str:
    text = " ".join(str(what).split())
    return text if len(text) <= 160 else text[:157] + "..."
