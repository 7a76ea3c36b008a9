"""The instance as numbers: indices, integer units and availability arrays (see :mod:`.problem`)."""

from __future__ import annotations

from .calendar import HORIZON_DAYS, MissionDays, PeopleCalendar
from .problem import ProblemData
from .units import (
    BoolArray,
    FloatArray,
    IntArray,
    cents_down,
    cents_up,
    eur,
    minutes_down,
    minutes_up,
    seconds_down,
    seconds_up,
)
from .vocabulary import Vocabulary, pad, shared_incidence

__all__ = [
    "HORIZON_DAYS",
    "BoolArray",
    "FloatArray",
    "IntArray",
    "MissionDays",
    "PeopleCalendar",
    "ProblemData",
    "Vocabulary",
    "cents_down",
    "cents_up",
    "eur",
    "minutes_down",
    "minutes_up",
    "pad",
    "seconds_down",
    "seconds_up",
    "shared_incidence",
]
