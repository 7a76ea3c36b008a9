"""The plan a solve produces, in the JSON shape of DOMAIN.md section 6."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .errors import InputError
from .figures import Kpis
from .files import write_text_atomic
from .model import Instance, parse_json, read_input_bytes
from .records import RunRecord, SolverRecord

PlanStatus = Literal["optimal", "feasible", "infeasible", "unknown"]


class _PlanPart(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Assignment(_PlanPart):
    """A covered mission: its ambassadors and, where a pair is needed, one staff member."""

    mission: str
    ambassadors: list[str]
    staff: str | None = None


class Unassigned(_PlanPart):
    """A mission left out, with the rule that leaves it out in plain words."""

    mission: str
    reason: str


class DiffEntry(_PlanPart):
    """One assignment that a re-plan changed (DOMAIN.md section 8)."""

    mission: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    why: str


class Plan(_PlanPart):
    """Who goes where. Every mission appears in exactly one of ``assignments`` or ``unassigned``."""

    format_version: Literal[1] = 1
    status: PlanStatus
    assignments: list[Assignment] = []
    unassigned: list[Unassigned] = []
    kpis: Kpis | None = Field(default=None, description="the plan's figures; none when not computed")
    solver: SolverRecord = Field(default_factory=SolverRecord)
    run: RunRecord = Field(default_factory=RunRecord, description="how to trace and re-run this plan")
    diff: list[DiffEntry] | None = None

    @field_validator("kpis", mode="before")
    @classmethod
    def _no_figures_is_none(cls, value: object) -> object:
        """A plan file written by hand or by another system may carry ``"kpis": {}``: no figures."""
        return None if value == {} else value

    def _repr_html_(self) -> str:
        """A compact table for notebooks: status, stages, headline figures."""
        from .summary_html import plan_summary_html

        return plan_summary_html(self)

    def assignment_of(self) -> dict[str, Assignment]:
        return {a.mission: a for a in self.assignments}

    def missions_of(self) -> dict[str, list[str]]:
        """Mission ids per ambassador, in plan order."""
        out: dict[str, list[str]] = {}
        for a in self.assignments:
            for amb in a.ambassadors:
                out.setdefault(amb, []).append(a.mission)
        return out

    @classmethod
    def from_json(cls, text: str | bytes, source: str | None = None) -> Plan:
        return parse_json(cls, text, source)  # type: ignore[no-any-return]

    @classmethod
    def load(cls, path: str | Path) -> Plan:
        return cls.from_json(read_input_bytes(Path(path)), source=str(path))

    def to_json(self, indent: int | None = 1) -> str:
        data = self.model_dump(mode="json", exclude_none=False)
        if data.get("diff") is None:
            data.pop("diff", None)
        return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"

    def save(self, path: str | Path) -> None:
        write_text_atomic(path, self.to_json())

    def check_references(self, instance: Instance) -> None:
        """Raise :class:`InputError` listing every mission or person the plan names that ``instance``
        does not know (a plan read next to the wrong year)."""
        missions = {m.id for m in instance.missions}
        ambassadors = {a.id for a in instance.ambassadors}
        staff = {s.id for s in instance.staff}
        problems: list[tuple[str, str]] = []
        for i, asg in enumerate(self.assignments):
            if asg.mission not in missions:
                problems.append((f"plan.assignments[{i}].mission", f"unknown mission {asg.mission!r}"))
            for j, aid in enumerate(asg.ambassadors):
                if aid not in ambassadors:
                    loc = f"plan.assignments[{i}].ambassadors[{j}]"
                    problems.append((loc, f"unknown ambassador {aid!r}"))
            if asg.staff is not None and asg.staff not in staff:
                problems.append((f"plan.assignments[{i}].staff", f"unknown staff member {asg.staff!r}"))
        if problems:
            raise InputError(problems)
