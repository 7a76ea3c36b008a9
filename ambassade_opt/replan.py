"""Re-plan during the year with as little disruption as possible (DOMAIN.md section 8).

Published assignments are promises. :func:`replan` applies the changes, then solves again with

* **the frozen past**: every mission that started before ``now`` keeps exactly its published
  assignment (or stays uncovered), even if one of its people has since been marked unavailable —
  what happened, happened (:attr:`SolveOptions.fixed`);
* **stability** right after coverage in the lexicographic order: each published (mission, person)
  pair that is still possible costs, if dropped,

      cost(m) = BASE + ⌈URGENCY · max(0, HORIZON − d) / HORIZON⌉,   d = days from ``now`` to m.start

  with BASE = 10, URGENCY = 90, HORIZON = 60 days: a change two months or more ahead costs 10
  points, a change for tomorrow about 100 — people need time to re-arrange, so late changes are
  the last resort. (Without ``now``, every drop costs BASE.) Then rotation, match and cost as in a
  fresh plan. Coverage stays first: a change never costs covered missions.

How it is solved (lexicographic mode): the search starts from the published plan, repaired
(people who can no longer go leave; assignments a rule now rejects are emptied) and filled
without moving anyone. A first pass maximises K · coverage − stability with K = Σ stability + 1 —
exactly "coverage, then stability", but in one objective, so that among plans of equal coverage
the search stays with the published one; a second pass runs the usual stages with the first
pass's coverage and stability as floors. ``start="greedy"`` starts from the solver's own
constructive plan instead (more coverage in a short time, most promises broken).

Coverage first has a price: on generated M years with 10 % of the active ambassadors cancelled from
July, every point of coverage won back moves people (the group cap is full, and the cancelled stay
active through their first-half missions). HiGHS bounds every plan keeping the frozen past at
98.3–99.0 % of the coverage of a fresh plan made with hindsight (seeds 1 and 2, fresh plans found in
60 s), and on seed 1 every one which also keeps 95 % of the untouched assignments at 98.95 % of the
plan found with the same past (benchmarks/bench_replan.py, results/replan*.md).
``coverage_tolerance`` lets the coordinator choose the point on that frontier: a promises pass keeps
at least ⌈(1 − t) · C⌉ of pass 1's coverage C with as few changes as it can find, before the usual
stages (seed 1, t = 0.002: 92 % of the untouched assignments kept, 96 % with the frozen past
counted, 0.8 % below the plan with the same past). C is what pass 1 finds in its share of the time,
which is smaller with a tolerance than without: a tolerance below about 0.5 % may end below the
strict re-plan's coverage by more than itself.

The new plan carries a ``diff`` entry for every mission whose people (or time) changed; the
:class:`ReplanResult` also counts every published (mission, person) pair as kept, moved (kept on a
mission that moved), added or dropped, each with its reason.

The instance written out is the changed one, with one adjustment that keeps it truthful: a new
unavailability never covers a day on which the person was on a frozen mission (they were there);
those days are carved out of the range, and the person is kept off every other mission touching
them.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, Literal

from ortools.sat.python import cp_model
from pydantic import BaseModel, ConfigDict

from .changes import AddMission, Changes, MoveMission, SetSeats, Unavailable, apply_changes
from .errors import InputError
from .model import Ambassador, DateRange, Instance, Mission, Staff, touched_dates
from .plan import Assignment, DiffEntry, Plan, PlanStatus
from .rules import check
from .rules.eligibility import eligibility_problems
from .rules.pair import staff_problems
from .solver import ModelContext, SolveOptions, SolveResult, solve
from .solver.objective import stability_terms
from .suggest import fill_uncovered

STABILITY_BASE = 10
STABILITY_URGENCY = 90
STABILITY_HORIZON_DAYS = 60

PairStatus = Literal["kept", "moved", "added", "dropped"]
StartFrom = Literal["published", "greedy"]


def stability_cost(mission_start: datetime, now: datetime | None) -> int:
    """Points lost for not keeping one published person on a mission starting at ``mission_start``."""
    if now is None:
        return STABILITY_BASE
    days = max(0.0, (mission_start - now).total_seconds() / 86400.0)
    urgency = max(0.0, STABILITY_HORIZON_DAYS - days) / STABILITY_HORIZON_DAYS
    return STABILITY_BASE + math.ceil(STABILITY_URGENCY * urgency)


class PairChange(BaseModel):
    """What happened to one (mission, person) pair between the published plan and the new one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mission: str
    person: str
    role: Literal["ambassador", "staff"]
    status: PairStatus
    why: str


