"""Fair, auditable sortition on a generic pool (people x feature values) with quotas."""

from .distribution import LotteryStats, Objective, TypeLottery, fair_type_lottery
from .draw import FairLottery, QuotasInfeasible, draw_index, fair_lottery
from .expand import TICKS, Lottery, expand
from .feasibility import (
    QuotaRelaxation,
    largest_feasible_size,
    max_fresh_seats,
    minimal_relaxation,
    smallest_feasible_size,
)
from .pool import PoolMember, QuotaKey, QuotaTable, TypedPool

__all__ = [
    "TICKS",
    "FairLottery",
    "Lottery",
    "LotteryStats",
    "Objective",
    "PoolMember",
    "QuotaKey",
    "QuotaRelaxation",
    "QuotaTable",
    "QuotasInfeasible",
    "TypeLottery",
    "TypedPool",
    "draw_index",
    "expand",
    "fair_lottery",
    "fair_type_lottery",
    "largest_feasible_size",
    "max_fresh_seats",
    "minimal_relaxation",
    "smallest_feasible_size",
]
