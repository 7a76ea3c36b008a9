"""Rule 6 — group cap: at most policy.group_cap distinct ambassadors with at least one mission."""

from __future__ import annotations

from ..variables import ModelContext, add_sum_at_most


def add(ctx: ModelContext) -> None:
    cap = ctx.data.group_cap
    if cap is None or cap >= ctx.data.n_amb:
        return
    add_sum_at_most(ctx.model, ctx.active_index, cap, ctx.enforcement("group_cap"))