class ReplanResult(BaseModel):
    """The changed instance, the new plan (with its ``diff``), and what changed for whom."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    instance: Instance
    plan: Plan
    solve: SolveResult
    now: datetime | None
    frozen: list[str]
    counts: dict[str, int]
    pairs: list[PairChange]
    untouched_kept: int
    notes: list[str]
    # the published future (mission, person) pairs no change touched
    untouched: list[tuple[str, str]] = []

    @property
    def untouched_pairs(self) -> int:
        return len(self.untouched)

    @property
    def untouched_kept_ratio(self) -> float:
        """Share of the published future pairs on missions no change touched that the new plan keeps."""
        return self.untouched_kept / self.untouched_pairs if self.untouched_pairs else 1.0

    def summary(self) -> str:
        c = self.counts
        lines = [
            f"re-plan {self.plan.status}: {len(self.frozen)} missions frozen (started before "
            f"{self.now.isoformat(timespec='minutes') if self.now else '-'}), "
            f"{len(self.plan.diff or [])} missions changed",
            f"  people on missions: kept {c['kept']}, moved with their mission {c['moved']}, "
            f"added {c['added']}, dropped {c['dropped']}",
            f"  untouched by the changes: {self.untouched_kept}/{self.untouched_pairs} kept "
            f"({100 * self.untouched_kept_ratio:.1f} %)",
            f"  coverage value {self.plan.kpis.get('coverage_value')} of "
            f"{self.plan.kpis.get('coverage_value_max')}",
        ]
        promises = [p for p in self.plan.solver.get("passes", []) if p.get("name") == "promises"]
        if promises:
            best = self.plan.solver["passes"][0].get("coverage_value")
            tolerance = self.plan.run.get("replan", {}).get("coverage_tolerance", 0.0)
            lines.append(f"  coverage tolerance {100 * tolerance:g} %: best coverage found {best}, floor "
                         f"{promises[0]['coverage_floor']}; the rest could be traded for kept promises")
        reasons: dict[str, int] = defaultdict(int)
        for p in self.pairs:
            if p.status in ("added", "dropped"):
                reasons[f"{p.status}: {p.why}"] += 1
        for text, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))[:12]:
            lines.append(f"    {n:4d} × {text}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------


def replan(instance: Instance, plan: Plan, changes: Changes, *, now: datetime | None = None,
           options: SolveOptions | None = None, start: StartFrom = "published",
           coverage_tolerance: float = 0.0) -> ReplanResult:
    """Apply ``changes`` to ``instance`` and re-plan, keeping ``plan`` wherever possible.

    ``now`` (default ``changes.now``; ``None``: nothing is frozen) splits the frozen past from the
    future. ``options`` are the solver's (time limit, seed, workers...); ``fixed``, ``stability``
    and ``hint`` are set here. Bad changes, or a plan that does not belong to the instance, raise
    :class:`InputError`.

    ``start``: where the search starts. ``"published"`` (default): the published plan, repaired and
    filled without moving anyone — within a time limit the search then finds the coverage it can
    reach with few changes. ``"greedy"``: the solver's own constructive plan around the frozen past
    — more coverage within a short time limit, but most promises of the published plan are broken
    (the stability stage can only win back what it finds in its share of the time). The objective
    is the same either way; only the time-limited outcome differs.

    ``coverage_tolerance`` (0 ≤ t < 1, default 0: coverage strictly first): the share of coverage
    value the re-plan may give up to keep published promises. The plan keeps at least
    ⌈(1 − t) · C⌉ of coverage value, C being the best coverage the search found, and among such
    plans breaks as few promises as it can (then rotation, match, cost). Coordinators who would
    rather not call twenty people to win one low-priority debate set it to 0.01 or so.
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
    changed, keep_off, notes = _respect_the_past(changed, fixed, now)

    stability: dict[tuple[str, str], int] = {}
    frozen = set(frozen_ids)
    ambassadors = {a.id: a for a in changed.ambassadors}
    staff = {s.id: s for s in changed.staff}
    for m in changed.missions:
        asg = published.get(m.id)
        if asg is None or m.id in frozen:
            continue
        cost = stability_cost(m.start, now)
        for aid in asg.ambassadors:
            if aid in ambassadors and not eligibility_problems(changed, ambassadors[aid], m):
                stability[(m.id, aid)] = cost
        if asg.staff is not None and m.needs_staff_pair and asg.staff in staff \
                and not staff_problems(staff[asg.staff], m):
            stability[(m.id, asg.staff)] = cost

    base = options if options is not None else SolveOptions()
    extra = list(base.extra_constraints)
    if keep_off:
        extra.append(_keep_off_constraint(changed, keep_off))
    hint = _start_plan(changed, plan, frozen, now) if start == "published" else None
    solve_options = base.model_copy(update={
        "fixed": {**base.fixed, **fixed}, "stability": {**base.stability, **stability},
        "hint": hint, "greedy_hint": True, "extra_constraints": extra,
    })
    lexicographic = (base.mode or changed.policy.objective.mode) == "lexicographic"
    if coverage_tolerance and not lexicographic:
        raise InputError([("coverage_tolerance", "applies to the lexicographic order only; weighted mode "
                                                 "trades coverage through its weights")])
    if lexicographic and solve_options.stability:
        result = _solve_in_passes(changed, solve_options, coverage_tolerance)
    else:
        result = solve(changed, solve_options)
    new_plan = result.plan

    pairs, diff = _compare(instance, changed, plan, new_plan, changes, frozen)
    new_plan.diff = diff
    new_plan.run = {**new_plan.run, "replan": {
        "now": None if now is None else now.isoformat(timespec="minutes"),
        "base_plan_sha256": hashlib.sha256(plan.to_json().encode("utf-8")).hexdigest(),
        "changes_sha256": hashlib.sha256(changes.to_json().encode("utf-8")).hexdigest(),
        "changes": len(changes.changes), "frozen_missions": len(frozen_ids), "start": start,
        "coverage_tolerance": coverage_tolerance,
        "stability": {"base": STABILITY_BASE, "urgency": STABILITY_URGENCY,
                      "horizon_days": STABILITY_HORIZON_DAYS},
    }}
    counts = {k: sum(1 for p in pairs if p.status == k) for k in ("kept", "moved", "added", "dropped")}
    untouched = _untouched_pairs(changed, plan, changes, frozen)
    new_sets = {a.mission: {*a.ambassadors, a.staff} for a in new_plan.assignments}
    untouched_kept = sum(1 for mid, pid in untouched if pid in new_sets.get(mid, set()))
    if result.status == "infeasible":
        notes.append("the solver found no plan: " + "; ".join(
            f"{c.mission}/{c.person or '-'} {c.rule}: {c.message}" for c in result.conflicts))
    return ReplanResult(instance=changed, plan=new_plan, solve=result, now=now, frozen=frozen_ids,
                        counts=counts, pairs=pairs, untouched=untouched, untouched_kept=untouched_kept,
                        notes=notes)


