"""The governance JSON file of DOMAIN.md section 6, as a model: for its JSON Schema and for reading
a file back. The richer in-memory results live in :mod:`.results`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model import parse_json, read_input_bytes


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class SupportGroupRecord(_Part):
    members: list[str]


class LotteryPanel(_Part):
    panel: list[str]
    probability: float = Field(ge=0, le=1)


class QuotaChangeRecord(_Part):
    """A quota bound the draw could not keep (``govern --relax-quotas``) and the one it met."""

    feature: str
    value: str
    bound: Literal["min", "max"]
    written: int = Field(description="the bound in policy.sortition.quotas")
    applied: int = Field(description="the bound the drawn panel and every panel of its lottery meet")


class MeetingRecord(_Part):
    """Guests of one meeting; the audit fields are present for sortition meetings only.

    ``reason``: why fewer guests than seats were invited; ``quota_relaxations``: the quota bounds
    a draw could not keep (only with ``govern --relax-quotas``)."""

    meeting: str
    method: Literal["competence", "sortition"]
    guests: list[str]
    reason: str | None = None
    quota_relaxations: list[QuotaChangeRecord] | None = None
    seed: int | None = None
    pool_digest: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    probabilities: dict[str, float] | None = None
    distribution: list[LotteryPanel] | None = None


class GovernanceFile(_Part):
    """What ``ambassade-opt govern`` writes."""

    support_group: SupportGroupRecord
    meetings: list[MeetingRecord]

    @classmethod
    def load(cls, path: str | Path) -> GovernanceFile:
        return parse_json(cls, read_input_bytes(Path(path)), source=str(path))  # type: ignore[no-any-return]
