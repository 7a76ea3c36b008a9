"""Decision variables over eligible pairs only, and the context every rule family receives."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

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


class PairLiterals(Mapping[tuple[int, int], cp_model.IntVar]):
    """``x[(a_idx, m_idx)]``: the literal "ambassador a goes on mission m", for eligible pairs only.

    Backed by the compiled pair arrays (a dict of millions of tuples would cost more memory than the
    model itself)."""

    def __init__(self, data: ProblemData, literals: list[cp_model.IntVar], staff: bool = False) -> None:
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
    """

    model: cp_model.CpModel
    data: ProblemData
    options: SolveOptions
    pair_x: list[cp_model.IntVar]
    staff_pair_x: list[cp_model.IntVar]
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

    def mission_pairs(self, m: int) -> range:
        return range(int(self.pair_offsets[m]), int(self.pair_offsets[m + 1]))

    def mission_staff_pairs(self, m: int) -> range:
        return range(int(self.staff_pair_offsets[m]), int(self.staff_pair_offsets[m + 1]))

    def ambassador_pairs(self, a: int) -> IntArray:
        return self.amb_order[self.amb_offsets[a]:self.amb_offsets[a + 1]]


def _indices(literals: list[cp_model.IntVar]) -> IntArray:
    """Proto indices of literals created one after the other (checked at both ends)."""
    if not literals:
        return np.zeros(0, dtype=np.int64)
    first = literals[0].index
    assert literals[-1].index == first + len(literals) - 1
    return first + np.arange(len(literals), dtype=np.int64)


def create(model: cp_model.CpModel, data: ProblemData, options: SolveOptions,
           diagnose: bool = False) -> ModelContext:
    """Create x (eligible pairs), staff pair, covered and active variables, and define ``active``."""
    # Unnamed: naming a million variables doubles the time it takes to create them.
    new = model.new_bool_var
    pair_x = [new("") for _ in range(data.n_pairs)]
    staff_pair_x = [new("") for _ in range(len(data.spair_staff))]
    covered = [new("") for _ in range(data.n_mis)]
    active = [new("") for _ in range(data.n_amb)]
    order, offsets = data.pairs_by_ambassador()
    ctx = ModelContext(
        model=model, data=data, options=options, pair_x=pair_x, staff_pair_x=staff_pair_x,
        covered=covered, active=active, x=PairLiterals(data, pair_x),
        staff_x=PairLiterals(data, staff_pair_x, staff=True),
        pair_offsets=data.pairs_by_mission(), staff_pair_offsets=data.staff_pairs_by_mission(),
        amb_order=order, amb_offsets=offsets,
        pair_index=_indices(pair_x),
        staff_pair_index=_indices(staff_pair_x),
        covered_index=_indices(covered),
        active_index=_indices(active),
    )
    if diagnose:
        ctx.family_literals = {f: model.new_bool_var(f"rule_{f}") for f in RULE_FAMILIES}
    # active[a] <=> ambassador a has at least one mission: a definition, not a rule. One aggregated
    # row per person (Σ x ≤ K·active) propagates like one implication per pair, at a fraction of the
    # model size on large years.
    for a in range(data.n_amb):
        mine = ctx.ambassador_pairs(a)
        if len(mine) == 0:
            model.add(active[a] == 0)
            continue
        lits = [pair_x[p] for p in mine.tolist()]
        if len(lits) <= PER_PAIR_LIMIT_PER_PERSON:
            for lit in lits:
                model.add_implication(lit, active[a])
        else:
            model.add(cp_model.LinearExpr.sum(lits) <= len(lits) * active[a])
        model.add_bool_or(lits).only_enforce_if(active[a])
    return ctx
