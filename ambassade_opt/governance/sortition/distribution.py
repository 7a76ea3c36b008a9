"""Maximin- and leximin-fair lotteries over quota-feasible panels, by column generation.

The master is a linear program over a growing set of panels (columns): maximise the lowest
selection probability ``z`` of the people not yet fixed, keeping everyone already fixed at their
level (HiGHS, warm-started as columns are added). Its duals price a new panel: the panel with the
largest dual-weighted count over type counts. A swap search from the best known panels finds
most improving panels in microseconds; an exact integer program (HiGHS MIP) is asked only when
it finds none, which proves the round optimal. When no panel prices out, every person whose dual
is positive provably cannot get more than ``z`` without someone lower getting less (the dual is
a certificate), so they are fixed at ``z`` and the next round lifts the rest: that is leximin. A
last LP ("polish") meets every fixed level without the slack kept between rounds. Maximin stops
after the first round.

Panels sit in the master as type counts, so the LP has one row per type, not per person, and
column generation converges in a few dozen master solves where a per-person model needs
hundreds. The initial panels make sure every type some feasible panel can hold is held by one.

Everything is computed per *type* (see :mod:`.pool`), then expanded to individual panels by
:mod:`.expand`.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import Literal

import highspy
import numpy as np
import numpy.typing as npt

from .pool import TypedPool

Objective = Literal["leximin", "maximin"]

IMPROVE_EPS = 1e-9
"""A panel enters the master only if it beats the dual bound by more than this."""
FIX_EPS = 1e-7
"""A type whose dual exceeds this is fixed at the round's level."""
FIXED_SLACK = 1e-12
"""Fixed levels are kept up to this, so LP round-off never makes a later round infeasible."""
MIN_WEIGHT = 1e-10
"""Panels whose LP weight is below this are dropped from the lottery (weights renormalised)."""


@dataclass
class LotteryStats:
    rounds: int = 0
    lp_solves: int = 0
    pricing_calls: int = 0
    columns: int = 0
    seconds: float = 0.0
    pricing_seconds: float = 0.0
    heuristic_seconds: float = 0.0
    lp_seconds: float = 0.0


@dataclass
class TypeLottery:
    """A lottery over type-count panels: ``panels[j, t]`` people of type ``t`` in panel ``j``."""

    pool: TypedPool
    size: int
    fresh_seats: int | None
    objective: Objective
    panels: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]
    levels: list[float]
    stats: LotteryStats = field(default_factory=LotteryStats)

    @property
    def type_probability(self) -> npt.NDArray[np.float64]:
        """Each person's probability of selection, per type."""
        mass = self.weights @ self.panels.astype(np.float64)
        return np.asarray(mass / self.pool.sizes, dtype=np.float64)


class _Pricer:
    """Best panel for given per-person weights: a small integer program over type counts.

    HiGHS's MIP (LP bounds, cuts) proves the last, degenerate pricing problems of a round in
    milliseconds where a constraint solver spends most of a second; the model is built once and
    only its objective changes. One thread, fixed seed: the same weights give the same panel.
    """

    def __init__(self, pool: TypedPool, size: int, fresh_seats: int | None, possible: npt.NDArray[np.bool_]):
        self.pool = pool
        self.size = size
        T = pool.n_types
        h = _new_highs()
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-13)
        # A safety net only: these small programs take milliseconds. If it ever bites, the round
        # ends with the panels found so far (a valid lottery, perhaps not exactly leximin).
        h.setOptionValue("time_limit", 60.0)
        upper = np.where(possible, np.minimum(pool.sizes, size), 0).astype(np.float64)
        cols = np.arange(T, dtype=np.int32)
        h.addVars(T, np.zeros(T), upper)
        h.changeColsIntegrality(T, cols, np.array([highspy.HighsVarType.kInteger] * T))
        h.addRow(size, size, T, cols, np.ones(T))
        for q, key in enumerate(pool.keys):
            idx = np.flatnonzero(pool.holds[:, q]).astype(np.int32)
            h.addRow(key.lo, key.hi, len(idx), idx, np.ones(len(idx)))
        if fresh_seats is not None:
            idx = np.flatnonzero(pool.fresh).astype(np.int32)
            h.addRow(fresh_seats, fresh_seats, len(idx), idx, np.ones(len(idx)))
        self.h = h
        self.cols = cols
        self.lo = np.array([k.lo for k in pool.keys], dtype=np.int64)
        self.hi = np.array([k.hi for k in pool.keys], dtype=np.int64)

    def best(self, weights: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.int64], float] | None:
        # HiGHS minimises: negate the weights.
        self.h.changeColsCost(len(self.cols), self.cols, -np.asarray(weights, dtype=np.float64))
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        counts = np.rint(np.asarray(self.h.getSolution().col_value)).astype(np.int64)
        key_count = counts @ self.pool.holds
        if counts.sum() != self.size or (key_count < self.lo).any() or (key_count > self.hi).any():
            raise RuntimeError("the pricing MIP returned a panel that breaks a quota")
        return counts, float(weights @ counts)


