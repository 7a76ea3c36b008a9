"""Constraints a caller adds to a solve, stated as data and translated by each back-end.

Re-plan, admission, curves and sweeps say what they need here and never touch a solver model.
Every requirement becomes one or more :class:`LinearRow` over the variable blocks that every
back-end shares (see :mod:`ambassade_opt.objectives.terms`): CP-SAT writes them as linear
constraints, HiGHS as rows, and :func:`holds` checks a finished plan against them, so a plan from
any engine (or a constructive plan) is kept only if it keeps them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from ..compiled import ProblemData
from ..compiled.solution import PlanArrays
from ..objectives import Objective, Terms, coverage, stability
from ..objectives.terms import RotationUnits

Promises = Mapping[tuple[str, str], int]


@dataclass(frozen=True)
class LinearRow:
    """``lower ≤ terms ≤ upper``."""

    terms: Terms
    lower: float = -math.inf
    upper: float = math.inf

    def holds(self, problem: ProblemData, plan: PlanArrays, units: RotationUnits | None = None) -> bool:
        value = Objective("row", "max", self.terms).value(problem, plan, units)
        return self.lower - 1e-9 <= value <= self.upper + 1e-9


@runtime_checkable
class Requirement(Protocol):
    """Something a plan must keep, written as linear rows of the compiled problem."""

    def rows(self, problem: ProblemData, promises: Promises) -> list[LinearRow]: ...


@dataclass(frozen=True)
class CoverageAtLeast:
    """Coverage value ≥ ``value``."""

    value: int

    def rows(self, problem: ProblemData, promises: Promises) -> list[LinearRow]:
        return [LinearRow(coverage(problem).terms, lower=self.value)]


@dataclass(frozen=True)
class CoverageAtMost:
    """Coverage value ≤ ``value``."""

    value: int

    def rows(self, problem: ProblemData, promises: Promises) -> list[LinearRow]:
        return [LinearRow(coverage(problem).terms, upper=self.value)]


@dataclass(frozen=True)
class ChangesAtMost:
    """Σ cost of the published promises the plan breaks ≤ ``value`` (the solve's ``stability``)."""

    value: int

    def rows(self, problem: ProblemData, promises: Promises) -> list[LinearRow]:
        return [LinearRow(stability(problem, promises).terms, upper=self.value)] if promises else []


@dataclass(frozen=True)
class ActiveBetween:
    """Between ``low`` and ``high`` of ``people`` (ambassador ids) have a mission."""

    people: tuple[str, ...]
    low: int
    high: int

    def rows(self, problem: ProblemData, promises: Promises) -> list[LinearRow]:
        idx = np.array([problem.ambassador_position[p] for p in self.people], dtype=np.int64)
        return [LinearRow(Terms((("active", idx, np.ones(len(idx), dtype=np.int64)),)), self.low, self.high)]


@dataclass(frozen=True)
class ForbidPairs:
    """None of these (mission id, person id) pairs is in the plan (ambassadors or staff)."""

    pairs: tuple[tuple[str, str], ...]

    def rows(self, problem: ProblemData, promises: Promises) -> list[LinearRow]:
        x, z = _pair_columns(problem, self.pairs)
        return (
            [
                LinearRow(
                    Terms(
                        (("x", x, np.ones(len(x), dtype=np.int64)), ("z", z, np.ones(len(z), dtype=np.int64)))
                    ),
                    upper=0,
                )
            ]
            if len(x) + len(z)
            else []
        )


@dataclass(frozen=True)
class KeepPairs:
    """All of these (mission id, person id) pairs are in the plan."""

    pairs: tuple[tuple[str, str], ...]

    def rows(self, problem: ProblemData, promises: Promises) -> list[LinearRow]:
        x, z = _pair_columns(problem, self.pairs)
        terms = Terms((("x", x, np.ones(len(x), dtype=np.int64)), ("z", z, np.ones(len(z), dtype=np.int64))))
        # a pair that does not exist cannot be kept: the row then asks for more than it can hold
        return [LinearRow(terms, lower=len(self.pairs))]


def _pair_columns(problem: ProblemData, pairs: Sequence[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    mis, amb, staff = problem.mission_position, problem.ambassador_position, problem.staff_position
    x: list[int] = []
    z: list[int] = []
    for mid, pid in pairs:
        m = mis.get(mid)
        if m is None:
            continue
        if pid in amb and (p := problem.pair_index(amb[pid], m)) >= 0:
            x.append(p)
        elif pid in staff and (q := problem.staff_pair_index(staff[pid], m)) >= 0:
            z.append(q)
    return np.array(x, dtype=np.int64), np.array(z, dtype=np.int64)


def rows_of(problem: ProblemData, requirements: Sequence[Requirement], promises: Promises) -> list[LinearRow]:
    return [row for r in requirements for row in r.rows(problem, promises)]


def holds(
    problem: ProblemData, rows: Sequence[LinearRow], plan: PlanArrays, units: RotationUnits | None = None
) -> bool:
    """Does ``plan`` keep every row?"""
    return all(row.holds(problem, plan, units) for row in rows)


def level_row(objective: Objective, value: float) -> LinearRow:
    """An earlier stage's level, kept while the next stages improve."""
    if objective.sense == "max":
        return LinearRow(objective.terms, lower=value)
    return LinearRow(objective.terms, upper=value)
