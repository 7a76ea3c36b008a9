"""``solve``: from an Instance to a certified Plan.

Pipeline: compile (numpy) → pin pre-check → CP-SAT model (one module per rule family) → constructive
plans (greedy; LP rounding; rotation swaps) as the hint → LP and aggregate bounds of the coverage stage →
stages solved one after the other, each one's level kept as a constraint and its solution hinted to
the next → Plan JSON of DOMAIN.md section 6.

Engines per stage, chosen on the benchmark (benchmarks/bench_plan.py), HiGHS plans kept only when the
independent validator passes them:

* small years (≤ WHOLE_MIP_MAX_PAIRS eligible pairs): HiGHS on the whole stage first (it proves S
  years in seconds where CP-SAT does not), then CP-SAT with what is left of the stage's budget;
* larger years whose matrix fits (≤ LP_MAX_PAIRS): a large-neighbourhood search with HiGHS sub-MIPs
  (``lns``) from the best plan so far — on M years it finds better plans than CP-SAT or a whole-year
  MIP in the same time (2,506 vs 2,476 and 1,836 in a 60 s run); CP-SAT only gets what it leaves.
  When few pairs are free (a re-plan freezes the past) the first stage's search starts with the root
  node of the whole stage (WHOLE_ROOT_*);
* the largest years, and any solve with callers' extra constraints: CP-SAT alone, the engine of the
  full rule set.

Every HiGHS MIP runs in the worker process (``highs_worker``, HIGHS_WORKER) with all of HiGHS's
heuristics: a call that outlives its time limit is abandoned and the child killed, so the time limit
holds even when HiGHS hangs (seen in its nested sub-MIP heuristics' presolve). Measured on this
machine (60 s, seed 1, ``solve(generate("M", 1))`` and a re-plan case: an M year re-planned on
1 July with people unavailable for the second half, 13,300 of 28,600 pairs free):

* sub-MIPs in-process without the nested heuristics: M 2,484 (1 worker), 2,483-2,485 (2 workers);
  re-plan 2,446 (1 worker);
* in the worker with every heuristic: M 2,494 (1 worker; 2,503 with the work rate below at 2,000),
  2,516-2,517 (2 workers); re-plan 2,464 (2 workers: 2,455 before);
* and the whole-stage root first (M's 30,100 free pairs are above the limit): re-plan 2,480 (1 and 2
  workers); a fresh year of 11,200 pairs (160 ambassadors, 750 missions, seed 1, 1 worker): 1,566
  instead of 1,560.

(the root alone: 26 s for 13,300 free pairs; the whole stage stopped by time at half the stage gave
2,472, the root stopped by its node count at 80 % 2,480; on later stages it found nothing.) A call
costs 6 ms outside HiGHS through the worker (the matrix is sent once per program), 37 ms in-process.
If no child process can start, MIPs run in-process, sub-MIPs without the nested heuristics. One-worker
runs stay byte-identical (the child runs HiGHS exactly as the process would, one thread, node
limits); an abandoned call is the one event the clock decides: the stage then says
``stopped_by="wall"`` (no reproducibility claim), as when the clock stops a search. None was
abandoned in the runs above; one was in an experiment with smaller starting neighbourhoods (M, one
worker, cost stage, the same call on two runs): replayed alone, that sub-MIP (a 17 s limit) stayed
in HiGHS's top-level presolve for over 200 s, with or without the nested heuristics — only the
worker's kill keeps the time limit there.

The reported bound of a stage is the best of CP-SAT's, HiGHS's and the LP's; the coverage LP keeps
the frozen past's and the pins' pairs as they are (re-plan case: 2,525 instead of 2,540 when it only
knew the frozen missions covered).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from .. import __version__
from ..compiled import BoolArray, IntArray, ProblemData
from ..model import Instance
from ..plan import Assignment, Plan, PlanStatus, Unassigned
from .constraints import add_all
from .diagnose import diagnose, frozen_problems, pin_problems
from .greedy import GreedyPlan, greedy_plan
from .highs_worker import ProgramHandle, WorkerUnavailable, hard_deadline, shared_worker
from .lns import improve_by_lns, is_feasible
from .local_search import improve_rotation
from .lp_bound import (
    CoverageProgram,
    ProgramLayout,
    ProgramResult,
    aggregate_bound,
    coverage_lp_bound,
    coverage_program,
    frozen_indices,
    mission_fixings,
    program_layout,
    solve_program,
)
from .objective import RotationUnits, Stage, build_stages, rotation_penalty, rotation_units, weighted_stage
from .options import ProgressEvent, SolveOptions
from .result import PinConflict, SolveResult, StageResult
from .variables import ModelContext, create

log = logging.getLogger(__name__)

_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "unknown",
    cp_model.UNKNOWN: "unknown",
}
# Above this many eligible pairs the full LP relaxation costs more time and memory than it is worth
# (L years: 1.1 M pairs, > 4 GB in HiGHS); the aggregate bound stands in for it.
LP_MAX_PAIRS = 300_000
# Seconds per model element (variable or constraint) a CP-SAT call spends copying and loading.
OVERHEAD_PER_ELEMENT = 3e-6
# Below this many seconds a CP-SAT stage is not started (the plan so far is kept).
MIN_STAGE_SECONDS = 0.2
# A MIP stage runs only if its budget is this many times the coverage LP's solve time.
MIP_ROOT_FACTOR = 2.0
# One-worker runs: a MIP stage needs this many seconds of budget per eligible pair.
MIP_SECONDS_PER_PAIR = 2e-4
# Stages HiGHS may solve whole (stability and weighted stay with CP-SAT on small years), and the stages
# the HiGHS program knows by name (others are written term by term).
MIP_STAGES = ("coverage", "rotation", "match", "cost")
NAMED_OBJECTIVES = MIP_STAGES
# |bound| from which a CP-SAT linear domain end means "unbounded".
INFINITE_BOUND = 2**62
# Share of a stage's budget given to the HiGHS MIP (CP-SAT gets the rest if no proof).
MIP_SHARE = 0.6
# One-worker (reproducible) runs stop the MIP on a node count, not on the clock.
MIP_NODES_PER_SECOND = 200
# Up to this many eligible pairs a stage is first given to HiGHS whole (S years: proven in seconds);
# above, HiGHS works on neighbourhoods of the best plan (``lns``): on M years a whole-year MIP found
# 1,836 in 30 s where the neighbourhood search finds 2,500.
WHOLE_MIP_MAX_PAIRS = 5_000
# Share of a stage's budget the neighbourhood search takes before CP-SAT continues from its plan (on M
# years CP-SAT improved nothing in the last 20 % of a stage after the search: it takes all), and
# (one-worker runs) work units (see ``lns``) per second of the stage's nominal budget.
LNS_SHARE = 1.0
# what one core does on M years, with a margin (a 60 s one-worker run of M ends after ~47 s here), so
# that the work count, not the clock, decides. Sub-MIPs with every HiGHS heuristic do fewer simplex
# iterations per second than without (2,000 then ended M at 59 s of 60: coverage 2,503 instead of
# 2,494, but no margin left for a slower or busier machine).
LNS_WORK_PER_SECOND = 1_500
LNS_ITERATIONS_UNLIMITED = 200
# Sub-MIPs in the HiGHS worker's child process, with every HiGHS heuristic (see ``highs_worker``);
# False: in this process, without the nested sub-MIP heuristics that can overrun a time limit.
HIGHS_WORKER = True
# The first stage's neighbourhood search starts with the root node of the whole stage (worker only)
# when at most this many pairs are free (re-plans, whose past is frozen), given this share of the
# stage, if that share of its nominal budget gives the root this many seconds per free pair (the
# re-plan case's root: 26 s for 13,300 free pairs). See the module docstring for the figures.
WHOLE_ROOT_MAX_FREE_PAIRS = 20_000
WHOLE_ROOT_SHARE = 0.8
WHOLE_ROOT_SECONDS_PER_FREE_PAIR = 1.5e-3
# Perturbed LP roundings tried after the plain one (M: 2,446 → 2,467 in 0.8 s), and their noise on
# the mission order (rank = 10·y_LP + priority/10).
ROUNDING_TRIES = 12
ROUNDING_NOISE = 0.05
# Share of the time limit the LP relaxation (bound and rounding) may take.
LP_SHARE = 0.6  # its rounding is worth more than the CP-SAT seconds it costs (M: 2,446 vs 2,249)
# With one worker, the share of a stage's wall budget given as CP-SAT deterministic time.
DETERMINISTIC_SHARE = 0.35
# Stage values shown in natural units: cost in EUR.
_DISPLAY_SCALE = {"cost": 0.01}


def instance_digest(instance: Instance) -> str:
    canonical = json.dumps(instance.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _Emitter:
    def __init__(self, callback: Callable[[ProgressEvent], None] | None, t0: float) -> None:
        self.callback = callback
        self.t0 = t0

    def __call__(self, stage: str, kind: str, value: float | None = None, bound: float | None = None,
                 message: str = "") -> None:
        if self.callback is not None:
            self.callback(ProgressEvent(stage=stage, kind=kind, value=value, bound=bound,
                                        seconds=time.perf_counter() - self.t0, message=message))


class _SolutionReporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, emit: _Emitter, stage: Stage) -> None:
        super().__init__()
        self.emit = emit
        self.stage = stage

    def on_solution_callback(self) -> None:
        scale = _DISPLAY_SCALE.get(self.stage.name, 1.0)
        self.emit(self.stage.name, "solution", self.objective_value * scale,
                  self.best_objective_bound * scale)


def _gap(value: float | None, bound: float | None) -> float | None:
    if value is None or bound is None:
        return None
    return abs(bound - value) / max(1.0, abs(value))


class Engine:
    def __init__(self, instance: Instance, options: SolveOptions) -> None:
        self.instance = instance
        self.opts = options
        self.t0 = time.perf_counter()
        self.emit = _Emitter(options.progress, self.t0)
        self.last_limit: str | None = None
        self.mip_wall_stop = False
        self.extra_constraints = (0, 0)  # range of the callers' constraints in the CP-SAT model
        self.lp_seconds = 0.0  # time the coverage LP took (inf: not solved in time)
        self.solve_overhead = 0.0  # seconds a CP-SAT call spends outside its own clock (last seen)

    # -- frozen missions -------------------------------------------------------------------
    def _forced(self) -> list[tuple[str, str]]:
        out = []
        for mid, asg in sorted(self.opts.fixed.items()):
            if asg is not None:
                out += [(mid, a) for a in asg.ambassadors]
        return out

    def run(self) -> SolveResult:
        inst, opts = self.instance, self.opts
        problems = frozen_problems(inst, opts.fixed)
        if problems:
            return self._infeasible(problems, time.perf_counter() - self.t0, None)
        data = ProblemData.build(inst, forced=self._forced())
        problems = pin_problems(data, opts.fixed)
        if problems:
            return self._infeasible(problems, time.perf_counter() - self.t0, data)
        model = cp_model.CpModel()
        ctx = create(model, data, opts)
        add_all(ctx)
        frozen_pairs, frozen_staff, blocked = self._add_frozen(ctx)
        first_extra = len(model.proto.constraints)
        for extra in opts.extra_constraints:
            extra(ctx)
        self.extra_constraints = (first_extra, len(model.proto.constraints))
        rotation = rotation_units(ctx)
        stages = build_stages(ctx, rotation)
        mode = opts.mode or inst.policy.objective.mode
        if mode == "weighted":
            weights = opts.weights if opts.weights is not None else inst.policy.objective.weights
            stages = [weighted_stage(stages, weights)]
        if HIGHS_WORKER and self._lns_applies(data):
            shared_worker().start()  # its imports overlap the bounds and constructive plans
        build_seconds = time.perf_counter() - self.t0
        self.emit("build", "build", message=f"{data.n_pairs} eligible pairs, {len(model.proto.constraints)} "
                                            f"constraints")
        solve_t0 = time.perf_counter()
        n_vars = len(model.proto.variables)
        # first guess of what a CP-SAT call costs outside its clock, refined after each call
        self.solve_overhead = OVERHEAD_PER_ELEMENT * (n_vars + len(model.proto.constraints))
        current: np.ndarray | None = None  # best known values of every variable (the next hint)
        fallback: np.ndarray | None = None  # a plan known to keep every rule, if CP-SAT finds none
        greedy: GreedyPlan | None = None
        # Constructive plans know the rules of section 3 but not callers' extra constraints.
        constructive_valid = not opts.extra_constraints
        if opts.greedy_hint:
            # two people orders: rotation-friendly, and cheapest (better when the budget binds)
            candidates = [greedy_plan(data, frozen_pairs, frozen_staff, blocked, prefer=prefer)
                          for prefer in ("rotation", "cost")]
            greedy = max(candidates, key=lambda g: g.coverage_value(data))
            self.emit("coverage", "greedy", value=float(greedy.coverage_value(data)))
        lp_bound = None
        if opts.lp_bound and stages[0].name == "coverage":
            lp_bound = aggregate_bound(data, blocked)
            lp_y = lp_x = None
            if data.n_pairs <= LP_MAX_PAIRS:
                lp_limit = None if opts.time_limit is None else LP_SHARE * opts.time_limit
                lp_t0 = time.perf_counter()
                # the frozen past and the pins as they are, not only "covered": a tighter bound (and a
                # rounding that builds on the past)
                pair_fix, staff_fix = self._fixings(ctx, frozen_pairs, frozen_staff)
                full, lp_y, lp_x = coverage_lp_bound(data, blocked, lp_limit, set(frozen_pairs), pair_fix,
                                                     staff_fix)
                # a MIP stage first solves this LP (or one like it): its time says if a MIP fits a budget
                self.lp_seconds = time.perf_counter() - lp_t0 if full is not None else math.inf
                if full is not None:
                    lp_bound = full if lp_bound is None else min(lp_bound, full)
            if lp_bound is not None:
                self.emit("coverage", "bound", bound=lp_bound)
            if lp_y is not None and lp_x is not None and opts.greedy_hint:
                # LP rounding: missions the relaxation covers first, people it puts there first; then
                # a few seeded perturbations of the mission order (ties and near-ties matter)
                rank = 10.0 * lp_y + data.m_priority / 10.0
                rng = np.random.default_rng(opts.seed)
                rounded = greedy_plan(data, frozen_pairs, frozen_staff, blocked, rank=rank, pair_weight=lp_x)
                for _ in range(ROUNDING_TRIES):
                    noisy = rank + rng.normal(0.0, ROUNDING_NOISE, data.n_mis)
                    trial = greedy_plan(data, frozen_pairs, frozen_staff, blocked, rank=noisy,
                                        pair_weight=lp_x)
                    if trial.coverage_value(data) > rounded.coverage_value(data):
                        rounded = trial
                self.emit("coverage", "greedy", value=float(rounded.coverage_value(data)),
                          message="LP rounding")
                if greedy is None or rounded.coverage_value(data) > greedy.coverage_value(data):
                    greedy = rounded
        if greedy is not None:
            if stages[0].name == "coverage":
                # fairer people on the same missions before CP-SAT takes over
                greedy = improve_rotation(data, greedy, set(frozen_pairs) | blocked,
                                          time_limit=0.02 * (opts.time_limit or 50.0))
            current = self._complete(ctx, rotation, greedy, n_vars)
            if constructive_valid:
                fallback = current
        if opts.hint is not None:
            user_hint = self._hint_from_plan(ctx, rotation, opts.hint, n_vars)
            # Constructive plans ignore callers' extra constraints: with some, the caller's hint (made
            # for them, e.g. a re-plan's floors) is the better start even when it scores lower.
            if current is None or not constructive_valid \
                    or self._evaluate(stages[0], user_hint) >= self._evaluate(stages[0], current):
                current = user_hint  # not trusted as a fallback: it may break today's rules
        results: list[StageResult] = []
        achieved: dict[str, float] = {}
        final_status: PlanStatus = "optimal"
        for i, stage in enumerate(stages):
            budget, det_budget = self._stage_budget(stages, i, solve_t0)
            stage_t0 = time.perf_counter()
            self.emit(stage.name, "start")
            engine = "cp-sat"
            mip = None
            lns_plan = False
            value: float | None
            bound: float | None
            solution: np.ndarray | None
            if (stage.name in MIP_STAGES and self._mip_applies(data, budget, stage.name)
                    and (i == 0 or current is not None)):
                mip = self._stage_by_mip(ctx, rotation, stages, i, achieved, n_vars, current, budget,
                                         det_budget, frozen_pairs, frozen_staff, blocked)
                if mip[0] is not None:
                    current = mip[0]
                    fallback = mip[0]  # validated: a plan we may return
            elif current is not None and self._lns_applies(data):
                better, proven = self._stage_by_lns(ctx, rotation, stages, i, achieved, n_vars, current,
                                                    fallback, budget, det_budget, frozen_pairs, frozen_staff,
                                                    blocked)
                lns_plan = better is not None
                self.mip_wall_stop = False
                if better is not None:
                    current = better
                    fallback = better  # validated: a plan we may return
                # the neighbourhood search takes the stage; CP-SAT only gets what it leaves (and never
                # falls back on an unchecked hint: only the search's validated plan stands in for it)
                mip = (better, None, proven)
                engine = "highs-lns"
                if budget is not None:
                    budget = max(budget - (time.perf_counter() - stage_t0), 0.05)
                if det_budget is not None:
                    det_budget *= 1.0 - LNS_SHARE
            if mip is not None and mip[2] and mip[0] is not None:
                # HiGHS proved the optimum on the same rules; its plan passed the independent validator
                self.last_limit = None
                value = self._evaluate(stage, mip[0])
                bound, status, solution = value, "optimal", mip[0]
                engine = "highs-mip" if engine == "cp-sat" else engine
            elif lns_plan and budget is not None and min(
                    budget, math.inf if det_budget is None else det_budget) < MIN_STAGE_SECONDS:
                assert current is not None  # last_limit: as the search stopped
                value, bound, status, solution = self._evaluate(stage, current), None, "feasible", current
            else:
                if mip is not None and budget is not None:
                    budget = max(budget - (time.perf_counter() - stage_t0), 0.05)
                value, bound, status, solution = self._solve_stage(model, stage, current, budget, det_budget)
                if mip is not None and mip[1] is not None:
                    if bound is None:
                        bound = mip[1]
                    else:
                        bound = min(bound, mip[1]) if stage.sense == "max" else max(bound, mip[1])
                    engine = "highs-mip+cp-sat"
                elif engine == "highs-lns":
                    engine = "highs-lns+cp-sat"
                if mip is not None and mip[0] is not None and solution is None and status != "infeasible":
                    solution, value, status = mip[0], self._evaluate(stage, mip[0]), "feasible"
            if solution is None and i == 0 and status == "infeasible":
                # proven: no plan keeps the pins and frozen missions (the empty plan is feasible otherwise)
                limit = 20.0 if opts.time_limit is None else min(20.0, max(2.0, 0.2 * opts.time_limit))
                conflicts = diagnose(inst, data, opts, self._forced(), time_limit=limit)
                return self._infeasible(conflicts, build_seconds, data, results)
            if solution is None and i == 0:
                current = fallback  # an unverified hint is never returned as a plan
            if solution is None:
                if current is None:
                    final_status = "unknown"
                    results.append(StageResult(name=stage.name, sense=stage.sense, objective=None, bound=None,
                                               gap=None, seconds=time.perf_counter() - stage_t0,
                                               status="unknown"))
                    break
                value = self._evaluate(stage, current)
                status = "feasible"
            else:
                current = solution
            if i == 0 and lp_bound is not None:
                bound = lp_bound if bound is None else (min(bound, lp_bound) if stage.sense == "max"
                                                         else bound)
            if bound is not None and value is not None and abs(bound - value) < 0.5:
                status = "optimal"
            if status != "optimal":
                final_status = "feasible"
            assert value is not None
            achieved[stage.name] = float(round(value))
            # keep the level of this stage while the next ones improve
            expr = stage.expression()
            model.add(expr >= round(value) if stage.sense == "max" else expr <= round(value))
            scale = _DISPLAY_SCALE.get(stage.name, 1.0)
            g_val = None
            if i == 0 and greedy is not None and stage.name == "coverage":
                g_val = float(greedy.coverage_value(data))
            results.append(StageResult(
                name=stage.name, sense=stage.sense, objective=value * scale,
                bound=None if bound is None else bound * scale, gap=_gap(value, bound),
                seconds=time.perf_counter() - stage_t0, status=status,
                greedy=g_val, lp_bound=lp_bound if i == 0 else None,
                stopped_by="wall" if mip is not None and self.mip_wall_stop else self.last_limit,
                engine=engine,
            ))
            self.emit(stage.name, "done", value * scale, None if bound is None else bound * scale)
        solve_seconds = time.perf_counter() - solve_t0
        if current is None:
            pair_on = np.zeros(data.n_pairs, dtype=np.bool_)
            staff_on = np.zeros(len(data.spair_staff), dtype=np.bool_)
        else:
            pair_on = current[ctx.pair_index] > 0
            staff_on = current[ctx.staff_pair_index] > 0
        plan = self._plan(data, pair_on, staff_on, final_status, results, build_seconds, solve_seconds)
        return SolveResult(status=final_status, plan=plan, stages=results, build_seconds=build_seconds,
                           solve_seconds=solve_seconds, gap=results[0].gap if results else None)

    # -- coverage by MIP ------------------------------------------------------------------------
    def _lns_applies(self, data: ProblemData) -> bool:
        return self.opts.mip_coverage and data.n_pairs <= LP_MAX_PAIRS

    def _mip_applies(self, data: ProblemData, budget: float | None, stage: str) -> bool:
        # Callers' extra constraints exist only in the CP-SAT model; larger years are searched by
        # neighbourhoods instead (a whole-year MIP finds poor plans there); a MIP whose root LP alone
        # would not fit the budget would overrun the time limit (HiGHS checks its clock between simplex
        # phases only).
        if not self.opts.mip_coverage or self.opts.extra_constraints or data.n_pairs > WHOLE_MIP_MAX_PAIRS:
            return False
        if budget is None:
            return True
        if self.opts.deterministic:
            # Decide on the size, never on a clock reading. Only the coverage MIP: later stages'
            # roots often outlast a short budget, and a MIP stopped by the clock is not reproducible.
            return stage == "coverage" and MIP_SHARE * budget >= MIP_SECONDS_PER_PAIR * data.n_pairs
        return MIP_SHARE * budget >= MIP_ROOT_FACTOR * self.lp_seconds

    def _stage_program(self, ctx: ModelContext, rotation: RotationUnits, stages: list[Stage], i: int,
                       achieved: dict[str, float], frozen_pairs: dict[int, list[int]],
                       frozen_staff: dict[int, int | None], blocked: set[int]
                       ) -> tuple[CoverageProgram, float, float] | None:
        """Stage ``i`` as a HiGHS program: the hard rules, pins and frozen missions fixed, the levels
        of the earlier stages and callers' extra constraints kept as rows; with (scale, offset) such
        that the stage's value is scale · program objective + offset. None when something cannot be
        written over the program's columns (then CP-SAT alone solves the stage)."""
        data, stage = ctx.data, stages[i]
        layout = program_layout(data, with_units=True)
        columns = self._column_map(ctx, rotation, layout)
        pair_fix, staff_fix = self._fixings(ctx, frozen_pairs, frozen_staff)
        known = {name: v for name, v in achieved.items() if name in NAMED_OBJECTIVES}
        rows = self._extra_rows(ctx, columns)
        if rows is None:
            return None
        for earlier in stages[:i]:
            if earlier.name in NAMED_OBJECTIVES:
                continue
            found = _over_columns(columns, earlier)
            if found is None:
                return None
            cols, vals = found
            as_max = 1.0 if earlier.sense == "max" else -1.0
            # max: Σ c·lit + offset ≥ level ; min: −(Σ c·lit + offset) ≥ −level
            rows.append((cols, as_max * vals, as_max * (achieved[earlier.name] - earlier.offset)))
        custom = None
        sign = 1.0 if stage.sense == "max" else -1.0
        scale, offset = sign, 0.0  # the named objectives carry no constant
        if stage.name not in NAMED_OBJECTIVES:
            custom = _over_columns(columns, stage)
            if custom is None:
                return None
            # integer coefficients divided by their common factor: a weighted stage's run to 1e10,
            # which HiGHS handles badly; the optimum does not change, gains stay whole numbers
            common = int(np.gcd.reduce(np.abs(custom[1]).astype(np.int64))) if len(custom[1]) else 1
            common = max(common, 1)
            custom = (custom[0], sign * custom[1] / common)
            scale, offset = sign * common, float(stage.offset)
        units = any(bool((cols >= layout.unit0).any()) for cols, _, _ in rows) or (
            custom is not None and bool((custom[0] >= layout.unit0).any()))
        objective = stage.name if stage.name in NAMED_OBJECTIVES else "coverage"
        prog = coverage_program(data, blocked, set(frozen_pairs), pair_fix, staff_fix,
                                objective=objective, levels=known, extra_rows=rows,
                                custom_objective=custom, units=units)
        return prog, scale, offset

    @staticmethod
    def _fixings(ctx: ModelContext, frozen_pairs: dict[int, list[int]], frozen_staff: dict[int, int | None]
                 ) -> tuple[dict[int, int], dict[int, int]]:
        """(pair → 0/1, staff pair → 0/1) that every plan keeps: pins, and the frozen missions exactly
        as they are (every eligible pair of a frozen mission is fixed, in or out)."""
        from .constraints.pinned import pin_literal, pins

        pair_fix: dict[int, int] = {}
        staff_fix: dict[int, int] = {}
        for pin in pins(ctx):
            if pin_literal(ctx, pin) is not None:
                table = ctx.staff_x if pin.staff else ctx.x
                (staff_fix if pin.staff else pair_fix)[table.index((pin.person, pin.mission))] = 1
        frozen_fix, frozen_staff_fix = mission_fixings(ctx.data, frozen_pairs, frozen_staff)
        pair_fix.update(frozen_fix)
        staff_fix.update(frozen_staff_fix)
        return pair_fix, staff_fix

    @staticmethod
    def _column_map(ctx: ModelContext, rotation: RotationUnits, layout: ProgramLayout) -> IntArray:
        """Program column of each CP-SAT variable (−1: none)."""
        data = ctx.data
        columns = np.full(len(ctx.model.proto.variables), -1, dtype=np.int64)
        columns[ctx.pair_index] = layout.x0 + np.arange(data.n_pairs)
        columns[ctx.staff_pair_index] = layout.z0 + np.arange(len(data.spair_staff))
        columns[ctx.covered_index] = layout.y0 + np.arange(data.n_mis)
        if layout.has_cap:
            columns[ctx.active_index] = layout.active0 + np.arange(data.n_amb)
        # both list the units ambassador after ambassador, k = 1, 2, ... (as many as either holds)
        assert int(layout.unit_count.sum()) == len(rotation.indices)
        columns[rotation.indices] = layout.unit0 + np.arange(len(rotation.indices))
        return columns

    def _extra_rows(self, ctx: ModelContext, columns: IntArray
                    ) -> list[tuple[IntArray, np.ndarray, float]] | None:
        """Callers' extra constraints as program rows "Σ a·col ≥ b" — linear ones over plan variables
        only; None if any other kind was added."""
        rows: list[tuple[IntArray, np.ndarray, float]] = []
        first, last = self.extra_constraints
        proto = ctx.model.proto
        for k in range(first, last):
            ct = proto.constraints[k]
            if not _is_linear(ct) or len(ct.enforcement_literal):
                return None
            variables = np.array(ct.linear.vars, dtype=np.int64)
            if len(variables) and (variables.min() < 0 or (columns[variables] < 0).any()):
                return None
            domain = list(ct.linear.domain)
            if len(domain) != 2:
                return None
            cols, coeffs = columns[variables], np.array(ct.linear.coeffs, dtype=np.float64)
            if domain[0] > -INFINITE_BOUND:
                rows.append((cols, coeffs, float(domain[0])))
            if domain[1] < INFINITE_BOUND:
                rows.append((cols, -coeffs, -float(domain[1])))
        return rows

    @staticmethod
    def _program_start(ctx: ModelContext, prog: CoverageProgram, current: np.ndarray) -> np.ndarray:
        """The plan ``current`` (model vector) as a solution of ``prog``."""
        data = ctx.data
        start = np.zeros(prog.n_cols)
        start[prog.x0:prog.x0 + data.n_pairs] = current[ctx.pair_index] > 0
        start[prog.y0:prog.y0 + data.n_mis] = current[ctx.covered_index] > 0
        start[prog.z0:prog.z0 + len(data.spair_staff)] = current[ctx.staff_pair_index] > 0
        if prog.unit0 > prog.active0:
            start[prog.active0:prog.unit0] = current[ctx.active_index] > 0
        if len(prog.unit_owner):
            loads = np.bincount(data.pair_amb[current[ctx.pair_index] > 0], minlength=data.n_amb)
            owner = prog.unit_owner
            k = np.arange(len(owner)) - np.searchsorted(owner, owner)
            start[prog.unit0:] = k < loads[owner]
        return start

    def _accept(self, ctx: ModelContext, rotation: RotationUnits, stages: list[Stage], i: int,
                achieved: dict[str, float], n_vars: int, prog: CoverageProgram, sol: np.ndarray,
                current: np.ndarray | None) -> np.ndarray | None:
        """A HiGHS solution as a model vector, if the independent validator (``scoring.validate``)
        finds no broken rule in it, it keeps the earlier levels exactly and does not fall behind
        ``current`` on this stage; None otherwise."""
        from ..scoring import validate

        data, stage = ctx.data, stages[i]
        pair_on = sol[prog.x0:prog.x0 + data.n_pairs] > 0.5
        staff_on = sol[prog.z0:prog.z0 + len(data.spair_staff)] > 0.5
        covered = np.zeros(data.n_mis, dtype=np.bool_)
        covered[data.pair_mis[pair_on]] = True
        plan = self._plan_from_arrays(data, pair_on, staff_on, covered)
        if validate(self.instance, plan):
            log.warning("a HiGHS plan breaks a rule (numerical tolerance?); kept the previous plan")
            return None
        vec = self._vector(ctx, rotation, pair_on, staff_on, covered, n_vars)
        for earlier in stages[:i]:
            got = self._evaluate(earlier, vec)
            if (got < achieved[earlier.name]) if earlier.sense == "max" else (got > achieved[earlier.name]):
                return None
        if current is not None:
            value, before = self._evaluate(stage, vec), self._evaluate(stage, current)
            if (value < before) if stage.sense == "max" else (value > before):
                return None
        return vec

    def _stage_by_mip(self, ctx: ModelContext, rotation: RotationUnits, stages: list[Stage], i: int,
                      achieved: dict[str, float], n_vars: int, current: np.ndarray | None,
                      budget: float | None, det_budget: float | None, frozen_pairs: dict[int, list[int]],
                      frozen_staff: dict[int, int | None], blocked: set[int]
                      ) -> tuple[np.ndarray | None, float | None, bool]:
        """HiGHS on one whole lexicographic stage, started from the best plan so far.

        Returns (plan vector or None, bound in the stage's sense or None, proven optimal)."""
        stage = stages[i]
        program = self._stage_program(ctx, rotation, stages, i, achieved, frozen_pairs, frozen_staff, blocked)
        if program is None:
            return None, None, False
        prog = program[0]
        start = None if current is None else self._program_start(ctx, prog, current)
        mip_budget = None if budget is None else MIP_SHARE * budget
        deterministic = self.opts.deterministic
        node_limit = None
        if deterministic and det_budget is not None:
            node_limit = max(50, int(MIP_NODES_PER_SECOND * det_budget))
        if deterministic and budget is not None:
            mip_budget = 0.9 * budget  # the node limit should decide, not the clock
        threads = 1 if deterministic else None
        answer: ProgramResult | None = None
        try:
            if not HIGHS_WORKER:
                raise WorkerUnavailable("switched off")
            limit = math.inf if mip_budget is None else mip_budget
            answer = shared_worker().solve(ProgramHandle(prog), prog.col_lower, prog.col_upper,
                                           time_limit=limit, deadline=hard_deadline(limit), threads=threads,
                                           seed=self.opts.seed, start=start, node_limit=node_limit)
            if answer is None:  # abandoned at its deadline: the plan so far stands
                log.warning("the MIP of stage %s was abandoned at its deadline", stage.name)
                self.mip_wall_stop = True
                return None, None, False
        except WorkerUnavailable:
            # in this process, with every heuristic as before the worker existed (small years only)
            answer = solve_program(prog, integer=True, time_limit=mip_budget, threads=threads,
                                   seed=self.opts.seed, start=start, node_limit=node_limit)
        res = answer
        self.mip_wall_stop = res.status == "Time limit reached"
        sign = 1.0 if stage.sense == "max" else -1.0
        bound = None
        if res.bound is not None and math.isfinite(res.bound):
            raw = sign * res.bound
            eps = min(0.5, 1e-6 * max(1.0, abs(raw)))  # float noise of an integer bound, never more
            bound = float(math.floor(raw + eps)) if stage.sense == "max" else float(math.ceil(raw - eps))
        if res.solution is None:
            return None, bound, False
        vec = self._accept(ctx, rotation, stages, i, achieved, n_vars, prog, res.solution, current)
        if vec is None:
            return None, bound, False
        value = self._evaluate(stage, vec)
        proven = res.status == "Optimal" and bound is not None and (
            value >= bound if stage.sense == "max" else value <= bound)
        return vec, bound, proven

    def _stage_by_lns(self, ctx: ModelContext, rotation: RotationUnits, stages: list[Stage], i: int,
                      achieved: dict[str, float], n_vars: int, current: np.ndarray,
                      fallback: np.ndarray | None, budget: float | None,
                      det_budget: float | None, frozen_pairs: dict[int, list[int]],
                      frozen_staff: dict[int, int | None], blocked: set[int]
                      ) -> tuple[np.ndarray | None, bool]:
        """Large-neighbourhood search with HiGHS sub-MIPs from the best plan so far (see ``lns``).
        Returns (a better plan vector or None, proven optimal). The search starts from ``current``,
        or from ``fallback`` (a validated plan) when ``current`` — a caller's hint — breaks a rule."""
        stage = stages[i]
        program = self._stage_program(ctx, rotation, stages, i, achieved, frozen_pairs, frozen_staff, blocked)
        if program is None:
            return None, False
        prog, scale, offset = program
        start = self._program_start(ctx, prog, current)
        if not is_feasible(prog, start):
            if fallback is None:
                return None, False  # CP-SAT repairs the hint
            start = self._program_start(ctx, prog, fallback)
            if not is_feasible(prog, start):
                return None, False
        deterministic = self.opts.deterministic
        wall = None if budget is None else LNS_SHARE * budget
        iterations = None
        work = None
        if deterministic and det_budget is not None:
            nominal = det_budget / DETERMINISTIC_SHARE
            work = LNS_WORK_PER_SECOND * LNS_SHARE * nominal
            wall = None if budget is None else 0.95 * budget  # the work count should decide
        if wall is None and work is None:
            iterations = LNS_ITERATIONS_UNLIMITED
        display = _DISPLAY_SCALE.get(stage.name, 1.0)

        def report(value: float) -> None:
            self.emit(stage.name, "solution", value=(scale * value + offset) * display,
                      message="large-neighbourhood search")

        x_cols = slice(prog.x0, prog.x0 + ctx.data.n_pairs)
        free_pairs = int(np.count_nonzero(prog.col_lower[x_cols] < prog.col_upper[x_cols]))
        # decided on the nominal budget, never on a clock reading (reproducible runs)
        nominal_seconds = math.inf if budget is None else det_budget / DETERMINISTIC_SHARE \
            if deterministic and det_budget is not None else budget
        root_fits = WHOLE_ROOT_SHARE * nominal_seconds >= WHOLE_ROOT_SECONDS_PER_FREE_PAIR * free_pairs
        whole_root = WHOLE_ROOT_SHARE if HIGHS_WORKER and i == 0 and free_pairs <= WHOLE_ROOT_MAX_FREE_PAIRS \
            and root_fits else 0.0
        out = improve_by_lns(prog, ctx.data, start, seed=self.opts.seed, time_limit=wall,
                             iterations=iterations, work_limit=work, deterministic=deterministic,
                             on_improve=report, worker=shared_worker() if HIGHS_WORKER else None,
                             whole_root_share=whole_root)
        self.last_limit = {"iterations": "deterministic", "time": "wall", "proven": None}[out.stopped_by]
        if out.whole_root == "Time limit reached":
            self.last_limit = "wall"  # the clock, not the node count, stopped the root: not reproducible
        if out.abandoned:
            # the clock decided which sub-MIPs counted: say so (no reproducibility claim for this run)
            log.warning("%d sub-MIP(s) abandoned at their deadline in stage %s", out.abandoned, stage.name)
            self.last_limit = "wall"
        # the start itself when nothing better was found: checked like any HiGHS plan, it becomes
        # the plan of record (a caller's hint is never returned unchecked)
        vec = self._accept(ctx, rotation, stages, i, achieved, n_vars, prog, out.solution, None)
        return vec, out.proven and vec is not None

    def _plan_from_arrays(self, data: ProblemData, pair_on: BoolArray, staff_on: BoolArray,
                          covered: BoolArray) -> Plan:
        by_mission: dict[int, list[str]] = {}
        for p in np.nonzero(pair_on)[0].tolist():
            who = data.ambassador_ids[int(data.pair_amb[p])]
            by_mission.setdefault(int(data.pair_mis[p]), []).append(who)
        staff_of = {int(data.spair_mis[p]): data.staff_ids[int(data.spair_staff[p])]
                    for p in np.nonzero(staff_on)[0].tolist()}
        return Plan(status="feasible",
                    assignments=[Assignment(mission=data.mission_ids[m], ambassadors=by_mission[m],
                                            staff=staff_of.get(m)) for m in sorted(by_mission)],
                    unassigned=[Unassigned(mission=data.mission_ids[m], reason="not covered")
                                for m in range(data.n_mis) if not covered[m]])

    # -- frozen ------------------------------------------------------------------------------
    def _add_frozen(self, ctx: ModelContext) -> tuple[dict[int, list[int]], dict[int, int | None], set[int]]:
        model = ctx.model
        pairs, staff_pairs, blocked = frozen_indices(ctx.data, self.opts.fixed)
        mis = {mid: i for i, mid in enumerate(ctx.data.mission_ids)}
        for mid in self.opts.fixed:  # in the caller's order: the same model, constraint for constraint
            m = mis[mid]
            if m in blocked:
                model.add(ctx.covered[m] == 0)
                continue
            keep = set(pairs[m])
            for p in ctx.mission_pairs(m):
                model.add(ctx.pair_x[p] == (1 if p in keep else 0))
            model.add(ctx.covered[m] == 1)
            for p in ctx.mission_staff_pairs(m):
                model.add(ctx.staff_pair_x[p] == (1 if p == staff_pairs[m] else 0))
        return pairs, staff_pairs, blocked

    # -- solutions -----------------------------------------------------------------------------
    def _complete(self, ctx: ModelContext, rotation: RotationUnits, g: GreedyPlan, n_vars: int) -> np.ndarray:
        """A full assignment of every variable we created, from a greedy plan."""
        return self._vector(ctx, rotation, g.pair_on, g.staff_on, g.covered, n_vars)

    def _vector(self, ctx: ModelContext, rotation: RotationUnits, pair_on: BoolArray, staff_on: BoolArray,
                covered: BoolArray, n_vars: int) -> np.ndarray:
        data = ctx.data
        vec = np.full(n_vars, -1, dtype=np.int64)  # -1: unknown (left out of hints)
        vec[ctx.pair_index] = pair_on
        vec[ctx.staff_pair_index] = staff_on
        vec[ctx.covered_index] = covered
        loads = np.bincount(data.pair_amb[pair_on], minlength=data.n_amb)
        vec[ctx.active_index] = loads > 0
        for a, units in enumerate(rotation.units):
            for k, u in enumerate(units):
                vec[u.index] = 1 if loads[a] > k else 0
        return vec

    def _hint_from_plan(self, ctx: ModelContext, rotation: RotationUnits, plan: Plan,
                        n_vars: int) -> np.ndarray:
        data = ctx.data
        mis = {mid: i for i, mid in enumerate(data.mission_ids)}
        amb = {aid: i for i, aid in enumerate(data.ambassador_ids)}
        staff = {sid: i for i, sid in enumerate(data.staff_ids)}
        pair_on = np.zeros(data.n_pairs, dtype=np.bool_)
        staff_on = np.zeros(len(data.spair_staff), dtype=np.bool_)
        covered = np.zeros(data.n_mis, dtype=np.bool_)
        for asg in plan.assignments:
            m = mis.get(asg.mission)
            if m is None:
                continue
            idx = [data.pair_index(amb[a], m) for a in asg.ambassadors if a in amb]
            if any(p < 0 for p in idx):
                continue  # not representable any more: leave the mission out of the hint
            pair_on[idx] = True
            covered[m] = True
            if asg.staff is not None and asg.staff in staff:
                sp = data.staff_pair_index(staff[asg.staff], m)
                if sp >= 0:
                    staff_on[sp] = True
        return self._vector(ctx, rotation, pair_on, staff_on, covered, n_vars)

    @staticmethod
    def _evaluate(stage: Stage, vec: np.ndarray) -> float:
        return stage.value(vec)

    def _stage_budget(self, stages: list[Stage], i: int,
                      solve_t0: float) -> tuple[float | None, float | None]:
        """(wall budget, deterministic budget) of stage ``i``.

        The wall budget shares what is left of the time limit among the remaining stages (time a
        stage does not use rolls over). The deterministic budget (one-worker runs) must not depend
        on any clock reading, or the same seed would not give the same plan: it is the stage's
        nominal share of the limit."""
        limit = self.opts.time_limit
        if limit is None:
            return None, None
        shares = self.opts.stage_shares
        remaining = stages[i:]
        left = max(limit - (time.perf_counter() - solve_t0), 0.05)
        mine = shares.get(remaining[0].name, 0.2)
        wall = left if len(remaining) == 1 else left * mine / sum(shares.get(s.name, 0.2) for s in remaining)
        nominal = limit * mine / sum(shares.get(s.name, 0.2) for s in stages) if len(stages) > 1 else limit
        return max(wall, 0.05), DETERMINISTIC_SHARE * nominal

    def _parameters(self, solver: cp_model.CpSolver, budget: float | None,
                    det_budget: float | None = None) -> None:
        p = solver.parameters
        p.random_seed = self.opts.seed
        p.num_workers = self.opts.workers or min(os.cpu_count() or 1, 8)
        if budget is not None:
            p.max_time_in_seconds = budget
            if self.opts.deterministic and det_budget is not None:
                # Reproducible runs stop on CP-SAT's deterministic clock, set well inside the wall
                # budget so that the wall clock (which keeps the time limit) rarely decides.
                p.max_deterministic_time = det_budget
        for key, value in self.opts.cp_sat_parameters.items():
            setattr(p, key, value)

    def _solve_stage(self, model: cp_model.CpModel, stage: Stage, hint: np.ndarray | None,
                     budget: float | None, det_budget: float | None = None
                     ) -> tuple[float | None, float | None, str, np.ndarray | None]:
        call_t0 = time.perf_counter()
        if budget is not None:
            # A solve costs more than CP-SAT's own clock on large models (copying the model, hints,
            # reading the solution): what the last call spent outside it comes off this budget.
            budget = budget - self.solve_overhead
            if budget < MIN_STAGE_SECONDS:
                self.last_limit = "wall"
                return None, None, "unknown", None
        set_objective(model, stage)
        model.clear_hints()  # type: ignore[no-untyped-call]
        if hint is not None:
            known = np.nonzero(hint >= 0)[0]
            model.proto.solution_hint.vars.extend(known.tolist())
            model.proto.solution_hint.values.extend(hint[known].tolist())
        solver = cp_model.CpSolver()
        self._parameters(solver, budget, det_budget)
        callback = _SolutionReporter(self.emit, stage) if self.opts.progress is not None else None
        code = solver.solve(model, callback)
        status = _STATUS.get(code, "unknown")
        self.last_limit = None
        if code not in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and budget is not None:
            wall_hit = solver.wall_time >= 0.97 * budget
            self.last_limit = "wall" if wall_hit else "deterministic" if self.opts.deterministic else "wall"
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if budget is not None:
                self.solve_overhead = max(0.0, time.perf_counter() - call_t0 - solver.wall_time)
            return None, None, status, None
        solution = np.array(solver.response_proto.solution, dtype=np.int64)
        if budget is not None:
            self.solve_overhead = max(0.0, time.perf_counter() - call_t0 - solver.wall_time)
        value = float(round(solver.objective_value))
        bound = float(solver.best_objective_bound) + 0.0  # no "-0.0" in reports
        # integer objective: the bound can be rounded towards the value
        bound = float(np.floor(bound + 1e-6)) if stage.sense == "max" else float(np.ceil(bound - 1e-6))
        if code == cp_model.OPTIMAL:
            bound = value
        return value, bound, status, solution

    # -- outputs -------------------------------------------------------------------------------
    def _run_record(self) -> dict[str, Any]:
        import ortools  # type: ignore[import-untyped, unused-ignore]

        o = self.opts
        return {
            "input_digest": instance_digest(self.instance), "seed": o.seed, "workers": o.workers,
            "time_limit": o.time_limit, "mode": o.mode or self.instance.policy.objective.mode,
            "library": "ambassade_opt", "library_version": __version__,
            "ortools_version": ortools.__version__,  # type: ignore[attr-defined, unused-ignore]
        }

    def _plan(self, data: ProblemData, pair_on: BoolArray, staff_on: BoolArray, status: PlanStatus,
              stages: list[StageResult], build_seconds: float, solve_seconds: float) -> Plan:
        inst = self.instance
        covered = np.zeros(data.n_mis, dtype=np.bool_)
        covered[data.pair_mis[pair_on]] = True
        by_mission_amb: dict[int, list[str]] = {}
        for p in np.nonzero(pair_on)[0].tolist():
            who = data.ambassador_ids[int(data.pair_amb[p])]
            by_mission_amb.setdefault(int(data.pair_mis[p]), []).append(who)
        staff_of: dict[int, str] = {}
        for p in np.nonzero(staff_on)[0].tolist():
            staff_of[int(data.spair_mis[p])] = data.staff_ids[int(data.spair_staff[p])]
        assignments = [
            Assignment(mission=data.mission_ids[m], ambassadors=by_mission_amb[m], staff=staff_of.get(m))
            for m in range(data.n_mis) if covered[m]
        ]
        reasons = unassigned_reasons(inst, data, assignments, covered)
        unassigned = [Unassigned(mission=data.mission_ids[m], reason=reasons[data.mission_ids[m]])
                      for m in range(data.n_mis) if not covered[m]]
        plan = Plan(status=status, assignments=assignments, unassigned=unassigned,
                    solver=self._solver_record(stages, build_seconds, solve_seconds), run=self._run_record())
        plan.kpis = plan_kpis(inst, plan, data, pair_on, covered)
        return plan

    def _solver_record(self, stages: list[StageResult], build_seconds: float,
                       solve_seconds: float) -> dict[str, Any]:
        timings = self.opts.include_timings()
        first = stages[0] if stages else None
        record: dict[str, Any] = {
            "objective": None if first is None else first.objective,
            "bound": None if first is None else first.bound,
            "gap": None if first is None else first.gap,
            "wall_seconds": round(build_seconds + solve_seconds, 3) if timings else None,
            "build_seconds": round(build_seconds, 3) if timings else None,
            "stages": [
                {k: v for k, v in st.model_dump().items() if timings or k != "seconds"} for st in stages
            ],
            "engine": {
                "name": "cp-sat" if not self.opts.mip_coverage else "cp-sat + highs (per stage, see stages)",
                "workers": self.opts.workers, "seed": self.opts.seed,
                "time_limit": self.opts.time_limit, "deterministic": self.opts.deterministic,
                "mode": self.opts.mode or self.instance.policy.objective.mode,
            },
        }
        return record

    def _infeasible(self, conflicts: list[PinConflict], build_seconds: float, data: ProblemData | None,
                    stages: list[StageResult] | None = None) -> SolveResult:
        text = "; ".join(f"{c.mission}/{c.person or '-'}: rule {c.rule}: {c.message}" for c in conflicts)
        plan = Plan(
            status="infeasible", assignments=[],
            unassigned=[Unassigned(mission=m.id, reason=f"no plan: the pins break a rule ({text})")
                        for m in self.instance.missions],
            solver={"objective": None, "bound": None, "gap": None, "wall_seconds": None,
                    "conflicts": [c.model_dump() for c in conflicts]},
            run=self._run_record(),
        )
        return SolveResult(status="infeasible", plan=plan, stages=stages or [], build_seconds=build_seconds,
                           solve_seconds=time.perf_counter() - self.t0 - build_seconds, gap=None,
                           conflicts=conflicts)


