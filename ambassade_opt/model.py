"""The domain model: identification sheets, mission sheets, staff, meetings and policy.

Field names, types, defaults and ranges follow DOMAIN.md section 2 exactly; other SMart services
and external checks depend on them. Unknown fields are rejected everywhere, because a typo in a
hand-kept sheet must not be silently dropped.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .errors import InputError, format_loc

FORMAT_VERSION = 1
MAX_MISSION_HOURS = 16

Id = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
NonNegInt = Annotated[int, Field(ge=0)]
NonNegFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Euros = NonNegFloat
BufferMinutes = Annotated[int, Field(ge=0, le=720)]
Weekday = Annotated[int, Field(ge=0, le=6)]
Interest = Annotated[int, Field(ge=-2, le=2)]

Level = Literal["local", "sector", "regional", "national", "european"]
Axis = Literal["promote", "inform", "defend"]
Intervention = Literal[
    "informal", "talk", "debate", "media", "booth", "one_to_one", "institutional", "workshop"
]
Audience = Literal["general_public", "professionals", "students", "institutions", "partners", "press"]
Venue = Literal["fair", "conference", "one_to_one", "official", "smart_premises", "online", "other"]
Origin = Literal["smart_request", "ambassador_initiative"]
LinkField = Literal["institutional", "political", "commercial", "associative"]
LinkScope = Literal["regional", "national", "international"]
MeetingKind = Literal["specific", "global"]

LEVELS: tuple[str, ...] = ("local", "sector", "regional", "national", "european")
AXES: tuple[str, ...] = ("promote", "inform", "defend")
INTERVENTIONS: tuple[str, ...] = (
    "informal", "talk", "debate", "media", "booth", "one_to_one", "institutional", "workshop"
)
AUDIENCES: tuple[str, ...] = (
    "general_public", "professionals", "students", "institutions", "partners", "press"
)
VENUES: tuple[str, ...] = (
    "fair", "conference", "one_to_one", "official", "smart_premises", "online", "other"
)
# Ambassador fields that hold a string or a list of strings: what sortition quotas may name.
QUOTA_FEATURES: tuple[str, ...] = (
    "home_region", "languages", "sectors", "themes", "competences", "trainings"
)
OBJECTIVE_TERMS: tuple[str, ...] = ("coverage", "rotation", "match", "cost")


class Strict(BaseModel):
    """Base of every entity: unknown fields are errors, numbers must be finite."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_default=True)


# --------------------------------------------------------------------------------------------
# People


class DateRange(Strict):
    """An inclusive range of dates."""

    start: date
    end: date

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"is before start ({start})")
        return end

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


class Link(Strict):
    field: LinkField
    scope: LinkScope


class History(Strict):
    missions_last_year: NonNegInt = 0
    drawn_this_cycle: bool = False


class Ambassador(Strict):
    """An identification sheet (R1, R5)."""

    id: Id
    name: str
    home_region: str
    languages: list[LanguageCode]
    sectors: list[str] = []
    themes: list[str] = []
    competences: list[Intervention] = []
    links: list[Link] = []
    max_missions: NonNegInt
    max_hours: NonNegFloat
    max_per_month: NonNegInt | None = None
    unavailable: list[DateRange] = []
    available_weekdays: list[Weekday] | None = None
    charter_signed: bool = False
    trainings: list[str] = []
    governance_volunteer: bool = False
    consent_public: bool = False
    interests: dict[str, Interest] = {}
    selection_score: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = None
    history: History = History()
    motivation: str | None = None


class Staff(Strict):
    """A permanent staff member, who may form a pair with ambassadors (R7)."""

    id: Id
    name: str
    service: str
    region: str
    languages: list[LanguageCode]
    max_missions: NonNegInt
    unavailable: list[DateRange] = []
    available_weekdays: list[Weekday] | None = None
    consent_public: bool = True


Person = Ambassador | Staff


def is_available(person: Ambassador | Staff, start: datetime, end: datetime) -> bool:
    """Available on every date the interval touches, and on each of those weekdays."""
    for day in touched_dates(start, end):
        if person.available_weekdays is not None and day.weekday() not in person.available_weekdays:
            return False
        if any(r.contains(day) for r in person.unavailable):
            return False
    return True


def touched_dates(start: datetime, end: datetime) -> list[date]:
    """Dates from ``start.date()`` to ``(end - 1 µs).date()``: an event ending at midnight
    does not touch the next day."""
    last = (end - timedelta(microseconds=1)).date()
    days, cur = [], start.date()
    while cur <= last:
        days.append(cur)
        cur += timedelta(days=1)
    return days


