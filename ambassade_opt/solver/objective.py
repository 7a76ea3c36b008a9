"""Objective stages of DOMAIN.md section 4, and the weighted combination.

Lexicographic order: coverage value (max), [stability (min), when asked], rotation (min), match
(max), cost (min). The engine solves a stage, keeps its level as a constraint and moves on.

Rotation Σ_a [T(T−1)/2 − h(h−1)/2] with T = h + load is convex in the load: the k-th mission of
ambassador a costs h + k − 1. It is written with one ordered unit literal per possible mission, whose
costs grow with k — a linear, LP-tight encoding of the convex penalty.

A stage keeps its terms as two arrays (proto indices of the literals, coefficients): on large years
a list of (IntVar, coefficient) tuples per stage costs seconds and hundreds of MB.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast, overload

import numpy as np
from ortools.sat.python import cp_model, cp_model_helper

from ..compiled import IntArray
from .variables import ModelContext, add_implications, add_linear, new_bool_vars

DEFAULT_WEIGHTS: dict[str, float] = {"coverage": 1000.0, "rotation": 10.0, "match": 1.0, "cost": 0.01}


class Terms(Sequence[tuple[cp_model.IntVar, int]]):
    """(literal, coefficient) pairs of a stage, the literal wrapped as ``IntVar`` on access."""

    def __init__(self, model: cp_model.CpModel, indices: IntArray, coeffs: IntArray) -> None:
        self._proto = model.proto
        self._indices = indices
        self._coeffs = coeffs

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, i: int) -> tuple[cp_model.IntVar, int]: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple[cp_model.IntVar, int]]: ...

    def __getitem__(self, i: int | slice) -> tuple[cp_model.IntVar, int] | list[tuple[cp_model.IntVar, int]]:
        if isinstance(i, slice):
            return list(zip([cp_model.IntVar(self._proto, j) for j in self._indices[i].tolist()],
                            self._coeffs[i].tolist(), strict=True))
        return cp_model.IntVar(self._proto, int(self._indices[i])), int(self._coeffs[i])

    def __iter__(self) -> Iterator[tuple[cp_model.IntVar, int]]:
        proto = self._proto
        return ((cp_model.IntVar(proto, j), c)
                for j, c in zip(self._indices.tolist(), self._coeffs.tolist(), strict=True))


@dataclass
class Stage:
    """Σ coeffs · literal(indices) + offset, to maximise or minimise."""

    name: str
    sense: Literal["max", "min"]
    model: cp_model.CpModel
    indices: IntArray  # proto indices of the literals
    coeffs: IntArray
    offset: int = 0
    # value of the stage for a plan given as 0/1 arrays (pairs, covered); used for greedy plans
    evaluate_pairs: IntArray | None = None
    evaluate_covered: IntArray | None = None

    @property
    def terms(self) -> Terms:
        return Terms(self.model, self.indices, self.coeffs)

    def expression(self) -> cp_model.LinearExprT:
        """The same expression as ``LinearExpr.weighted_sum(literals, coeffs) + offset``, built
        from the index arrays without one Python object per literal."""
        proto = cp_model_helper.LinearExpressionProto()
        proto.vars.extend(self.indices.tolist())
        proto.coeffs.extend(self.coeffs.tolist())
        proto.offset = int(self.offset)
        return cast(cp_model.LinearExprT,
                    cp_model_helper.rebuild_from_linear_expression_proto(proto, self.model.proto))

    def value(self, solution: np.ndarray) -> float:
        """The stage's value for a full assignment indexed by proto index (unknown values, < 0, count
        as 0)."""
        if len(self.indices) == 0:
            return float(self.offset)
        return float(int((self.coeffs * np.maximum(solution[self.indices], 0)).sum()) + self.offset)


def _stage(ctx: ModelContext, name: str, sense: Literal["max", "min"], indices: IntArray | Sequence[int],
           coeffs: IntArray | Sequence[int], offset: int = 0) -> Stage:
    return Stage(name, sense, ctx.model, np.asarray(indices, dtype=np.int64).reshape(-1),
                 np.asarray(coeffs, dtype=np.int64).reshape(-1), offset)


@dataclass
class RotationUnits:
    """units[a] = literals u[a,1..K]: u[a,k] ⇔ ambassador a has at least k missions."""

    units: list[list[cp_model.IntVar]] = field(default_factory=list)
    costs: list[list[int]] = field(default_factory=list)
    # all units as proto indices, ambassador after ambassador, with their costs
    indices: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    unit_costs: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def rotation_units(ctx: ModelContext) -> RotationUnits:
    data, model = ctx.data, ctx.model
    hist = data.a_history.tolist()
    bounds = ctx.amb_offsets.tolist()
    counts = [min(int(data.a_max_missions[a]), bounds[a + 1] - bounds[a]) for a in range(data.n_amb)]
    names = [f"r{a}_{k}" for a in range(data.n_amb) for k in range(1, counts[a] + 1)]
    first = new_bool_vars(model, len(names), names)
    out = RotationUnits()
    proto = model.proto
    start = first
    for a in range(data.n_amb):
        units = list(range(start, start + counts[a]))
        start += counts[a]
        if units:
            # Σ units = Σ x (as model.add(sum(units) == sum(x)) writes it: Σ units − Σ x = 0)
            lits = ctx.pair_index[ctx.amb_order[bounds[a]:bounds[a + 1]]]
            coeffs = np.concatenate([np.full(len(lits), -1, dtype=np.int64),
                                     np.ones(len(units), dtype=np.int64)])
            add_linear(model, np.concatenate([lits, np.array(units, dtype=np.int64)]), coeffs, 0, 0)
            add_implications(model, units[1:], units[:-1])
        out.units.append([cp_model.IntVar(proto, u) for u in units])
        out.costs.append([hist[a] + k - 1 for k in range(1, counts[a] + 1)])
    out.indices = first + np.arange(len(names), dtype=np.int64)
    out.unit_costs = np.array([c for costs in out.costs for c in costs], dtype=np.int64)
    return out


def rotation_penalty(loads: IntArray, history: IntArray) -> int:
    total = history + loads
    return int((total * (total - 1) // 2 - history * (history - 1) // 2).sum())


def stability_terms(ctx: ModelContext) -> tuple[list[tuple[cp_model.IntVar, int]], int]:
    """Σ cost · (1 − kept): returned as terms −cost·kept plus the constant Σ cost."""
    data = ctx.data
    amb = {aid: i for i, aid in enumerate(data.ambassador_ids)}
    staff = {sid: i for i, sid in enumerate(data.staff_ids)}
    mis = {mid: i for i, mid in enumerate(data.mission_ids)}
    terms: list[tuple[cp_model.IntVar, int]] = []
    offset = 0
    for (mid, pid), cost in sorted(ctx.options.stability.items()):
        offset += int(cost)
        if mid not in mis:
            continue
        key_m = mis[mid]
        if pid in amb and (amb[pid], key_m) in ctx.x:
            terms.append((ctx.x[(amb[pid], key_m)], -int(cost)))
        elif pid in staff and (staff[pid], key_m) in ctx.staff_x:
            terms.append((ctx.staff_x[(staff[pid], key_m)], -int(cost)))
    return terms, offset


def build_stages(ctx: ModelContext, rotation: RotationUnits) -> list[Stage]:
    data = ctx.data
    stages = [_stage(ctx, "coverage", "max", ctx.covered_index, data.m_priority)]
    if ctx.options.stability:
        terms, offset = stability_terms(ctx)
        stages.append(_stage(ctx, "stability", "min", [lit.index for lit, _ in terms], [c for _, c in terms],
                             offset))
    nonzero = rotation.unit_costs != 0
    stages.append(_stage(ctx, "rotation", "min", rotation.indices[nonzero], rotation.unit_costs[nonzero]))
    stages.append(_stage(ctx, "match", "max", ctx.pair_index, data.pair_match))
    stages.append(_stage(ctx, "cost", "min", ctx.pair_index, data.pair_cost))
    return stages


def weighted_stage(stages: list[Stage], weights: dict[str, float]) -> Stage:
    """One maximised stage: Σ_w sign · weight · term, with weights scaled to integers.

    Cost is in cents in the model and weighted per EUR, as analysts think of it."""
    w = {**DEFAULT_WEIGHTS, **weights}
    per_unit = {"coverage": w["coverage"], "rotation": -w["rotation"], "match": w["match"],
                "cost": -w["cost"] / 100.0, "stability": -w.get("stability", w["coverage"])}
    # CP-SAT needs integer coefficients: scale so the smallest non-zero weight keeps 3 digits.
    nonzero = [abs(v) for v in per_unit.values() if v != 0]
    scale = 1000.0 / min(nonzero) if nonzero else 1.0
    scale = min(scale, 1e6)
    indices: list[IntArray] = []
    coeffs: list[IntArray] = []
    offset = 0
    for st in stages:
        factor = per_unit.get(st.name, 0.0) * scale
        if factor == 0:
            continue
        scaled = np.rint(factor * st.coeffs.astype(np.float64)).astype(np.int64)
        kept = scaled != 0
        indices.append(st.indices[kept])
        coeffs.append(scaled[kept])
        offset += int(np.rint(factor * st.offset))
    model = stages[0].model
    if not indices:
        empty = np.zeros(0, dtype=np.int64)
        return Stage("weighted", "max", model, empty, empty.copy(), offset)
    # one term per literal, in the order literals first appear, coefficients summed
    all_indices, all_coeffs = np.concatenate(indices), np.concatenate(coeffs)
    unique, first_seen, where = np.unique(all_indices, return_index=True, return_inverse=True)
    summed = np.zeros(len(unique), dtype=np.int64)
    np.add.at(summed, where, all_coeffs)
    order = np.argsort(first_seen, kind="stable")
    unique, summed = unique[order], summed[order]
    kept = summed != 0
    return Stage("weighted", "max", model, unique[kept], summed[kept], offset)
