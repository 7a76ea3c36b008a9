"""The parts of a mission report (DOMAIN.md section 9): who was there, the hours, the expenses and
how it went; and :class:`ReportsDocument`, what the sheet writers need of a reports file.

These sit below :mod:`.model` (the whole file, its checks and formats) so that the sheet readers
and writers (:mod:`.sheets`, :mod:`.workbook`) can use them without the file's model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Protocol

from pydantic import Field

from ..model import Euros, Id, NonNegFloat, NonNegInt, OptionalText, Strict

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


class ReportsDocument(Protocol):
    """A reports file as the writers read it: its head and its reports
    (:class:`~ambassade_opt.actuals.model.Actuals` is one)."""

    @property
    def format_version(self) -> int: ...

    @property
    def year(self) -> int: ...

    @property
    def reports(self) -> Sequence[MissionReport]: ...
