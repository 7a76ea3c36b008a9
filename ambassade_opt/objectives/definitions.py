"""The objectives of DOMAIN.md section 4, each defined once, in the lexicographic order.

1. **coverage** (max): Σ priority of the covered missions;
2. **rotation** (min): Σ_a [T_a(T_a−1)/2 − h_a(h_a−1)/2], T_a = h_a + load_a: the k-th mission of
   ambassador a (k from 1) costs h_a + k − 1, so the penalty is linear in the rotation units;
3. **match** (max): Σ match points of the assigned pairs (:mod:`.match`);
4. **cost** (min): Σ remuneration + expenses, in cents (reported in EUR).

A caller may prefer some people (**selection**, max, after coverage: Σ points of the active ones),
e.g. admission by the selection committee's scores.

A re-plan inserts **stability** (min) after coverage: Σ cost of the published (mission, person)
pairs the plan drops. ``objective.mode = weighted`` folds them into one maximised sum
(:func:`weighted`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..compiled import IntArray, ProblemData
from .terms import Block, Objective, RotationUnits, Terms, rotation_units

# Weights of the weighted mode, per unit of each objective (cost per EUR).
DEFAULT_WEIGHTS: dict[str, float] = {"coverage": 1000.0, "rotation": 10.0, "match": 1.0, "cost": 0.01}
LEXICOGRAPHIC = ("coverage", "stability", "selection", "rotation", "match", "cost")


def rotation_penalty(history: int | IntArray, load: int | IntArray) -> int:
    """Σ over the extra appearances: T(T−1)/2 − h(h−1)/2 with T = h + load (summed over arrays)."""
    h, n = np.asarray(history, dtype=np.int64), np.asarray(load, dtype=np.int64)
    total = h + n
    return int((total * (total - 1) // 2 - h * (h - 1) // 2).sum())


def coverage(problem: ProblemData) -> Objective:
    return Objective("coverage", "max", Terms((("y", np.arange(problem.n_mis), problem.m_priority),)))


def rotation(problem: ProblemData, units: RotationUnits | None = None) -> Objective:
    units = units if units is not None else rotation_units(problem)
    nonzero = np.nonzero(units.cost)[0]
    return Objective("rotation", "min", Terms((("unit", nonzero, units.cost[nonzero]),)))


def match(problem: ProblemData) -> Objective:
    return Objective("match", "max", Terms((("x", np.arange(problem.n_pairs), problem.pair_match),)))


def cost(problem: ProblemData) -> Objective:
    return Objective("cost", "min", Terms((("x", np.arange(problem.n_pairs), problem.pair_cost),)), 0.01)


def stability(problem: ProblemData, promises: Mapping[tuple[str, str], int]) -> Objective:
    """Σ cost · (1 − kept) over the promised (mission id, person id) pairs: −cost on each pair
    variable that still exists, plus the constant Σ cost."""
    mis, amb, staff = problem.mission_position, problem.ambassador_position, problem.staff_position
    x_idx, x_coef, z_idx, z_coef = [], [], [], []
    offset = 0
    for (mid, pid), value in sorted(promises.items()):
        offset += int(value)
        m = mis.get(mid)
        if m is None:
            continue
        if pid in amb and (p := problem.pair_index(amb[pid], m)) >= 0:
            x_idx.append(p)
            x_coef.append(-int(value))
        elif pid in staff and (q := problem.staff_pair_index(staff[pid], m)) >= 0:
            z_idx.append(q)
            z_coef.append(-int(value))
    parts: tuple[tuple[Block, IntArray, IntArray], ...] = (
        ("x", np.array(x_idx, dtype=np.int64), np.array(x_coef, dtype=np.int64)),
        ("z", np.array(z_idx, dtype=np.int64), np.array(z_coef, dtype=np.int64)),
    )
    return Objective("stability", "min", Terms(parts, offset))


def selection(problem: ProblemData, points: Mapping[str, int]) -> Objective:
    """Σ points of the active ambassadors (max): who to prefer among plans of equal coverage, e.g.
    the selection committee's scores when admitting volunteers (R1)."""
    pos = problem.ambassador_position
    idx = np.array([pos[a] for a in sorted(points) if a in pos and points[a]], dtype=np.int64)
    coeffs = np.array([points[a] for a in sorted(points) if a in pos and points[a]], dtype=np.int64)
    return Objective("selection", "max", Terms((("active", idx, coeffs),)))


def lexicographic(
    problem: ProblemData,
    promises: Mapping[tuple[str, str], int] | None = None,
    units: RotationUnits | None = None,
    preferred: Mapping[str, int] | None = None,
) -> list[Objective]:
    """The stages in order: coverage, [stability when there are promises], [selection when some
    people are preferred], rotation, match, cost."""
    stages = [coverage(problem)]
    if promises:
        stages.append(stability(problem, promises))
    if preferred:
        stages.append(selection(problem, preferred))
    return [*stages, rotation(problem, units), match(problem), cost(problem)]


def weighted(stages: Sequence[Objective], weights: Mapping[str, float]) -> Objective:
    """One maximised objective: Σ sign · weight · objective, with the weights scaled to integers
    (the smallest non-zero weight keeps three digits). Cost is in cents and weighted per EUR."""
    w = {**DEFAULT_WEIGHTS, **weights}
    per_unit = {
        "coverage": w["coverage"],
        "rotation": -w["rotation"],
        "match": w["match"],
        "cost": -w["cost"] / 100.0,
        "stability": -w.get("stability", w["coverage"]),
    }
    nonzero = [abs(v) for v in per_unit.values() if v != 0]
    scale = min(1000.0 / min(nonzero), 1e6) if nonzero else 1.0
    merged: dict[Block, dict[int, int]] = {}
    order: list[tuple[Block, int]] = []
    offset = 0
    for st in stages:
        factor = per_unit.get(st.name, 0.0) * scale
        if factor == 0:
            continue
        offset += int(np.rint(factor * st.terms.offset))
        for block, idx, coeffs in st.terms.parts:
            table = merged.setdefault(block, {})
            for i, c in zip(
                idx.tolist(),
                np.rint(factor * coeffs.astype(np.float64)).astype(np.int64).tolist(),
                strict=True,
            ):
                if i not in table:
                    order.append((block, i))
                table[i] = table.get(i, 0) + c
    parts: list[tuple[Block, list[int], list[int]]] = []
    for block, i in order:
        c = merged[block][i]
        if c == 0:
            continue
        if not parts or parts[-1][0] != block:
            parts.append((block, [], []))
        parts[-1][1].append(i)
        parts[-1][2].append(c)
    return Objective(
        "weighted",
        "max",
        Terms(
            tuple(
                (block, np.array(i, dtype=np.int64), np.array(c, dtype=np.int64))
                for block, i, c in parts
            ),
            offset,
        ),
    )
