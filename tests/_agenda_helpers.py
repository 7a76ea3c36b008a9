"""Shared by the agenda tests: a hand-made plan on the tiny year and ways to read feeds back."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Plan, Unassigned


def hand_plan(tiny: Instance) -> Plan:
    """A plan on the tiny year; validity does not matter to the agenda, only who goes where."""
    assignments = [
        Assignment(mission="M01", ambassadors=["A02", "A03"], staff="S01"),
        Assignment(mission="M02", ambassadors=["A01", "A04"]),
        Assignment(mission="M05", ambassadors=["A04"]),
        Assignment(mission="M08", ambassadors=["A02"], staff="S02"),
        Assignment(mission="M10", ambassadors=["A04"]),
    ]
    covered = {a.mission for a in assignments}
    unassigned = [Unassigned(mission=m.id, reason="nobody eligible is free") for m in tiny.missions
                  if m.id not in covered]
    return Plan(status="feasible", assignments=assignments, unassigned=unassigned)


STAMP = datetime(2026, 11, 20, 9, 15, tzinfo=UTC)


def valid_plan() -> Plan:
    """A plan of the tiny year that keeps every hard rule (tests/_tiny_plans.py)."""
    from _tiny_plans import plan_dict, plan_of

    return plan_of(plan_dict())


def parse(text: str) -> Calendar:
    calendar = Calendar.from_ical(text)
    assert isinstance(calendar, Calendar)
    return calendar


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def unfolded(text: str) -> str:
    """The feed with folded lines joined and text escapes undone, so a name split across a
    75-octet fold or written with an escaped comma is still found."""
    joined = text.replace("\r\n ", "").replace("\r\n\t", "")
    return joined.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n").replace("\\\\", "\\")


def attendee_names(event: object) -> list[str]:
    raw = event.get("ATTENDEE", [])  # type: ignore[attr-defined]
    items = raw if isinstance(raw, list) else [raw]
    return sorted(str(a.params["CN"]) for a in items)