# --------------------------------------------------------------------------------------------
# Missions and meetings


class _Timed(Strict):
    start: datetime
    end: datetime

    @field_validator("start", "end")
    @classmethod
    def _local_time(cls, v: datetime) -> datetime:
        if v.tzinfo is not None:
            raise ValueError("must be a local time (Europe/Brussels) without a UTC offset")
        return v

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is not None and start.tzinfo is None and end.tzinfo is None:
            if end <= start:
                raise ValueError(f"must be after start ({start.isoformat(timespec='minutes')})")
            hours = (end - start).total_seconds() / 3600.0
            if cls is Mission and hours > MAX_MISSION_HOURS:
                raise ValueError(
                    f"the mission lasts {hours:g} h, more than the {MAX_MISSION_HOURS} h allowed"
                )
        return end

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600.0


class Mission(_Timed):
    """A mission sheet: one representation moment of the year's inventory (R1, R5)."""

    id: Id
    title: str
    region: str
    level: Level
    axis: Axis
    intervention: Intervention
    audience: Audience
    venue: Venue
    language: LanguageCode
    sectors: list[str] = []
    themes: list[str] = []
    seats_min: Annotated[int, Field(ge=1)]
    seats_max: Annotated[int, Field(ge=1)]
    needs_staff_pair: bool = False
    staff_services: list[str] = []
    preparation_hours: NonNegFloat = 0.0
    paid: bool | None = None
    expenses_eur: Euros | None = None
    requires_training: list[str] | None = None
    origin: Origin = "smart_request"
    proposed_by: Id | None = None
    approved: bool = True
    priority: Annotated[int, Field(ge=1, le=5)]
    pinned_ambassadors: list[Id] = []
    pinned_staff: Id | None = None

    @field_validator("seats_max")
    @classmethod
    def _seats_ordered(cls, seats_max: int, info: ValidationInfo) -> int:
        seats_min = info.data.get("seats_min")
        if seats_min is not None and seats_max < seats_min:
            raise ValueError(f"{seats_max} is below seats_min {seats_min}")
        return seats_max

    @field_validator("proposed_by")
    @classmethod
    def _initiative_names_proposer(cls, proposed_by: str | None, info: ValidationInfo) -> str | None:
        if proposed_by is None and info.data.get("origin") == "ambassador_initiative":
            raise ValueError("an ambassador_initiative must name its proposer")
        return proposed_by

    @field_validator("pinned_staff")
    @classmethod
    def _pinned_staff_needs_pair(cls, pinned_staff: str | None, info: ValidationInfo) -> str | None:
        if pinned_staff is not None and info.data.get("needs_staff_pair") is False:
            raise ValueError("only allowed where needs_staff_pair is true")
        return pinned_staff

    @property
    def is_paid(self) -> bool:
        return self.paid if self.paid is not None else self.preparation_hours > 0

    @property
    def workload_hours(self) -> float:
        """Mission plus preparation hours: what counts against ``max_hours``."""
        return self.hours + self.preparation_hours


class Meeting(_Timed):
    """A support-group meeting; guests are invited by competence or drawn by lot (R4)."""

    id: Id
    topic: str
    kind: MeetingKind
    themes: list[str] = []
    guest_seats: NonNegInt


# --------------------------------------------------------------------------------------------
# Policy


class SameRegionTravel(Strict):
    buffer_minutes: BufferMinutes = 30
    expense_eur: Euros = 10.0


class OtherRegionTravel(Strict):
    buffer_minutes: BufferMinutes = 90
    expense_eur: Euros = 35.0


class TravelPair(Strict):
    """A symmetric override of the travel table between two regions."""

    a: str
    b: str
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
    hourly_rate: Euros = 40.0
    hourly_rate_by_intervention: dict[Intervention, Euros] = {}
    max_remuneration_per_ambassador: Euros | None = None

    def rate(self, intervention: str) -> float:
        return self.hourly_rate_by_intervention.get(intervention, self.hourly_rate)  # type: ignore[call-overload, no-any-return]


class Budget(Strict):
    annual: Euros | None = None
    quarterly: Annotated[list[Euros], Field(min_length=4, max_length=4)] | None = None


