"""The CP-SAT model of a year: variables, then the rules' constraints, then objectives and solves.

Variables (one Boolean each): ``x`` per eligible pair, ``z`` per staff pair, ``y`` per mission
(covered), ``active`` per ambassador and one rotation ``unit`` per mission an ambassador could
take. Definitions the model keeps whatever the rules: ``active[a] ⇔ Σ_m x[a,m] ≥ 1``, and
``Σ_k unit[a,k] = Σ_m x[a,m]`` with ``unit[a,k+1] ⇒ unit[a,k]`` (the k-th unit costs h + k in the
rotation objective, so units fill up in order). Each rule of the registry then writes itself
through :class:`~ambassade_opt.rules.encoding.CpSatSink`; callers' rows (levels of earlier stages,
extra requirements) and the frozen past come on top. :meth:`CpSatModel.solve` runs one stage and
turns the answer into :class:`~ambassade_opt.compiled.solution.PlanArrays` once.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from ...compiled import IntArray, ProblemData
from ...compiled.solution import PlanArrays
from ...objectives import Objective, RotationUnits, Terms
from ...rules.base import Rule
from ...rules.encoding import Blocks
from ...rules.registry import RULES
from ..extras import LinearRow
from ..frozen import Frozen
from .writers import (
    INT64_MAX,
    INT64_MIN,
    add_at_most_ones,
    add_bool_or,
    add_implications,
    add_linear,
    new_bool_vars,
    set_objective,
)

# Up to this many pairs per person, "x implies active" is written per pair (a tighter relaxation);
# above, one aggregated row Σ x ≤ K·active does the same propagation at a fraction of the size.
PER_PAIR_LIMIT_PER_PERSON = 200

_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "unknown",
    cp_model.UNKNOWN: "unknown",
}


@dataclass(frozen=True)
class CpSatAnswer:
    """One CP-SAT solve: status, plan (None without a solution), value and bound in the objective's
    own units (integers), and seconds on CP-SAT's clock."""

    status: str
    plan: PlanArrays | None
    value: float | None
    bound: float | None
    wall_seconds: float
    proven: bool


