"""The frozen past in the changed instance.

A new unavailability never covers a day on which the person was on a mission that had started
before ``now`` (they were there): those days are carved out of the range, and the person is kept
off every other mission touching them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from ..model import Ambassador, DateRange, Instance, Staff, touched_dates
from ..plan import Assignment
from ..solver import ForbidPairs


def carve(spans: list[DateRange], days: set[date]) -> list[DateRange]:
    """``spans`` without ``days``: a range around a carved day is split in two."""
    out: list[DateRange] = []
    for span in spans:
        inside = sorted(d for d in days if span.start <= d <= span.end)
        start = span.start
        for d in inside:
            if start < d:
                out.append(DateRange(start=start, end=d - timedelta(days=1)))
            start = d + timedelta(days=1)
        if start <= span.end:
            out.append(DateRange(start=start, end=span.end))
    return out


def respect_the_past(
    instance: Instance,
    fixed: dict[str, Assignment | None],
    now: datetime | None,
) -> tuple[Instance, dict[str, set[date]], list[str]]:
    """Carve the days of frozen missions out of their people's unavailability.

    Returns the adjusted instance, the carved days per person (they must stay off every other
    mission touching those days) and plain-words notes.
    """
    if now is None:
        return instance, {}, []
    missions = {m.id: m for m in instance.missions}
    people: dict[str, Ambassador | Staff] = {a.id: a for a in instance.ambassadors}
    people.update({s.id: s for s in instance.staff})
    carved: dict[str, set[date]] = defaultdict(set)
    for mid, asg in sorted(fixed.items()):
        if asg is None:
            continue
        m = missions[mid]
        for pid in [*asg.ambassadors, *([asg.staff] if asg.staff is not None else [])]:
            person = people.get(pid)
            if person is None:
                continue
            for day in touched_dates(m.start, m.end):
                if any(r.contains(day) for r in person.unavailable):
                    carved[pid].add(day)
    if not carved:
        return instance, {}, []
    notes = []
    raw = instance.model_dump(mode="python")
    for entry in [*raw["ambassadors"], *raw["staff"]]:
        days = carved.get(entry["id"])
        if days:
            spans = [DateRange.model_validate(r) for r in entry["unavailable"]]
            entry["unavailable"] = [r.model_dump() for r in carve(spans, days)]
            shown = ", ".join(d.isoformat() for d in sorted(days))
            notes.append(
                f"{entry['id']} was on a mission that had started before now on {shown}: "
                "that day is kept out of their unavailability, and they get no other mission on it"
            )
    return Instance.model_validate(raw), dict(carved), notes


def keep_off(instance: Instance, keep_off_days: dict[str, set[date]], frozen: set[str]) -> ForbidPairs:
    """People stay off every non-frozen mission touching a day carved out for the frozen past."""
    pairs = []
    for m in instance.missions:
        if m.id in frozen:
            continue
        days = set(touched_dates(m.start, m.end))
        pairs += [(m.id, pid) for pid, carved in sorted(keep_off_days.items()) if days & carved]
    return ForbidPairs(tuple(pairs))
