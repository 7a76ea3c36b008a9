"""The weighted objective: one maximised sum of the stages, terms merged in first-seen order."""

from __future__ import annotations

import numpy as np

from ambassade_opt.compile import compile_year
from ambassade_opt.model import Instance
from ambassade_opt.objectives import lexicographic, rotation_units, weighted


def test_weighted_stage_merges_terms_in_first_seen_order(tiny: Instance) -> None:
    problem = compile_year(tiny)
    units = rotation_units(problem)
    stages = lexicographic(problem, None, units)
    merged = weighted(stages, {})
    # reference: the dictionary merge of ((block, index), coefficient) terms
    acc: dict[tuple[str, int], int] = {}
    per_unit = {"coverage": 1000.0, "rotation": -10.0, "match": 1.0, "cost": -0.0001}
    scale = min(1000.0 / min(abs(v) for v in per_unit.values()), 1e6)
    for st in stages:
        factor = per_unit[st.name] * scale
        for block, idx, coeffs in st.terms.parts:
            for i, c in zip(idx.tolist(), coeffs.tolist(), strict=True):
                coeff = int(np.rint(factor * c))
                if coeff:
                    acc[(block, i)] = acc.get((block, i), 0) + coeff
    expected = [(key, c) for key, c in acc.items() if c != 0]
    got = [((block, i), c) for block, idx, coeffs in merged.terms.parts
           for i, c in zip(idx.tolist(), coeffs.tolist(), strict=True)]
    assert got == expected
    assert merged.name == "weighted" and merged.sense == "max"