_banner_shown = False


def _new_highs() -> highspy.Highs:
    """A silent HiGHS instance. The library prints a banner on the process's first instance,
    straight to file descriptor 1, before any option can stop it: that would corrupt output sent
    to stdout (``-o -``), so the first construction happens with fd 1 pointed at /dev/null."""
    global _banner_shown
    # HiGHS keeps one global thread pool, and an instance whose `threads` option disagrees with its
    # size refuses to run (the sortition then looked infeasible): a reproducible solve leaves it at
    # one thread. Reset it so that this instance starts its own.
    reset = getattr(highspy.Highs, "resetGlobalScheduler", None)
    if reset is not None:
        reset(True)
    if _banner_shown:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            h = highspy.Highs()  # type: ignore[no-untyped-call]
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
        _banner_shown = True
    h.setOptionValue("output_flag", False)
    # HiGHS keeps one global thread pool: an earlier run in this process (the planner's LP) may have
    # started it with more threads, and a run asking for one thread would then fail; reset it first.
    reset = getattr(type(h), "resetGlobalScheduler", None)
    if reset is not None:
        reset(True)
    return h


class _SwapSearch:
    """Cheap pricing heuristic: steepest ascent by one-for-one swaps that keep every quota (and
    the fresh-seat count). Exact CP-SAT pricing is only needed when this finds nothing better,
    which is mostly at the end of a round, to prove that no improving panel is left."""

    def __init__(self, pool: TypedPool, size: int, fresh_seats: int | None, possible: npt.NDArray[np.bool_]):
        self.holds = pool.holds
        self.lo = np.array([k.lo for k in pool.keys], dtype=np.int64)
        self.hi = np.array([k.hi for k in pool.keys], dtype=np.int64)
        self.cap = np.where(possible, np.minimum(pool.sizes, size), 0)
        self.fresh = pool.fresh
        self.keep_fresh = fresh_seats is not None

    def improve(self, counts: npt.NDArray[np.int64], weights: npt.NDArray[np.float64],
                max_steps: int = 50) -> npt.NDArray[np.int64]:
        c = counts.copy()
        key_count = c @ self.holds
        for _ in range(max_steps):
            out = np.flatnonzero(c > 0)
            # gain[i, u] of moving one seat from type out[i] to type u
            gain = weights[None, :] - weights[out][:, None]
            ok = (c < self.cap)[None, :] & (gain > 1e-12)
            if self.keep_fresh:
                ok &= self.fresh[out][:, None] == self.fresh[None, :]
            if not ok.any():
                break
            after = key_count[None, None, :] - self.holds[out][:, None, :] + self.holds[None, :, :]
            ok &= ((after >= self.lo) & (after <= self.hi)).all(axis=2)
            if not ok.any():
                break
            flat = int(np.argmax(np.where(ok, gain, -np.inf)))
            i, u = divmod(flat, len(weights))
            t = out[i]
            c[t] -= 1
            c[u] += 1
            key_count += self.holds[u] - self.holds[t]
        return c


