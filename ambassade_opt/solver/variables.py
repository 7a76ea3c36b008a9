"""Decision variables over eligible pairs only, and the context every rule family receives.

Large years have millions of pair literals and constraints. They are written straight into the
model's proto from numpy arrays, in exactly the form CP-SAT's own ``add``/``new_bool_var`` helpers
produce (same variables, same constraints, same order): one Python object per literal or per
``LinearExpr`` would cost more time and memory than the model itself. Literals are wrapped as
``IntVar`` only when someone asks for one (``ctx.pair_x[p]``, ``ctx.x[(a, m)]``)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np
from ortools.sat.python import cp_model, cp_model_helper

from ..compiled import IntArray, ProblemData
from .options import SolveOptions

# Up to this many pairs per person, "x implies active" is written per pair (tighter LP relaxation).
PER_PAIR_LIMIT_PER_PERSON = 200
# Up to this many eligible pairs, per-pair "x implies covered" rows are added (tighter LP relaxation
# for CP-SAT's own bound); above it they only cost build time and memory.
PER_PAIR_ROWS_MAX_PAIRS = 150_000

RULE_FAMILIES: tuple[str, ...] = (
    "seats", "pair", "overlap", "load", "group_cap", "money", "initiative", "pinned",
)

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


# -- writing the proto in bulk ---------------------------------------------------------------------
def new_bool_vars(model: cp_model.CpModel, count: int, names: Sequence[str] | None = None) -> int:
    """Append ``count`` Boolean variables (as ``new_bool_var`` does); returns the first one's index."""
    variables = model.proto.variables
    first = len(variables)
    if names is None:
        template = cp_model_helper.IntegerVariableProto()
        template.domain.extend([0, 1])
        variables.extend([template] * count)
        return first
    assert len(names) == count
    for name in names:
        var = variables.add()
        var.name = name
        var.domain.extend([0, 1])
    return first


def add_linear(model: cp_model.CpModel, variables: Sequence[int] | IntArray, coeffs: Sequence[int] | IntArray,
               lower: int, upper: int, enforcement: Sequence[int] = ()) -> None:
    """``lower ≤ Σ coeffs·variables ≤ upper``, in the canonical form of ``model.add``: variables in
    increasing index order, duplicates merged, zero coefficients dropped."""
    var = np.asarray(variables, dtype=np.int64)
    coeff = np.asarray(coeffs, dtype=np.int64)
    if len(var) > 1 and not bool((var[1:] > var[:-1]).all()):
        var, where = np.unique(var, return_inverse=True)
        merged = np.zeros(len(var), dtype=np.int64)
        np.add.at(merged, where, coeff)
        coeff = merged
    if not bool(coeff.all()):
        keep = coeff != 0
        var, coeff = var[keep], coeff[keep]
    ct = model.proto.constraints.add()
    if enforcement:
        ct.enforcement_literal.extend(list(enforcement))
    ct.linear.vars.extend(var.tolist())
    ct.linear.coeffs.extend(coeff.tolist())
    ct.linear.domain.extend([lower, upper])


def add_sum_at_most(model: cp_model.CpModel, variables: IntArray, cap: int,
                    enforcement: Sequence[int] = ()) -> None:
    """``Σ variables ≤ cap``."""
    add_linear(model, variables, np.ones(len(variables), dtype=np.int64), INT64_MIN, cap, enforcement)


def add_implications(model: cp_model.CpModel, premises: Sequence[int], conclusions: Sequence[int],
                     enforcement: Sequence[int] = ()) -> None:
    """``premise ⇒ conclusion`` per position (as ``add_implication``, then ``only_enforce_if``)."""
    constraints = model.proto.constraints
    extra = list(enforcement)
    for premise, conclusion in zip(premises, conclusions, strict=True):
        ct = constraints.add()
        ct.enforcement_literal.append(premise)
        if extra:
            ct.enforcement_literal.extend(extra)
        ct.bool_and.literals.append(conclusion)


