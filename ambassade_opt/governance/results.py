"""Typed results of governance: the support group, each meeting's guests, the sortition audit.

``GovernanceResult.to_json`` writes exactly the governance JSON of DOMAIN.md section 6; the
extra fields here (coverage, competence scores, fresh candidates...) are for programs and
analysts and stay out of that file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

from ..files import write_text_atomic

QuotaBounds = Mapping[str, Mapping[str, tuple[int, int]]]


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CoveredValues(_Result):
    languages: list[str] = []
    sectors: list[str] = []
    themes: list[str] = []

    @property
    def count(self) -> int:
        return len(self.languages) + len(self.sectors) + len(self.themes)


class SupportGroupMember(_Result):
    id: str
    role: Literal["staff", "partner"]
    service: str | None
    region: str
    languages: list[str]
    sectors: list[str] = []
    themes: list[str] = []


class SupportGroupResult(_Result):
    """The support group (R3/R4) and how heterogeneous it is."""

    members: list[str]
    details: list[SupportGroupMember]
    covered: CoveredValues
    inventory: CoveredValues
    """Languages, sectors and themes present in the mission inventory: what could be covered."""

    @property
    def staff(self) -> list[str]:
        return [m.id for m in self.details if m.role == "staff"]

    @property
    def partners(self) -> list[str]:
        return [m.id for m in self.details if m.role == "partner"]

    @property
    def heterogeneity(self) -> int:
        return self.covered.count

    def to_dict(self) -> dict[str, Any]:
        return {"members": list(self.members)}


class QuotaChange(_Result):
    """One quota bound a draw could not keep and the bound it used instead (``--relax-quotas``)."""

    feature: str
    value: str
    bound: Literal["min", "max"]
    written: int
    """The bound in ``policy.sortition.quotas``."""
    applied: int
    """The bound the draw met."""

    def describe(self) -> str:
        verb = "lower" if self.applied < self.written else "raise"
        return f"{verb} {self.feature}={self.value} {self.bound} from {self.written} to {self.applied}"


class PanelProbability(_Result):
    panel: list[str]
    probability: float


class SortitionAudit(_Result):
    """Everything needed to check a draw and to redo it (:func:`..audit.redraw`)."""

    meeting: str
    seed: int
    pool_digest: str
    candidates: list[str]
    """All eligible people before rotation (what ``pool_digest`` hashes)."""
    fresh: list[str]
    """Candidates not yet drawn in the current rotation cycle."""
    guest_seats: int
    size: int
    """Seats actually drawn: ``guest_seats``, or the largest quota-feasible size below it."""
    fresh_seats: int
    """Seats that go to fresh candidates in every panel of the lottery."""
    objective: Literal["leximin", "maximin"]
    probabilities: dict[str, float]
    distribution: list[PanelProbability]
    panel: list[str]
    relaxations: list[QuotaChange] = []
    """Quota changes applied because the quotas could not be met (only with relaxation on)."""

    @property
    def min_fresh_probability(self) -> float | None:
        return min((self.probabilities[c] for c in self.fresh), default=None)


class MeetingGuests(_Result):
    """Who is invited to one support-group meeting, and how they were chosen."""

    meeting: str
    kind: Literal["specific", "global"]
    method: Literal["competence", "sortition"]
    guests: list[str]
    candidates: list[str]
    competence: dict[str, int] = {}
    """Theme overlap of each candidate with a competence (``specific``) meeting's themes."""
    audit: SortitionAudit | None = None
    reason: str | None = None
    """Why fewer guests than seats were invited (None when every seat is filled)."""

    def to_dict(self) -> dict[str, Any]:
        """The meeting's record in the governance file: DOMAIN.md section 6, plus ``reason`` when a
        seat is left empty and ``quota_relaxations`` when the draw could not keep the quotas."""
        out: dict[str, Any] = {"meeting": self.meeting, "method": self.method, "guests": list(self.guests)}
        if self.reason is not None:
            out["reason"] = self.reason
        if self.audit is not None and self.audit.relaxations:
            out["quota_relaxations"] = [change.model_dump() for change in self.audit.relaxations]
        if self.audit is not None:
            out["seed"] = self.audit.seed
            out["pool_digest"] = self.audit.pool_digest
            out["probabilities"] = dict(self.audit.probabilities)
            out["distribution"] = [
                {"panel": list(e.panel), "probability": e.probability} for e in self.audit.distribution
            ]
        return out


class GovernanceResult(_Result):
    """The support group and a guest record for every meeting, in date order."""

    master_seed: int
    support_group: SupportGroupResult
    meetings: list[MeetingGuests]

    def meeting(self, meeting_id: str) -> MeetingGuests:
        for m in self.meetings:
            if m.meeting == meeting_id:
                return m
        raise KeyError(meeting_id)

    def to_dict(self) -> dict[str, Any]:
        return {"support_group": self.support_group.to_dict(),
                "meetings": [m.to_dict() for m in self.meetings]}

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False) + "\n"

    def quotas_applied(self, written: QuotaBounds) -> dict[str, dict[str, tuple[int, int]]]:
        """``written`` (``{feature: {value: (min, max)}}``) loosened by every relaxation of the year:
        the loosest bound any draw used, so every panel drawn meets them."""
        table = {feature: dict(values) for feature, values in written.items()}
        for record in self.meetings:
            for change in record.audit.relaxations if record.audit is not None else ():
                low, high = table[change.feature][change.value]
                if change.bound == "min":
                    table[change.feature][change.value] = (min(low, change.applied), high)
                else:
                    table[change.feature][change.value] = (low, max(high, change.applied))
        return table

    def save(self, path: str) -> None:
        write_text_atomic(path, self.to_json())

    # -- analyst views ------------------------------------------------------------------------
    def members_frame(self) -> pd.DataFrame:
        rows = [
            {"id": m.id, "role": m.role, "service": m.service, "region": m.region,
             "languages": ";".join(m.languages), "sectors": ";".join(m.sectors), "themes": ";".join(m.themes)}
            for m in self.support_group.details
        ]
        columns = ["id", "role", "service", "region", "languages", "sectors", "themes"]
        return pd.DataFrame(rows, columns=columns)

    def guests_frame(self) -> pd.DataFrame:
        rows = [
            {"meeting": m.meeting, "kind": m.kind, "method": m.method, "guest": g,
             "competence": m.competence.get(g)}
            for m in self.meetings
            for g in m.guests
        ]
        return pd.DataFrame(rows, columns=["meeting", "kind", "method", "guest", "competence"])

    def probabilities_frame(self) -> pd.DataFrame:
        rows = []
        for m in self.meetings:
            if m.audit is None:
                continue
            fresh = set(m.audit.fresh)
            drawn = set(m.audit.panel)
            for cand, p in m.audit.probabilities.items():
                rows.append({"meeting": m.meeting, "candidate": cand, "probability": p,
                             "fresh": cand in fresh, "drawn": cand in drawn})
        return pd.DataFrame(rows, columns=["meeting", "candidate", "probability", "fresh", "drawn"])
