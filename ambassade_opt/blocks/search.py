"""``plan_by_blocks``: a year too large for one model, planned as many small ones.

Sweep after sweep, the people and missions are cut into blocks (:mod:`.partition`); each block is
solved as a year of its own, with every other assignment as its context and its share of what the
year has left (:mod:`.task`), from the current plan: its lexicographic stages never end below the
plan they start from, so no sweep makes the year worse. The blocks of a sweep are independent and
run wherever the executor puts them (:mod:`.executors`); their plans are merged in block order.

How many blocks: as many as ``blocks.parallelism`` × the work limit (default the time limit),
less ``blocks.final_share`` kept for the final check, pays for at ``blocks.block_work`` per block —
a count that depends on neither the machine nor the number of processes, so a seed and a work
limit give the same plan anywhere. The time limit still guards the wall clock: a block it cuts,
or a sweep cut short because the time left cannot hold it at the pace so far, says so
(``stopped_by: "wall"``).

The final plan is assessed like any solve's (:func:`ambassade_opt.solver.assess`): each stage's
value, the coverage bound of the whole year, a reason for every uncovered mission.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal

from ..compile import estimate_pairs
from ..errors import InputError
from ..model import Instance
from ..plan import Plan
from ..scoring import validate
from ..solver import ProgressEvent, SolveOptions, SolveResult, assess, constructive_plan
from ..solver.params import OutputParams
from .executors import Executor, InProcess
from .partition import sweep_blocks
from .run import BlockOutcome, BlockSettings
from .state import YearState
from .task import build_task, year_shares

UNSUPPORTED = ("fixed", "stability", "preferred", "requirements")


@dataclass
class SearchRecord:
    """What the sweeps did."""

    sweeps: int = 0
    blocks: int = 0
    clock_decided: bool = False
    interrupted: bool = False
    seconds: float = 0.0  # wall seconds of the sweeps


def _check(options: SolveOptions) -> None:
    given = [name for name in UNSUPPORTED if getattr(options, name)]
    if given:
        raise InputError([(name, "planning by blocks takes a plain year: re-plan it as a whole, or plan "
                                 "without this option") for name in given])


def _seed(seed: int, sweep: int, k: int) -> int:
    return (seed * 1_000_003 + sweep * 10_007 + k) % (2**31 - 1)


def _start(options: SolveOptions, state: YearState) -> tuple[YearState, float | None]:
    """The caller's hint if it keeps every rule; else the year's greedy plan if the year is small
    enough to compile whole; else an empty plan (the first sweep builds one). With the greedy
    plan's coverage value."""
    if options.hint is not None and not validate(state.instance, state.plan().assignments):
        return state, None
    instance = state.instance
    if estimate_pairs(instance) <= options.params.blocks.greedy_start_max_pairs:
        plan, value = constructive_plan(instance, options.with_(hint=None))
        return YearState.of(instance, plan), value
    return YearState.of(instance, None), None


