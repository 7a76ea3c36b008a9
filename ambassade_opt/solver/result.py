"""What a solve returns: the plan and the proof of how good it is, stage by stage."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..plan import Plan, PlanStatus
from ..records import ConflictRecord, StageRecord

StageResult = StageRecord
PinConflict = ConflictRecord


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

    def _repr_html_(self) -> str:
        """A compact table for notebooks: status, times, stages with their gaps, conflicts."""
        from ..summary_html import result_summary_html

        return result_summary_html(self)

    def summary(self) -> str:
        lines = [f"status {self.status}; build {self.build_seconds:.2f} s, solve {self.solve_seconds:.2f} s"]
        for st in self.stages:
            gap = "-" if st.gap is None else f"{100 * st.gap:.2f}%"
            lines.append(
                f"  {st.name:<9} {_num(st.objective):>12} bound {_num(st.bound):>12} gap {gap:>8} "
                f"{st.seconds or 0.0:5.1f}s {st.status}"
            )
        for c in self.conflicts:
            lines.append(f"  conflict: mission {c.mission}, {c.person or '-'}: rule {c.rule}: {c.message}")
        return "\n".join(lines)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value + 0.0:,.1f}"