FIRST_PASS_SHARE = 0.6
# With a coverage tolerance the time is cut in three: coverage+stability, promises, the rest. The
# promises pass gets nearly half: enough for the engine to start with HiGHS's root node on the whole
# re-plan (M year, 1 % tolerance, one worker, 60 s: 96 % of the untouched assignments kept, against
# 92 % with a quarter of the time; its 11,000 free pairs need 17 s), the last pass only polishes.
TOLERANT_SHARES = (0.4, 0.45)
# A climb that stops short of its floor (small tolerances: the floor is almost pass 1's coverage)
# leaves two plans: pass 1's, above the floor with many changes, and the climb's, below it with few.
# A crossover between them gets this share of the time, taken from the last pass (whose share it
# needs nearly whole: HiGHS's root node of the missions on which they differ).
CROSSOVER_SHARE = 0.12
# Pass 2 starts at pass 1's coverage: most of its time goes to winning back published promises that
# pass 1's search broke on the way (M year, 10 % cancelled, 60 s: 76 % → 82 % of the untouched
# assignments kept at the same coverage), unless the caller set its own shares.
SECOND_PASS_SHARES = {"coverage": 0.1, "stability": 0.5, "rotation": 0.2, "match": 0.15, "cost": 0.05}
_NO_WEIGHTS = {"coverage": 0.0, "stability": 0.0, "rotation": 0.0, "match": 0.0, "cost": 0.0}