def set_objective(model: cp_model.CpModel, stage: Stage) -> None:
    """``model.maximize/minimize(stage.expression())``, written straight from the stage's arrays (on L
    years the expression route costs seconds per stage). CP-SAT stores a maximisation negated, with a
    scaling factor of −1."""
    model.clear_objective()  # type: ignore[no-untyped-call]
    sign = 1 if stage.sense == "min" else -1
    # as the expression route writes it: by variable index, repeated variables summed, zeros left out
    indices, position = np.unique(stage.indices, return_inverse=True)
    coeffs = np.zeros(len(indices), dtype=np.int64)
    np.add.at(coeffs, position, stage.coeffs)
    keep = coeffs != 0
    objective = model.proto.objective
    objective.vars.extend(indices[keep].tolist())
    objective.coeffs.extend((sign * coeffs[keep]).tolist())
    objective.offset = float(sign * stage.offset)
    objective.scaling_factor = float(sign)


def _is_linear(constraint: Any) -> bool:
    # OR-Tools ≥ 9.13 wraps the proto with has_<field>(); older versions are protobuf messages
    has_linear = getattr(constraint, "has_linear", None)
    return bool(has_linear()) if has_linear is not None else constraint.WhichOneof("constraint") == "linear"


def _over_columns(columns: IntArray, stage: Stage) -> tuple[IntArray, np.ndarray] | None:
    """A stage's terms as (program columns, coefficients), or None if a term has no column."""
    index = stage.indices
    if len(index) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    if index.min() < 0 or (columns[index] < 0).any():
        return None
    return columns[index], stage.coeffs.astype(np.float64)


