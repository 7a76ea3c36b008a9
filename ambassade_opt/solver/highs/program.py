"""A stage as a HiGHS program: columns for the shared variable blocks, rows from every rule.

Columns: ``x`` (pairs), ``y`` (missions), ``z`` (staff pairs), ``active`` (ambassadors), and the
rotation ``unit`` columns when an objective or a level needs them. Rows: each rule of the registry
writes itself through :class:`~ambassade_opt.rules.encoding.RowSink`; the program adds the
definitions ``active[a] ≤ Σ_m x[a,m] ≤ n_a · active[a]`` and ``Σ_k unit[a,k] = Σ_m x[a,m]``
(LP-tight for the convex rotation penalty: cheaper units fill first), the frozen past as column
bounds, and callers' rows (levels of earlier stages, extra requirements). The objective is always
maximised: ``stage value = scale · program objective + offset``.

The matrix is built with numpy only: every family of rows is a block of (row, column, value)
triplets. Rows in seconds and cents have coefficients up to 1e5: each row is scaled to a largest
|coefficient| of 1 (the feasible set does not change), or HiGHS crawls.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp

from ...compiled import BoolArray, FloatArray, IntArray, ProblemData
from ...compiled.solution import PlanArrays
from ...objectives import Objective, RotationUnits, Terms
from ...rules.base import Rule
from ...rules.encoding import Blocks
from ...rules.registry import RULES
from ..extras import LinearRow
from ..frozen import Frozen
from .run import MATRIX_FIELDS, run_highs
from .worker import ProgramResult


@dataclass(frozen=True)
class Layout:
    """Where each block of columns starts."""

    x0: int
    y0: int
    z0: int
    active0: int
    unit0: int
    n_cols: int


@dataclass
class Program:
    """max cost · col subject to row_lower ≤ A · col ≤ row_upper, col_lower ≤ col ≤ col_upper."""

    n_cols: int
    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    row_lower: FloatArray
    row_upper: FloatArray
    csc_start: IntArray
    csc_index: IntArray
    csc_value: FloatArray
    layout: Layout
    units: RotationUnits | None = None
    scale: float = 1.0  # stage value = scale · program objective + offset
    offset: float = 0.0

    @property
    def n_rows(self) -> int:
        return len(self.row_lower)

    def with_bounds(self, lower: FloatArray, upper: FloatArray) -> Program:
        return replace(self, col_lower=lower, col_upper=upper)

    def matrix(self) -> sp.csc_matrix:
        """The constraint matrix (rows as scaled), sharing the program's arrays."""
        return sp.csc_matrix(
            (self.csc_value, self.csc_index, self.csc_start), shape=(self.n_rows, self.n_cols)
        )

    def restrict(self, free: BoolArray, values: FloatArray) -> Restricted:
        """The program over the ``free`` columns only, every other column fixed at ``values``: the
        fixed columns' activity moves into the row bounds, rows without a free column (kept by
        ``values`` already) are left out. Its objective is the free columns' part."""
        cols = np.nonzero(free)[0]
        full = self.matrix()
        fixed = np.where(free, 0.0, values)
        activity = full @ fixed
        part = full[:, cols]
        rows = np.unique(part.indices)
        part = part[rows, :].tocsc()
        part.sort_indices()
        program = Program(
            n_cols=len(cols),
            cost=self.cost[cols],
            col_lower=self.col_lower[cols],
            col_upper=self.col_upper[cols],
            row_lower=self.row_lower[rows] - activity[rows],
            row_upper=self.row_upper[rows] - activity[rows],
            csc_start=part.indptr.astype(np.int64),
            csc_index=part.indices.astype(np.int64),
            csc_value=part.data,
            layout=Layout(0, 0, 0, 0, 0, len(cols)),
        )
        return Restricted(program, cols)

    def stage_value(self, program_value: float) -> float:
        return self.scale * program_value + self.offset