def _solve_in_passes(instance: Instance, options: SolveOptions, tolerance: float) -> SolveResult:
    """Coverage, then stability, kept together in the first pass; the rest in the last.

    Pass 1 maximises ``K · coverage − stability`` with K = Σ stability costs + 1: exactly the
    lexicographic order of the first two levels (one point of coverage outweighs every change),
    but in one objective, so that among plans of equal coverage the search keeps the published
    one instead of wandering to another and having to find its way back. With a ``tolerance``, a
    promises pass then looks for the fewest changes that keep ⌈(1 − tolerance) · coverage⌉ of pass
    1's coverage (:func:`_promises_options`). The last pass solves the usual stages (coverage,
    stability, rotation, match, cost) with the levels reached so far as hard floors and the plan so
    far as its start. The time limit covers every pass (pass 1 gets 60 % of it, or 40 % and the
    promises pass 45 %, plus 12 % for a crossover when the promises pass stops short of its floor
    (:func:`_crossover_options`); the last pass the rest).
    """
    t0 = time.perf_counter()
    limit = options.time_limit
    first_share, promises_share = TOLERANT_SHARES if tolerance else (FIRST_PASS_SHARE, 0.0)

    def budget(ends_at: float, share: float) -> float | None:
        """Seconds for a pass with ``share`` of the limit, meant to end at ``ends_at`` of it."""
        if limit is None:
            return None
        if options.deterministic:  # a fixed split: the plan must not depend on the wall clock
            return share * limit
        # a pass that started late still gets a little time, never more than its share
        return max(ends_at * limit - (time.perf_counter() - t0), min(share, 0.1) * limit)

    k = sum(options.stability.values()) + 1
    first = solve(instance, options.model_copy(update={
        "mode": "weighted", "lp_bound": False,
        "weights": {**_NO_WEIGHTS, "coverage": float(k), "stability": 1.0},
        "time_limit": budget(first_share, first_share),
    }))
    if first.status in ("infeasible", "unknown"):
        return first
    best, best_name = first, "coverage+stability"
    build_seconds = first.build_seconds
    coverage, changes = _levels(instance, options, first.plan)
    passes: list[dict[str, Any]] = [
        {"name": "coverage+stability", "k": k, "status": first.status, "coverage_value": coverage,
         "stability_cost": changes, **_solver_figures(first)}]
    used = first_share  # of the time limit, by the passes so far
    if tolerance:
        floor = math.ceil((1.0 - tolerance) * coverage - 1e-9)
        used += promises_share
        promises = solve(instance, _promises_options(instance, options, first.plan, floor, k,
                                                     budget(used, promises_share)))
        build_seconds += promises.build_seconds
        for name in ("promises", "crossover"):
            if promises.status in ("infeasible", "unknown"):
                break
            p_coverage, p_changes = _levels(instance, options, promises.plan)
            passes.append({"name": name, "coverage_floor": floor, "status": promises.status,
                           "coverage_value": p_coverage, "stability_cost": p_changes,
                           **_solver_figures(promises)})
            if p_coverage >= floor:
                if p_changes <= changes:
                    best, best_name, coverage, changes = promises, name, p_coverage, p_changes
                break
            if name == "promises":  # short of the floor
                used += CROSSOVER_SHARE
                promises = solve(instance, _crossover_options(instance, options, first.plan, promises.plan,
                                                              floor, budget(used, CROSSOVER_SHARE)))
                build_seconds += promises.build_seconds
    shares = options.stage_shares
    if shares == SolveOptions().stage_shares:
        shares = SECOND_PASS_SHARES
    last = solve(instance, options.model_copy(update={
        "time_limit": budget(1.0, 1.0 - used),
        "hint": best.plan, "lp_bound": True, "stage_shares": shares,
        "extra_constraints": [*options.extra_constraints, _floors(coverage, changes)],
    }))
    # Without a plan from the last pass (its share of a very short limit spent), the plan so far
    # stands: it keeps the levels reached, but rotation, match and cost were not optimised.
    finished = last.status not in ("infeasible", "unknown")
    final = last if finished else best
    proven = finished and all(p["status"] == "optimal" for p in passes) and last.status == "optimal"
    status: PlanStatus = "optimal" if proven else "feasible"
    plan = final.plan.model_copy(update={"status": status, "run": {**final.plan.run, "time_limit": limit}})
    engine = plan.solver.get("engine")
    if isinstance(engine, dict):
        plan.solver["engine"] = {**engine, "time_limit": limit}
    plan.solver = {**plan.solver, "passes": [*passes, {"name": "lexicographic", "status": last.status}]}
    stages = [first.stages[0].model_copy(update={"name": "coverage+stability"})]
    if best is not first:
        stages.append(best.stages[0].model_copy(update={"name": best_name}))
    return SolveResult(status=status, plan=plan, stages=[*stages, *(last.stages if finished else [])],
                       build_seconds=build_seconds + last.build_seconds,
                       solve_seconds=time.perf_counter() - t0, gap=final.gap, conflicts=last.conflicts)


