"""What :func:`~ambassade_opt.suggest.suggest` returns: ranked choices, each with its moves."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Role = Literal["ambassador", "staff"]
MoveEffect = Literal["seat_freed", "mission_uncovered"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Move(_Out):
    """A mission the suggested person must leave, and what that does to it."""

    mission: str
    person: str
    effect: MoveEffect
    why: str


class Suggestion(_Out):
    """One ranked choice for a mission or a freed seat.

    ``coverage_lost``: Σ priority of the missions the moves leave uncovered; ``coverage_gained``:
    the target's priority when the choice covers it (it was uncovered). ``money_eur`` and
    ``rotation_delta`` are against the plan with the freed seat already empty."""

    mission: str
    seat: str | None
    person: str
    role: Role
    match: int | None
    money_eur: float
    rotation_delta: int
    coverage_lost: int
    coverage_gained: int = 0
    moves: list[Move]
    team: list[str]
    staff: str | None
    budget_headroom_eur: float | None
    quarter_headroom_eur: float | None
    feasible: bool
    blockers: list[str]

    @property
    def coverage_change(self) -> int:
        """Net change of the coverage value if the choice is applied."""
        return self.coverage_gained - self.coverage_lost

    def summary(self) -> str:
        head = f"{self.person} ({self.role})"
        if self.match is not None:
            head += f" match {self.match}"
        parts = [head, f"{self.money_eur:+.2f} EUR", f"rotation {self.rotation_delta:+d}"]
        if self.team:
            parts.append(f"with {', '.join(self.team)}")
        if self.staff is not None and self.role == "ambassador":
            parts.append(f"staff {self.staff}")
        if self.coverage_lost:
            parts.append(
                f"coverage value {self.coverage_change:+d} (moves uncover {self.coverage_lost}"
                + (f", the mission adds {self.coverage_gained})" if self.coverage_gained else ")")
            )
        if self.moves:
            parts.append(
                "moves: "
                + "; ".join(
                    f"{mv.person} leaves {mv.mission} ({mv.why}"
                    + (", mission uncovered)" if mv.effect == "mission_uncovered" else ")")
                    for mv in self.moves
                )
            )
        if self.budget_headroom_eur is not None:
            parts.append(f"budget left {self.budget_headroom_eur:.2f} EUR")
        if not self.feasible:
            parts.append("NOT POSSIBLE: " + "; ".join(self.blockers))
        return ", ".join(parts)