@dataclass(frozen=True)
class Restricted:
    """A program over some columns of a larger one: ``columns[i]`` is column i's index there."""

    program: Program
    columns: IntArray

    def expand(self, solution: FloatArray, values: FloatArray) -> FloatArray:
        """The larger program's vector: ``values`` with the free columns taken from ``solution``."""
        out = values.copy()
        out[self.columns] = solution
        return out


@dataclass
class _Rows:
    rows: list[IntArray] = field(default_factory=list)
    cols: list[IntArray] = field(default_factory=list)
    vals: list[FloatArray] = field(default_factory=list)
    lower: list[FloatArray] = field(default_factory=list)
    upper: list[FloatArray] = field(default_factory=list)
    n: int = 0


class ProgramBuilder(Blocks):
    """Builds a :class:`Program` (see the module docstring); a :class:`RowSink` for the rules."""

    def __init__(
        self, problem: ProblemData, units: RotationUnits | None = None, rules: Sequence[Rule] = RULES
    ) -> None:
        self.units = units
        P, Q, M, A = problem.n_pairs, problem.n_staff_pairs, problem.n_mis, problem.n_amb
        U = 0 if units is None else units.n
        self.layout = Layout(0, P, P + M, P + M + Q, P + M + Q + A, P + M + Q + A + U)
        super().__init__(problem, np.arange(P, dtype=np.int64), P + M + np.arange(Q, dtype=np.int64),
                         P + np.arange(M, dtype=np.int64), self.layout.active0 + np.arange(A, dtype=np.int64))
        n = self.layout.n_cols
        self.col_lower, self.col_upper = np.zeros(n), np.ones(n)
        self._r = _Rows()
        self._cached: tuple[int, sp.csc_matrix, FloatArray, FloatArray] | None = None
        self._unit = self.layout.unit0 + np.arange(U, dtype=np.int64)
        for rule in rules:
            rule.highs(self)
        self._definitions()

    # -- the sink a rule writes into (the blocks: see Blocks) ----------------------------------
    def rows(
        self,
        row_of_entry: IntArray,
        cols: IntArray,
        vals: float | np.ndarray,
        lower: float | np.ndarray,
        upper: float | np.ndarray,
        n_rows: int,
    ) -> None:
        if n_rows == 0:
            return
        r = self._r
        r.rows.append(np.asarray(row_of_entry, dtype=np.int64) + r.n)
        r.cols.append(np.asarray(cols, dtype=np.int64))
        r.vals.append(np.broadcast_to(np.asarray(vals, dtype=np.float64), (len(cols),)).copy())
        r.lower.append(np.broadcast_to(np.asarray(lower, dtype=np.float64), (n_rows,)).copy())
        r.upper.append(np.broadcast_to(np.asarray(upper, dtype=np.float64), (n_rows,)).copy())
        r.n += n_rows

    def fix(self, cols: IntArray, value: float) -> None:
        cols = np.asarray(cols, dtype=np.int64)
        self.col_lower[cols] = self.col_upper[cols] = value

    # -- definitions, the frozen past, callers' rows --------------------------------------------
    def _definitions(self) -> None:
        problem = self.problem
        pa, A, P = problem.pair_amb, problem.n_amb, problem.n_pairs
        n_a = np.bincount(pa, minlength=A).astype(np.float64)
        self.fix(self._active[n_a == 0], 0.0)
        entries = (np.concatenate([pa, np.arange(A)]), np.concatenate([self._x, self._active]))
        self.rows(*entries, np.concatenate([np.ones(P), -n_a]), -np.inf, 0.0, A)  # Σ x ≤ n_a · active
        self.rows(*entries, np.concatenate([np.ones(P), -np.ones(A)]), 0.0, np.inf, A)  # Σ x ≥ active
        if self.units is not None:
            u = self.units
            self.rows(
                np.concatenate([u.owner, pa]),
                np.concatenate([self._unit, self._x]),
                np.concatenate([np.ones(u.n), -np.ones(P)]),
                0.0,
                0.0,
                A,
            )

    def columns(self, terms: Terms) -> tuple[IntArray, FloatArray]:
        """(columns, coefficients) of a set of terms."""
        blocks = {"x": self._x, "z": self._z, "y": self._y, "active": self._active, "unit": self._unit}
        if not terms.parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return (
            np.concatenate([blocks[b][i] for b, i, _ in terms.parts]),
            np.concatenate([c for _, _, c in terms.parts]).astype(np.float64),
        )

    def fix_frozen(self, frozen: Frozen) -> None:
        p_idx, p_val, s_idx, s_val = frozen.fixings(self.problem)
        self.col_lower[self._x[p_idx]] = self.col_upper[self._x[p_idx]] = p_val
        self.col_lower[self._z[s_idx]] = self.col_upper[self._z[s_idx]] = s_val
        kept = np.array(sorted(frozen.pairs), dtype=np.int64)
        self.fix(self._y[np.array(sorted(frozen.blocked), dtype=np.int64)], 0.0)
        self.col_lower[self._y[kept]] = self.col_upper[self._y[kept]] = 1.0

    def add_rows(self, rows: Sequence[LinearRow]) -> None:
        for row in rows:
            cols, vals = self.columns(row.terms)
            lower, upper = _row_bounds(row)
            self.rows(np.zeros(len(cols), dtype=np.int64), cols, vals, lower, upper, 1)

    # -- the program -----------------------------------------------------------------------------
    def _base(self) -> tuple[sp.csc_matrix, FloatArray, FloatArray]:
        """The rows so far as a scaled CSC matrix with their bounds (computed once, then reused by
        every stage's program)."""
        if self._cached is None or self._cached[0] != self._r.n:
            matrix, lower, upper = _scaled(self._r, self.layout.n_cols)
            self._cached = (self._r.n, matrix, lower, upper)
        return self._cached[1], self._cached[2], self._cached[3]

    def build(self, objective: Objective, extra: Sequence[LinearRow] = ()) -> Program:
        """The program maximising ``objective`` (its sense folded in), with ``extra`` rows (a stage's
        levels) on top of the rows added so far, which stay as they are for the next stage."""
        matrix, lower, upper = self._base()
        if extra:
            more = _Rows()
            for row in extra:
                cols, vals = self.columns(row.terms)
                lo, hi = _row_bounds(row)
                more.rows.append(np.zeros(len(cols), dtype=np.int64) + more.n)
                more.cols.append(cols)
                more.vals.append(vals)
                more.lower.append(np.array([lo]))
                more.upper.append(np.array([hi]))
                more.n += 1
            m2, lo2, hi2 = _scaled(more, self.layout.n_cols)
            matrix = sp.vstack([matrix, m2], format="csc")
            lower, upper = np.concatenate([lower, lo2]), np.concatenate([upper, hi2])
        n_cols = self.layout.n_cols
        obj_cols, obj_vals = self.columns(objective.terms)
        sign = 1.0 if objective.sense == "max" else -1.0
        # integer coefficients divided by their common factor (a weighted stage's run to 1e10, which
        # HiGHS handles badly): the optimum does not change, gains stay whole numbers
        common = max(int(np.gcd.reduce(np.abs(obj_vals).astype(np.int64))) if len(obj_vals) else 1, 1)
        cost = np.zeros(n_cols)
        np.add.at(cost, obj_cols, sign * obj_vals / common)
        return Program(
            n_cols=n_cols,
            cost=cost,
            col_lower=self.col_lower.copy(),
            col_upper=self.col_upper.copy(),
            row_lower=lower,
            row_upper=upper,
            csc_start=matrix.indptr.astype(np.int64),
            csc_index=matrix.indices.astype(np.int64),
            csc_value=matrix.data,
            layout=self.layout,
            units=self.units,
            scale=sign * common,
            offset=float(objective.terms.offset),
        )


