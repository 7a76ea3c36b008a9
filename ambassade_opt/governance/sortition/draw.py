"""The generic entry points: build the fair lottery for a pool, and draw a panel from it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .distribution import Objective, TypeLottery, fair_type_lottery
from .expand import Lottery, expand
from .feasibility import QuotaRelaxation, largest_feasible_size, max_fresh_seats, minimal_relaxation
from .pool import PoolMember, QuotaTable, TypedPool


class QuotasInfeasible(ValueError):
    """No panel meets the quotas; ``relaxations`` is the smallest change that makes one exist."""

    def __init__(self, relaxations: list[QuotaRelaxation], size: int) -> None:
        self.relaxations = relaxations
        self.size = size
        what = "; ".join(r.describe() for r in relaxations) or "no change found"
        super().__init__(f"no panel meets the quotas: {what} (then a panel of {size} exists)")


@dataclass(frozen=True)
class FairLottery:
    """A pool's lottery: ``size`` seats, ``fresh_seats`` of them for people not drawn yet."""

    candidates: tuple[str, ...]
    size: int
    fresh_seats: int
    objective: Objective
    lottery: Lottery
    type_lottery: TypeLottery | None

    @property
    def marginals(self) -> dict[str, float]:
        return self.lottery.marginals(list(self.candidates))

    def min_probability(self, among: Sequence[str] | None = None) -> float:
        probs = self.marginals
        ids = list(among) if among is not None else list(self.candidates)
        return min((probs[i] for i in ids), default=0.0)


def fair_lottery(pool: Sequence[PoolMember], quotas: QuotaTable, seats: int, *, rotation: bool = True,
                 objective: Objective = "leximin", time_limit: float | None = None) -> FairLottery:
    """The leximin-fair (or maximin-fair) lottery over quota-feasible panels of the pool.

    Size: ``seats``, or the largest feasible size below it. Rotation: every panel holds as many
    fresh people as a quota-feasible panel can, so nobody is drawn again while a fresh person
    could take the seat; those that this leaves out get probability 0. Raises
    :class:`QuotasInfeasible` (with the smallest relaxation) when no panel size works.
    """
    candidates = tuple(sorted(p.id for p in pool))
    typed = TypedPool.build(pool, quotas)
    size = largest_feasible_size(typed, seats)
    if size is None:
        reached, changes = minimal_relaxation(typed, seats)
        raise QuotasInfeasible(changes, reached)
    fresh_seats = max_fresh_seats(typed, size)
    has_stale = not typed.fresh.all()
    if rotation and has_stale and fresh_seats == size:
        # Nobody already drawn can sit: they leave the pool (probability 0).
        typed = TypedPool.build([p for p in pool if p.fresh], quotas)
    constraint = fresh_seats if rotation and has_stale and fresh_seats < size else None
    if size == 0:
        empty = Lottery(((),), (1 << 48,))
        return FairLottery(candidates, 0, 0, objective, empty, None)
    type_lottery = fair_type_lottery(typed, size, fresh_seats=constraint, objective=objective,
                                     time_limit=time_limit)
    return FairLottery(candidates, size, fresh_seats if rotation else 0, objective,
                       expand(type_lottery), type_lottery)


def draw_index(probabilities: Sequence[float], seed: int) -> int:
    """Index drawn from ``probabilities`` (in their listed order) with ``default_rng(seed)``.

    One uniform number, compared with the running sum in list order: simple enough to redo by
    hand from an audit record.
    """
    rng = np.random.default_rng(seed)
    total = math.fsum(probabilities)
    u = float(rng.random()) * total
    running = 0.0
    last = -1
    for i, p in enumerate(probabilities):
        if p <= 0:
            continue
        running += p
        last = i
        if u < running:
            return i
    if last < 0:
        raise ValueError("a lottery needs at least one panel of positive probability")
    return last
