"""Large-neighbourhood search with HiGHS sub-MIPs, from the best plan so far.

Where a whole-year model finds good plans slowly (choosing who is active under the group cap while
the budget binds is the hard part), a MIP in which everything but a few dozen people, or a few
weeks of missions, is fixed at the current plan is small: HiGHS solves it to optimality in a second
or two, and its LP sees the budget and the cap. Repeating that from the best plan climbs fast.

Two kinds of neighbourhood alternate: random people (all their pairs free) and a random window of
missions in time (all their pairs free). Their sizes adapt (:class:`~..params.LnsParams`). Columns
the program fixes (pins, the frozen past) stay fixed. One-worker runs bound each sub-MIP by a node
count and the search by the work done (simplex iterations), never by the clock, so the same seed
gives the same plan; the clock only stops a search that would break the time limit, and the stage
then says so. A neighbourhood that frees every pair is the whole stage: solved to optimality, it
proves the plan optimal.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from ...compiled import BoolArray, FloatArray, ProblemData
from ..highs.program import Program, is_feasible, program_start, solve_program
from ..highs.worker import HighsWorker, ProgramHandle, ProgramResult, WorkerUnavailable
from ..params import DEFAULT_LNS, LnsParams
from .base import SolveContext, StageOutcome, StageTask
from .mip import checked, stage_program


@dataclass(frozen=True)
class LnsOutcome:
    """The best solution found (program columns, integral), its objective and what the search did."""

    solution: FloatArray
    value: float
    start_value: float
    iterations: int
    improvements: int
    seconds: float
    stopped_by: Literal["iterations", "time", "proven", "interrupt"] = "iterations"
    abandoned: int = 0  # sub-MIPs not answered in time (the run is then not reproducible)
    whole_root: str | None = None  # HiGHS's status of the first whole-program root solve, if one ran

    @property
    def proven(self) -> bool:
        return self.stopped_by == "proven"


@dataclass
class LnsLimits:
    """When a search stops: ``seconds``, ``iterations`` sub-MIPs or ``work`` units (simplex
    iterations plus ``work_per_sub_mip`` per sub-MIP), whichever comes first (one at least)."""

    seconds: float | None = None
    iterations: int | None = None
    work: float | None = None
    deterministic: bool = False


def improve_by_lns(
    program: Program,
    problem: ProblemData,
    start: FloatArray,
    *,
    seed: int,
    limits: LnsLimits,
    params: LnsParams = DEFAULT_LNS,
    worker: HighsWorker | None = None,
    on_improve: Callable[[float], None] | None = None,
    whole_root_share: float = 0.0,
    stop: threading.Event | None = None,
) -> LnsOutcome:
    """Improve ``start`` (a feasible integral solution of ``program``) for ``program.cost``
    (maximised). With a ``worker``, sub-MIPs run in its child process with every HiGHS heuristic
    and one not answered in time is abandoned; without one, in this process without the
    heuristics that can overrun a time limit. ``whole_root_share`` > 0 (with a worker): first the
    whole program's root node, given that share of the limits."""
    if limits.seconds is None and limits.iterations is None and limits.work is None:
        raise ValueError("improve_by_lns needs a time limit, an iteration count or a work limit")
    return _Search(program, problem, start, seed, limits, params, worker, on_improve, stop).run(
        whole_root_share
    )


