"""Rule 8 — initiative: an ambassador initiative is staffed only if approved, and then its proposer
is among its ambassadors."""

from __future__ import annotations

from ..variables import ModelContext


def add(ctx: ModelContext) -> None:
    data, model = ctx.data, ctx.model
    staffable, proposer = data.m_staffable.tolist(), data.m_proposer.tolist()
    for m in range(data.n_mis):
        if not staffable[m]:
            ctx.guard(model.add(ctx.covered[m] == 0), "initiative")
        elif proposer[m] >= 0:
            p = data.pair_index(proposer[m], m)
            if p < 0:  # the proposer cannot go: the initiative cannot be staffed
                ctx.guard(model.add(ctx.covered[m] == 0), "initiative")
            else:
                ctx.guard(model.add(ctx.pair_x[p] == ctx.covered[m]), "initiative")
