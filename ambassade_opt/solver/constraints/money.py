"""Rule 7 — money: remuneration per ambassador ≤ its cap; remuneration + expenses of all
ambassadors ≤ the annual budget and, per quarter of the mission's start, ≤ the quarterly budget.
Staff cost nothing. Amounts are integer cents (costs rounded up, caps down)."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from ..variables import ModelContext


def add(ctx: ModelContext) -> None:
    data, model = ctx.data, ctx.model
    rem = data.m_remuneration[data.pair_mis]
    cost = data.pair_cost
    if data.remuneration_cap is not None:
        cap = data.remuneration_cap
        for a in range(data.n_amb):
            mine = ctx.ambassador_pairs(a)
            paid = mine[rem[mine] > 0]
            if int(rem[paid].sum()) > cap:
                ctx.guard(model.add(cp_model.LinearExpr.weighted_sum(
                    [ctx.pair_x[p] for p in paid.tolist()], rem[paid].tolist()) <= cap), "money")
    if data.budget_annual is not None:
        costly = np.nonzero(cost > 0)[0]
        if int(cost[costly].sum()) > data.budget_annual:
            ctx.guard(model.add(cp_model.LinearExpr.weighted_sum(
                [ctx.pair_x[p] for p in costly.tolist()], cost[costly].tolist())
                <= data.budget_annual), "money")
    if data.budget_quarterly is not None:
        quarter = data.m_quarter[data.pair_mis]
        for q, budget in enumerate(data.budget_quarterly):
            sel = np.nonzero((quarter == q) & (cost > 0))[0]
            if int(cost[sel].sum()) > budget:
                ctx.guard(model.add(cp_model.LinearExpr.weighted_sum(
                    [ctx.pair_x[p] for p in sel.tolist()], cost[sel].tolist()) <= budget), "money")
