"""Rule 3 — pairs: a staffed mission that needs a staff pair gets exactly one eligible staff member
(service, language, availability are eligibility, compiled); no staff anywhere else."""

from __future__ import annotations

from ortools.sat.python import cp_model

from ..variables import ModelContext


def add(ctx: ModelContext) -> None:
    data, model = ctx.data, ctx.model
    needs = data.m_needs_pair.tolist()
    for m in range(data.n_mis):
        if not needs[m]:
            continue  # no staff variable exists for such a mission
        lits = [ctx.staff_pair_x[p] for p in ctx.mission_staff_pairs(m)]
        if lits:
            ctx.guard(model.add(cp_model.LinearExpr.sum(lits) == ctx.covered[m]), "pair")
        else:
            ctx.guard(model.add(ctx.covered[m] == 0), "pair")