def unassigned_reasons(instance: Instance, data: ProblemData, assignments: list[Assignment],
                       covered: BoolArray) -> dict[str, str]:
    """Why each uncovered mission is uncovered: the validator helper's explanation when available."""
    from ..explain import explain_unassigned

    try:
        reasons: dict[str, str] = dict(explain_unassigned(instance, assignments))
    except Exception:  # an explanation must never cost the plan itself
        log.exception("explain_unassigned failed; using generic reasons")
        return generic_reasons(data, covered)
    missing = [data.mission_ids[m] for m in range(data.n_mis) if not covered[m]
               and not str(reasons.get(data.mission_ids[m], "")).strip()]
    if not missing:
        return reasons
    generic = generic_reasons(data, covered)
    return {**generic, **{k: v for k, v in reasons.items() if str(v).strip()}}


def generic_reasons(data: ProblemData, covered: BoolArray) -> dict[str, str]:
    offsets = data.pairs_by_mission()
    soffsets = data.staff_pairs_by_mission()
    out: dict[str, str] = {}
    for m in range(data.n_mis):
        if covered[m]:
            continue
        n = int(offsets[m + 1] - offsets[m])
        mission = data.instance.missions[m]
        if not data.m_staffable[m]:
            why = "ambassador initiative not approved (rule 8)"
        elif n < data.m_seats_min[m]:
            why = f"only {n} eligible ambassador(s), {int(data.m_seats_min[m])} needed (rules 1-2)"
        elif data.m_needs_pair[m] and soffsets[m + 1] == soffsets[m]:
            why = "no eligible staff member for the pair (rule 3)"
        elif data.m_proposer[m] >= 0 and data.pair_index(int(data.m_proposer[m]), m) < 0:
            why = f"the proposer {mission.proposed_by} cannot take it (rules 1, 8)"
        else:
            why = ("not staffed: the eligible people are busy, at their caps, or the budget and group cap "
                   "are spent on missions of higher value (rules 4-7)")
        out[data.mission_ids[m]] = why
    return out


