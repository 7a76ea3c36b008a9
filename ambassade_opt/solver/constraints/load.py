"""Rule 5 — load: per ambassador missions ≤ max_missions, workload hours ≤ max_hours, missions per
calendar month ≤ own cap else policy cap; per staff member missions ≤ max_missions."""

from __future__ import annotations

import numpy as np

from ..variables import INT64_MIN, ModelContext, add_linear, add_sum_at_most


def add(ctx: ModelContext) -> None:
    data, model = ctx.data, ctx.model
    guard = ctx.enforcement("load")
    workload = data.m_workload
    bounds = ctx.amb_offsets.tolist()
    caps, max_work, month_caps = (data.a_max_missions.tolist(), data.a_max_workload.tolist(),
                                  data.a_month_cap.tolist())
    for a in range(data.n_amb):
        mine = ctx.amb_order[bounds[a]:bounds[a + 1]]
        if len(mine) == 0:
            continue
        lits = ctx.pair_index[mine]
        missions = data.pair_mis[mine]
        if len(lits) > caps[a]:
            add_sum_at_most(model, lits, caps[a], guard)
        w = workload[missions]
        if int(w.sum()) > max_work[a]:
            add_linear(model, lits, w, INT64_MIN, max_work[a], guard)
        month_cap = month_caps[a]
        if month_cap >= 0:
            months = data.m_month[missions]
            counts = np.bincount(months, minlength=12)
            for month in np.nonzero(counts > month_cap)[0].tolist():
                add_sum_at_most(model, lits[months == month], month_cap, guard)
    if len(data.spair_staff):
        order = np.argsort(data.spair_staff, kind="stable")
        offsets = np.searchsorted(data.spair_staff[order], np.arange(data.n_staff + 1))
        for s in range(data.n_staff):
            mine = order[offsets[s]:offsets[s + 1]]
            if len(mine) > int(data.s_max_missions[s]):
                add_sum_at_most(model, ctx.staff_pair_index[mine], int(data.s_max_missions[s]), guard)