def _row_bounds(row: LinearRow) -> tuple[float, float]:
    """A row's bounds with its offset moved across, and a tolerance of 1e-6 (integral levels)."""
    off = row.terms.offset
    lower = -np.inf if math.isinf(row.lower) else row.lower - off - 1e-6
    upper = np.inf if math.isinf(row.upper) else row.upper - off + 1e-6
    return lower, upper


def _scaled(r: _Rows, n_cols: int) -> tuple[sp.csc_matrix, FloatArray, FloatArray]:
    """Triplets as a CSC matrix whose rows are scaled to a largest |coefficient| of 1."""
    rows = np.concatenate(r.rows) if r.rows else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(r.cols) if r.cols else np.zeros(0, dtype=np.int64)
    vals = np.concatenate(r.vals) if r.vals else np.zeros(0)
    lower = np.concatenate(r.lower) if r.lower else np.zeros(0)
    upper = np.concatenate(r.upper) if r.upper else np.zeros(0)
    row_scale = np.zeros(r.n)
    np.maximum.at(row_scale, rows, np.abs(vals))
    row_scale[row_scale == 0] = 1.0
    matrix = sp.csc_matrix((vals / row_scale[rows], (rows, cols)), shape=(r.n, n_cols))
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix, lower / row_scale, upper / row_scale


