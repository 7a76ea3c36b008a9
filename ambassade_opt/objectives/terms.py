"""Objectives as linear terms over the blocks of variables every back-end shares.

Blocks: ``x`` (pairs), ``z`` (staff pairs), ``y`` (covered missions), ``active`` (active
ambassadors) and ``unit`` (rotation units: unit k of ambassador a is on when a has more than k
missions; see :func:`rotation_units`). An :class:`Objective` is ``Σ coeff · variable + offset``,
maximised or minimised; each back-end maps the blocks to its own variables, and
:meth:`Objective.value` evaluates the same terms on a plan given as arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..compiled import IntArray, ProblemData
from ..compiled.solution import PlanArrays
from ..rules.load import most_missions

Block = Literal["x", "z", "y", "active", "unit"]
Sense = Literal["max", "min"]


@dataclass(frozen=True)
class RotationUnits:
    """Unit columns, ambassador after ambassador: ``owner[u]`` has unit ``k[u]`` (from 0), which
    costs ``cost[u] = h + k`` (the (k+1)-th mission of someone with h missions last year)."""

    owner: IntArray
    k: IntArray
    cost: IntArray
    count: IntArray  # units of each ambassador

    @property
    def n(self) -> int:
        return len(self.owner)

    def on(self, loads: IntArray) -> IntArray:
        """0/1 value of every unit for these loads."""
        return (self.k < loads[self.owner]).astype(np.int64)


def rotation_units(problem: ProblemData) -> RotationUnits:
    """One unit per mission each ambassador could take: min(max_missions, eligible missions)."""
    count = np.minimum(
        most_missions(problem), np.bincount(problem.pair_amb, minlength=problem.n_amb)
    ).astype(np.int64)
    owner = np.repeat(np.arange(problem.n_amb), count)
    k = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    return RotationUnits(owner, k.astype(np.int64), (problem.a_history[owner] + k).astype(np.int64), count)


@dataclass(frozen=True)
class Terms:
    """Σ coeffs · variables + offset; ``parts`` are (block, indices within the block, coefficients)."""

    parts: tuple[tuple[Block, IntArray, IntArray], ...] = ()
    offset: int = 0

    def blocks(self) -> set[Block]:
        return {block for block, _, _ in self.parts}


@dataclass(frozen=True)
class Objective:
    """A named objective with its sense; ``display`` turns its integer units into the reported ones
    (cents to EUR for cost)."""

    name: str
    sense: Sense
    terms: Terms
    display: float = 1.0

    def value(self, problem: ProblemData, plan: PlanArrays, units: RotationUnits | None = None) -> int:
        """The objective's value for ``plan``."""
        if "unit" in self.terms.blocks() and units is None:
            units = rotation_units(problem)
        values = block_values(problem, plan, units if "unit" in self.terms.blocks() else None)
        total = self.terms.offset
        for block, idx, coeffs in self.terms.parts:
            total += int((coeffs * values[block][idx]).sum())
        return int(total)

    def improves(self, new: float, old: float) -> bool:
        return new > old if self.sense == "max" else new < old

    def keeps(self, value: float, level: float) -> bool:
        """Is ``value`` at least as good as ``level``?"""
        return value >= level if self.sense == "max" else value <= level


def block_values(problem: ProblemData, plan: PlanArrays, units: RotationUnits | None) -> dict[str, IntArray]:
    loads = plan.loads(problem)
    values: dict[str, IntArray] = {
        "x": plan.pair_on.astype(np.int64),
        "z": plan.staff_on.astype(np.int64),
        "y": plan.covered(problem).astype(np.int64),
        "active": (loads > 0).astype(np.int64),
    }
    if units is not None:
        values["unit"] = units.on(loads)
    return values
