"""Large-neighbourhood search with HiGHS sub-MIPs, on the matrix of :func:`coverage_program`.

Why: on M-sized years CP-SAT and a whole-year MIP both find good plans slowly — choosing which
people to make active under the group cap while the budget binds is what is hard (measured on a
generated M year: CP-SAT 2,476 in 31 s, HiGHS on the whole year 2,486 in 150 s, LP bound 2,566).
A MIP where everything but a few dozen people, or a few weeks of missions, is fixed at the current
plan is small: HiGHS solves it to optimality in a second or two, and its LP sees the budget and the
cap the way a random CP neighbourhood does not. Repeating that from the best plan so far climbs
fast (same year: 2,516 after 45 s on one thread).

Two kinds of neighbourhood alternate: a random set of people (all their pairs free: who stays active
under the cap, who takes which mission) and a random window of missions in time (all their pairs
free: overlaps, month caps and quarterly budgets). Their sizes adapt: a sub-MIP solved to
optimality grows the next one of its kind, one stopped by its limit shrinks it.

Sub-MIPs run in the HiGHS worker process (``highs_worker``) with every HiGHS heuristic: a sub-MIP
that outlives its deadline is abandoned (the child killed, the search goes on from its plan). On an M
year, 60 s, one worker: 2,494 instead of 2,484 without the nested sub-MIP heuristics, which are all
an in-process search may use (they were seen to overrun any time limit). Optionally the search
starts with the root node of the whole program (re-plans: few free pairs).

Reproducible runs (one worker) bound each sub-MIP by a node count and the search by the work done
(simplex iterations), never by the clock, so the same seed gives the same plan; the wall clock only
stops the search early when the time limit would otherwise be broken. A neighbourhood that frees
every pair is the whole stage: when its sub-MIP is solved to optimality the plan is proven optimal
and the search ends.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..compiled import ProblemData
from .highs_worker import HighsWorker, ProgramHandle, WorkerUnavailable, hard_deadline
from .lp_bound import CoverageProgram, FloatArray, ProgramResult, solve_program

# Starting sizes of the two neighbourhoods, and how far they may move.
START_PEOPLE = 20
START_WINDOW_DAYS = 20.0
MIN_PEOPLE, MAX_PEOPLE = 4, 400
MIN_WINDOW_DAYS, MAX_WINDOW_DAYS = 2.0, 366.0
GROW, SHRINK = 1.25, 0.8
# A sub-MIP's own limits: seconds (wall-clock runs) or branch-and-bound nodes (reproducible runs).
SUB_SECONDS = 2.0
SUB_NODES = 10
# Reproducible runs count work in simplex iterations, plus this many per sub-MIP for what the
# iterations do not see (copying the matrix, presolve, the root's cuts and heuristics).
WORK_PER_SUB_MIP = 800
# Integer objectives: an improvement is at least this much (below is HiGHS's float noise).
MIN_GAIN = 0.5
# A first solve of the whole program stops after its root node (presolve, cuts, root heuristics):
# a node count, hence reproducible; its time limit is only a guard.
WHOLE_ROOT_NODES = 1


@dataclass(frozen=True)
class LnsOutcome:
    """The best solution found (program columns, integral), its objective and what the search did."""

    solution: FloatArray
    value: float
    start_value: float
    iterations: int
    improvements: int
    seconds: float
    proven: bool = False  # a neighbourhood held every free pair and its sub-MIP was solved to optimality
    stopped_by: Literal["iterations", "time", "proven"] = "iterations"
    abandoned: int = 0  # sub-MIPs the worker did not answer in time (the run is not reproducible then)
    in_process: bool = True  # sub-MIPs solved in this process, without HiGHS's nested heuristics
    whole_root: str | None = None  # HiGHS's status of the first whole-program root solve, if one ran


def program_activity(prog: CoverageProgram, solution: FloatArray) -> FloatArray:
    """Row activities A·solution of the program (its rows as scaled by ``coverage_program``)."""
    counts = np.diff(prog.csc_start)
    col_of_entry = np.repeat(np.arange(prog.n_cols), counts)
    return np.bincount(prog.csc_index, weights=prog.csc_value * solution[col_of_entry], minlength=prog.n_rows)


def is_feasible(prog: CoverageProgram, solution: FloatArray, tolerance: float = 1e-7) -> bool:
    """Exact check of an integral solution against every row and column bound (no solver tolerance
    beyond float rounding of the scaled rows)."""
    if np.any(solution < prog.col_lower - tolerance) or np.any(solution > prog.col_upper + tolerance):
        return False
    activity = program_activity(prog, solution)
    scale = np.maximum(1.0, np.abs(prog.row_upper[np.isfinite(prog.row_upper)])).max(initial=1.0)
    slack = tolerance * scale
    return bool(np.all(activity >= prog.row_lower - slack) and np.all(activity <= prog.row_upper + slack))


def improve_by_lns(prog: CoverageProgram, data: ProblemData, start: FloatArray, *, seed: int,
                   time_limit: float | None, iterations: int | None = None, work_limit: float | None = None,
                   deterministic: bool = False, on_improve: Callable[[float], None] | None = None,
                   worker: HighsWorker | None = None, whole_root_share: float = 0.0) -> LnsOutcome:
    """Improve ``start`` (a feasible integral solution of ``prog``) for ``prog.cost`` (maximised).

    Stops after ``time_limit`` seconds, ``iterations`` sub-MIPs or ``work_limit`` units of work
    (simplex iterations, plus WORK_PER_SUB_MIP per sub-MIP: the same on every machine), whichever
    comes first (at least one must be given). Columns the program fixes (pins, the frozen past) stay
    fixed in every neighbourhood. ``on_improve`` receives each better objective value.

    With a ``worker``, sub-MIPs run in its child process with every HiGHS heuristic, and a sub-MIP
    not answered in time is abandoned (the search goes on from its current solution); without one,
    or if the worker cannot run, in this process without the heuristics that can overrun a time
    limit (``solve_program(light=True)``).

    ``whole_root_share`` > 0 (with a worker only): first the whole program's root node, from
    ``start``, with every HiGHS heuristic, given that share of the time limit (a guard: the node
    count stops it) and of the work limit (the neighbourhoods get the rest)."""
    if time_limit is None and iterations is None and work_limit is None:
        raise ValueError("improve_by_lns needs a time limit, an iteration count or a work limit")
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    P = data.n_pairs
    x_cols = slice(prog.x0, prog.x0 + P)
    current = np.round(np.asarray(start, dtype=np.float64))
    value = start_value = float(prog.cost @ current)
    pair_starts = data.m_start[data.pair_mis]
    day = 24 * 60
    window_days = START_WINDOW_DAYS
    people = float(min(START_PEOPLE, data.n_amb))
    year_end = int(data.m_start.max()) + 1 if data.n_mis else 1
    done = improvements = abandoned = 0
    work = 0.0
    handle = None if worker is None else ProgramHandle(prog)
    search_end = math.inf if time_limit is None else t0 + time_limit

    def seconds_left() -> float:
        return math.inf if time_limit is None else time_limit - (time.perf_counter() - t0)

    def more_work() -> bool:
        return (iterations is None or done < iterations) and (work_limit is None or work < work_limit)

    def outcome(stopped_by: Literal["iterations", "time", "proven"]) -> LnsOutcome:
        return LnsOutcome(solution=current, value=value, start_value=start_value, iterations=done,
                          improvements=improvements, seconds=time.perf_counter() - t0,
                          proven=stopped_by == "proven", stopped_by=stopped_by, abandoned=abandoned,
                          in_process=handle is None, whole_root=whole_root)

    def sub_mip(sub: CoverageProgram, limit: float, node_limit: int | None) -> ProgramResult | None:
        nonlocal handle
        if handle is not None and worker is not None:
            try:
                return worker.solve(handle, sub.col_lower, sub.col_upper, time_limit=limit,
                                    deadline=hard_deadline(limit, search_end), threads=1, seed=seed + done,
                                    start=current, node_limit=node_limit)
            except WorkerUnavailable:
                handle = None  # from now on in this process
        return solve_program(sub, integer=True, time_limit=limit, threads=1, seed=seed + done, start=current,
                             node_limit=node_limit, light=True)

    def accept(res: ProgramResult) -> bool:
        """Take a sub-MIP's solution if it is better and keeps every row (HiGHS's tolerances aside)."""
        nonlocal current, value, improvements
        if res.solution is None or res.value is None or res.value < value + MIN_GAIN:
            return False
        candidate = np.round(res.solution)
        candidate_value = float(prog.cost @ candidate)
        if candidate_value < value + MIN_GAIN or not is_feasible(prog, candidate):
            return False
        current, value = candidate, candidate_value
        improvements += 1
        if on_improve is not None:
            on_improve(value)
        return True

    whole_root = None
    if whole_root_share > 0 and handle is not None and P:
        guard = None if time_limit is None else whole_root_share * time_limit
        root = sub_mip(prog, math.inf if guard is None else guard, WHOLE_ROOT_NODES)
        if root is None:
            abandoned += 1
        else:
            whole_root = root.status
            accept(root)
            if root.status == "Optimal" and root.value is not None and root.value < value + MIN_GAIN:
                return outcome("proven")  # solved at the root, and its optimum is the current plan
        if work_limit is not None:
            work_limit *= 1.0 - whole_root_share

    clock_decided = False
    while more_work() and seconds_left() > 0.05 and P:
        by_people = done % 2 == 0
        if by_people:
            chosen = rng.choice(data.n_amb, size=min(round(people), data.n_amb), replace=False)
            free = np.isin(data.pair_amb, chosen)
        else:
            span = int(window_days * day)
            first = int(rng.integers(0, max(year_end - span, 1)))
            free = (pair_starts >= first) & (pair_starts < first + span)
        whole = bool(np.all(free))
        done += 1
        lower, upper = prog.col_lower.copy(), prog.col_upper.copy()
        fixed = ~free
        xs = current[x_cols]
        lower[x_cols][fixed] = xs[fixed]
        upper[x_cols][fixed] = xs[fixed]
        sub = dataclasses.replace(prog, col_lower=lower, col_upper=upper)
        # reproducible runs: the node count decides, the clock only guards the time limit
        limit = max(seconds_left(), 0.05) if deterministic else min(SUB_SECONDS, max(seconds_left(), 0.05))
        answer = sub_mip(sub, limit, SUB_NODES if deterministic else None)
        if answer is None:
            abandoned += 1
        res = answer or ProgramResult("Abandoned", None, None, limit, None)
        work += res.simplex_iterations + WORK_PER_SUB_MIP
        # a reproducible run's sub-MIP has the rest of the search's time: stopped by it, the clock
        # decided what this search returns
        clock_decided = clock_decided or (deterministic and res.status == "Time limit reached")
        proven = res.status == "Optimal"
        if whole and proven and res.value is not None and res.value < value + MIN_GAIN:
            return outcome("proven")
        if by_people:
            people = float(np.clip(people * (GROW if proven else SHRINK), MIN_PEOPLE, MAX_PEOPLE))
        else:
            window_days = float(np.clip(window_days * (GROW if proven else SHRINK), MIN_WINDOW_DAYS,
                                        MAX_WINDOW_DAYS))
        if not accept(res):
            continue
        if whole and proven:
            return outcome("proven")
    return outcome("time" if more_work() or clock_decided else "iterations")
