"""Rule 5 — load: per ambassador missions ≤ max_missions, workload hours ≤ max_hours, missions per
calendar month ≤ own cap else policy cap; per staff member missions ≤ max_missions."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from ..variables import ModelContext


def add(ctx: ModelContext) -> None:
    data, model = ctx.data, ctx.model
    workload = data.m_workload
    for a in range(data.n_amb):
        mine = ctx.ambassador_pairs(a)
        if len(mine) == 0:
            continue
        lits = [ctx.pair_x[p] for p in mine.tolist()]
        missions = data.pair_mis[mine]
        cap = int(data.a_max_missions[a])
        if len(lits) > cap:
            ctx.guard(model.add(cp_model.LinearExpr.sum(lits) <= cap), "load")
        w = workload[missions]
        if int(w.sum()) > int(data.a_max_workload[a]):
            ctx.guard(model.add(cp_model.LinearExpr.weighted_sum(lits, w.tolist())
                                <= int(data.a_max_workload[a])), "load")
        month_cap = int(data.a_month_cap[a])
        if month_cap >= 0:
            months = data.m_month[missions]
            counts = np.bincount(months, minlength=12)
            for month in np.nonzero(counts > month_cap)[0].tolist():
                sel = [lits[i] for i in np.nonzero(months == month)[0].tolist()]
                ctx.guard(model.add(cp_model.LinearExpr.sum(sel) <= month_cap), "load")
    if len(data.spair_staff):
        order = np.argsort(data.spair_staff, kind="stable")
        offsets = np.searchsorted(data.spair_staff[order], np.arange(data.n_staff + 1))
        for s in range(data.n_staff):
            mine = order[offsets[s]:offsets[s + 1]].tolist()
            if len(mine) > int(data.s_max_missions[s]):
                ctx.guard(model.add(cp_model.LinearExpr.sum([ctx.staff_pair_x[p] for p in mine])
                                    <= int(data.s_max_missions[s])), "load")
