"""Rule 6 — group cap: at most policy.group_cap distinct ambassadors with at least one mission."""

from __future__ import annotations

from ortools.sat.python import cp_model

from ..variables import ModelContext


def add(ctx: ModelContext) -> None:
    cap = ctx.data.group_cap
    if cap is None or cap >= ctx.data.n_amb:
        return
    ctx.guard(ctx.model.add(cp_model.LinearExpr.sum(ctx.active) <= cap), "group_cap")
