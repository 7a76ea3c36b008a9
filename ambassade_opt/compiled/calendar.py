"""Availability as arrays: which days people are blocked, which days missions touch.

A person is available for a mission when no unavailable range covers a date the mission touches
(from ``start.date()`` to ``(end − 1 µs).date()``) and every touched weekday is one of theirs
(DOMAIN.md rule 1). Prefix sums of blocked days make "blocked on any day of [first, last]" one
subtraction per (person, mission).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from numpy.typing import NDArray

from ..model import Ambassador, Mission, Staff
from .units import BoolArray, IntArray, day_index

# Days covered by availability data: the year plus a margin for missions ending after midnight
# on the 31st of December.
HORIZON_DAYS = 368


@dataclass(frozen=True)
class MissionDays:
    """The days each mission touches: first and last day index, and a bit mask of weekdays."""

    first: IntArray
    last: IntArray
    weekdays: NDArray[np.int16]

    @classmethod
    def of(cls, missions: Sequence[Mission], year: int) -> MissionDays:
        first, last, masks = [], [], []
        for m in missions:
            d0 = m.start.date()
            d1 = (m.end - timedelta(microseconds=1)).date()
            first.append(day_index(d0, year))
            last.append(min(day_index(d1, year), HORIZON_DAYS - 1))
            mask, cur = 0, d0
            while cur <= d1 and mask != 0x7F:
                mask |= 1 << cur.weekday()
                cur += timedelta(days=1)
            masks.append(mask)
        return cls(
            np.array(first, dtype=np.int64),
            np.array(last, dtype=np.int64),
            np.array(masks, dtype=np.int16).reshape(len(missions)),
        )

    def subset(self, cols: IntArray) -> MissionDays:
        return MissionDays(self.first[cols], self.last[cols], self.weekdays[cols])


@dataclass(frozen=True)
class PeopleCalendar:
    """Blocked days of a list of people (prefix sums) and their weekday masks."""

    blocked_prefix: NDArray[np.int32]  # people × (days + 1)
    weekday_mask: NDArray[np.int16]  # bit d set: available on weekday d

    @classmethod
    def of(cls, people: Sequence[Ambassador | Staff], year: int) -> PeopleCalendar:
        n = len(people)
        diff = np.zeros((n, HORIZON_DAYS + 1), dtype=np.int32)
        for i, person in enumerate(people):
            for r in person.unavailable:
                lo = max(day_index(r.start, year), 0)
                hi = min(day_index(r.end, year), HORIZON_DAYS - 1)
                if lo <= hi:
                    diff[i, lo] += 1
                    diff[i, hi + 1] -= 1
        blocked = (np.cumsum(diff, axis=1)[:, :HORIZON_DAYS] > 0).astype(np.int32)
        prefix = np.zeros((n, HORIZON_DAYS + 1), dtype=np.int32)
        np.cumsum(blocked, axis=1, out=prefix[:, 1:])
        masks = np.array(
            [
                0x7F if p.available_weekdays is None else sum(1 << d for d in set(p.available_weekdays))
                for p in people
            ],
            dtype=np.int16,
        ).reshape(n)
        return cls(prefix, masks)

    def available(self, days: MissionDays, rows: IntArray | slice = slice(None)) -> BoolArray:
        """people[rows] × missions: free on every touched day and on each touched weekday."""
        prefix = self.blocked_prefix[rows]
        blocked_days = prefix[:, days.last + 1] - prefix[:, days.first]
        masks = self.weekday_mask[rows]
        weekday_ok = (days.weekdays[None, :] & ~masks[:, None]) == 0
        return (blocked_days == 0) & weekday_ok  # type: ignore[no-any-return]