class _Search:
    def __init__(
        self,
        program: Program,
        problem: ProblemData,
        start: FloatArray,
        seed: int,
        limits: LnsLimits,
        params: LnsParams,
        worker: HighsWorker | None,
        on_improve: Callable[[float], None] | None,
        stop: threading.Event | None,
    ) -> None:
        self.program, self.problem, self.seed, self.limits, self.p = program, problem, seed, limits, params
        self.worker, self.on_improve, self.stop = worker, on_improve, stop
        self.handle = None if worker is None else ProgramHandle(program)
        self.t0 = time.perf_counter()
        self.end = math.inf if limits.seconds is None else self.t0 + limits.seconds
        self.rng = np.random.default_rng(seed)
        self.current: FloatArray = np.round(np.asarray(start, dtype=np.float64)).astype(np.float64)
        self.value = self.start_value = float(program.cost @ self.current)
        self.done = self.improvements = self.abandoned = 0
        self.work = 0.0
        self.people = float(min(params.start_people, problem.n_amb))
        self.window_days = params.start_window_days
        self.whole_root: str | None = None
        self.clock_decided = False

    def seconds_left(self) -> float:
        return self.end - time.perf_counter()

    def more_work(self) -> bool:
        lim = self.limits
        return (lim.iterations is None or self.done < lim.iterations) and (
            lim.work is None or self.work < lim.work
        )

    def outcome(self, stopped_by: Literal["iterations", "time", "proven", "interrupt"]) -> LnsOutcome:
        return LnsOutcome(
            self.current,
            self.value,
            self.start_value,
            self.done,
            self.improvements,
            time.perf_counter() - self.t0,
            stopped_by,
            self.abandoned,
            self.whole_root,
        )

    def sub_mip(self, sub: Program, limit: float, node_limit: int | None,
                handle: ProgramHandle | None = None, start: FloatArray | None = None) -> ProgramResult | None:
        """One MIP: in the worker (``handle``: a program it may already hold; default the search's
        own), else in this process without the heuristics that can overrun a time limit."""
        handle = handle if handle is not None else self.handle
        start = self.current if start is None else start
        if handle is not None and self.worker is not None and self.worker.available:
            try:
                return self.worker.solve(handle, sub.col_lower, sub.col_upper, time_limit=limit,
                                         deadline=self.worker.deadline(limit, self.end), threads=1,
                                         seed=self.seed + self.done, start=start, node_limit=node_limit,
                                         stop=self.stop)
            except WorkerUnavailable:
                self.handle = None  # from now on in this process
        return solve_program(sub, integer=True, time_limit=limit, threads=1, seed=self.seed + self.done,
                             start=start, node_limit=node_limit, light=True)

    def free_columns(self, free: BoolArray) -> BoolArray:
        """The program's columns a neighbourhood frees: its pairs, its missions' covered and staff
        columns, its people's active and rotation unit columns."""
        program, problem = self.program, self.problem
        lay = program.layout
        out = np.zeros(program.n_cols, dtype=np.bool_)
        out[lay.x0 : lay.x0 + problem.n_pairs] = free
        missions = np.unique(problem.pair_mis[free])
        out[lay.y0 + missions] = True
        out[lay.z0 + np.nonzero(np.isin(problem.spair_mis, missions))[0]] = True
        people = np.unique(problem.pair_amb[free])
        out[lay.active0 + people] = True
        if program.units is not None:
            out[lay.unit0 + np.nonzero(np.isin(program.units.owner, people))[0]] = True
        return out

    def neighbourhood_mip(self, free: BoolArray, limit: float, node_limit: int | None) -> ProgramResult | None:
        """The neighbourhood's sub-MIP: the program with the other pairs fixed by their bounds, or —
        for programs above ``restrict_above_columns`` — a program of the free columns only (fixed
        columns' activity moved into the row bounds), whose answer is mapped back."""
        program = self.program
        if program.n_cols <= self.p.restrict_above_columns:
            x = slice(program.layout.x0, program.layout.x0 + self.problem.n_pairs)
            lower, upper = program.col_lower.copy(), program.col_upper.copy()
            fixed, xs = ~free, self.current[x]
            lower[x][fixed] = xs[fixed]
            upper[x][fixed] = xs[fixed]
            return self.sub_mip(program.with_bounds(lower, upper), limit, node_limit)
        part = program.restrict(self.free_columns(free), self.current)
        handle = None if self.worker is None else ProgramHandle(part.program)
        res = self.sub_mip(part.program, limit, node_limit, handle, self.current[part.columns])
        if res is None or res.solution is None:
            return res
        full = part.expand(np.round(res.solution), self.current)
        return replace(res, solution=full, value=float(program.cost @ full))

    def accept(self, res: ProgramResult) -> bool:
        """Take a sub-MIP's solution if it is better and keeps every row (HiGHS's tolerances aside)."""
        gain = self.p.min_gain
        if res.solution is None or res.value is None or res.value < self.value + gain:
            return False
        candidate: FloatArray = np.round(res.solution).astype(np.float64)
        value = float(self.program.cost @ candidate)
        if value < self.value + gain or not is_feasible(self.program, candidate):
            return False
        self.current, self.value = candidate, value
        self.improvements += 1
        if self.on_improve is not None:
            self.on_improve(value)
        return True

    def run(self, whole_root_share: float) -> LnsOutcome:
        if whole_root_share > 0 and self.handle is not None and self.problem.n_pairs:
            root = self._whole_root(whole_root_share)
            if root is not None:
                return root
        while self.more_work() and self.seconds_left() > 0.05 and self.problem.n_pairs:
            if self.stop is not None and self.stop.is_set():
                return self.outcome("interrupt")
            found = self._step()
            if found is not None:
                return found
        return self.outcome("time" if self.more_work() or self.clock_decided else "iterations")

    def _whole_root(self, share: float) -> LnsOutcome | None:
        guard = math.inf if self.limits.seconds is None else share * self.limits.seconds
        root = self.sub_mip(self.program, guard, self.p.whole_root_nodes)
        if root is None:
            self.abandoned += 1
        else:
            self.whole_root = root.status
            self.accept(root)
            if (
                root.status == "Optimal"
                and root.value is not None
                and root.value < self.value + self.p.min_gain
            ):
                return self.outcome("proven")  # solved at the root, and its optimum is the current plan
        if self.limits.work is not None:
            self.limits.work *= 1.0 - share
        return None

    def _neighbourhood(self) -> np.ndarray:
        problem = self.problem
        if self.done % 2 == 0:
            chosen = self.rng.choice(
                problem.n_amb, size=min(round(self.people), problem.n_amb), replace=False
            )
            return np.isin(problem.pair_amb, chosen)
        year_end = int(problem.m_start.max()) + 1 if problem.n_mis else 1
        span = int(self.window_days * 24 * 60)
        first = int(self.rng.integers(0, max(year_end - span, 1)))
        starts = problem.m_start[problem.pair_mis]
        return (starts >= first) & (starts < first + span)

    def _step(self) -> LnsOutcome | None:
        p, program = self.p, self.program
        by_people = self.done % 2 == 0
        free = self._neighbourhood()
        whole = bool(np.all(free))
        self.done += 1
        det = self.limits.deterministic
        # reproducible runs: the node count decides, the clock only guards the time limit
        limit = max(self.seconds_left(), 0.05) if det else min(p.sub_seconds, max(self.seconds_left(), 0.05))
        answer = self.neighbourhood_mip(free, limit, p.sub_nodes if det else None)
        if answer is None:
            self.abandoned += 1
        res = answer or ProgramResult("Abandoned", None, None, limit, None)
        self.work += res.simplex_iterations + p.work_per_sub_mip
        self.clock_decided |= det and res.status == "Time limit reached"
        proven = res.status == "Optimal"
        if whole and proven and res.value is not None and res.value < self.value + p.min_gain:
            return self.outcome("proven")
        if by_people:
            self.people = float(
                np.clip(self.people * (p.grow if proven else p.shrink), p.min_people, p.max_people)
            )
        else:
            self.window_days = float(
                np.clip(
                    self.window_days * (p.grow if proven else p.shrink), p.min_window_days, p.max_window_days
                )
            )
        if self.accept(res) and whole and proven:
            return self.outcome("proven")
        return None