def _promises_options(instance: Instance, options: SolveOptions, best: Plan, floor: int, k: int,
                      time_limit: float | None) -> SolveOptions:
    """The promises pass: the fewest changes that keep ``floor`` of coverage value.

    From the published start (every promise still possible kept), it climbs as pass 1 does — one
    point of coverage outweighs every change — but no higher than the floor: the cheapest changes
    that reach it, which a search walking back from pass 1's plan finds less easily (M year, 1 %
    tolerance, one worker, 60 s: 812 points of changes instead of 890). If the search stops short
    of the floor, pass 1's plan stands. Without a published start (``start="greedy"``), from pass
    1's plan: the fewest changes with coverage ≥ floor, coverage breaking ties.
    """
    start = options.hint
    if start is None:
        return _fewest_changes_options(instance, options, best, floor, time_limit)
    start_coverage, _ = _levels(instance, options, start)
    cap = max(floor, start_coverage)  # above the floor, coverage would only cost promises
    return options.model_copy(update={
        "mode": "weighted", "lp_bound": False, "hint": start, "greedy_hint": False, "time_limit": time_limit,
        "weights": {**_NO_WEIGHTS, "coverage": float(k), "stability": 1.0},
        "extra_constraints": [*options.extra_constraints, _coverage_at_most(cap)]})


def _fewest_changes_options(instance: Instance, options: SolveOptions, start: Plan, floor: int,
                            time_limit: float | None) -> SolveOptions:
    """From ``start`` (coverage ≥ ``floor``): the fewest changes with coverage ≥ ``floor``,
    coverage breaking ties."""
    k_changes = sum(m.priority for m in instance.missions) + 1
    return options.model_copy(update={
        "mode": "weighted", "lp_bound": False, "hint": start, "time_limit": time_limit,
        "weights": {**_NO_WEIGHTS, "coverage": 1.0, "stability": float(k_changes)},
        "extra_constraints": [*options.extra_constraints, _floors(floor, None)]})


def _crossover_options(instance: Instance, options: SolveOptions, above: Plan, short: Plan, floor: int,
                       time_limit: float | None) -> SolveOptions:
    """The fewest changes with coverage ≥ ``floor``, between two plans: ``above`` (pass 1's, over
    the floor) and ``short`` (a climb that stopped below it, with far fewer changes).

    Every mission on which the two agree keeps that assignment (as the frozen past does); the
    missions on which they differ are re-planned from ``above``. The program left is small enough
    for HiGHS's root node within a few seconds, and holds both plans' ways of covering: M year,
    seed 2, 0.2 % tolerance, pass 1 at 2,443 with 2,907 points of changes, the climb at 2,438 with
    941 for a floor of 2,439 — 382 of 522 future missions agree, and 8 s of crossover give 2,439
    with 961.
    """
    ours, theirs = above.assignment_of(), short.assignment_of()
    fixed = dict(options.fixed)
    for m in instance.missions:
        if m.id not in fixed and _same_people(ours.get(m.id), theirs.get(m.id)):
            fixed[m.id] = ours.get(m.id)
    return _fewest_changes_options(instance, options.model_copy(update={"fixed": fixed}), above, floor,
                                   time_limit)


def _same_people(a: Assignment | None, b: Assignment | None) -> bool:
    if a is None or b is None:
        return a is b
    return sorted(a.ambassadors) == sorted(b.ambassadors) and a.staff == b.staff


def _coverage(ctx: ModelContext) -> cp_model.LinearExprT:
    return cp_model.LinearExpr.weighted_sum(ctx.covered, ctx.data.m_priority.tolist())


