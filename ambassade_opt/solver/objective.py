"""Objective stages of DOMAIN.md section 4, and the weighted combination.

Lexicographic order: coverage value (max), [stability (min), when asked], rotation (min), match
(max), cost (min). The engine solves a stage, keeps its level as a constraint and moves on.

Rotation Σ_a [T(T−1)/2 − h(h−1)/2] with T = h + load is convex in the load: the k-th mission of
ambassador a costs h + k − 1. It is written with one ordered unit literal per possible mission, whose
costs grow with k — a linear, LP-tight encoding of the convex penalty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from ortools.sat.python import cp_model

from ..compiled import IntArray
from .variables import ModelContext

DEFAULT_WEIGHTS: dict[str, float] = {"coverage": 1000.0, "rotation": 10.0, "match": 1.0, "cost": 0.01}


@dataclass
class Stage:
    name: str
    sense: Literal["max", "min"]
    terms: list[tuple[cp_model.IntVar, int]]
    offset: int = 0
    # value of the stage for a plan given as 0/1 arrays (pairs, covered); used for greedy plans
    evaluate_pairs: IntArray | None = None
    evaluate_covered: IntArray | None = None

    def expression(self) -> cp_model.LinearExprT:
        if not self.terms:
            return cp_model.LinearExpr.constant(self.offset) if hasattr(cp_model.LinearExpr, "constant") \
                else self.offset
        lits, coeffs = zip(*self.terms, strict=True)
        return cp_model.LinearExpr.weighted_sum(list(lits), list(coeffs)) + self.offset


@dataclass
class RotationUnits:
    """units[a] = literals u[a,1..K]: u[a,k] ⇔ ambassador a has at least k missions."""

    units: list[list[cp_model.IntVar]] = field(default_factory=list)
    costs: list[list[int]] = field(default_factory=list)


def rotation_units(ctx: ModelContext) -> RotationUnits:
    data, model = ctx.data, ctx.model
    out = RotationUnits()
    hist = data.a_history.tolist()
    for a in range(data.n_amb):
        mine = ctx.ambassador_pairs(a)
        k_max = min(int(data.a_max_missions[a]), len(mine))
        units = [model.new_bool_var(f"r{a}_{k}") for k in range(1, k_max + 1)]
        costs = [hist[a] + k - 1 for k in range(1, k_max + 1)]
        if units:
            model.add(cp_model.LinearExpr.sum(units) == cp_model.LinearExpr.sum(
                [ctx.pair_x[p] for p in mine.tolist()]))
            for k in range(1, len(units)):
                model.add_implication(units[k], units[k - 1])
        out.units.append(units)
        out.costs.append(costs)
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
    stages = [Stage("coverage", "max", list(zip(ctx.covered, data.m_priority.tolist(), strict=True)))]
    if ctx.options.stability:
        terms, offset = stability_terms(ctx)
        stages.append(Stage("stability", "min", terms, offset))
    rot_terms = [(u, c) for units, costs in zip(rotation.units, rotation.costs, strict=True)
                 for u, c in zip(units, costs, strict=True) if c != 0]
    stages.append(Stage("rotation", "min", rot_terms))
    stages.append(Stage("match", "max", list(zip(ctx.pair_x, data.pair_match.tolist(), strict=True))))
    stages.append(Stage("cost", "min", list(zip(ctx.pair_x, data.pair_cost.tolist(), strict=True))))
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
    acc: dict[int, tuple[cp_model.IntVar, int]] = {}
    offset = 0
    for st in stages:
        factor = per_unit.get(st.name, 0.0) * scale
        if factor == 0:
            continue
        for lit, c in st.terms:
            coeff = int(np.rint(factor * c))
            if coeff == 0:
                continue
            prev = acc.get(lit.index)
            acc[lit.index] = (lit, coeff + (prev[1] if prev else 0))
        offset += int(np.rint(factor * st.offset))
    terms = [(lit, c) for lit, c in acc.values() if c != 0]
    return Stage("weighted", "max", terms, offset)
