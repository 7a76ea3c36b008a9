"""One block solved as a year of its own: a plain function of plain data, so that it runs the same
in this process, in a pool of processes or on a Dask worker."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from ..objectives import MatchWeights
from ..plan import Assignment
from ..solver import ForbidPairs, SolveOptions, SolveParams, solve
from .task import BlockTask


@dataclass(frozen=True)
class BlockSettings:
    """How every block of a run is solved: one worker, ``work`` nominal seconds of deterministic
    work, at most ``wall`` seconds; the run's objective and tuning."""

    work: float
    wall: float
    mode: Literal["lexicographic", "weighted"] | None
    weights: dict[str, float] | None
    match_weights: MatchWeights
    params: SolveParams


@dataclass(frozen=True)
class BlockOutcome:
    """The block's new assignments of its free missions (None: no plan came back; keep the old
    ones), and whether the wall clock, not the work count, stopped a stage (then a re-run may
    differ)."""

    name: str
    free: tuple[str, ...]
    assignments: tuple[Assignment, ...] | None
    status: str
    clock_decided: bool
    seconds: float


def solve_block(task: BlockTask, seed: int, settings: BlockSettings) -> BlockOutcome:
    """Solve ``task`` (see :mod:`.task`) from its current plan; only its free missions may change."""
    t0 = time.perf_counter()
    options = SolveOptions(
        time_limit=settings.wall, work_limit=settings.work, workers=1, seed=seed, mode=settings.mode,
        weights=settings.weights, match_weights=settings.match_weights, fixed=dict(task.fixed),
        hint=task.hint, requirements=[ForbidPairs(task.forbidden)] if task.forbidden else [],
        params=settings.params, timings=False)
    result = solve(task.instance, options)
    free = set(task.free)
    kept = None
    if result.status in ("optimal", "feasible"):
        kept = tuple(a for a in result.plan.assignments if a.mission in free)
    return BlockOutcome(task.name, task.free, kept, result.status,
                        any(s.stopped_by == "wall" for s in result.stages), time.perf_counter() - t0)
