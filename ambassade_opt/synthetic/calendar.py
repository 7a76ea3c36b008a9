"""The calendar of a synthetic year: public holidays per country, seasons, weekday patterns,
and day-of-year tables to draw mission days from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np

from .draws import BoolArray, FloatArray, IntArray
from .geography import NATIONAL_DAYS


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def belgian_public_holidays(year: int) -> list[date]:
    """The ten legal public holidays of Belgium."""
    easter = easter_sunday(year)
    return sorted([
        date(year, 1, 1), easter + timedelta(days=1), date(year, 5, 1), easter + timedelta(days=39),
        easter + timedelta(days=50), date(year, 7, 21), date(year, 8, 15), date(year, 11, 1),
        date(year, 11, 11), date(year, 12, 25),
    ])


def public_holidays(year: int, country: str) -> list[date]:
    if country == "BE":
        return belgian_public_holidays(year)
    easter = easter_sunday(year)
    days = {date(year, 1, 1), easter + timedelta(days=1), date(year, 5, 1), date(year, 12, 25)}
    days.update(date(year, mo, d) for mo, d in NATIONAL_DAYS.get(country, ()))
    return sorted(days)


# Busy spring and autumn, quiet summer and December (index 0 = January).
SEASON: tuple[float, ...] = (0.7, 0.95, 1.2, 1.1, 1.2, 1.0, 0.35, 0.22, 1.1, 1.3, 1.2, 0.6)
SCHOOL_SEASON: tuple[float, ...] = (0.8, 1.0, 1.2, 1.0, 1.1, 0.5, 0.0, 0.0, 0.9, 1.2, 1.2, 0.6)
FESTIVAL_SEASON: tuple[float, ...] = (0.1, 0.2, 0.4, 0.7, 1.1, 1.3, 1.5, 1.3, 1.0, 0.5, 0.3, 0.4)
NO_RECESS: tuple[float, ...] = (0.8, 1.0, 1.2, 1.1, 1.2, 1.0, 0.0, 0.0, 0.9, 1.3, 1.2, 0.6)
WEEKDAYS_ONLY: tuple[float, ...] = (1.0, 1.1, 1.1, 1.1, 0.9, 0.0, 0.0)
MIDWEEK: tuple[float, ...] = (0.3, 1.0, 1.0, 1.0, 0.3, 0.0, 0.0)
ANY_DAY: tuple[float, ...] = (0.9, 1.0, 1.0, 1.1, 1.1, 0.6, 0.2)
WEEKEND: tuple[float, ...] = (0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 1.2)


class Calendar:
    """Day-of-year tables for one year: month, weekday, holidays per country, quiet weeks."""

    def __init__(self, year: int, countries: Sequence[str]) -> None:
        self.year = year
        self.first = date(year, 1, 1)
        self.n_days = (date(year + 1, 1, 1) - self.first).days
        days = [self.first + timedelta(days=i) for i in range(self.n_days)]
        self.month = np.array([d.month - 1 for d in days], dtype=np.int64)
        self.weekday = np.array([d.weekday() for d in days], dtype=np.int64)
        # Christmas holidays: from about 21 December through the first week of January.
        self.christmas = np.array(
            [(d.month == 12 and d.day >= 21) or (d.month == 1 and d.day <= 6) for d in days]
        )
        self.holiday: dict[str, BoolArray] = {}
        for country in countries:
            flags = np.zeros(self.n_days, dtype=np.bool_)
            for h in public_holidays(year, country):
                flags[(h - self.first).days] = True
            self.holiday[country] = flags

    def date_of(self, day: int) -> date:
        return self.first + timedelta(days=int(day))

    def index_of(self, d: date) -> int:
        return (d - self.first).days

    def weights(self, country: str, months: Sequence[float], weekdays: Sequence[float]) -> FloatArray:
        w = np.asarray(months, dtype=np.float64)[self.month] * np.asarray(weekdays)[self.weekday]
        w = w * np.where(self.christmas, 0.08, 1.0)
        w[self.holiday[country]] = 0.0
        return w  # type: ignore[no-any-return]

    def sample_days(self, rng: np.random.Generator, n: int, country: str, months: Sequence[float],
                    weekdays: Sequence[float]) -> IntArray:
        w = self.weights(country, months, weekdays)
        return rng.choice(self.n_days, size=n, p=w / w.sum()).astype(np.int64)