# -- plans and programs --------------------------------------------------------------------------
def program_start(program: Program, problem: ProblemData, plan: PlanArrays) -> FloatArray:
    """The plan as a vector of the program's columns."""
    lay = program.layout
    out = np.zeros(program.n_cols)
    loads = plan.loads(problem)
    out[lay.x0 : lay.x0 + problem.n_pairs] = plan.pair_on
    out[lay.y0 : lay.y0 + problem.n_mis] = plan.covered(problem)
    out[lay.z0 : lay.z0 + problem.n_staff_pairs] = plan.staff_on
    out[lay.active0 : lay.active0 + problem.n_amb] = loads > 0
    if program.units is not None:
        out[lay.unit0 :] = program.units.on(loads)
    return out


def plan_of(program: Program, problem: ProblemData, solution: FloatArray) -> PlanArrays:
    lay = program.layout
    return PlanArrays(
        solution[lay.x0 : lay.x0 + problem.n_pairs] > 0.5,
        solution[lay.z0 : lay.z0 + problem.n_staff_pairs] > 0.5,
    )


def activity(program: Program, solution: FloatArray) -> FloatArray:
    """Row activities A · solution (the rows as scaled)."""
    counts = np.diff(program.csc_start)
    col = np.repeat(np.arange(program.n_cols), counts)
    act: FloatArray = np.bincount(
        program.csc_index, weights=program.csc_value * solution[col], minlength=program.n_rows
    ).astype(np.float64)
    return act


def is_feasible(program: Program, solution: FloatArray, tolerance: float = 1e-7) -> bool:
    """Exact check of an integral solution against every row and column bound."""
    if np.any(solution < program.col_lower - tolerance) or np.any(solution > program.col_upper + tolerance):
        return False
    act = activity(program, solution)
    finite = np.abs(program.row_upper[np.isfinite(program.row_upper)])
    slack = tolerance * np.maximum(1.0, finite).max(initial=1.0)
    return bool(np.all(act >= program.row_lower - slack) and np.all(act <= program.row_upper + slack))


def solve_program(
    program: Program,
    integer: bool,
    time_limit: float | None = None,
    threads: int | None = None,
    seed: int = 0,
    presolve: bool = True,
    start: FloatArray | None = None,
    node_limit: int | None = None,
    light: bool = False,
    iteration_limit: int | None = None,
) -> ProgramResult:
    """HiGHS in this process: the LP relaxation (``integer=False``) or the MIP, optionally from a
    start and with a node limit or a simplex iteration limit (deterministic, unlike the time limit).
    ``light``: without the
    heuristics that solve sub-MIPs of their own (root reduced cost, RINS, RENS), which can overrun a
    time limit; for when no worker process can run."""
    fields = run_highs(
        {name: getattr(program, name) for name in MATRIX_FIELDS},
        program.col_lower,
        program.col_upper,
        integer=integer,
        time_limit=time_limit,
        threads=threads,
        seed=seed,
        presolve=presolve,
        start=start,
        node_limit=node_limit,
        light=light,
        iteration_limit=iteration_limit,
    )
    return ProgramResult(**fields)