class SupportGroupPolicy(Strict):
    max_size: Annotated[int, Field(ge=1, le=10)] = 10
    required_services: list[str] = []
    required_regions: list[str] = []
    coordinator_service: str = "communication"
    min_partners: NonNegInt = 1
    max_partners: NonNegInt = 5

    @field_validator("max_partners")
    @classmethod
    def _partners_ordered(cls, max_partners: int, info: ValidationInfo) -> int:
        min_partners = info.data.get("min_partners")
        if min_partners is not None and min_partners > max_partners:
            raise ValueError(f"{max_partners} is below min_partners {min_partners}")
        return max_partners


QuotaRange = Annotated[list[NonNegInt], Field(min_length=2, max_length=2)]


class SortitionPolicy(Strict):
    quotas: dict[str, dict[str, QuotaRange]] = {}
    seed: int | None = None

    @field_validator("quotas")
    @classmethod
    def _known_features_and_ordered(
        cls, quotas: dict[str, dict[str, list[int]]]
    ) -> dict[str, dict[str, list[int]]]:
        for feature, table in quotas.items():
            if feature not in QUOTA_FEATURES:
                raise ValueError(
                    f"quota feature {feature!r} is not an ambassador field holding strings "
                    f"(one of {', '.join(QUOTA_FEATURES)})"
                )
            for value, (lo, hi) in table.items():
                if lo > hi:
                    raise ValueError(f"quota {feature}={value}: min {lo} is above max {hi}")
        return quotas


class ObjectivePolicy(Strict):
    mode: Literal["lexicographic", "weighted"] = "lexicographic"
    weights: dict[str, Annotated[float, Field(ge=0, allow_inf_nan=False)]] = {}

    @field_validator("weights")
    @classmethod
    def _known_terms(cls, weights: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(weights) - set(OBJECTIVE_TERMS))
        if unknown:
            raise ValueError(
                f"unknown objective term(s) {unknown}; known: {', '.join(OBJECTIVE_TERMS)}"
            )
        return weights


class Policy(Strict):
    group_cap: NonNegInt | None = None
    max_per_month: NonNegInt | None = None
    training_requirements: dict[str, list[str]] = {}
    travel: Travel = Travel()
    compensation: Compensation = Compensation()
    budget: Budget = Budget()
    support_group: SupportGroupPolicy = SupportGroupPolicy()
    sortition: SortitionPolicy = SortitionPolicy()
    objective: ObjectivePolicy = ObjectivePolicy()

    @field_validator("training_requirements")
    @classmethod
    def _keys_are_interventions(cls, table: dict[str, list[str]]) -> dict[str, list[str]]:
        for key in table:
            if key != "*" and key not in INTERVENTIONS:
                raise ValueError(f"key {key!r} is neither an intervention type nor '*'")
        return table

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


# --------------------------------------------------------------------------------------------
# The instance


class Instance(Strict):
    """One year's mission inventory, the people who can staff it, and the rules of the game."""

    format_version: Literal[1]
    name: str
    year: Annotated[int, Field(ge=1900, le=9999)]
    ambassadors: list[Ambassador]
    staff: list[Staff] = []
    missions: list[Mission]
    meetings: list[Meeting] = []
    policy: Policy = Policy()

    @model_validator(mode="after")
    def _cross_references(self) -> Instance:
        problems = reference_problems(self)
        if problems:
            raise InputError(problems)
        return self

    # -- lookups ---------------------------------------------------------------------------
    def ambassador(self, ambassador_id: str) -> Ambassador:
        return self._index()[0][ambassador_id]

    def staff_member(self, staff_id: str) -> Staff:
        return self._index()[1][staff_id]

    def mission(self, mission_id: str) -> Mission:
        return self._index()[2][mission_id]

    def _index(self) -> tuple[dict[str, Ambassador], dict[str, Staff], dict[str, Mission]]:
        # Models are mutable, so the index is rebuilt when the lists no longer match it.
        key = (id(self.ambassadors), len(self.ambassadors), id(self.staff), len(self.staff),
               id(self.missions), len(self.missions))
        cached = self.__dict__.get("_lookup")
        if cached is None or cached[0] != key:
            cached = (
                key,
                ({a.id: a for a in self.ambassadors}, {s.id: s for s in self.staff},
                 {m.id: m for m in self.missions}),
            )
            object.__setattr__(self, "_lookup", cached)  # not a field: kept out of dumps
        return cached[1]  # type: ignore[no-any-return]

    # -- formats ---------------------------------------------------------------------------
    @classmethod
    def from_json(cls, text: str | bytes, source: str | None = None) -> Instance:
        """Parse and validate an instance, raising :class:`InputError` with every problem."""
        return parse_json(cls, text, source)

    @classmethod
    def load(cls, path: str | Path) -> Instance:
        """Load a JSON file, or a folder of CSV sheets (see :mod:`ambassade_opt.csv_sheets`)."""
        p = Path(path)
        if p.is_dir():
            from .csv_sheets import read_csv_folder

            return read_csv_folder(p)
        return cls.from_json(read_input_bytes(p), source=str(p))

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False) + "\n"

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def save(self, path: str | Path) -> None:
        from .files import write_text_atomic

        write_text_atomic(path, self.to_json())


