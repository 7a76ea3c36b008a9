"""What a rule module writes its solver encodings into: two small interfaces, one per back-end.

The rules own *what* the constraints are; the solver owns the models. A rule never imports a
solver: it receives a :class:`CpSatSink` (variables as CP-SAT proto indices, bulk writers) or a
:class:`RowSink` (variables as HiGHS columns, rows as triplets), both implemented in
:mod:`ambassade_opt.solver`. Every variable is one of four blocks over the compiled problem:

* ``x[p]``: eligible pair p (ambassador on mission) is in the plan;
* ``z[q]``: staff pair q is in the plan;
* ``y[m]``: mission m is covered (staffed per rules 2 and 3);
* ``active[a]``: ambassador a has at least one mission (a definition the back-end keeps).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from ..compiled import IntArray, ProblemData

FloatLike = float | np.ndarray
IntLike = int | IntArray | Sequence[int]


class Blocks:
    """The four variable blocks over a compiled problem, as indices into one back-end's variables
    (proto indices for CP-SAT, columns for HiGHS); both sinks are built on it."""

    def __init__(self, problem: ProblemData, x: IntArray, z: IntArray, y: IntArray, active: IntArray) -> None:
        self._problem, self._x, self._z, self._y, self._active = problem, x, z, y, active

    @property
    def problem(self) -> ProblemData:
        return self._problem

    @property
    def x(self) -> IntArray:
        """Each pair's variable."""
        return self._x

    @property
    def z(self) -> IntArray:
        """Each staff pair's variable."""
        return self._z

    @property
    def y(self) -> IntArray:
        """Each mission's "covered" variable."""
        return self._y

    @property
    def active(self) -> IntArray:
        """Each ambassador's "active" variable."""
        return self._active


class CpSatSink(Protocol):
    """A CP-SAT model under construction, as a rule sees it (variables: proto indices)."""

    @property
    def problem(self) -> ProblemData: ...

    @property
    def x(self) -> IntArray: ...

    @property
    def z(self) -> IntArray: ...

    @property
    def y(self) -> IntArray: ...

    @property
    def active(self) -> IntArray: ...

    def linear(self, variables: IntLike, coeffs: IntLike, lower: int, upper: int) -> None:
        """lower ≤ Σ coeffs · variables ≤ upper (int64 bounds for "no bound")."""

    def at_most_one_runs(self, flat: IntArray, offsets: IntArray) -> None:
        """At most one of ``flat[offsets[r]:offsets[r + 1]]`` for every run r."""

    def implications(self, premises: IntLike, conclusions: IntLike) -> None:
        """premises[i] ⇒ conclusions[i] for every i."""

    def pin(self, variable: int, mission: int, person: int, staff: bool) -> None:
        """The literal ``variable`` must be true because of a pin (a diagnosis can drop it alone)."""


class RowSink(Protocol):
    """A HiGHS program under construction, as a rule sees it (variables: columns; rows of a sparse
    matrix)."""

    @property
    def problem(self) -> ProblemData: ...

    @property
    def x(self) -> IntArray: ...

    @property
    def z(self) -> IntArray: ...

    @property
    def y(self) -> IntArray: ...

    @property
    def active(self) -> IntArray: ...

    def rows(
        self,
        row_of_entry: IntArray,
        cols: IntArray,
        vals: FloatLike,
        lower: FloatLike,
        upper: FloatLike,
        n_rows: int,
    ) -> None:
        """``n_rows`` new rows; entry i is ``vals[i]`` at (row ``row_of_entry[i]``, column ``cols[i]``)."""

    def fix(self, cols: IntArray, value: float) -> None:
        """Columns that no plan may set to anything but ``value`` (a mission that cannot be covered)."""