def plan_kpis(instance: Instance, plan: Plan, data: ProblemData, pair_on: BoolArray,
              covered: BoolArray) -> dict[str, Any]:
    from ..scoring import kpis

    try:
        return dict(kpis(instance, plan))
    except Exception:  # the figures must never cost the plan itself
        log.exception("scoring.kpis failed; using the solver's own figures")
    loads = np.bincount(data.pair_amb[pair_on], minlength=data.n_amb)
    return {
        "missions": data.n_mis,
        "covered": int(covered.sum()),
        "coverage_value": int(data.m_priority[covered].sum()),
        "coverage_value_max": int(data.m_priority.sum()),
        "rotation_penalty": rotation_penalty(loads, data.a_history),
        "match_total": int(data.pair_match[pair_on].sum()),
        "spend_eur": round(int(data.pair_cost[pair_on].sum()) / 100.0, 2),
        "active_ambassadors": int((loads > 0).sum()),
        "max_load": int(loads.max()) if len(loads) else 0,
    }


def solve(instance: Instance, options: SolveOptions | None = None, **overrides: Any) -> SolveResult:
    """Plan a mission year. See :class:`SolveOptions` for the knobs and :class:`SolveResult` for the
    proof of quality (objective, bound and gap per stage)."""
    opts = options or SolveOptions()
    if overrides:
        opts = SolveOptions.model_validate({**opts.__dict__, **overrides})
    return Engine(instance, opts).run()
