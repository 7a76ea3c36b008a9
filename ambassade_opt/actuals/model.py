"""Mission reports (DOMAIN.md section 9): what happened on each mission, as a typed model.

The plan stays as it was; reports say who was there (and whom they replaced), the hours worked,
the expenses claimed and how it went::

    Actuals: format_version=1, year, reports[] — at most one per mission
      {mission, held (false: called off),
       people: [{id, hours | null, expenses_eur (default 0), substitute_for | null}],
       evaluation: {rating 1..5 | null, audience >= 0 | null, notes | null, follow_up | null}}

Loading checks each report on its own (types, ranges, unknown fields) and what a report file
says about itself (:func:`internal_problems`: one report per mission, nobody twice in a report,
no hours on a mission called off, nobody replacing themselves). What needs the year and its plan
(known missions and people, substitutes who replace someone planned there) is
:func:`ambassade_opt.actuals.checks.check_actuals`. Every problem is reported with its place,
e.g. ``reports[3].people[1].substitute_for: ...``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import Field, ValidationError

from ..errors import InputError, Loc, RawProblem, pydantic_problems
from ..files import write_text_atomic
from ..model import Euros, Id, NonNegFloat, NonNegInt, OptionalText, Strict, read_input_bytes

Rating = Annotated[int, Field(ge=1, le=5)]


class ReportedPerson(Strict):
    """One person on a mission report: an ambassador or a staff member who was there."""

    id: Id
    hours: NonNegFloat | None = Field(
        default=None, description="mission + preparation hours actually worked (ambassadors only)")
    expenses_eur: Euros = Field(default=0.0, description="expenses claimed, EUR")
    substitute_for: Id | None = Field(
        default=None, description="who they replaced: same kind of person, planned on that mission")


class Evaluation(Strict):
    """How the mission went, for the support group (R4)."""

    rating: Rating | None = None
    audience: NonNegInt | None = None
    notes: OptionalText = None
    follow_up: OptionalText = None


class MissionReport(Strict):
    """What happened on one mission."""

    mission: Id
    held: bool = Field(description="false: the mission was called off")
    people: list[ReportedPerson] = Field(default_factory=list)
    evaluation: Evaluation = Evaluation()

    def person(self, person_id: str) -> ReportedPerson | None:
        return next((p for p in self.people if p.id == person_id), None)


class Actuals(Strict):
    """The year's mission reports (DOMAIN.md section 9)."""

    format_version: Literal[1]
    year: Annotated[int, Field(ge=1900, le=9998)]
    reports: list[MissionReport] = Field(default_factory=list)

    def report_of(self) -> dict[str, MissionReport]:
        """Report per mission id (a checked file holds at most one per mission)."""
        return {r.mission: r for r in self.reports}

    # -- formats ---------------------------------------------------------------------------
    @classmethod
    def from_json(cls, text: str | bytes, source: str | None = None) -> Actuals:
        """Parse and check a reports file on its own, raising :class:`InputError` with every problem."""
        try:
            actuals, problems = check_actuals_json(text)
        except InputError as exc:
            raise InputError(exc.problems, source) from None
        if actuals is None or problems:
            raise InputError.from_locs(problems, source)
        return actuals

    @classmethod
    def of(cls, data: dict[str, Any]) -> Actuals:
        """Build from Python data (e.g. in a notebook), with the same checks as a file."""
        try:
            actuals = cls.model_validate(data)
        except ValidationError as exc:
            raise InputError.from_locs(pydantic_problems(exc) + raw_internal_problems(data)) from None
        problems = internal_problems(actuals)
        if problems:
            raise InputError.from_locs(problems)
        return actuals

    @classmethod
    def load(cls, path: str | Path) -> Actuals:
        """A JSON file, a folder of sheets (:mod:`ambassade_opt.actuals.sheets`) or an ``.xlsx``
        workbook (:mod:`ambassade_opt.actuals.workbook`)."""
        p = Path(path)
        if p.is_dir() or p.suffix.lower() == ".xlsx":
            from .sheets import load_actuals

            return load_actuals(p).actuals
        return cls.from_json(read_input_bytes(p), source=str(p))

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=indent, ensure_ascii=False) + "\n"

    def save(self, path: str | Path) -> None:
        """JSON, or an ``.xlsx`` workbook when the name says so; written completely or not at all."""
        if Path(path).suffix.lower() == ".xlsx":
            from .workbook import write_actuals_workbook

            write_actuals_workbook(self, path)
            return
        write_text_atomic(path, self.to_json())

    # -- for analysts ----------------------------------------------------------------------
    def frame(self) -> pd.DataFrame:
        """One row per (report, person); a report with nobody on it gives one row without a person."""
        rows: list[dict[str, Any]] = []
        for r in self.reports:
            head = {"mission": r.mission, "held": r.held, **r.evaluation.model_dump()}
            people: list[ReportedPerson | None] = [*r.people] or [None]
            for p in people:
                rows.append({**head, "person": p.id if p else None, "hours": p.hours if p else None,
                             "expenses_eur": p.expenses_eur if p else 0.0,
                             "substitute_for": p.substitute_for if p else None})
        columns = ["mission", "held", "person", "hours", "expenses_eur", "substitute_for",
                   "rating", "audience", "notes", "follow_up"]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.astype({"held": "bool", "hours": "Float64", "expenses_eur": "float64",
                             "rating": "Int64", "audience": "Int64"})


