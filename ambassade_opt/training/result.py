"""The training plan (DOMAIN.md section 9) as a typed result, its JSON file and DataFrame views."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from ..files import write_text_atomic
from ..model import Instance, parse_json, read_input_bytes
from ..plan import Plan, PlanStatus
from .recruit import RecruitProfile


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TrainingSuggestion(_Part):
    """Give ``training`` to ``person`` by ``by``: it unlocks ``unlocks`` and raised the coverage
    value by ``gain`` when it was chosen (measured by re-planning)."""

    person: str
    training: str
    by: date = Field(description="date of the first mission that needs it in the attached plan, or of "
                                 "the first mission it unlocks")
    unlocks: list[str]
    gain: int


class Measurement(_Part):
    """One candidate measured by re-planning at one step of the greedy selection."""

    step: int
    person: str
    training: str
    estimate: int = Field(description="Σ priority of the missions it unlocks: an upper bound on the gain")
    coverage: int
    gain: int
    status: PlanStatus
    chosen: bool


class TrainingPlan(_Part):
    """``training.json``: the suggestions, the coverage before and after, the plan that reaches
    ``coverage_after`` (valid for the year with the trainings added), the profiles to recruit."""

    format_version: Literal[1] = 1
    suggestions: list[TrainingSuggestion]
    coverage_before: int = Field(description="coverage value of the best plan found without the trainings")
    coverage_after: int = Field(description="coverage value of `plan`, made with the trainings added")
    coverage_of_given_plan: int | None = Field(
        default=None, description="coverage value of the plan given (None: none given)")
    plan: Plan
    profiles_to_recruit: list[RecruitProfile]
    measurements: list[Measurement] = []

    def trained_instance(self, instance: Instance) -> Instance:
        """``instance`` with the suggested trainings added: the year ``plan`` is valid for."""
        raw = instance.model_dump(mode="python")
        by_id = {a["id"]: a for a in raw["ambassadors"]}
        for s in self.suggestions:
            if s.training not in by_id[s.person]["trainings"]:
                by_id[s.person]["trainings"].append(s.training)
        return Instance.model_validate(raw)

    def frames(self) -> dict[str, pd.DataFrame]:
        def frame(rows: list[Any], model: type[BaseModel]) -> pd.DataFrame:
            return pd.DataFrame([r.model_dump() for r in rows], columns=list(model.model_fields))

        return {"suggestions": frame(self.suggestions, TrainingSuggestion),
                "profiles_to_recruit": frame(self.profiles_to_recruit, RecruitProfile),
                "measurements": frame(self.measurements, Measurement)}

    def summary(self) -> str:
        lines = [f"coverage value {self.coverage_before} -> {self.coverage_after} "
                 f"with {len(self.suggestions)} training(s)"]
        lines += [f"  {s.person}: {s.training} by {s.by.isoformat()} (+{s.gain}; unlocks "
                  f"{', '.join(s.unlocks)})" for s in self.suggestions]
        for p in self.profiles_to_recruit[:5]:
            lines.append(f"  recruit: {p.language} {p.competence} in {p.region}"
                         f"{' (' + p.sector + ')' if p.sector else ''}, missing {'+'.join(p.missing)}: "
                         f"{len(p.missions)} mission(s), priority {p.total_priority}")
        return "\n".join(lines)

    def to_json(self, indent: int | None = 1) -> str:
        data = self.model_dump(mode="json")
        data["plan"] = json.loads(self.plan.to_json())
        return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"

    def save(self, path: str | Path) -> None:
        write_text_atomic(path, self.to_json())

    @classmethod
    def load(cls, path: str | Path) -> TrainingPlan:
        return parse_json(cls, read_input_bytes(Path(path)), source=str(path))  # type: ignore[no-any-return]
