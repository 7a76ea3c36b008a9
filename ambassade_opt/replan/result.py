"""What a re-plan returns: the changed instance, the new plan, and what changed for whom."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..model import Instance
from ..plan import Plan
from ..solver import SolveResult

PairStatus = Literal["kept", "moved", "added", "dropped"]


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
            f"  untouched assignments kept: {self.untouched_kept} of {self.untouched_pairs} "
            f"({100 * self.untouched_kept_ratio:.1f} %)",
            self._coverage_line(),
        ]
        reasons: dict[str, int] = defaultdict(int)
        for p in self.pairs:
            if p.status in ("added", "dropped"):
                reasons[f"{p.status}: {p.why}"] += 1
        for text, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))[:12]:
            lines.append(f"    {n:4d} × {text}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def _coverage_line(self) -> str:
        """Coverage against the best found (and the tolerance that allowed less) and its bound."""
        value = sum(m.priority for m in self.instance.missions if m.id in self.plan.assignment_of())
        record = self.plan.run.replan
        text = f"  coverage value {value} of {sum(m.priority for m in self.instance.missions)}"
        if record is None:
            return text
        if record.coverage_best_found:
            share = value / record.coverage_best_found
            text += f"; {100 * share:.1f} % of the best found ({record.coverage_best_found}"
            text += (
                f", tolerance {100 * record.coverage_tolerance:g} %)" if record.coverage_tolerance else ")"
            )
        if record.coverage_bound:
            text += f"; {100 * value / record.coverage_bound:.1f} % of its bound ({record.coverage_bound:g})"
        return text