class _Master:
    """max z  s.t.  sum_j a[j,t] λ_j >= z (open types), >= level_t (fixed), sum λ = 1.

    ``polish``: every type is fixed and the rows read ``sum_j a[j,t] λ_j >= z level_t``; the
    optimum z is 1 up to round-off, and its λ meets every level without the slack that keeps
    the rounds feasible.
    """

    def __init__(self, pool: TypedPool, fixed: npt.NDArray[np.float64], polish: bool = False) -> None:
        self.pool = pool
        self.n_rows = pool.n_types + 1
        h = _new_highs()
        h.setOptionValue("primal_feasibility_tolerance", 1e-9)
        h.setOptionValue("dual_feasibility_tolerance", 1e-9)
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("threads", 1)
        inf = highspy.kHighsInf
        is_open = np.isnan(fixed)
        if polish:
            lower = np.zeros(pool.n_types)
            z_coef = -np.nan_to_num(fixed)
        else:
            lower = np.where(is_open, 0.0, np.nan_to_num(fixed) - FIXED_SLACK)
            z_coef = np.where(is_open, -1.0, 0.0)
        row_lower = np.append(lower, 1.0)
        row_upper = np.append(np.full(pool.n_types, inf), 1.0)
        h.addRows(self.n_rows, row_lower, row_upper, 0, np.zeros(self.n_rows, dtype=np.int32),
                  np.zeros(0, dtype=np.int32), np.zeros(0))
        z_rows = np.flatnonzero(z_coef).astype(np.int32)
        # z is the level of the open types; cost -1 because HiGHS minimises.
        h.addCol(-1.0, 0.0, 2.0 if polish else 1.0, len(z_rows), z_rows, z_coef[z_rows])
        self.h = h
        self.n_columns = 0

    def add(self, counts: npt.NDArray[np.int64]) -> None:
        rows = np.flatnonzero(counts).astype(np.int32)
        vals = counts[rows] / self.pool.sizes[rows]
        self.h.addCol(0.0, 0.0, highspy.kHighsInf, len(rows) + 1,
                      np.append(rows, self.pool.n_types).astype(np.int32), np.append(vals, 1.0))
        self.n_columns += 1

    def solve(self) -> tuple[float, npt.NDArray[np.float64], float, npt.NDArray[np.float64]]:
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            name = self.h.modelStatusToString(status)
            raise RuntimeError(f"the lottery master LP ended with status {name}")
        sol = self.h.getSolution()
        col = np.asarray(sol.col_value)
        duals = np.asarray(sol.row_dual)
        # With HiGHS's sign convention a ">=" row of a minimisation has a non-negative dual;
        # a panel improves the master when sum_t y_t a_t exceeds -mu.
        return float(col[0]), duals[:-1].copy(), float(duals[-1]), col[1:].copy()


def _reachable_types(
    pricer: _Pricer, pool: TypedPool
) -> tuple[npt.NDArray[np.bool_], list[npt.NDArray[np.int64]]]:
    """Which types some feasible panel can include, with panels that show it (initial columns)."""
    seen = np.zeros(pool.n_types, dtype=bool)
    panels: list[npt.NDArray[np.int64]] = []
    while not seen.all():
        # Unseen small types weigh more: they are the ones that are hard to include.
        weights = np.where(seen, 0.0, 1.0 / pool.sizes)
        found = pricer.best(weights)
        if found is None or found[1] <= 0.0:
            break
        counts = found[0]
        panels.append(counts)
        seen |= counts > 0
    return seen, panels


HEURISTIC_STARTS = 6
"""Local searches per master solve, from the panels that are best under the new duals."""