class LnsEngine:
    """The neighbourhood search as a stage engine."""

    name = "highs-lns"

    def __init__(self, ctx: SolveContext) -> None:
        self.ctx = ctx

    def solve(self, task: StageTask) -> StageOutcome:
        ctx, objective = self.ctx, task.objective
        program = stage_program(ctx, task)
        start = None
        for candidate in (
            task.start,
            task.trusted,
        ):  # a caller's hint may break a rule: then the trusted plan
            if candidate is not None:
                vector = program_start(program, ctx.problem, candidate)
                if is_feasible(program, vector):
                    start = vector
                    break
        if start is None:
            return StageOutcome(self.name)  # CP-SAT repairs the hint
        limits, whole_root = self._limits(task, program)

        def report(value: float) -> None:
            ctx.emit(
                objective.name,
                "solution",
                value=program.stage_value(value) * objective.display,
                message="large-neighbourhood search",
            )

        out = improve_by_lns(
            program,
            ctx.problem,
            start,
            seed=ctx.options.seed,
            limits=limits,
            params=ctx.params.lns,
            worker=ctx.worker,
            on_improve=report,
            whole_root_share=whole_root,
            stop=ctx.clock.stop,
        )
        stopped = {"iterations": "deterministic", "time": "wall", "proven": None, "interrupt": "interrupt"}[
            out.stopped_by
        ]
        if out.whole_root == "Time limit reached" or out.abandoned:
            stopped = "wall"  # the clock, not the work count, decided: not reproducible
        # the start itself when nothing better was found: checked like any HiGHS plan
        task_as_is = StageTask(task.index, objective, task.levels, None, None, task.wall, task.work)
        plan = checked(ctx, task_as_is, program, out.solution)
        if plan is None:
            return StageOutcome(self.name, stopped_by=stopped)  # type: ignore[arg-type]
        value = float(objective.value(ctx.problem, plan, ctx.units))
        return StageOutcome(
            self.name,
            plan,
            value,
            None,
            out.proven,
            stopped_by=stopped,  # type: ignore[arg-type]
            checked=True,
        )

    def _limits(self, task: StageTask, program: Program) -> tuple[LnsLimits, float]:
        ctx, p = self.ctx, self.ctx.params.lns
        wall = None if task.wall is None else p.share * task.wall
        limits = LnsLimits(seconds=wall, deterministic=ctx.deterministic)
        if ctx.deterministic and task.work is not None:
            limits.work = p.work_per_second * p.share * task.work
            limits.seconds = None if task.wall is None else 0.95 * task.wall  # the work count should decide
        if limits.seconds is None and limits.work is None:
            limits.iterations = p.unlimited_iterations
        x = slice(program.layout.x0, program.layout.x0 + ctx.problem.n_pairs)
        free_pairs = int(np.count_nonzero(program.col_lower[x] < program.col_upper[x]))
        # decided on the nominal budget, never on a clock reading (reproducible runs)
        nominal = (
            task.work
            if ctx.deterministic and task.work is not None
            else (math.inf if task.wall is None else task.wall)
        )
        fits = p.whole_root_share * nominal >= p.whole_root_seconds_per_free_pair * free_pairs
        use_root = (
            ctx.worker is not None and task.index == 0 and free_pairs <= p.whole_root_max_free_pairs and fits
        )
        return limits, p.whole_root_share if use_root else 0.0