def read_input_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError([(str(path), f"cannot read the file: {exc.strerror or exc}")]) from None


def parse_json(model: type[Any], text: str | bytes, source: str | None = None) -> Any:
    """Validate JSON text into ``model``; every problem becomes an :class:`InputError` entry.

    Strict mode: a number written as a string, or ``"yes"`` for a boolean, is an error, not
    something to guess about.
    """
    try:
        raw = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError([("(file)", f"not valid JSON: {exc}")], source=source) from None
    if not isinstance(raw, dict):
        raise InputError([("(file)", f"expected a JSON object, got {type(raw).__name__}")], source)
    try:
        return model.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise InputError.from_pydantic(exc, source=source) from None
    except InputError as exc:
        exc.source = source
        raise InputError(exc.problems, source=source) from None


def _duplicates(ids: list[str]) -> list[str]:
    return sorted(k for k, n in Counter(ids).items() if n > 1)


def reference_problems(inst: Instance) -> list[tuple[str, str]]:
    """Every cross-entity problem of an instance whose entities are each valid on their own."""
    problems: list[tuple[str, str]] = []

    def add(loc: tuple[str | int, ...], msg: str) -> None:
        problems.append((format_loc(loc), msg))

    for list_name, items in (("ambassadors", inst.ambassadors), ("staff", inst.staff),
                             ("missions", inst.missions), ("meetings", inst.meetings)):
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                add((list_name, i, "id"), f"duplicate id {item.id!r}")
            seen.add(item.id)
    amb_ids = {a.id for a in inst.ambassadors}
    staff_ids = {s.id for s in inst.staff}
    mission_ids = {m.id for m in inst.missions}
    for i, s in enumerate(inst.staff):
        if s.id in amb_ids:
            add(("staff", i, "id"), f"id {s.id!r} is also an ambassador's: one id per person")

    for i, a in enumerate(inst.ambassadors):
        for key in a.interests:
            if key not in mission_ids:
                add(("ambassadors", i, "interests", key), f"unknown mission {key!r}")
        if a.available_weekdays is not None and len(set(a.available_weekdays)) != len(a.available_weekdays):
            add(("ambassadors", i, "available_weekdays"), "a weekday is listed twice")

    for i, m in enumerate(inst.missions):
        if m.start.year != inst.year:
            add(("missions", i, "start"), f"{m.start.isoformat(timespec='minutes')} is not in year {inst.year}")
        if m.proposed_by is not None and m.proposed_by not in amb_ids:
            add(("missions", i, "proposed_by"), f"unknown ambassador {m.proposed_by!r}")
        for j, pid in enumerate(m.pinned_ambassadors):
            if pid not in amb_ids:
                add(("missions", i, "pinned_ambassadors", j), f"unknown ambassador {pid!r}")
        for pid in _duplicates(m.pinned_ambassadors):
            add(("missions", i, "pinned_ambassadors"), f"{pid!r} is pinned twice")
        if m.pinned_staff is not None and m.pinned_staff not in staff_ids:
            add(("missions", i, "pinned_staff"), f"unknown staff member {m.pinned_staff!r}")
    for i, g in enumerate(inst.meetings):
        if g.start.year != inst.year:
            add(("meetings", i, "start"), f"{g.start.isoformat(timespec='minutes')} is not in year {inst.year}")

    policy = inst.policy
    seen_pairs: set[frozenset[str]] = set()
    for i, pair in enumerate(policy.travel.pairs):
        key = frozenset((pair.a, pair.b))
        if key in seen_pairs:
            add(("policy", "travel", "pairs", i), f"the pair {pair.a}-{pair.b} is given twice")
        seen_pairs.add(key)
    return problems
