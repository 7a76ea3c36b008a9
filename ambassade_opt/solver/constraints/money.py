"""Rule 7 — money: remuneration per ambassador ≤ its cap; remuneration + expenses of all
ambassadors ≤ the annual budget and, per quarter of the mission's start, ≤ the quarterly budget.
Staff cost nothing. Amounts are integer cents (costs rounded up, caps down)."""

from __future__ import annotations

import numpy as np

from ..variables import INT64_MIN, ModelContext, add_linear


def add(ctx: ModelContext) -> None:
    data, model = ctx.data, ctx.model
    guard = ctx.enforcement("money")
    rem = data.m_remuneration[data.pair_mis]
    cost = data.pair_cost
    if data.remuneration_cap is not None:
        cap = data.remuneration_cap
        bounds = ctx.amb_offsets.tolist()
        for a in range(data.n_amb):
            mine = ctx.amb_order[bounds[a]:bounds[a + 1]]
            paid = mine[rem[mine] > 0]
            if int(rem[paid].sum()) > cap:
                add_linear(model, ctx.pair_index[paid], rem[paid], INT64_MIN, cap, guard)
    if data.budget_annual is not None:
        costly = np.nonzero(cost > 0)[0]
        if int(cost[costly].sum()) > data.budget_annual:
            add_linear(model, ctx.pair_index[costly], cost[costly], INT64_MIN, data.budget_annual, guard)
    if data.budget_quarterly is not None:
        quarter = data.m_quarter[data.pair_mis]
        for q, budget in enumerate(data.budget_quarterly):
            sel = np.nonzero((quarter == q) & (cost > 0))[0]
            if int(cost[sel].sum()) > budget:
                add_linear(model, ctx.pair_index[sel], cost[sel], INT64_MIN, budget, guard)
