"""How big a synthetic year is: :class:`YearSize` and the S, M, L, XL presets."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .geography import BELGIAN_REGIONS, REGIONS


class YearSize(BaseModel):
    """How big a synthetic year is. Staff and meeting counts default from the ambassadors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = "custom"
    n_ambassadors: int = Field(ge=1)
    n_missions: int = Field(ge=1)
    n_staff: int = Field(ge=1)
    n_meetings: int = Field(ge=0)
    regions: tuple[str, ...] = BELGIAN_REGIONS
    # Shares that make the policy bind: group cap over ambassadors; annual budget over the cost
    # of covering every mission with its minimum seats.
    group_cap_share: float = Field(default=0.6, gt=0, le=1)
    budget_share: float = Field(default=0.55, gt=0)

    @model_validator(mode="before")
    @classmethod
    def _derived_defaults(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("n_ambassadors"), int):
            data = dict(data)
            data.setdefault("n_staff", max(3, round(data["n_ambassadors"] / 20)))
            data.setdefault("n_meetings", 12 if data["n_ambassadors"] >= 20 else 4)
        return data

    @property
    def countries(self) -> list[str]:
        """The countries of the network, Belgium first (SMart's home) then by code."""
        found = {REGIONS[r].country for r in self.regions}
        return sorted(found, key=lambda c: (c != "BE", c))

    @field_validator("regions")
    @classmethod
    def _known_regions(cls, regions: tuple[str, ...]) -> tuple[str, ...]:
        if not regions:
            raise ValueError("at least one region is needed")
        unknown = [r for r in regions if r not in REGIONS]
        if unknown:
            raise ValueError(f"unknown region(s) {unknown}; known: {', '.join(REGIONS)}")
        if len(set(regions)) != len(regions):
            raise ValueError("a region is listed twice")
        return regions


SIZES: dict[str, YearSize] = {
    "S": YearSize(label="S", n_ambassadors=40, n_missions=150, n_staff=8, n_meetings=12),
    "M": YearSize(label="M", n_ambassadors=250, n_missions=1_200, n_staff=24, n_meetings=12),
    "L": YearSize(label="L", n_ambassadors=1_500, n_missions=8_000, n_staff=80, n_meetings=24),
    "XL": YearSize(label="XL", n_ambassadors=6_000, n_missions=40_000, n_staff=300, n_meetings=36,
                   regions=("BXL", "VL", "WAL", "FR", "ES", "IT", "DE", "NL")),
}


def resolve_size(size: str | YearSize) -> YearSize:
    """A preset name (case-insensitive) or a :class:`YearSize` as is."""
    if isinstance(size, YearSize):
        return size
    key = str(size).strip().upper()
    if key not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(SIZES)} or pass a YearSize")
    return SIZES[key]
