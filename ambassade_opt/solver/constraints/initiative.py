"""Rule 8 — initiative: an ambassador initiative is staffed only if approved, and then its proposer
is among its ambassadors."""

from __future__ import annotations

from ..variables import ModelContext, add_linear


def add(ctx: ModelContext) -> None:
    data, model = ctx.data, ctx.model
    guard = ctx.enforcement("initiative")
    staffable, proposer = data.m_staffable.tolist(), data.m_proposer.tolist()
    covered = ctx.covered_index.tolist()
    for m in range(data.n_mis):
        if not staffable[m]:
            add_linear(model, [covered[m]], [1], 0, 0, guard)
        elif proposer[m] >= 0:
            p = data.pair_index(proposer[m], m)
            if p < 0:  # the proposer cannot go: the initiative cannot be staffed
                add_linear(model, [covered[m]], [1], 0, 0, guard)
            else:  # x = y
                add_linear(model, [int(ctx.pair_index[p]), covered[m]], [1, -1], 0, 0, guard)
