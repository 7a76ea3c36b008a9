"""``replan``: apply the changes, freeze the past, keep the promises, solve again."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Literal

from ..changes import Changes, apply_changes
from ..errors import InputError
from ..model import Instance
from ..plan import Assignment, Plan
from ..records import ReplanRecord, StabilityRecord
from ..rules.eligibility import eligibility_problems
from ..rules.pair import staff_problems
from ..solver import SolveOptions, solve
from .compare import compare, untouched_pairs
from .params import DEFAULT_PARAMS, ReplanParams, stability_cost
from .passes import solve_in_passes
from .past import keep_off, respect_the_past
from .result import ReplanResult
from .start import start_plan

StartFrom = Literal["published", "greedy"]


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
            and m.needs_staff_pair
            and asg.staff in staff
            and not staff_problems(staff[asg.staff], m)
        ):
            out[(m.id, asg.staff)] = cost
    return out


def replan(
    instance: Instance,
    plan: Plan,
    changes: Changes,
    *,
    now: datetime | None = None,
    options: SolveOptions | None = None,
    start: StartFrom = "published",
    coverage_tolerance: float = 0.0,
    params: ReplanParams = DEFAULT_PARAMS,
) -> ReplanResult:
    """Apply ``changes`` to ``instance`` and re-plan, keeping ``plan`` wherever possible.

    ``now`` (default ``changes.now``; None: nothing is frozen) splits the frozen past from the
    future: every mission that started before it keeps exactly its published assignment.
    ``options`` are the solver's (time limit, seed, workers...); ``fixed``, ``stability`` and
    ``hint`` are set here. ``start``: ``"published"`` starts the search from the published plan,
    repaired and filled without moving anyone; ``"greedy"`` from the solver's own constructive plan
    (more coverage in a short time, most promises broken). ``coverage_tolerance`` (0 ≤ t < 1): the
    share of the best coverage value found that the re-plan may give up to keep published promises
    (0: coverage strictly first; see :mod:`.passes`). Bad changes, or a plan that does not belong to
    the instance, raise :class:`InputError`.
    """
    now = now if now is not None else changes.now
    if now is not None and now.tzinfo is not None:
        raise InputError([("now", "must be a local time (Europe/Brussels) without a UTC offset")])
    if start not in ("published", "greedy"):
        raise InputError([("start", f"{start!r} is neither 'published' nor 'greedy'")])
    if not 0.0 <= coverage_tolerance < 1.0:
        raise InputError([("coverage_tolerance", f"{coverage_tolerance!r} is not a share in [0, 1)")])
    plan.check_references(instance)
    changed = apply_changes(instance, changes, now=now)
    published = plan.assignment_of()
    frozen_ids = [m.id for m in changed.missions if now is not None and m.start < now]
    fixed: dict[str, Assignment | None] = {mid: published.get(mid) for mid in frozen_ids}
    changed, keep_off_days, notes = respect_the_past(changed, fixed, now)
    frozen = set(frozen_ids)
    base = options if options is not None else SolveOptions()
    requirements = list(base.requirements)
    if keep_off_days:
        requirements.append(keep_off(changed, keep_off_days, frozen))
    solve_options = base.with_(
        fixed={**base.fixed, **fixed},
        stability={**base.stability, **promises_of(changed, plan, frozen, now, params)},
        hint=start_plan(changed, plan, frozen, now) if start == "published" else None,
        requirements=requirements,
    )
    lexicographic = (base.mode or changed.policy.objective.mode) == "lexicographic"
    if coverage_tolerance and not lexicographic:
        raise InputError(
            [
                (
                    "coverage_tolerance",
                    "applies to the lexicographic order only; weighted mode "
                    "trades coverage through its weights",
                )
            ]
        )
    if lexicographic and solve_options.stability:
        result = solve_in_passes(changed, solve_options, coverage_tolerance, params)
    else:
        result = solve(changed, solve_options)
    new_plan = result.plan
    pairs, diff = compare(instance, changed, plan, new_plan, changes, frozen)
    untouched = untouched_pairs(changed, plan, changes, frozen)
    new_sets = {a.mission: {*a.ambassadors, a.staff} for a in new_plan.assignments}
    kept = sum(1 for mid, pid in untouched if pid in new_sets.get(mid, set()))
    new_plan.diff = diff
    new_plan.run = new_plan.run.model_copy(
        update={
            "replan": ReplanRecord(
                now=None if now is None else now.isoformat(timespec="minutes"),
                base_plan_sha256=hashlib.sha256(plan.to_json().encode("utf-8")).hexdigest(),
                changes_sha256=hashlib.sha256(changes.to_json().encode("utf-8")).hexdigest(),
                changes=len(changes.changes),
                frozen_missions=len(frozen_ids),
                start=start,
                coverage_tolerance=coverage_tolerance,
                untouched=len(untouched),
                untouched_kept=kept,
                stability=StabilityRecord(
                    base=params.base, urgency=params.urgency, horizon_days=params.horizon_days
                ),
            )
        }
    )
    counts = {k: sum(1 for p in pairs if p.status == k) for k in ("kept", "moved", "added", "dropped")}
    if result.status == "infeasible":
        notes.append(
            "the solver found no plan: "
            + "; ".join(f"{c.mission}/{c.person or '-'} {c.rule}: {c.message}" for c in result.conflicts)
        )
    return ReplanResult(
        instance=changed,
        plan=new_plan,
        solve=result,
        now=now,
        frozen=frozen_ids,
        counts=counts,
        pairs=pairs,
        untouched=untouched,
        untouched_kept=kept,
        notes=notes,
    )
