"""Which engines solve a stage, in order (the rest of the stage's time goes to the next one).

* ``params.engines.highs`` off: CP-SAT alone.
* Small years (≤ ``whole_mip_max_pairs`` pairs): HiGHS on the whole stage, then CP-SAT with what
  is left, for the stages HiGHS proves fast (coverage, rotation, match, cost), when the MIP's share
  of the budget is ``mip_root_factor`` times what the coverage LP took (one-worker runs: decided on
  the year's size and the nominal budget, never on a clock reading).
* Years whose program fits (≤ ``lns_max_pairs``), from a plan: the neighbourhood search, then
  CP-SAT with what it leaves.
* Otherwise CP-SAT, the engine of the full rule set — but CP-SAT holds the whole year only up to
  ``cp_sat_max_pairs`` pairs: above, the start plan and the search are all there is (memory).
"""

from __future__ import annotations

from .base import SolveContext, StageTask

MIP_STAGES = ("coverage", "rotation", "match", "cost")


def engines_for(ctx: SolveContext, task: StageTask) -> list[str]:
    e = ctx.params.engines
    n_pairs = ctx.problem.n_pairs
    cp_sat = ["cp-sat"] if n_pairs <= e.cp_sat_max_pairs else []
    if not e.highs:
        return ["cp-sat"]
    has_plan = task.start is not None or task.trusted is not None
    if n_pairs <= e.whole_mip_max_pairs and task.objective.name in MIP_STAGES \
            and (task.index == 0 or has_plan) and _mip_fits(ctx, task):
        return ["highs-mip", *cp_sat]
    if has_plan and n_pairs <= e.lns_max_pairs:
        return ["highs-lns", *cp_sat]
    return cp_sat


def _mip_fits(ctx: SolveContext, task: StageTask) -> bool:
    """Would the MIP's root LP fit its share of the budget? (HiGHS checks its clock between simplex
    phases only: a MIP that cannot finish its root would overrun the time limit.)"""
    e = ctx.params.engines
    if ctx.deterministic and task.work is not None:
        # later stages' roots often outlast a short budget, and a MIP stopped by the clock is not
        # reproducible: only the coverage MIP, on the year's size and the nominal budget
        return (
            task.objective.name == "coverage"
            and e.mip_share * task.work >= e.mip_seconds_per_pair * ctx.problem.n_pairs
        )
    if task.wall is None:
        return True
    return e.mip_share * task.wall >= e.mip_root_factor * ctx.lp_seconds
