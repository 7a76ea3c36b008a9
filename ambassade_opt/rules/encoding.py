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


class CpSatSink(Protocol):
    """A CP-SAT model under construction, as a rule sees it."""

    @property
    def problem(self) -> ProblemData: ...

    @property
    def x(self) -> IntArray:
        """Proto index of each pair's literal."""

    @property
    def z(self) -> IntArray:
        """Proto index of each staff pair's literal."""

    @property
    def y(self) -> IntArray:
        """Proto index of each mission's "covered" literal."""

    @property
    def active(self) -> IntArray:
        """Proto index of each ambassador's "active" literal."""

    def linear(self, variables: IntLike, coeffs: IntLike, lower: int, upper: int) -> None:
        """lower ≤ Σ coeffs · variables ≤ upper (int64 bounds for "no bound")."""

    def at_most_one_runs(self, flat: IntArray, offsets: IntArray) -> None:
        """At most one of ``flat[offsets[r]:offsets[r + 1]]`` for every run r."""

    def implications(self, premises: IntLike, conclusions: IntLike) -> None:
        """premises[i] ⇒ conclusions[i] for every i."""

    def pin(self, variable: int, mission: int, person: int, staff: bool) -> None:
        """The literal ``variable`` must be true because of a pin (a diagnosis can drop it alone)."""


class RowSink(Protocol):
    """A HiGHS program under construction, as a rule sees it (rows of a sparse matrix)."""

    @property
    def problem(self) -> ProblemData: ...

    @property
    def x(self) -> IntArray:
        """Column of each pair."""

    @property
    def z(self) -> IntArray:
        """Column of each staff pair."""

    @property
    def y(self) -> IntArray:
        """Column of each mission's "covered" variable."""

    @property
    def active(self) -> IntArray:
        """Column of each ambassador's "active" variable."""

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
