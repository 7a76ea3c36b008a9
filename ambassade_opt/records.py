"""What a plan file says about how it was made: the solver, stage, pass and run records.

Typed, so that services read ``plan.solver.gap`` rather than a string key; in the plan JSON of
DOMAIN.md section 6 they are the ``solver`` and ``run`` objects.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

StageStatus = Literal["optimal", "feasible", "infeasible", "unknown", "skipped"]
StoppedBy = Literal["wall", "deterministic", "interrupt"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class StageRecord(_Record):
    """One objective stage. ``objective`` and ``bound`` are in the stage's natural sense and units
    (cost in EUR): for a maximised stage the bound is an upper bound, for a minimised one a lower
    bound. ``stopped_by``: which clock stopped the stage before a proof ("wall": the time limit;
    "deterministic": the work limit of one-worker runs, reproducible; "interrupt": Ctrl-C)."""

    name: str
    sense: Literal["max", "min"]
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float | None = None
    status: StageStatus
    engine: str = "cp-sat"
    greedy: float | None = None  # value of the constructive plan, where known
    lp_bound: float | None = None
    stopped_by: StoppedBy | None = None


class EngineRecord(_Record):
    name: str
    workers: int | None
    seed: int
    time_limit: float | None
    deterministic: bool
    mode: str


class ConflictRecord(_Record):
    """A pin (or frozen assignment) that breaks a hard rule."""

    mission: str
    person: str | None
    rule: str
    message: str


class PassRecord(_Record):
    """One pass of a re-plan (coverage+stability, promises, crossover, lexicographic)."""

    name: str
    status: str
    coverage_value: int | None = None
    stability_cost: int | None = None
    k: int | None = None
    coverage_floor: int | None = None
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None


class SolverRecord(_Record):
    """``objective``/``bound``/``gap`` of the first stage; timings only when asked (a one-worker
    run's file is kept byte-identical)."""

    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    wall_seconds: float | None = None
    build_seconds: float | None = None
    stages: list[StageRecord] = []
    engine: EngineRecord | None = None
    conflicts: list[ConflictRecord] = []
    passes: list[PassRecord] = []
    stopped_by: StoppedBy | None = None


class StabilityRecord(_Record):
    base: int
    urgency: int
    horizon_days: int


class ReplanRecord(_Record):
    """How a re-planned plan was made, and how many promises it kept."""

    now: str | None
    base_plan_sha256: str
    changes_sha256: str
    changes: int
    frozen_missions: int
    start: str
    coverage_tolerance: float
    stability: StabilityRecord
    untouched: int | None = None
    untouched_kept: int | None = None
    coverage_best_found: int | None = None
    coverage_bound: float | None = None


class RunRecord(_Record):
    """How to trace and re-run this plan."""

    input_digest: str | None = None
    seed: int | None = None
    workers: int | None = None
    time_limit: float | None = None
    mode: str | None = None
    library: str | None = None
    library_version: str | None = None
    ortools_version: str | None = None
    replan: ReplanRecord | None = None
