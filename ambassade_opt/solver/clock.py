"""Time for a solve: one wall-clock limit for everything (the build included), shared among the
stages, and — in one-worker runs — work budgets that never depend on a clock reading.

Stage i of a solve with limit T gets, on the wall clock, what is left of T times its share among
the stages still to run (time a stage does not use rolls over); its deterministic budget is its
nominal share of the work limit W (default T), the same on every run, so that the work count
rather than the clock decides and the same seed gives the same plan.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from .params import StageShares

# A stage always gets at least this many wall seconds (rounding; the caller decides if it runs).
MIN_SLICE = 0.05


class Clock:
    def __init__(
        self, time_limit: float | None, stop: threading.Event | None = None, work_limit: float | None = None
    ) -> None:
        self.t0 = time.perf_counter()
        self.limit = time_limit
        self.reserve = 0.0  # seconds kept at the end, for the conversion to a plan
        self.work_limit = work_limit if work_limit is not None else time_limit
        self.stop = stop

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def left(self) -> float | None:
        """Seconds left for the search (the reserve for the conversion set aside)."""
        return None if self.limit is None else max(self.limit - self.reserve - self.elapsed(), 0.0)

    @property
    def interrupted(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    def stage_budget(
        self, stages: Sequence[str], i: int, shares: StageShares, deterministic_share: float
    ) -> tuple[float | None, float | None]:
        """(wall seconds, deterministic seconds) of stage ``i`` among ``stages``."""
        mine = shares.of(stages[i])
        nominal = None
        if self.work_limit is not None:
            nominal = self.work_limit * mine / sum(shares.of(s) for s in stages)
            nominal = deterministic_share * nominal
        left = self.left()
        if left is None:
            return None, nominal
        rest = sum(shares.of(s) for s in stages[i:])
        wall = left if i == len(stages) - 1 else left * mine / rest
        return max(wall, MIN_SLICE), nominal

    def share(self, fraction: float) -> float | None:
        """``fraction`` of the time limit, in seconds (None without a limit)."""
        return None if self.limit is None else fraction * self.limit
