"""One conversion from arrays to a :class:`~ambassade_opt.plan.Plan`: assignments in instance order,
every uncovered mission with its reason, the KPIs, and the solver and run records."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence

from .. import __version__
from ..compiled.solution import PlanArrays
from ..model import Instance
from ..plan import Assignment, Plan, PlanStatus, Unassigned
from ..records import ConflictRecord, EngineRecord, RunRecord, SolverRecord, StageRecord
from ..rules.state import PlanState
from .engines.base import SolveContext, assignments_of
from .options import SolveOptions

log = logging.getLogger(__name__)
NOT_EXPLAINED = "not covered (not explained: output.explain is off)"
GENERIC_REASON = (
    "not staffed: the eligible people are busy, at their caps, or the budget and group cap are spent "
    "on missions of higher value (rules 4-7)"
)


def instance_digest(instance: Instance) -> str:
    canonical = json.dumps(instance.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def run_record(instance: Instance, options: SolveOptions) -> RunRecord:
    import ortools  # type: ignore[import-untyped, unused-ignore]

    return RunRecord(
        input_digest=instance_digest(instance),
        seed=options.seed,
        workers=options.workers,
        time_limit=options.time_limit,
        mode=options.mode or instance.policy.objective.mode,
        library="ambassade_opt",
        library_version=__version__,
        ortools_version=ortools.__version__,  # type: ignore[attr-defined, unused-ignore]
    )


def solver_record(
    instance: Instance,
    options: SolveOptions,
    stages: Sequence[StageRecord],
    build_seconds: float,
    solve_seconds: float,
) -> SolverRecord:
    timings = options.include_timings()
    first = stages[0] if stages else None
    stopped = next((s.stopped_by for s in stages if s.stopped_by == "interrupt"), None)
    return SolverRecord(
        objective=None if first is None else first.objective,
        bound=None if first is None else first.bound,
        gap=None if first is None else first.gap,
        wall_seconds=round(build_seconds + solve_seconds, 3) if timings else None,
        build_seconds=round(build_seconds, 3) if timings else None,
        stages=[s if timings else s.model_copy(update={"seconds": None}) for s in stages],
        engine=EngineRecord(
            name="cp-sat + highs (per stage, see stages)" if options.params.engines.highs else "cp-sat",
            workers=options.workers,
            seed=options.seed,
            time_limit=options.time_limit,
            deterministic=options.deterministic,
            mode=options.mode or instance.policy.objective.mode,
        ),
        stopped_by=stopped,
    )


def to_plan(
    ctx: SolveContext,
    plan: PlanArrays | None,
    status: PlanStatus,
    stages: Sequence[StageRecord],
    build_seconds: float,
    solve_seconds: float,
) -> Plan:
    """The plan file of a solve (DOMAIN.md section 6)."""
    from ..scoring import kpis

    instance = ctx.instance
    assignments = [] if plan is None else assignments_of(ctx.problem, plan)
    covered = {a.mission for a in assignments}
    reasons = unassigned_reasons(ctx, assignments)
    result = Plan(
        status=status,
        assignments=assignments,
        unassigned=[
            Unassigned(mission=m.id, reason=reasons[m.id]) for m in instance.missions if m.id not in covered
        ],
        solver=solver_record(instance, ctx.options, stages, build_seconds, solve_seconds),
        run=run_record(instance, ctx.options),
    )
    result.kpis = kpis(instance, result, ctx.options.match_weights)
    return result


def unassigned_reasons(ctx: SolveContext, assignments: list[Assignment]) -> dict[str, str]:
    """Why each uncovered mission is uncovered: the explanation, or the rules' own words."""
    from ..explain import explain_unassigned

    covered = {a.mission for a in assignments}
    if not ctx.params.output.explain:
        return {m.id: NOT_EXPLAINED for m in ctx.instance.missions if m.id not in covered}
    try:
        reasons = dict(explain_unassigned(ctx.instance, assignments, problem=ctx.problem))
    except Exception:  # an explanation must never cost the plan itself
        log.exception("explain_unassigned failed; using the rules' own reasons")
        reasons = {}
    state = PlanState.of_assignments(ctx.problem, assignments)
    for m, mission in enumerate(ctx.instance.missions):
        if mission.id not in covered and not str(reasons.get(mission.id, "")).strip():
            found = state.mission_problems(m)
            reasons[mission.id] = found[0][1] if found else (GENERIC_REASON)
    return reasons


def infeasible_plan(instance: Instance, options: SolveOptions, conflicts: Sequence[ConflictRecord]) -> Plan:
    text = "; ".join(f"{c.mission}/{c.person or '-'}: rule {c.rule}: {c.message}" for c in conflicts)
    return Plan(
        status="infeasible",
        assignments=[],
        unassigned=[
            Unassigned(mission=m.id, reason=f"no plan: the pins break a rule ({text})")
            for m in instance.missions
        ],
        solver=SolverRecord(conflicts=list(conflicts)),
        run=run_record(instance, options),
    )
