"""What every rule shares: the :class:`Violation` record, rule names and numeric tolerances."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

RuleName = Literal[
    "structure",
    "eligibility",
    "seats",
    "pair",
    "overlap",
    "load",
    "group_cap",
    "money",
    "initiative",
    "pinned",
]

# Money is compared with half a cent of slack: sums of floats must not flip a verdict.
MONEY_TOLERANCE_EUR = 0.005
# Hours are sums of floats too; a sub-nanosecond excess is rounding, not overwork.
HOURS_TOLERANCE = 1e-9


class Violation(BaseModel):
    """One broken hard rule: which rule, which mission(s) and person, in plain words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: RuleName
    message: str
    mission: str | None = None
    person: str | None = None
    other_mission: str | None = None

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"
