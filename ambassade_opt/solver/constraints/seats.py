"""Rule 2 — seats: a mission gets no ambassador, or between seats_min and seats_max."""

from __future__ import annotations

import numpy as np

from ..variables import (
    INT64_MAX,
    INT64_MIN,
    PER_PAIR_ROWS_MAX_PAIRS,
    ModelContext,
    add_implications,
    add_linear,
)


def add(ctx: ModelContext) -> None:
    data, model = ctx.data, ctx.model
    guard = ctx.enforcement("seats")
    seats_min, seats_max = data.m_seats_min.tolist(), data.m_seats_max.tolist()
    per_pair = data.n_pairs <= PER_PAIR_ROWS_MAX_PAIRS
    bounds = ctx.pair_offsets.tolist()
    pair_index, covered = ctx.pair_index, ctx.covered_index.tolist()
    for m in range(data.n_mis):
        lits = pair_index[bounds[m]:bounds[m + 1]]
        y = covered[m]
        if len(lits) < seats_min[m]:
            add_linear(model, [y], [1], 0, 0, guard)
            if len(lits):
                add_linear(model, lits, np.ones(len(lits), dtype=np.int64), 0, 0, guard)
            continue
        # Σ x − k·y, in two rows: ≥ 0 with k = seats_min, ≤ 0 with k = the most seats it can get
        with_y = np.append(lits, y)
        ones = np.ones(len(with_y), dtype=np.int64)
        ones[-1] = -seats_min[m]
        add_linear(model, with_y, ones, 0, INT64_MAX, guard)
        ones[-1] = -min(seats_max[m], len(lits))
        add_linear(model, with_y, ones, INT64_MIN, 0, guard)
        # Each x ≤ y on its own keeps the LP relaxation tight (y cannot be a fraction of one seat);
        # propagation is the same without them, so large years skip them.
        if per_pair:
            add_implications(model, lits.tolist(), [y] * len(lits), guard)