def add_at_most_ones(model: cp_model.CpModel, literals: IntArray, offsets: IntArray,
                     enforcement: Sequence[int] = ()) -> None:
    """One "at most one" per group ``literals[offsets[g]:offsets[g + 1]]``."""
    constraints = model.proto.constraints
    flat = literals.tolist()
    bounds = offsets.tolist()
    extra = list(enforcement)
    for lo, hi in itertools.pairwise(bounds):
        ct = constraints.add()
        if extra:
            ct.enforcement_literal.extend(extra)
        ct.at_most_one.literals.extend(flat[lo:hi])


def add_bool_or(model: cp_model.CpModel, literals: Sequence[int] | IntArray,
                enforcement: Sequence[int] = ()) -> None:
    ct = model.proto.constraints.add()
    if enforcement:
        ct.enforcement_literal.extend(list(enforcement))
    ct.bool_or.literals.extend(np.asarray(literals, dtype=np.int64).tolist())


class Literals(Sequence[cp_model.IntVar]):
    """The Boolean variables ``first, first + 1, …`` of a model, wrapped as ``IntVar`` on access."""

    def __init__(self, model: cp_model.CpModel, first: int, count: int) -> None:
        self._proto = model.proto
        self.first = first
        self._count = count

    @property
    def indices(self) -> IntArray:
        return self.first + np.arange(self._count, dtype=np.int64)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, i: int) -> cp_model.IntVar: ...

    @overload
    def __getitem__(self, i: slice) -> list[cp_model.IntVar]: ...

    def __getitem__(self, i: int | slice) -> cp_model.IntVar | list[cp_model.IntVar]:
        if isinstance(i, slice):
            return [cp_model.IntVar(self._proto, self.first + j) for j in range(*i.indices(self._count))]
        j = int(i)
        if j < 0:
            j += self._count
        if not 0 <= j < self._count:
            raise IndexError(i)
        return cp_model.IntVar(self._proto, self.first + j)

    def __iter__(self) -> Iterator[cp_model.IntVar]:
        proto = self._proto
        return (cp_model.IntVar(proto, j) for j in range(self.first, self.first + self._count))


class PairLiterals(Mapping[tuple[int, int], cp_model.IntVar]):
    """``x[(a_idx, m_idx)]``: the literal "ambassador a goes on mission m", for eligible pairs only.

    Backed by the compiled pair arrays (a dict of millions of tuples would cost more memory than the
    model itself)."""

    def __init__(self, data: ProblemData, literals: Sequence[cp_model.IntVar], staff: bool = False) -> None:
        self._data = data
        self._literals = literals
        self._staff = staff

    def index(self, key: tuple[int, int]) -> int:
        person, mission = key
        if self._staff:
            return self._data.staff_pair_index(person, mission)
        return self._data.pair_index(person, mission)

    def __getitem__(self, key: tuple[int, int]) -> cp_model.IntVar:
        i = self.index(key)
        if i < 0:
            raise KeyError(key)
        return self._literals[i]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and self.index(key) >= 0

    def __iter__(self) -> Iterator[tuple[int, int]]:
        people = self._data.spair_staff if self._staff else self._data.pair_amb
        missions = self._data.spair_mis if self._staff else self._data.pair_mis
        return iter(zip(people.tolist(), missions.tolist(), strict=True))

    def __len__(self) -> int:
        return len(self._literals)