def _coverage_at_most(cap: int) -> Callable[[ModelContext], None]:
    def constrain(ctx: ModelContext) -> None:
        ctx.model.add(_coverage(ctx) <= cap)

    return constrain


def _solver_figures(result: SolveResult) -> dict[str, Any]:
    return {key: result.plan.solver.get(key) for key in ("objective", "bound", "gap")}


def _levels(instance: Instance, options: SolveOptions, plan: Plan) -> tuple[int, int]:
    """(coverage value, stability cost) of ``plan``."""
    covered = plan.assignment_of()
    coverage = sum(m.priority for m in instance.missions if m.id in covered)
    kept = {(a.mission, p) for a in plan.assignments for p in [*a.ambassadors, a.staff] if p}
    return coverage, sum(c for key, c in options.stability.items() if key not in kept)


def _floors(coverage: int, changes: int | None) -> Callable[[ModelContext], None]:
    """Later passes may not lose coverage nor break more promises than the earlier ones did."""

    def constrain(ctx: ModelContext) -> None:
        ctx.model.add(_coverage(ctx) >= coverage)
        terms, offset = stability_terms(ctx)
        if terms and changes is not None:
            ctx.model.add(cp_model.LinearExpr.weighted_sum([t[0] for t in terms], [t[1] for t in terms])
                          + offset <= changes)

    return constrain


def _start_plan(changed: Instance, plan: Plan, frozen: set[str], now: datetime | None) -> Plan:
    """The solver's starting point: the published plan, repaired, then filled.

    Repaired: people who can no longer be on a mission leave it; a future mission whose remaining
    assignment breaks a rule (too few seats, a lost staff pair or proposer, a moved mission now
    overlapping, a cap) is emptied. Filled: uncovered future missions, highest priority first, get
    the best people who need no move (:func:`ambassade_opt.suggest.fill_uncovered`). Nobody who
    was kept is moved, so the start keeps every promise still possible.
    """
    ambassadors = {a.id: a for a in changed.ambassadors}
    staff = {s.id: s for s in changed.staff}
    missions = {m.id: m for m in changed.missions}
    kept: dict[str, Assignment] = {}
    for asg in plan.assignments:
        m = missions.get(asg.mission)
        if m is None:
            continue
        if m.id in frozen:
            kept[m.id] = asg
            continue
        people = [aid for aid in asg.ambassadors
                  if aid in ambassadors and not eligibility_problems(changed, ambassadors[aid], m)]
        pair = asg.staff if m.needs_staff_pair and asg.staff in staff \
            and not staff_problems(staff[asg.staff], m) else None
        kept[m.id] = Assignment(mission=m.id, ambassadors=people[:m.seats_max], staff=pair)
    for _ in range(5):  # each round empties the missions a rule still objects to
        violations = check(changed, list(kept.values()))
        if not violations:
            break
        broken: set[str] = set()
        for v in violations:
            named = {x for x in (v.mission, v.other_mission) if x is not None and x not in frozen}
            if not named and v.person is not None:  # a cap of one person: drop their latest mission
                theirs = [mid for mid, a in kept.items() if mid not in frozen
                          and (v.person in a.ambassadors or v.person == a.staff)]
                named = set(sorted(theirs, key=lambda mid: missions[mid].start)[-1:])
            broken |= named
        for mid in broken:
            kept.pop(mid, None)
    else:  # still broken: start from the frozen past only
        kept = {mid: a for mid, a in kept.items() if mid in frozen}
    remaining = sorted((m for m in changed.missions if m.id not in kept and m.id not in frozen),
                       key=lambda m: (-m.priority, m.start, m.id))
    filled = fill_uncovered(changed, kept.values(), [m.id for m in remaining], now=now)
    return Plan(status="feasible", assignments=filled)


# --------------------------------------------------------------------------------------------
# The frozen past in the changed instance


def _carve(spans: list[DateRange], days: set[date]) -> list[DateRange]:
    """``spans`` without ``days``: a range around a carved day is split in two."""
    out: list[DateRange] = []
    for span in spans:
        inside = sorted(d for d in days if span.start <= d <= span.end)
        start = span.start
        for d in inside:
            if start < d:
                out.append(DateRange(start=start, end=d - timedelta(days=1)))
            start = d + timedelta(days=1)
        if start <= span.end:
            out.append(DateRange(start=start, end=span.end))
    return out


