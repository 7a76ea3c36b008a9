"""Integer units of the compiled problem: money in cents, workload in seconds, time in minutes.

CP-SAT needs integers, and rounding must never let a plan break a rule: costs are rounded up and
caps down (a sum of rounded-up costs never hides an overspend), mission ends are rounded up to the
next minute (a conflict is never missed).
"""

from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]

_EPS = 1e-7


def cents_up(eur: float) -> int:
    """A cost in whole cents, rounded up."""
    return math.ceil(eur * 100.0 - _EPS)


def cents_down(eur: float) -> int:
    """A cap in whole cents, rounded down."""
    return math.floor(eur * 100.0 + _EPS)


def seconds_up(hours: float) -> int:
    """A workload in whole seconds, rounded up."""
    return math.ceil(hours * 3600.0 - 1e-6)


def seconds_down(hours: float) -> int:
    """A limit on workload in whole seconds, rounded down."""
    return math.floor(hours * 3600.0 + 1e-6)


def day_index(day: date, year: int) -> int:
    """Days since the 1st of January of ``year``."""
    return (day - date(year, 1, 1)).days


def minutes_down(t: datetime, year: int) -> int:
    """Whole minutes since the 1st of January of ``year``, rounded down."""
    return int((t - datetime(year, 1, 1)).total_seconds() // 60)


def minutes_up(t: datetime, year: int) -> int:
    """Whole minutes since the 1st of January of ``year``, rounded up."""
    return -int(-(t - datetime(year, 1, 1)).total_seconds() // 60)


def eur(cents: int | np.integer) -> float:
    """Cents back to EUR, for messages and reports."""
    return int(cents) / 100.0