@dataclass
class ModelContext:
    """What a rule family (or an extra constraint of another helper) may use to add constraints.

    ``x``/``staff_x`` map (person index, mission index) to a literal; ``pair_x[p]`` is the literal of
    compiled pair ``p``; ``covered[m]`` is true iff mission m is staffed (rules 2 and 3);
    ``active[a]`` is true iff ambassador a has at least one mission. ``guard`` attaches the
    enforcement literal of a rule family when the model is built for a diagnosis (None otherwise).
    ``pair_index``, ``staff_pair_index``, ``covered_index`` and ``active_index`` are the same
    literals as proto indices, for writing constraints in bulk.
    """

    model: cp_model.CpModel
    data: ProblemData
    options: SolveOptions
    pair_x: Sequence[cp_model.IntVar]
    staff_pair_x: Sequence[cp_model.IntVar]
    covered: list[cp_model.IntVar]
    active: list[cp_model.IntVar]
    x: PairLiterals
    staff_x: PairLiterals
    pair_offsets: IntArray  # pairs of mission m: pair_offsets[m]:pair_offsets[m+1]
    staff_pair_offsets: IntArray
    amb_order: IntArray  # pairs of ambassador a: amb_order[amb_offsets[a]:amb_offsets[a+1]]
    amb_offsets: IntArray
    family_literals: dict[str, cp_model.IntVar] = field(default_factory=dict)
    # indices of variables in the proto, for fast reading of solutions and writing of hints
    pair_index: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    staff_pair_index: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    covered_index: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    active_index: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def guard(self, ct: cp_model.Constraint, family: str) -> cp_model.Constraint:
        lit = self.family_literals.get(family)
        if lit is not None:
            ct.only_enforce_if(lit)
        return ct

    def enforcement(self, family: str) -> list[int]:
        """What ``guard`` attaches, as proto indices for the bulk writers (empty outside a diagnosis)."""
        lit = self.family_literals.get(family)
        return [] if lit is None else [lit.index]

    def mission_pairs(self, m: int) -> range:
        return range(int(self.pair_offsets[m]), int(self.pair_offsets[m + 1]))

    def mission_staff_pairs(self, m: int) -> range:
        return range(int(self.staff_pair_offsets[m]), int(self.staff_pair_offsets[m + 1]))

    def ambassador_pairs(self, a: int) -> IntArray:
        return self.amb_order[self.amb_offsets[a]:self.amb_offsets[a + 1]]


def create(model: cp_model.CpModel, data: ProblemData, options: SolveOptions,
           diagnose: bool = False) -> ModelContext:
    """Create x (eligible pairs), staff pair, covered and active variables, and define ``active``."""
    n_pairs, n_staff_pairs = data.n_pairs, len(data.spair_staff)
    # Unnamed, like new_bool_var(""), in this order: pairs, staff pairs, covered, active.
    first = new_bool_vars(model, n_pairs + n_staff_pairs + data.n_mis + data.n_amb)
    pair_x = Literals(model, first, n_pairs)
    staff_pair_x = Literals(model, first + n_pairs, n_staff_pairs)
    covered_x = Literals(model, first + n_pairs + n_staff_pairs, data.n_mis)
    active_x = Literals(model, covered_x.first + data.n_mis, data.n_amb)
    order, offsets = data.pairs_by_ambassador()
    ctx = ModelContext(
        model=model, data=data, options=options, pair_x=pair_x, staff_pair_x=staff_pair_x,
        covered=list(covered_x), active=list(active_x), x=PairLiterals(data, pair_x),
        staff_x=PairLiterals(data, staff_pair_x, staff=True),
        pair_offsets=data.pairs_by_mission(), staff_pair_offsets=data.staff_pairs_by_mission(),
        amb_order=order, amb_offsets=offsets,
        pair_index=pair_x.indices,
        staff_pair_index=staff_pair_x.indices,
        covered_index=covered_x.indices,
        active_index=active_x.indices,
    )
    if diagnose:
        ctx.family_literals = {f: model.new_bool_var(f"rule_{f}") for f in RULE_FAMILIES}
    # active[a] <=> ambassador a has at least one mission: a definition, not a rule. One aggregated
    # row per person (Σ x ≤ K·active) propagates like one implication per pair, at a fraction of the
    # model size on large years.
    pair_lits = ctx.pair_index[order]
    bounds = offsets.tolist()
    active_index = ctx.active_index.tolist()
    for a in range(data.n_amb):
        lits = pair_lits[bounds[a]:bounds[a + 1]]
        active = active_index[a]
        if len(lits) == 0:
            add_linear(model, [active], [1], 0, 0)
            continue
        if len(lits) <= PER_PAIR_LIMIT_PER_PERSON:
            add_implications(model, lits.tolist(), [active] * len(lits))
        else:
            coeffs = np.ones(len(lits) + 1, dtype=np.int64)
            coeffs[-1] = -len(lits)
            add_linear(model, np.append(lits, active), coeffs, INT64_MIN, 0)
        add_bool_or(model, lits, enforcement=[active])
    return ctx
