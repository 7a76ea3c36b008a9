"""The rules of the game: travel, compensation, budget, support group, sortition, objective,
gathered in :class:`Policy`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, WithJsonSchema, field_validator

from .common import (
    INTERVENTIONS,
    MAX_SUPPORT_GROUP,
    OBJECTIVE_TERMS,
    QUOTA_FEATURES,
    BufferMinutes,
    Euros,
    HourlyRate,
    Intervention,
    NonNegInt,
    ObjectiveWeight,
    QuotaFeature,
    Region,
    Seed,
    Strict,
    Tag,
    TagList,
    vocabulary_keys,
)
from .missions import Mission
from .people import Ambassador


class SameRegionTravel(Strict):
    buffer_minutes: BufferMinutes = 30
    expense_eur: Euros = 10.0


class OtherRegionTravel(Strict):
    buffer_minutes: BufferMinutes = 90
    expense_eur: Euros = 35.0


class TravelPair(Strict):
    """A symmetric override of the travel table between two regions."""

    a: Region
    b: Region
    buffer_minutes: BufferMinutes
    expense_eur: Euros

    @field_validator("b")
    @classmethod
    def _two_regions(cls, b: str, info: ValidationInfo) -> str:
        if info.data.get("a") == b:
            raise ValueError(f"a pair must name two different regions, got {b!r} twice")
        return b


class Travel(Strict):
    same_region: SameRegionTravel = SameRegionTravel()
    other_region: OtherRegionTravel = OtherRegionTravel()
    pairs: list[TravelPair] = []

    @field_validator("pairs")
    @classmethod
    def _each_pair_once(cls, pairs: list[TravelPair]) -> list[TravelPair]:
        first: dict[frozenset[str], int] = {}
        for i, pair in enumerate(pairs):
            key = frozenset((pair.a, pair.b))
            if key in first:
                raise ValueError(f"pairs {first[key]} and {i} both give {pair.a}-{pair.b}")
            first[key] = i
        return pairs

    def rule(self, region_a: str, region_b: str) -> SameRegionTravel | OtherRegionTravel | TravelPair:
        if region_a == region_b:
            return self.same_region
        for pair in self.pairs:
            if {pair.a, pair.b} == {region_a, region_b}:
                return pair
        return self.other_region

    def buffer_minutes(self, region_a: str, region_b: str) -> int:
        return self.rule(region_a, region_b).buffer_minutes

    def expense_eur(self, region_a: str, region_b: str) -> float:
        return self.rule(region_a, region_b).expense_eur

    def max_buffer_minutes(self) -> int:
        return max(
            [self.same_region.buffer_minutes, self.other_region.buffer_minutes]
            + [p.buffer_minutes for p in self.pairs]
        )


class Compensation(Strict):
    hourly_rate: HourlyRate = 40.0
    hourly_rate_by_intervention: Annotated[
        dict[Intervention, HourlyRate], vocabulary_keys(INTERVENTIONS)
    ] = {}
    max_remuneration_per_ambassador: Euros | None = None

    def rate(self, intervention: str) -> float:
        rates: dict[str, float] = {str(k): v for k, v in self.hourly_rate_by_intervention.items()}
        return rates.get(intervention, self.hourly_rate)


def _four_quarters(amounts: list[float]) -> list[float]:
    if len(amounts) != 4:
        raise ValueError(f"must hold 4 amounts, one per quarter, not {len(amounts)}")
    return amounts


class Budget(Strict):
    annual: Euros | None = None
    quarterly: Annotated[list[Euros], AfterValidator(_four_quarters)] | None = None


class SupportGroupPolicy(Strict):
    max_size: Annotated[int, Field(ge=1, le=MAX_SUPPORT_GROUP)] = MAX_SUPPORT_GROUP
    required_services: TagList = []
    required_regions: TagList = []
    coordinator_service: Tag = "communication"
    min_partners: NonNegInt = 1
    max_partners: NonNegInt = 5

    @field_validator("min_partners")
    @classmethod
    def _room_for_the_coordinator(cls, min_partners: int, info: ValidationInfo) -> int:
        max_size = info.data.get("max_size")
        if max_size is not None and min_partners > max_size - 1:
            raise ValueError(
                f"{min_partners} partners leave no seat for the coordinator in a group of at most {max_size}"
            )
        return min_partners

    @field_validator("max_partners")
    @classmethod
    def _partners_ordered(cls, max_partners: int, info: ValidationInfo) -> int:
        min_partners = info.data.get("min_partners")
        if min_partners is not None and min_partners > max_partners:
            raise ValueError(f"{max_partners} is below min_partners {min_partners}")
        return max_partners


def _ordered_range(bounds: list[int]) -> list[int]:
    if bounds[0] > bounds[1]:
        raise ValueError(f"min {bounds[0]} is above max {bounds[1]}")
    return bounds


QuotaRange = Annotated[list[NonNegInt], Field(min_length=2, max_length=2), AfterValidator(_ordered_range)]


class SortitionPolicy(Strict):
    quotas: Annotated[dict[QuotaFeature, dict[Tag, QuotaRange]], vocabulary_keys(QUOTA_FEATURES)] = {}
    seed: Seed | None = None


def _one_of(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(repr(a) for a in allowed)}")
        return value

    return check


# Typed as plain strings, so that code looking keys up with any string type-checks.
ObjectiveTermName = Annotated[
    str, AfterValidator(_one_of(OBJECTIVE_TERMS)), WithJsonSchema({"enum": list(OBJECTIVE_TERMS)})
]
TrainingTableKey = Annotated[
    str, AfterValidator(_one_of((*INTERVENTIONS, "*"))), WithJsonSchema({"enum": [*INTERVENTIONS, "*"]})
]


class ObjectivePolicy(Strict):
    mode: Literal["lexicographic", "weighted"] = "lexicographic"
    weights: Annotated[dict[ObjectiveTermName, ObjectiveWeight], vocabulary_keys(OBJECTIVE_TERMS)] = {}


class Policy(Strict):
    group_cap: NonNegInt | None = None
    max_per_month: NonNegInt | None = None
    training_requirements: Annotated[
        dict[TrainingTableKey, TagList], vocabulary_keys((*INTERVENTIONS, "*"))
    ] = {}
    travel: Travel = Travel()
    compensation: Compensation = Compensation()
    budget: Budget = Budget()
    support_group: SupportGroupPolicy = SupportGroupPolicy()
    sortition: SortitionPolicy = SortitionPolicy()
    objective: ObjectivePolicy = ObjectivePolicy()

    def required_trainings(self, mission: Mission) -> list[str]:
        if mission.requires_training is not None:
            return mission.requires_training
        if mission.intervention in self.training_requirements:
            return self.training_requirements[mission.intervention]
        return self.training_requirements.get("*", [])

    def month_cap(self, ambassador: Ambassador) -> int | None:
        return ambassador.max_per_month if ambassador.max_per_month is not None else self.max_per_month

    def remuneration_eur(self, mission: Mission) -> float:
        if not mission.is_paid:
            return 0.0
        return self.compensation.rate(mission.intervention) * mission.workload_hours

    def expense_eur(self, ambassador: Ambassador, mission: Mission) -> float:
        if mission.expenses_eur is not None:
            return mission.expenses_eur
        return self.travel.expense_eur(ambassador.home_region, mission.region)
