"""A plan in compiled indices: which pairs and which staff pairs are in it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .problem import ProblemData
from .units import BoolArray, IntArray


@dataclass(frozen=True, eq=False)
class PlanArrays:
    """``pair_on[p]``: pair p is in the plan; ``staff_on[q]``: staff pair q is."""

    pair_on: BoolArray
    staff_on: BoolArray

    @classmethod
    def empty(cls, problem: ProblemData) -> PlanArrays:
        return cls(np.zeros(problem.n_pairs, dtype=np.bool_), np.zeros(problem.n_staff_pairs, dtype=np.bool_))

    def covered(self, problem: ProblemData) -> BoolArray:
        """Missions with at least one ambassador (a valid plan staffs them fully)."""
        out = np.zeros(problem.n_mis, dtype=np.bool_)
        out[problem.pair_mis[self.pair_on]] = True
        return out

    def loads(self, problem: ProblemData) -> IntArray:
        """Missions per ambassador."""
        return np.bincount(problem.pair_amb[self.pair_on], minlength=problem.n_amb).astype(np.int64)

    def same_as(self, other: PlanArrays) -> bool:
        return bool(
            np.array_equal(self.pair_on, other.pair_on) and np.array_equal(self.staff_on, other.staff_on)
        )