class BlockSearch:
    """The sweeps of one run."""

    def __init__(self, state: YearState, options: SolveOptions, executor: Executor) -> None:
        self.state, self.options, self.executor = state, options, executor
        self.params = options.params.blocks
        self.t0 = time.perf_counter()
        self.record = SearchRecord()
        limit = options.work_limit or options.time_limit
        self.work = None if limit is None else self.params.parallelism * (1 - self.params.final_share) * limit
        p = self.params
        # a block's uncovered missions are explained once, in the whole year, at the end
        block_params = options.params.with_(output=OutputParams(explain=False))
        self.settings = BlockSettings(p.block_work, p.wall_factor * p.block_work, options.mode,
                                      options.weights, options.match_weights, block_params)

    def seconds_left(self) -> float:
        limit = self.options.time_limit
        if limit is None:
            return math.inf
        return limit * (1 - self.params.final_share) - (time.perf_counter() - self.t0)

    def emit(self, kind: Literal["start", "solution"], message: str) -> None:
        if self.options.progress is not None:
            self.options.progress(ProgressEvent(stage="coverage", kind=kind,
                                                value=float(self.state.coverage_value()),
                                                seconds=time.perf_counter() - self.t0, message=message))

    def affordable(self, n_blocks: int) -> int:
        """How many blocks of the next sweep may run: what the work left pays for (a count, the same
        on every machine), and what the time left holds at the pace of the sweeps so far (then the
        clock decides, and the run says so). None after Ctrl-C."""
        if self.options.stop is not None and self.options.stop.is_set():
            self.record.interrupted = True
            return 0
        n = n_blocks
        if self.work is not None:
            n = min(n, math.floor((self.work + 1e-9) / self.params.block_work) - self.record.blocks)
        if self.record.blocks and math.isfinite(self.seconds_left()):
            pace = self.record.seconds / self.record.blocks  # wall seconds a block, all processes busy
            in_time = math.floor(max(self.seconds_left(), 0.0) / pace)
            if in_time < n:
                self.record.clock_decided = True
                n = in_time
        return max(n, 0)

    def sweep(self) -> bool:
        """One sweep, or as much of it as may run (see :meth:`affordable`); False when none may."""
        holders = {mid: asg.ambassadors[0] for mid, asg in self.state.held.items() if asg.ambassadors}
        blocks = sweep_blocks(self.state.instance, self.record.sweeps, self.options.seed, self.params,
                              holders)
        n = self.affordable(len(blocks))
        if n <= 0:
            return False
        started = time.perf_counter()
        missions_of = self.state.missions_of()
        shares = year_shares(self.state, [len(b.missions) for b in blocks], first=self.record.sweeps)
        # a sweep cut short leaves out other blocks each time: start from a different one
        first = (7 * self.record.sweeps) % len(blocks)
        order = [*range(first, len(blocks)), *range(first)][:n]
        tasks = [(build_task(self.state, blocks[k], missions_of, shares[k]),
                  _seed(self.options.seed, self.record.sweeps, k)) for k in order]
        left = self.seconds_left()
        settings, until = self.settings, None
        if math.isfinite(left):  # no block starts that could not end before the search must
            share = max(left, 1.0) * self.executor.workers / len(tasks)
            settings = BlockSettings(**{**settings.__dict__, "wall": max(1.0, min(settings.wall, share))})
            until = time.perf_counter() + left - settings.wall
        outcomes = self.executor.run(tasks, settings, until, self.options.stop)
        self._merge(outcomes)
        ran = sum(out is not None for out in outcomes)
        if ran < len(tasks):
            self.record.clock_decided |= not (self.options.stop is not None and self.options.stop.is_set())
            self.record.interrupted |= self.options.stop is not None and self.options.stop.is_set()
        if ran == 0:
            return False
        self.record.sweeps += 1
        self.record.blocks += ran
        self.record.seconds += time.perf_counter() - started
        self.emit("solution", f"sweep {self.record.sweeps}: {ran} of {len(blocks)} blocks on "
                              f"{self.executor.name}")
        return True

    def _merge(self, outcomes: list[BlockOutcome | None]) -> None:
        for out in outcomes:
            if out is None:
                continue
            self.record.clock_decided |= out.clock_decided
            if out.assignments is not None:
                self.state.replace(list(out.free), Plan(status="feasible", assignments=list(out.assignments)))


def plan_by_blocks(instance: Instance, options: SolveOptions | None = None, *,
                   executor: Executor | None = None) -> SolveResult:
    """Plan ``instance`` by blocks (see the module docstring), from ``options.hint`` if it keeps every
    rule; ``executor``: where the blocks run (default: here, one after the other)."""
    options = options or SolveOptions()
    _check(options)
    state, greedy = _start(options, YearState.of(instance, options.hint))
    search = BlockSearch(state, options, executor or InProcess())
    search.emit("start", f"planning by blocks on {search.executor.name}")
    try:
        while search.sweep():
            pass
    finally:
        search.executor.close()
    record = search.record
    stopped = "interrupt" if record.interrupted else ("wall" if record.clock_decided else "deterministic")
    left = options.time_limit
    if left is not None:
        left = max(left - (time.perf_counter() - search.t0), 1.0)
    return assess(state.instance, state.plan(), options.with_(time_limit=left, hint=None),
                  engine=f"blocks: {record.sweeps} sweeps, {record.blocks} blocks on {search.executor.name}",
                  stopped_by=stopped,  # type: ignore[arg-type]
                  solve_seconds=time.perf_counter() - search.t0, greedy=greedy)
