"""Mission sheets (:class:`Mission`) and support-group meetings (:class:`Meeting`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationInfo, field_validator

from .common import (
    MAX_MISSION_HOURS,
    Audience,
    Axis,
    Euros,
    Hours,
    Id,
    IdList,
    Intervention,
    LanguageCode,
    Level,
    LocalDateTime,
    MeetingKind,
    NonNegInt,
    Origin,
    Priority,
    Region,
    Seats,
    Strict,
    TagList,
    Text,
    Venue,
)


def _check_end(end: datetime, info: ValidationInfo, max_hours: float | None) -> datetime:
    start = info.data.get("start")
    if start is not None and start.tzinfo is None and end.tzinfo is None:
        if end <= start:
            raise ValueError(f"must be after start ({start.isoformat(timespec='minutes')})")
        hours = (end - start).total_seconds() / 3600.0
        if max_hours is not None and hours > max_hours:
            raise ValueError(
                f"the mission lasts {hours:g} h (from {start.isoformat(timespec='minutes')}), "
                f"more than the {max_hours:g} h allowed"
            )
    return end


def seats_max_not_below_min(seats_max: int, info: ValidationInfo) -> int:
    """Field validator shared by every model with ``seats_min`` then ``seats_max``."""
    seats_min = info.data.get("seats_min")
    if seats_min is not None and seats_max < seats_min:
        raise ValueError(f"{seats_max} is below seats_min {seats_min}")
    return seats_max


class Mission(Strict):
    """A mission sheet: one representation moment of the year's inventory (R1, R5)."""

    id: Id
    title: Text
    start: LocalDateTime
    end: LocalDateTime
    region: Region
    level: Level
    axis: Axis
    intervention: Intervention
    audience: Audience
    venue: Venue
    language: LanguageCode
    sectors: TagList = []
    themes: TagList = []
    seats_min: Seats
    seats_max: Seats
    needs_staff_pair: bool = False
    staff_services: TagList = []
    preparation_hours: Hours = 0.0
    paid: bool | None = None
    expenses_eur: Euros | None = None
    requires_training: TagList | None = None
    origin: Origin = "smart_request"
    proposed_by: Id | None = None
    approved: bool = True
    priority: Priority
    pinned_ambassadors: IdList = []
    pinned_staff: Id | None = None

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        return _check_end(end, info, MAX_MISSION_HOURS)

    _seats_ordered = field_validator("seats_max")(seats_max_not_below_min)

    @field_validator("proposed_by")
    @classmethod
    def _initiative_names_proposer(cls, proposed_by: str | None, info: ValidationInfo) -> str | None:
        if proposed_by is None and info.data.get("origin") == "ambassador_initiative":
            raise ValueError("an ambassador_initiative must name its proposer (an ambassador id)")
        return proposed_by

    @field_validator("pinned_ambassadors")
    @classmethod
    def _pins_fit_the_seats(cls, pinned: list[str], info: ValidationInfo) -> list[str]:
        seats_max = info.data.get("seats_max")
        if seats_max is not None and len(pinned) > seats_max:
            raise ValueError(f"{len(pinned)} ambassadors pinned but seats_max is {seats_max}")
        return pinned

    @field_validator("pinned_staff")
    @classmethod
    def _pinned_staff_needs_pair(cls, pinned_staff: str | None, info: ValidationInfo) -> str | None:
        if pinned_staff is not None and info.data.get("needs_staff_pair") is False:
            raise ValueError("only allowed where needs_staff_pair is true")
        return pinned_staff

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600.0

    @property
    def is_paid(self) -> bool:
        return self.paid if self.paid is not None else self.preparation_hours > 0

    @property
    def workload_hours(self) -> float:
        """Mission plus preparation hours: what counts against ``max_hours``."""
        return self.hours + self.preparation_hours


class Meeting(Strict):
    """A support-group meeting; guests are invited by competence or drawn by lot (R4)."""

    id: Id
    start: LocalDateTime
    end: LocalDateTime
    topic: Text
    kind: MeetingKind
    themes: TagList = []
    guest_seats: NonNegInt

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        return _check_end(end, info, None)

    @field_validator("themes")
    @classmethod
    def _specific_names_competence(cls, themes: list[str], info: ValidationInfo) -> list[str]:
        if not themes and info.data.get("kind") == "specific":
            raise ValueError("a specific meeting must name the themes (the competence asked) of its guests")
        return themes

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600.0
