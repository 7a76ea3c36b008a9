"""Rule 3 — pairs: a staffed mission that needs a staff pair gets exactly one eligible staff member
(service, language, availability are eligibility, compiled); no staff anywhere else."""

from __future__ import annotations

import numpy as np

from ..variables import ModelContext, add_linear


def add(ctx: ModelContext) -> None:
    data, model = ctx.data, ctx.model
    guard = ctx.enforcement("pair")
    needs = data.m_needs_pair.tolist()
    bounds = ctx.staff_pair_offsets.tolist()
    covered = ctx.covered_index.tolist()
    for m in range(data.n_mis):
        if not needs[m]:
            continue  # no staff variable exists for such a mission
        lits = ctx.staff_pair_index[bounds[m]:bounds[m + 1]]
        if len(lits):
            # Σ z = y
            coeffs = np.ones(len(lits) + 1, dtype=np.int64)
            coeffs[-1] = -1
            add_linear(model, np.append(lits, covered[m]), coeffs, 0, 0, guard)
        else:
            add_linear(model, [covered[m]], [1], 0, 0, guard)