def internal_problems(actuals: Actuals) -> list[RawProblem]:
    """What a reports file gets wrong on its own, as raw ``(path, message)`` problems.

    At most one report per mission; nobody twice in a report; a mission called off
    (``held: false``) carries no hours; nobody replaces themselves, and two people do not replace
    the same person.
    """
    return raw_internal_problems(actuals.model_dump(mode="json"))


def raw_internal_problems(raw: Any) -> list[RawProblem]:
    """:func:`internal_problems` on JSON data that may be broken elsewhere: what can be judged is."""
    problems: list[RawProblem] = []
    reports = raw.get("reports") if isinstance(raw, dict) else None
    first_report: dict[str, int] = {}
    for i, report in enumerate(reports if isinstance(reports, list) else []):
        if not isinstance(report, dict):
            continue
        mission = report.get("mission")
        if isinstance(mission, str) and mission in first_report:
            problems.append((("reports", i, "mission"),
                             f"a second report for {mission!r} (first at reports[{first_report[mission]}]): "
                             "one report per mission"))
        elif isinstance(mission, str):
            first_report[mission] = i
        people = report.get("people")
        problems += _people_problems(i, report.get("held"), people if isinstance(people, list) else [])
    return problems


def _people_problems(i: int, held: Any, people: list[Any]) -> list[RawProblem]:
    problems: list[RawProblem] = []
    first_person: dict[str, int] = {}
    replaced: dict[str, int] = {}
    for j, person in enumerate(people):
        if not isinstance(person, dict):
            continue
        where: Loc = ("reports", i, "people", j)
        pid, sub = person.get("id"), person.get("substitute_for")
        if isinstance(pid, str) and pid in first_person:
            first = f"people[{first_person[pid]}]"
            problems.append(((*where, "id"), f"{pid!r} is listed twice in this report (first at {first})"))
        elif isinstance(pid, str):
            first_person[pid] = j
        if held is False and person.get("hours") is not None:
            problems.append(((*where, "hours"),
                             "the mission was called off (held: false): no hours can be reported"))
        if not isinstance(sub, str):
            continue
        if sub == pid:
            problems.append(((*where, "substitute_for"), f"{pid!r} cannot replace themselves"))
        elif sub in replaced:
            problems.append(((*where, "substitute_for"),
                             f"{sub!r} is already replaced by people[{replaced[sub]}] of this report"))
        else:
            replaced[sub] = j
    return problems


def check_actuals_json(text: str | bytes) -> tuple[Actuals | None, list[RawProblem]]:
    """The reports and every problem they have on their own, as raw paths (empty when fine).

    Problems of the file itself (one report per mission, ...) are found even when some fields are
    broken. Text that is not a JSON object raises :class:`InputError` at once.
    """
    try:
        raw = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError([("(file)", f"not valid JSON: {exc}")]) from None
    if not isinstance(raw, dict):
        raise InputError([("(file)", f"expected a JSON object, got {type(raw).__name__}")])
    try:
        actuals = Actuals.model_validate_json(text, strict=True)
    except ValidationError as exc:
        return None, pydantic_problems(exc) + raw_internal_problems(raw)
    return actuals, raw_internal_problems(raw)
