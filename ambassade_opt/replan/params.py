"""How a re-plan weighs promises and splits its time (:class:`ReplanParams`), and what a broken
promise costs (:func:`stability_cost`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from ..errors import InputError
from ..solver.params import StageShares


def _second_pass_shares() -> StageShares:
    return StageShares(coverage=0.1, stability=0.5, rotation=0.2, match=0.15, cost=0.05)


@dataclass(frozen=True)
class ReplanParams:
    """Dropping a published (mission, person) pair costs

        cost(m) = base + ⌈urgency · max(0, horizon − d) / horizon⌉,   d = days from now to m.start

    (a change two months ahead costs ``base``, one for tomorrow about ``base + urgency``: people
    need time to re-arrange, so late changes are the last resort; without ``now``, ``base``).

    Time: pass 1 (coverage then stability in one objective) gets ``first_share`` of the limit; with
    a coverage tolerance, ``tolerant_shares`` for pass 1 and the promises pass, and
    ``crossover_share`` for a crossover when the promises pass stops short of its floor; the last
    pass the rest, its stages shared as ``last_shares`` (most of it to winning back promises)."""

    base: int = 10
    urgency: int = 90
    horizon_days: int = 60
    first_share: float = 0.6
    tolerant_shares: tuple[float, float] = (0.4, 0.45)
    crossover_share: float = 0.12
    last_shares: StageShares = field(default_factory=_second_pass_shares)

    def __post_init__(self) -> None:
        problems = []
        if self.base < 1 or self.urgency < 0 or self.horizon_days < 1:
            problems.append(("replan.base", "base >= 1, urgency >= 0, horizon_days >= 1"))
        if not 0 < self.first_share < 1 or not 0 < sum(self.tolerant_shares) + self.crossover_share < 1:
            problems.append(("replan.first_share", "the passes' shares must leave time for the last pass"))
        if problems:
            raise InputError(problems)


DEFAULT_PARAMS = ReplanParams()


def stability_cost(
    mission_start: datetime, now: datetime | None, params: ReplanParams = ReplanParams()
) -> int:
    """Points lost for not keeping one published person on a mission starting at ``mission_start``."""
    if now is None:
        return params.base
    days = max(0.0, (mission_start - now).total_seconds() / 86400.0)
    urgency = max(0.0, params.horizon_days - days) / params.horizon_days
    return params.base + math.ceil(params.urgency * urgency)
