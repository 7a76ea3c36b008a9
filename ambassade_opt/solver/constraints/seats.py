"""Rule 2 — seats: a mission gets no ambassador, or between seats_min and seats_max."""

from __future__ import annotations

from ortools.sat.python import cp_model

from ..variables import PER_PAIR_ROWS_MAX_PAIRS, ModelContext


def add(ctx: ModelContext) -> None:
    data, model = ctx.data, ctx.model
    seats_min, seats_max = data.m_seats_min.tolist(), data.m_seats_max.tolist()
    per_pair = data.n_pairs <= PER_PAIR_ROWS_MAX_PAIRS
    for m in range(data.n_mis):
        lits = [ctx.pair_x[p] for p in ctx.mission_pairs(m)]
        y = ctx.covered[m]
        if len(lits) < seats_min[m]:
            ctx.guard(model.add(y == 0), "seats")
            if lits:
                ctx.guard(model.add(cp_model.LinearExpr.sum(lits) == 0), "seats")
            continue
        total = cp_model.LinearExpr.sum(lits)
        ctx.guard(model.add(total >= seats_min[m] * y), "seats")
        ctx.guard(model.add(total <= min(seats_max[m], len(lits)) * y), "seats")
        # Each x ≤ y on its own keeps the LP relaxation tight (y cannot be a fraction of one seat);
        # propagation is the same without them, so large years skip them.
        if per_pair:
            for lit in lits:
                ctx.guard(model.add_implication(lit, y), "seats")