class CpSatModel(Blocks):
    """See the module docstring. ``diagnose``: every rule, pin and frozen mission holds only under
    its own assumption literal, for :mod:`ambassade_opt.solver.diagnose`; ``rules``: which rules to
    write (all of them but in tests)."""

    def __init__(
        self,
        problem: ProblemData,
        units: RotationUnits,
        diagnose: bool = False,
        rules: Sequence[Rule] = RULES,
    ) -> None:
        self.units = units
        self.model = cp_model.CpModel()
        P, Q, M, A = problem.n_pairs, problem.n_staff_pairs, problem.n_mis, problem.n_amb
        index = new_bool_vars(self.model, P + Q + M + A) + np.arange(P + Q + M + A, dtype=np.int64)
        super().__init__(problem, index[:P], index[P : P + Q], index[P + Q : P + Q + M], index[P + Q + M :])
        self._unit = new_bool_vars(self.model, units.n) + np.arange(units.n, dtype=np.int64)
        self._guard: list[int] = []
        self.diagnose = diagnose
        self.rule_literals: dict[str, int] = {}
        self.pin_literals: dict[int, tuple[int, int, bool]] = {}  # literal → (mission, person, staff)
        self.frozen_literals: dict[int, int] = {}  # literal → mission
        self._define_active()
        self._define_units()
        for rule in rules:
            if diagnose:
                self._guard = [self.model.new_bool_var(f"rule_{rule.name}").index]
                self.rule_literals[rule.name] = self._guard[0]
            rule.cp_sat(self)
        self._guard = []
        self.overhead = 0.0  # seconds the last solve spent outside CP-SAT's own clock

    # -- the sink a rule writes into (the blocks: see Blocks) ----------------------------------
    def linear(self, variables: Any, coeffs: Any, lower: int, upper: int) -> None:
        add_linear(self.model, variables, coeffs, lower, upper, self._guard)

    def at_most_one_runs(self, flat: IntArray, offsets: IntArray) -> None:
        add_at_most_ones(self.model, flat, offsets, self._guard)

    def implications(self, premises: Any, conclusions: Any) -> None:
        add_implications(self.model, list(premises), list(conclusions), self._guard)

    def pin(self, variable: int, mission: int, person: int, staff: bool) -> None:
        guard = self._guard
        if self.diagnose:
            lit = self.model.new_bool_var(f"pin_{mission}_{person}_{int(staff)}").index
            self.pin_literals[lit] = (mission, person, staff)
            guard = [lit]
        if variable < 0:  # a pin without a pair: a false clause (only a diagnosis meets one)
            add_bool_or(self.model, [], guard)
        else:
            add_linear(self.model, [variable], [1], 1, 1, guard)

    # -- definitions ---------------------------------------------------------------------------
    def _define_active(self) -> None:
        order, offsets = self.problem.ambassador_pairs
        pair_lits = self._x[order]
        bounds = offsets.tolist()
        for a, active in enumerate(self._active.tolist()):
            lits = pair_lits[bounds[a] : bounds[a + 1]]
            if len(lits) == 0:
                add_linear(self.model, [active], [1], 0, 0)
                continue
            if len(lits) <= PER_PAIR_LIMIT_PER_PERSON:
                add_implications(self.model, lits.tolist(), [active] * len(lits))
            else:
                coeffs = np.ones(len(lits) + 1, dtype=np.int64)
                coeffs[-1] = -len(lits)
                add_linear(self.model, np.append(lits, active), coeffs, INT64_MIN, 0)
            add_bool_or(self.model, lits, enforcement=[active])

    def _define_units(self) -> None:
        order, offsets = self.problem.ambassador_pairs
        unit_bounds = np.concatenate([[0], np.cumsum(self.units.count)]).tolist()
        bounds = offsets.tolist()
        for a in range(self.problem.n_amb):
            units = self._unit[unit_bounds[a] : unit_bounds[a + 1]]
            if len(units) == 0:
                continue
            lits = self._x[order[bounds[a] : bounds[a + 1]]]
            coeffs = np.concatenate(
                [np.full(len(lits), -1, dtype=np.int64), np.ones(len(units), dtype=np.int64)]
            )
            add_linear(self.model, np.concatenate([lits, units]), coeffs, 0, 0)
            add_implications(self.model, units[1:].tolist(), units[:-1].tolist())

    # -- callers' rows and the frozen past -----------------------------------------------------
    def variables(self, terms: Terms) -> tuple[IntArray, IntArray]:
        """(proto indices, coefficients) of a set of terms."""
        blocks = {"x": self._x, "z": self._z, "y": self._y, "active": self._active, "unit": self._unit}
        if not terms.parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return (
            np.concatenate([blocks[b][i] for b, i, _ in terms.parts]),
            np.concatenate([c for _, _, c in terms.parts]).astype(np.int64),
        )

    def add_rows(self, rows: Sequence[LinearRow]) -> None:
        for row in rows:
            variables, coeffs = self.variables(row.terms)
            low = INT64_MIN if math.isinf(row.lower) else math.ceil(row.lower - row.terms.offset - 1e-9)
            high = INT64_MAX if math.isinf(row.upper) else math.floor(row.upper - row.terms.offset + 1e-9)
            add_linear(self.model, variables, coeffs, low, high)

    def fix_frozen(self, frozen: Frozen) -> None:
        """Every frozen mission exactly as given: its pairs in or out, covered or not."""
        problem = self.problem
        for m in frozen.order:
            guard = []
            if self.diagnose:
                guard = [self.model.new_bool_var(f"frozen_{m}").index]
                self.frozen_literals[guard[0]] = m
            if m in frozen.blocked:
                add_linear(self.model, [int(self._y[m])], [1], 0, 0, guard)
                continue
            keep = set(frozen.pairs[m].tolist())
            for p in problem.pairs_of_mission(m).tolist():
                v = int(p in keep)
                add_linear(self.model, [int(self._x[p])], [1], v, v, guard)
            add_linear(self.model, [int(self._y[m])], [1], 1, 1, guard)
            for q in problem.staff_pairs_of_mission(m).tolist():
                v = int(q == frozen.staff.get(m, -1))
                add_linear(self.model, [int(self._z[q])], [1], v, v, guard)

    # -- solutions -----------------------------------------------------------------------------
    def vector(self, plan: PlanArrays) -> IntArray:
        """A value for every variable of the model from a plan (the others, e.g. diagnosis
        literals, are −1: unknown)."""
        problem = self.problem
        out = np.full(len(self.model.proto.variables), -1, dtype=np.int64)
        loads = plan.loads(problem)
        out[self._x] = plan.pair_on
        out[self._z] = plan.staff_on
        out[self._y] = plan.covered(problem)
        out[self._active] = loads > 0
        out[self._unit] = self.units.on(loads)
        return out

    def plan_of(self, solution: IntArray) -> PlanArrays:
        return PlanArrays(solution[self._x] > 0, solution[self._z] > 0)

    def solve(
        self,
        objective: Objective,
        hint: PlanArrays | None,
        *,
        time_limit: float | None,
        deterministic_time: float | None,
        seed: int,
        workers: int,
        parameters: dict[str, Any] | None = None,
        stop: threading.Event | None = None,
        on_solution: Callable[[float, float], None] | None = None,
    ) -> CpSatAnswer:
        """Optimise ``objective`` from ``hint``; ``on_solution(value, bound)`` at each solution."""
        call_t0 = time.perf_counter()
        variables, coeffs = self.variables(objective.terms)
        set_objective(self.model, variables, coeffs, objective.terms.offset, objective.sense == "max")
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        if hint is not None:
            values = self.vector(hint)
            known = np.nonzero(values >= 0)[0]
            self.model.proto.solution_hint.vars.extend(known.tolist())
            self.model.proto.solution_hint.values.extend(values[known].tolist())
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.random_seed = seed
        p.num_workers = workers
        if time_limit is not None:
            p.max_time_in_seconds = max(time_limit, 0.01)
        if deterministic_time is not None:
            p.max_deterministic_time = deterministic_time
        for key, value in (parameters or {}).items():
            setattr(p, key, value)
        callback = _Reporter(on_solution) if on_solution is not None else None
        with _stopper(solver, stop):
            code = solver.solve(self.model, callback)
        self.overhead = max(0.0, time.perf_counter() - call_t0 - solver.wall_time)
        status = _STATUS.get(code, "unknown")
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return CpSatAnswer(status, None, None, None, solver.wall_time, False)
        solution = np.array(solver.response_proto.solution, dtype=np.int64)
        value = float(round(solver.objective_value))
        bound = float(solver.best_objective_bound) + 0.0
        # an integer objective: the bound can be rounded towards the value
        bound = float(np.floor(bound + 1e-6)) if objective.sense == "max" else float(np.ceil(bound - 1e-6))
        proven = code == cp_model.OPTIMAL
        return CpSatAnswer(
            status, self.plan_of(solution), value, value if proven else bound, solver.wall_time, proven
        )


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[float, float], None]) -> None:
        super().__init__()
        self.report = report

    def on_solution_callback(self) -> None:
        self.report(self.objective_value, self.best_objective_bound)


class _stopper:
    """While a solve runs, a thread that stops it when ``stop`` is set (Ctrl-C)."""

    def __init__(self, solver: cp_model.CpSolver, stop: threading.Event | None) -> None:
        self.solver, self.stop = solver, stop
        self.done = threading.Event()
        self.thread: threading.Thread | None = None

    def _watch(self) -> None:
        assert self.stop is not None
        while not self.done.is_set():
            if self.stop.wait(0.05):
                self.solver.stop_search()
                return

    def __enter__(self) -> _stopper:
        if self.stop is not None:
            self.thread = threading.Thread(target=self._watch, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        if self.thread is not None:
            self.thread.join()
