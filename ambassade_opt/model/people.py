"""People: identification sheets (:class:`Ambassador`), permanent :class:`Staff`, and when a
person is available."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import ValidationInfo, field_validator

from .common import (
    Competences,
    Hours,
    Id,
    Interest,
    Languages,
    LinkField,
    LinkScope,
    NonNegInt,
    OptionalText,
    Region,
    Score,
    Strict,
    Tag,
    TagList,
    Text,
    Weekdays,
)


class DateRange(Strict):
    """An inclusive range of dates."""

    start: date
    end: date

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"is before start ({start})")
        return end

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


class Link(Strict):
    """A tie with a field (institutional, political, ...) at some scope (R5)."""

    field: LinkField
    scope: LinkScope


class History(Strict):
    missions_last_year: NonNegInt = 0
    drawn_this_cycle: bool = False


class Ambassador(Strict):
    """An identification sheet (R1, R5)."""

    id: Id
    name: Text
    home_region: Region
    languages: Languages = []
    sectors: TagList = []
    themes: TagList = []
    competences: Competences = []
    links: list[Link] = []
    max_missions: NonNegInt
    max_hours: Hours
    max_per_month: NonNegInt | None = None
    unavailable: list[DateRange] = []
    available_weekdays: Weekdays | None = None
    charter_signed: bool = False
    trainings: TagList = []
    governance_volunteer: bool = False
    consent_public: bool = False
    interests: dict[Id, Interest] = {}
    selection_score: Score | None = None
    history: History = History()
    motivation: OptionalText = None


class Staff(Strict):
    """A permanent staff member, who may form a pair with ambassadors (R7)."""

    id: Id
    name: Text
    service: Tag
    region: Region
    languages: Languages = []
    max_missions: NonNegInt
    unavailable: list[DateRange] = []
    available_weekdays: Weekdays | None = None
    consent_public: bool = True


Person = Ambassador | Staff


def is_available(person: Ambassador | Staff, start: datetime, end: datetime) -> bool:
    """Available on every date the interval touches, and on each of those weekdays."""
    for day in touched_dates(start, end):
        if person.available_weekdays is not None and day.weekday() not in person.available_weekdays:
            return False
        if any(r.contains(day) for r in person.unavailable):
            return False
    return True


def touched_dates(start: datetime, end: datetime) -> list[date]:
    """Dates from ``start.date()`` to ``(end - 1 µs).date()``: an event ending at midnight
    does not touch the next day."""
    last = (end - timedelta(microseconds=1)).date()
    days, cur = [], start.date()
    while cur <= last:
        days.append(cur)
        cur += timedelta(days=1)
    return days