def _respect_the_past(instance: Instance, fixed: dict[str, Assignment | None], now: datetime | None,
                      ) -> tuple[Instance, dict[str, set[date]], list[str]]:
    """Carve the days of frozen missions out of their people's unavailability.

    Returns the adjusted instance, the carved days per person (they must stay off every other
    mission touching those days) and plain-words notes.
    """
    if now is None:
        return instance, {}, []
    missions = {m.id: m for m in instance.missions}
    people: dict[str, Ambassador | Staff] = {a.id: a for a in instance.ambassadors}
    people.update({s.id: s for s in instance.staff})
    carved: dict[str, set[date]] = defaultdict(set)
    for mid, asg in sorted(fixed.items()):
        if asg is None:
            continue
        m = missions[mid]
        on = [*asg.ambassadors, *([asg.staff] if asg.staff is not None else [])]
        for pid in on:
            person = people.get(pid)
            if person is None:
                continue
            for day in touched_dates(m.start, m.end):
                if any(r.contains(day) for r in person.unavailable):
                    carved[pid].add(day)
    if not carved:
        return instance, {}, []
    notes = []
    raw = instance.model_dump(mode="python")
    for entry in [*raw["ambassadors"], *raw["staff"]]:
        days = carved.get(entry["id"])
        if days:
            spans = [DateRange.model_validate(r) for r in entry["unavailable"]]
            entry["unavailable"] = [r.model_dump() for r in _carve(spans, days)]
            shown = ", ".join(d.isoformat() for d in sorted(days))
            notes.append(f"{entry['id']} was on a mission that had started before now on {shown}: "
                         "that day is kept out of their unavailability, and they get no other mission on it")
    return Instance.model_validate(raw), dict(carved), notes


def _keep_off_constraint(instance: Instance,
                         keep_off: dict[str, set[date]]) -> Callable[[ModelContext], None]:
    """People stay off every non-frozen mission touching a day carved out for the frozen past."""
    missions = {m.id: m for m in instance.missions}

    def constrain(ctx: ModelContext) -> None:
        data = ctx.data
        amb = {aid: i for i, aid in enumerate(data.ambassador_ids)}
        staff = {sid: i for i, sid in enumerate(data.staff_ids)}
        frozen = set(ctx.options.fixed)
        for m_idx, mid in enumerate(data.mission_ids):
            if mid in frozen:
                continue
            m = missions[mid]
            days = set(touched_dates(m.start, m.end))
            for pid, carved in keep_off.items():
                if not days & carved:
                    continue
                if pid in amb and (amb[pid], m_idx) in ctx.x:
                    ctx.model.add(ctx.x[(amb[pid], m_idx)] == 0)
                if pid in staff and (staff[pid], m_idx) in ctx.staff_x:
                    ctx.model.add(ctx.staff_x[(staff[pid], m_idx)] == 0)

    return constrain


# --------------------------------------------------------------------------------------------
# What changed


def _unavailability_hits(changes: Changes) -> dict[str, list[Unavailable]]:
    out: dict[str, list[Unavailable]] = defaultdict(list)
    for c in changes.changes:
        if isinstance(c, Unavailable):
            out[c.person].append(c)
    return out


def _hit(hits: list[Unavailable], m: Mission) -> Unavailable | None:
    days = touched_dates(m.start, m.end)
    for c in hits:
        if any(c.start <= d <= c.end for d in days):
            return c
    return None


def _mission_reasons(changes: Changes) -> dict[str, str]:
    reasons: dict[str, str] = {}
    for c in changes.changes:
        if isinstance(c, AddMission):
            reasons[c.mission.id] = "new mission"
        elif isinstance(c, MoveMission):
            reasons.setdefault(c.mission, "mission moved")
        elif isinstance(c, SetSeats):
            reasons[c.mission] = f"seats changed to {c.seats_min}..{c.seats_max}"
    return reasons


