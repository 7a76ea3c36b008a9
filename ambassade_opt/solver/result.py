"""What a solve returns: the plan and the proof of how good it is, stage by stage."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..plan import Plan, PlanStatus

StageStatus = Literal["optimal", "feasible", "infeasible", "unknown", "skipped"]


class StageResult(BaseModel):
    """One objective stage. ``objective`` and ``bound`` are in the stage's natural sense: for a
    maximised stage the bound is an upper bound, for a minimised one a lower bound."""

    model_config = ConfigDict(extra="forbid")

    name: str
    sense: Literal["max", "min"]
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    status: StageStatus
    engine: str = "cp-sat"
    greedy: float | None = None  # value of the constructive plan, where known
    lp_bound: float | None = None
    # which clock stopped the stage before a proof: "wall" (the time limit) or "deterministic"
    # (one-worker runs, reproducible); None when it ended on its own
    stopped_by: Literal["wall", "deterministic"] | None = None


class PinConflict(BaseModel):
    """A pin (or frozen assignment) that breaks a hard rule."""

    mission: str
    person: str | None
    rule: str
    message: str


class SolveResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: PlanStatus
    plan: Plan
    stages: list[StageResult]
    build_seconds: float
    solve_seconds: float
    gap: float | None
    conflicts: list[PinConflict] = []

    @property
    def objective(self) -> float | None:
        return self.stages[0].objective if self.stages else None

    @property
    def bound(self) -> float | None:
        return self.stages[0].bound if self.stages else None

    def summary(self) -> str:
        lines = [f"status {self.status}; build {self.build_seconds:.2f} s, solve {self.solve_seconds:.2f} s"]
        for st in self.stages:
            gap = "-" if st.gap is None else f"{100 * st.gap:.2f}%"
            lines.append(f"  {st.name:<9} {_num(st.objective):>12} bound {_num(st.bound):>12} gap {gap:>8} "
                         f"{st.seconds:5.1f}s {st.status}")
        for c in self.conflicts:
            lines.append(f"  conflict: mission {c.mission}, {c.person or '-'}: rule {c.rule}: {c.message}")
        return "\n".join(lines)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value + 0.0:,.1f}"