def _heuristic_columns(search: _SwapSearch, columns: list[npt.NDArray[np.int64]],
                       lp_weights: npt.NDArray[np.float64], person_weight: npt.NDArray[np.float64],
                       threshold: float, known: set[bytes]) -> list[npt.NDArray[np.int64]]:
    matrix = np.array(columns)
    values = matrix @ person_weight
    # start from the panels in the LP's support first (they sit at the bound), then the best others
    in_support = (lp_weights[: len(columns)] > 0).astype(np.int64)
    order = np.lexsort((-values, -in_support))
    found: dict[bytes, npt.NDArray[np.int64]] = {}
    for j in order[:HEURISTIC_STARTS]:
        better = search.improve(matrix[j], person_weight)
        key = better.tobytes()
        if key not in known and key not in found and float(better @ person_weight) > threshold:
            found[key] = better
    return list(found.values())


def fair_type_lottery(pool: TypedPool, size: int, *, fresh_seats: int | None = None,
                      objective: Objective = "leximin", time_limit: float | None = None) -> TypeLottery:
    """The maximin (or leximin) fair lottery over panels of ``size`` meeting the pool's quotas.

    ``fresh_seats``, when given, restricts the lottery to panels with exactly that many fresh
    people (the rotation rule). Raises ``ValueError`` when no such panel exists.
    """
    started = time.perf_counter()
    stats = LotteryStats()
    T = pool.n_types
    if size == 0:
        return TypeLottery(pool, 0, fresh_seats, objective, np.zeros((1, T), dtype=np.int64),
                           np.ones(1), [0.0], stats)
    everyone = np.ones(T, dtype=bool)
    pricer = _Pricer(pool, size, fresh_seats, everyone)
    possible, initial = _reachable_types(pricer, pool)
    if not initial:
        raise ValueError(f"no panel of {size} meets the quotas")
    pricer = _Pricer(pool, size, fresh_seats, possible)
    search = _SwapSearch(pool, size, fresh_seats, possible)
    columns: list[npt.NDArray[np.int64]] = list(initial)
    known = {c.tobytes() for c in columns}
    fixed = np.where(possible, np.nan, 0.0)
    levels: list[float] = []
    weights = np.zeros(0)
    deadline = None if time_limit is None else started + time_limit
    while True:
        stats.rounds += 1
        master = _Master(pool, fixed)
        for c in columns:
            master.add(c)
        while True:
            t0 = time.perf_counter()
            z, duals, mu, weights = master.solve()
            stats.lp_seconds += time.perf_counter() - t0
            stats.lp_solves += 1
            if deadline is not None and time.perf_counter() > deadline:
                break
            person_weight = np.maximum(duals, 0.0) / pool.sizes
            threshold = -mu + IMPROVE_EPS
            t0 = time.perf_counter()
            fresh_columns = _heuristic_columns(search, columns, weights, person_weight, threshold, known)
            stats.heuristic_seconds += time.perf_counter() - t0
            if not fresh_columns:
                t0 = time.perf_counter()
                found = pricer.best(person_weight)
                stats.pricing_seconds += time.perf_counter() - t0
                stats.pricing_calls += 1
                if found is None:
                    break
                counts, value = found
                if value <= threshold or counts.tobytes() in known:
                    break
                fresh_columns = [counts]
            for counts in fresh_columns:
                known.add(counts.tobytes())
                columns.append(counts)
                master.add(counts)
        open_types = np.flatnonzero(np.isnan(fixed))
        if len(open_types) == 0:
            break
        levels.append(z)
        if objective == "maximin" or (deadline is not None and time.perf_counter() > deadline):
            break
        to_fix = open_types[duals[open_types] > FIX_EPS]
        if len(to_fix) == 0:
            to_fix = open_types[[int(np.argmax(duals[open_types]))]]
        fixed[to_fix] = z
        if np.isnan(fixed).sum() == 0:
            polish = _Master(pool, fixed, polish=True)
            for c in columns:
                polish.add(c)
            _, _, _, weights = polish.solve()
            stats.lp_solves += 1
            break
    panels = np.array(columns, dtype=np.int64)
    weights = np.where(weights < MIN_WEIGHT, 0.0, weights)
    keep = weights > 0
    panels, weights = panels[keep], weights[keep]
    weights = weights / weights.sum()
    stats.columns = len(columns)
    stats.seconds = time.perf_counter() - started
    return TypeLottery(pool, size, fresh_seats, objective, panels, weights, levels, stats)
