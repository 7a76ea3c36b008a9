"""``replan``: apply the changes, freeze the past, keep the promises, solve again."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ..changes import Changes, apply_changes
from ..errors import InputError
from ..model import Instance
from ..plan import Assignment, Plan
from ..records import ReplanRecord, StabilityRecord
from ..rules.eligibility import eligibility_problems
from ..rules.pair import pair_needed, staff_problems
from ..solver import SolveOptions, SolveResult, solve
from .compare import compare, untouched_pairs
from .params import DEFAULT_PARAMS, ReplanParams, stability_cost
from .passes import levels, solve_in_passes
from .past import keep_off, respect_the_past
from .result import ReplanResult
from .start import start_plan

StartFrom = Literal["published", "greedy"]
DEFAULT_TOLERANCE = 0.01


def promises_of(
    changed: Instance, plan: Plan, frozen: set[str], now: datetime | None, params: ReplanParams
) -> dict[tuple[str, str], int]:
    """Every published future (mission, person) pair that is still possible, with its cost if dropped."""
    published = plan.assignment_of()
    ambassadors = {a.id: a for a in changed.ambassadors}
    staff = {s.id: s for s in changed.staff}
    out: dict[tuple[str, str], int] = {}
    for m in changed.missions:
        asg = published.get(m.id)
        if asg is None or m.id in frozen:
            continue
        cost = stability_cost(m.start, now, params)
        for aid in asg.ambassadors:
            if aid in ambassadors and not eligibility_problems(changed, ambassadors[aid], m):
                out[(m.id, aid)] = cost
        if (
            asg.staff is not None
            and pair_needed(m)
            and asg.staff in staff
            and not staff_problems(staff[asg.staff], m)
        ):
            out[(m.id, asg.staff)] = cost
    return out


def _check_arguments(now: datetime | None, start: str, tolerance: float) -> None:
    problems = []
    if now is not None and now.tzinfo is not None:
        problems.append(("now", "must be a local time (Europe/Brussels) without a UTC offset"))
    if start not in ("published", "greedy"):
        problems.append(("start", f"{start!r} is neither 'published' nor 'greedy'"))
    if not 0.0 <= tolerance < 1.0:
        problems.append(("coverage_tolerance", f"{tolerance!r} is not a share in [0, 1)"))
    if problems:
        raise InputError(problems)


@dataclass
class _Setup:
    changed: Instance
    frozen: list[str]
    notes: list[str]
    options: SolveOptions


def _setup(
    instance: Instance,
    plan: Plan,
    changes: Changes,
    now: datetime | None,
    options: SolveOptions,
    start: StartFrom,
    params: ReplanParams,
) -> _Setup:
    """The changed year (with the past respected) and the solve's options: the frozen missions, the
    promises, the published start, people kept off the days of their frozen missions."""
    plan.check_references(instance)
    changed = apply_changes(instance, changes, now=now)
    published = plan.assignment_of()
    frozen_ids = [m.id for m in changed.missions if now is not None and m.start < now]
    fixed: dict[str, Assignment | None] = {mid: published.get(mid) for mid in frozen_ids}
    changed, keep_off_days, notes = respect_the_past(changed, fixed, now)
    frozen = set(frozen_ids)
    requirements = list(options.requirements)
    if keep_off_days:
        requirements.append(keep_off(changed, keep_off_days, frozen))
    solve_options = options.with_(
        fixed={**options.fixed, **fixed},
        stability={**options.stability, **promises_of(changed, plan, frozen, now, params)},
        hint=start_plan(changed, plan, frozen, now) if start == "published" else None,
        requirements=requirements,
    )
    return _Setup(changed, frozen_ids, notes, solve_options)


def replan(
    instance: Instance,
    plan: Plan,
    changes: Changes,
    *,
    now: datetime | None = None,
    options: SolveOptions | None = None,
    start: StartFrom = "published",
    coverage_tolerance: float | None = None,
    params: ReplanParams = DEFAULT_PARAMS,
) -> ReplanResult:
    """Apply ``changes`` to ``instance`` and re-plan, keeping ``plan`` wherever possible.

    ``now`` (default ``changes.now``; None: nothing is frozen) splits the frozen past from the
    future: every mission that started before it keeps exactly its published assignment.
    ``options`` are the solver's (time limit, seed, workers...); ``fixed``, ``stability`` and
    ``hint`` are set here. ``start``: ``"published"`` starts the search from the published plan,
    repaired and filled without moving anyone; ``"greedy"`` from the solver's own constructive plan.
    **Promises first** (DOMAIN.md section 8): ``coverage_tolerance`` (0 ≤ t < 1; default 0.01 in
    the lexicographic order) is the share of the best coverage value found that the re-plan may
    give up to keep published assignments no change touched; 0 puts coverage strictly first (see
    :mod:`.passes`). The weighted order trades coverage through its own weights: a tolerance there
    is bad input. Bad changes, or a plan that does not belong to the instance, raise
    :class:`InputError`.
    """
    now = now if now is not None else changes.now
    base = options if options is not None else SolveOptions()
    lexicographic = (base.mode or instance.policy.objective.mode) == "lexicographic"
    if coverage_tolerance is not None and not lexicographic:
        raise InputError(
            [
                (
                    "coverage_tolerance",
                    "applies to the lexicographic order only; weighted mode "
                    "trades coverage through its weights",
                )
            ]
        )
    tolerance = (
        coverage_tolerance if coverage_tolerance is not None else DEFAULT_TOLERANCE if lexicographic else 0.0
    )
    _check_arguments(now, start, tolerance)
    setup = _setup(instance, plan, changes, now, base, start, params)
    if lexicographic and setup.options.stability:
        result = solve_in_passes(setup.changed, setup.options, tolerance, params)
    else:
        result = solve(setup.changed, setup.options)
    return _result(instance, plan, changes, now, start, tolerance, params, setup, result)


def _result(
    instance: Instance,
    plan: Plan,
    changes: Changes,
    now: datetime | None,
    start: StartFrom,
    tolerance: float,
    params: ReplanParams,
    setup: _Setup,
    result: SolveResult,
) -> ReplanResult:
    new_plan, frozen = result.plan, set(setup.frozen)
    pairs, diff = compare(instance, setup.changed, plan, new_plan, changes, frozen)
    untouched = untouched_pairs(setup.changed, plan, changes, frozen)
    new_sets = {a.mission: {*a.ambassadors, a.staff} for a in new_plan.assignments}
    kept = sum(1 for mid, pid in untouched if pid in new_sets.get(mid, set()))
    coverage, _ = levels(setup.changed, setup.options, new_plan)
    passes = new_plan.solver.passes
    best = max([coverage, *[p.coverage_value for p in passes if p.coverage_value is not None]])
    new_plan.diff = diff
    new_plan.run = new_plan.run.model_copy(
        update={
            "replan": ReplanRecord(
                now=None if now is None else now.isoformat(timespec="minutes"),
                base_plan_sha256=hashlib.sha256(plan.to_json().encode("utf-8")).hexdigest(),
                changes_sha256=hashlib.sha256(changes.to_json().encode("utf-8")).hexdigest(),
                changes=len(changes.changes),
                frozen_missions=len(setup.frozen),
                start=start,
                coverage_tolerance=tolerance,
                untouched=len(untouched),
                untouched_kept=kept,
                coverage_best_found=best,
                coverage_bound=result.stages[0].lp_bound if result.stages else None,
                stability=StabilityRecord(
                    base=params.base, urgency=params.urgency, horizon_days=params.horizon_days
                ),
            )
        }
    )
    counts = {k: sum(1 for p in pairs if p.status == k) for k in ("kept", "moved", "added", "dropped")}
    notes = list(setup.notes)
    if result.status == "infeasible":
        notes.append(
            "the solver found no plan: "
            + "; ".join(f"{c.mission}/{c.person or '-'} {c.rule}: {c.message}" for c in result.conflicts)
        )
    return ReplanResult(
        instance=setup.changed,
        plan=new_plan,
        solve=result,
        now=now,
        frozen=setup.frozen,
        counts=counts,
        pairs=pairs,
        untouched=untouched,
        untouched_kept=kept,
        notes=notes,
    )