def _untouched_pairs(new: Instance, plan: Plan, changes: Changes, frozen: set[str]) -> list[tuple[str, str]]:
    """Published (mission, person) pairs of the future whose mission assignment no change touched.

    A mission's assignment is touched when the mission itself changed (moved, re-seated, removed)
    or when one of its people became unavailable on it: then its other people may legitimately be
    re-arranged too (a two-person team may be better replaced whole).
    """
    hits = _unavailability_hits(changes)
    touched = set(_mission_reasons(changes))
    new_missions = {m.id: m for m in new.missions}
    out: list[tuple[str, str]] = []
    for asg in plan.assignments:
        m = new_missions.get(asg.mission)
        if m is None or m.id in frozen or m.id in touched:
            continue
        people = [*asg.ambassadors, *([asg.staff] if asg.staff is not None else [])]
        if any(_hit(hits.get(pid, []), m) is not None for pid in people):
            continue
        out.extend((m.id, pid) for pid in people)
    return out


def _compare(old: Instance, new: Instance, before: Plan, after: Plan, changes: Changes,
             frozen: set[str]) -> tuple[list[PairChange], list[DiffEntry]]:
    hits = _unavailability_hits(changes)
    mission_reason = _mission_reasons(changes)
    old_missions = {m.id: m for m in old.missions}
    new_missions = {m.id: m for m in new.missions}
    moved = {mid for mid, why in mission_reason.items() if why == "mission moved"}
    removed = set(old_missions) - set(new_missions)
    b_asg, a_asg = before.assignment_of(), after.assignment_of()
    unassigned_reason = {u.mission: u.reason for u in after.unassigned}
    order = [m.id for m in old.missions] + [m.id for m in new.missions if m.id not in old_missions]

    pairs: list[PairChange] = []
    diff: list[DiffEntry] = []
    for mid in order:
        b, a = b_asg.get(mid), a_asg.get(mid)
        if b is None and a is None:
            continue
        m_new = new_missions.get(mid)
        b_people = _people(b)
        a_people = _people(a)
        whys: list[str] = []
        for pid, role in b_people.items():
            if pid in a_people:
                status: PairStatus = "moved" if mid in moved else "kept"
                why = "mission moved" if status == "moved" else "kept"
            else:
                status = "dropped"
                why = _drop_reason(pid, mid, m_new, removed, hits, mission_reason)
                whys.append(why)
            pairs.append(PairChange(mission=mid, person=pid, role=role, status=status, why=why))
        dropped_here = [p for p in b_people if p not in a_people]
        for pid, role in a_people.items():
            if pid in b_people:
                continue
            if mid in mission_reason and mission_reason[mid] == "new mission":
                why = "new mission"
            elif dropped_here:
                why = f"replaces {', '.join(dropped_here)}"
            elif b is None:
                why = "mission now covered"
            else:
                why = mission_reason.get(mid, "re-optimised")
            pairs.append(PairChange(mission=mid, person=pid, role=role, status="added", why=why))
            if not whys:
                whys.append(why)
        if b_people == a_people and mid not in moved:
            continue
        if a is None and mid not in removed:
            reason = unassigned_reason.get(mid, "").removeprefix("not covered: ")
            whys.append(f"no longer covered ({reason})" if reason else "no longer covered")
        if mid in moved:
            whys.insert(0, "mission moved")
        if mid in removed:
            whys = ["mission removed"]
        diff.append(DiffEntry(
            mission=mid, before=_view(b, old_missions.get(mid), mid in moved),
            after=_view(a, m_new, mid in moved), why="; ".join(dict.fromkeys(whys)) or "re-optimised"))
    return pairs, diff


def _people(asg: Assignment | None) -> dict[str, Literal["ambassador", "staff"]]:
    if asg is None:
        return {}
    out: dict[str, Literal["ambassador", "staff"]] = {aid: "ambassador" for aid in asg.ambassadors}
    if asg.staff is not None:
        out[asg.staff] = "staff"
    return out


def _drop_reason(pid: str, mid: str, m_new: Mission | None, removed: set[str],
                 hits: dict[str, list[Unavailable]], mission_reason: dict[str, str]) -> str:
    if mid in removed or m_new is None:
        return "mission removed"
    hit = _hit(hits.get(pid, []), m_new)
    if hit is not None:
        return hit.describe()
    reason = mission_reason.get(mid)
    if reason is not None:
        return reason
    return "re-optimised"


def _view(asg: Assignment | None, m: Mission | None, with_time: bool) -> dict[str, Any] | None:
    if asg is None:
        return None
    out: dict[str, Any] = {"ambassadors": list(asg.ambassadors), "staff": asg.staff}
    if with_time and m is not None:
        out["start"] = m.start.isoformat(timespec="minutes")
        out["end"] = m.end.isoformat(timespec="minutes")
    return out
