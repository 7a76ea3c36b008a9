"""The domain model: identification sheets, mission sheets, staff, meetings and policy.

Field names, types, defaults and ranges follow DOMAIN.md section 2 exactly; other SMart services
and external checks depend on them. Unknown fields are rejected everywhere, because a typo in a
hand-kept sheet must not be silently dropped.

Validation happens in two layers, and every problem of both is reported, not only the first:

* each entity checks itself (types, ranges, ``end`` after ``start``, ``seats_max >= seats_min``,
  ...): pydantic collects all of these at once;
* the :class:`Instance` checks what involves several entities (unique ids, one id per person,
  references that must resolve, dates within ``year``). When some entities are broken, these
  checks still run over the others (see :func:`validate_instance`), so one pass reports both kinds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .errors import InputError, Loc, RawProblem, format_loc, pydantic_problems

FORMAT_VERSION = 1
MAX_MISSION_HOURS = 16
MAX_BUFFER_MINUTES = 720
MAX_SUPPORT_GROUP = 10

# ISO 639-1: the two-letter language codes (the deprecated "bh" left out).
ISO_639_1: frozenset[str] = frozenset((
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu",
))


# --------------------------------------------------------------------------------------------
# Field types shared by the entities


def _id_text(value: str) -> str:
    if not value.strip():
        raise ValueError("an id must not be empty")
    if value != value.strip():
        raise ValueError(f"an id must not start or end with spaces (got {value!r})")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _language_code(value: str) -> str:
    if value not in ISO_639_1:
        hint = f"; did you mean {value.lower()!r}?" if value.lower() in ISO_639_1 else ""
        raise ValueError(f"{value!r} is not an ISO 639-1 language code such as 'nl', 'fr' or 'en'{hint}")
    return value


def _empty_as_null(value: Any) -> Any:
    """Free text left empty means "not given": the same as null, as in a CSV sheet."""
    return None if value == "" else value


_T = TypeVar("_T")


def _unique(values: list[_T]) -> list[_T]:
    if len(set(values)) == len(values):  # the usual case, fast on a large year
        return values
    seen: list[_T] = []
    for v in values:
        if v in seen:
            raise ValueError(f"{v!r} is listed twice")
        seen.append(v)
    return values


def _local(value: datetime) -> datetime:
    if value.tzinfo is not None:
        raise ValueError("must be a local time (Europe/Brussels) without a UTC offset")
    return value


Id = Annotated[str, AfterValidator(_id_text), Field(min_length=1)]
Text = Annotated[str, AfterValidator(_not_blank), Field(min_length=1)]
Tag = Annotated[str, AfterValidator(_not_blank), Field(min_length=1)]
Region = Tag
OptionalText = Annotated[str | None, BeforeValidator(_empty_as_null)]
LanguageCode = Annotated[
    str,
    AfterValidator(_language_code),
    WithJsonSchema({"type": "string", "enum": sorted(ISO_639_1), "description": "ISO 639-1 code"}),
]
LocalDateTime = Annotated[
    datetime,
    AfterValidator(_local),
    WithJsonSchema({
        "type": "string",
        "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
        "description": "local time, Europe/Brussels, ISO 8601 without offset",
    }),
]
NonNegInt = Annotated[int, Field(ge=0)]
NonNegFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]


def _to_cents(amount: float) -> float:
    """Money is EUR with two decimals (DOMAIN.md section 2); a computed amount such as
    ``1800 * 1.1`` is taken to the cent rather than refused."""
    return round(amount, 2)


Euros = Annotated[float, Field(ge=0, allow_inf_nan=False), AfterValidator(_to_cents)]
BufferMinutes = Annotated[int, Field(ge=0, le=MAX_BUFFER_MINUTES)]
Weekday = Annotated[int, Field(ge=0, le=6)]
Interest = Annotated[int, Field(ge=-2, le=2)]
Priority = Annotated[int, Field(ge=1, le=5)]
Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]

TagList = Annotated[list[Tag], AfterValidator(_unique), Field(json_schema_extra={"uniqueItems": True})]
IdList = Annotated[list[Id], AfterValidator(_unique), Field(json_schema_extra={"uniqueItems": True})]
Languages = Annotated[
    list[LanguageCode], AfterValidator(_unique), Field(json_schema_extra={"uniqueItems": True})
]
Weekdays = Annotated[list[Weekday], AfterValidator(_unique), Field(json_schema_extra={"uniqueItems": True})]

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
QuotaFeature = Literal["home_region", "languages", "sectors", "themes", "competences", "trainings"]

Competences = Annotated[
    list[Intervention], AfterValidator(_unique), Field(json_schema_extra={"uniqueItems": True})
]

ObjectiveTerm = Literal["coverage", "rotation", "match", "cost"]

# The vocabularies as tuples, in the order of DOMAIN.md (for loops, tables and plots).
LEVELS: tuple[str, ...] = get_args(Level)
AXES: tuple[str, ...] = get_args(Axis)
INTERVENTIONS: tuple[str, ...] = get_args(Intervention)
AUDIENCES: tuple[str, ...] = get_args(Audience)
VENUES: tuple[str, ...] = get_args(Venue)
ORIGINS: tuple[str, ...] = get_args(Origin)
LINK_FIELDS: tuple[str, ...] = get_args(LinkField)
LINK_SCOPES: tuple[str, ...] = get_args(LinkScope)
MEETING_KINDS: tuple[str, ...] = get_args(MeetingKind)
# Ambassador fields that hold a string or a list of strings: what sortition quotas may name.
QUOTA_FEATURES: tuple[str, ...] = get_args(QuotaFeature)
OBJECTIVE_TERMS: tuple[str, ...] = get_args(ObjectiveTerm)


def _keys(names: Sequence[str]) -> Any:
    """Schema of a mapping whose keys come from a fixed vocabulary (pydantic leaves keys out)."""
    return Field(json_schema_extra={"propertyNames": {"enum": list(names)}})


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
    """A tie with a field (institutional, political, ...) at some scope (R5)."""

    field: LinkField
    scope: LinkScope


class History(Strict):
    missions_last_year: NonNegInt = 0
    drawn_this_cycle: bool = False


class Ambassador(Strict):
    """An identification sheet (R1, R5)."""

    id: Id
    name: Text
    home_region: Region
    languages: Languages = []
    sectors: TagList = []
    themes: TagList = []
    competences: Competences = []
    links: list[Link] = []
    max_missions: NonNegInt
    max_hours: NonNegFloat
    max_per_month: NonNegInt | None = None
    unavailable: list[DateRange] = []
    available_weekdays: Weekdays | None = None
    charter_signed: bool = False
    trainings: TagList = []
    governance_volunteer: bool = False
    consent_public: bool = False
    interests: dict[Id, Interest] = {}
    selection_score: Score | None = None
    history: History = History()
    motivation: OptionalText = None


class Staff(Strict):
    """A permanent staff member, who may form a pair with ambassadors (R7)."""

    id: Id
    name: Text
    service: Tag
    region: Region
    languages: Languages = []
    max_missions: NonNegInt
    unavailable: list[DateRange] = []
    available_weekdays: Weekdays | None = None
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


def _check_end(end: datetime, info: ValidationInfo, max_hours: float | None) -> datetime:
    start = info.data.get("start")
    if start is not None and start.tzinfo is None and end.tzinfo is None:
        if end <= start:
            raise ValueError(f"must be after start ({start.isoformat(timespec='minutes')})")
        hours = (end - start).total_seconds() / 3600.0
        if max_hours is not None and hours > max_hours:
            raise ValueError(
                f"the mission lasts {hours:g} h (from {start.isoformat(timespec='minutes')}), "
                f"more than the {max_hours:g} h allowed"
            )
    return end


def seats_max_not_below_min(seats_max: int, info: ValidationInfo) -> int:
    """Field validator shared by every model with ``seats_min`` then ``seats_max``."""
    seats_min = info.data.get("seats_min")
    if seats_min is not None and seats_max < seats_min:
        raise ValueError(f"{seats_max} is below seats_min {seats_min}")
    return seats_max


class Mission(Strict):
    """A mission sheet: one representation moment of the year's inventory (R1, R5)."""

    id: Id
    title: Text
    start: LocalDateTime
    end: LocalDateTime
    region: Region
    level: Level
    axis: Axis
    intervention: Intervention
    audience: Audience
    venue: Venue
    language: LanguageCode
    sectors: TagList = []
    themes: TagList = []
    seats_min: Annotated[int, Field(ge=1)]
    seats_max: Annotated[int, Field(ge=1)]
    needs_staff_pair: bool = False
    staff_services: TagList = []
    preparation_hours: NonNegFloat = 0.0
    paid: bool | None = None
    expenses_eur: Euros | None = None
    requires_training: TagList | None = None
    origin: Origin = "smart_request"
    proposed_by: Id | None = None
    approved: bool = True
    priority: Priority
    pinned_ambassadors: IdList = []
    pinned_staff: Id | None = None

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        return _check_end(end, info, MAX_MISSION_HOURS)

    _seats_ordered = field_validator("seats_max")(seats_max_not_below_min)

    @field_validator("proposed_by")
    @classmethod
    def _initiative_names_proposer(cls, proposed_by: str | None, info: ValidationInfo) -> str | None:
        if proposed_by is None and info.data.get("origin") == "ambassador_initiative":
            raise ValueError("an ambassador_initiative must name its proposer (an ambassador id)")
        return proposed_by

    @field_validator("pinned_ambassadors")
    @classmethod
    def _pins_fit_the_seats(cls, pinned: list[str], info: ValidationInfo) -> list[str]:
        seats_max = info.data.get("seats_max")
        if seats_max is not None and len(pinned) > seats_max:
            raise ValueError(f"{len(pinned)} ambassadors pinned but seats_max is {seats_max}")
        return pinned

    @field_validator("pinned_staff")
    @classmethod
    def _pinned_staff_needs_pair(cls, pinned_staff: str | None, info: ValidationInfo) -> str | None:
        if pinned_staff is not None and info.data.get("needs_staff_pair") is False:
            raise ValueError("only allowed where needs_staff_pair is true")
        return pinned_staff

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600.0

    @property
    def is_paid(self) -> bool:
        return self.paid if self.paid is not None else self.preparation_hours > 0

    @property
    def workload_hours(self) -> float:
        """Mission plus preparation hours: what counts against ``max_hours``."""
        return self.hours + self.preparation_hours


class Meeting(Strict):
    """A support-group meeting; guests are invited by competence or drawn by lot (R4)."""

    id: Id
    start: LocalDateTime
    end: LocalDateTime
    topic: Text
    kind: MeetingKind
    themes: TagList = []
    guest_seats: NonNegInt

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        return _check_end(end, info, None)

    @field_validator("themes")
    @classmethod
    def _specific_names_competence(cls, themes: list[str], info: ValidationInfo) -> list[str]:
        if not themes and info.data.get("kind") == "specific":
            raise ValueError("a specific meeting must name the themes (the competence asked) of its guests")
        return themes

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600.0


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
    hourly_rate: Euros = 40.0
    hourly_rate_by_intervention: Annotated[dict[Intervention, Euros], _keys(INTERVENTIONS)] = {}
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
    quotas: Annotated[dict[QuotaFeature, dict[Tag, QuotaRange]], _keys(QUOTA_FEATURES)] = {}
    seed: NonNegInt | None = None


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
    weights: Annotated[dict[ObjectiveTermName, NonNegFloat], _keys(OBJECTIVE_TERMS)] = {}


class Policy(Strict):
    group_cap: NonNegInt | None = None
    max_per_month: NonNegInt | None = None
    training_requirements: Annotated[dict[TrainingTableKey, TagList], _keys((*INTERVENTIONS, "*"))] = {}
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


# --------------------------------------------------------------------------------------------
# The instance

# Validation context key: the caller checks cross-entity rules itself, keeping raw locations.
_DEFER_REFERENCES = "ambassade_opt.defer_references"
ENTITY_LISTS: tuple[str, ...] = ("ambassadors", "staff", "missions", "meetings")


class Instance(Strict):
    """One year's mission inventory, the people who can staff it, and the rules of the game."""

    format_version: Literal[1]
    name: Text
    year: Annotated[int, Field(ge=1900, le=9998)]
    ambassadors: list[Ambassador] = []
    staff: list[Staff] = []
    missions: list[Mission] = []
    meetings: list[Meeting] = []
    policy: Policy = Policy()

    @model_validator(mode="after")
    def _cross_references(self, info: ValidationInfo) -> Instance:
        if isinstance(info.context, dict) and info.context.get(_DEFER_REFERENCES):
            return self
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
        return cached[1]

    # -- formats ---------------------------------------------------------------------------
    @classmethod
    def from_json(cls, text: str | bytes, source: str | None = None) -> Instance:
        """Parse and validate an instance, raising :class:`InputError` with every problem."""
        return validate_instance(text, source=source)

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


def _load_json_object(text: str | bytes, source: str | None) -> dict[str, Any]:
    try:
        raw = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError([("(file)", f"not valid JSON: {exc}")], source=source) from None
    if not isinstance(raw, dict):
        raise InputError([("(file)", f"expected a JSON object, got {type(raw).__name__}")], source)
    return raw


def parse_json(model: type[Any], text: str | bytes, source: str | None = None) -> Any:
    """Validate JSON text into ``model``; every problem becomes an :class:`InputError` entry.

    Strict mode: a number written as a string, or ``"yes"`` for a boolean, is an error, not
    something to guess about.
    """
    if model is Instance:
        return validate_instance(text, source=source)
    _load_json_object(text, source)
    try:
        return model.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise InputError.from_pydantic(exc, source=source) from None
    except InputError as exc:
        raise InputError(exc.problems, source=source) from None


def validate_instance(
    text: str | bytes,
    *,
    source: str | None = None,
    render_loc: Callable[[Loc], str] = format_loc,
) -> Instance:
    """Validate instance JSON, raising :class:`InputError` with every problem found.

    ``render_loc`` turns a path such as ``("missions", 3, "end")`` into the location shown
    (CSV sheets show rows and columns instead).
    """
    inst, problems = check_instance_json(text, source=source)
    if inst is None or problems:
        raise InputError.from_locs(problems, source, render_loc)
    return inst


def check_instance_json(
    text: str | bytes, *, source: str | None = None
) -> tuple[Instance | None, list[RawProblem]]:
    """The instance and the list of its problems, as raw paths (empty when it is valid).

    Cross-entity problems are reported even when some entities are broken: the checks then run
    over the entities that are valid on their own (ids of broken ones still count as known, so a
    reference to a broken entity is not called dangling). Text that is not a JSON object at all
    raises :class:`InputError` at once.
    """
    try:
        inst = Instance.model_validate_json(text, strict=True, context={_DEFER_REFERENCES: True})
    except ValidationError as exc:
        raw = _load_json_object(text, source)  # not JSON, or not an object: say so plainly
        problems = pydantic_problems(exc)
        return None, problems + _partial_reference_problems(raw, problems)
    return inst, _reference_problems(_Parts.of(inst))


# --------------------------------------------------------------------------------------------
# Cross-entity rules


_E = TypeVar("_E", bound=BaseModel)


@dataclass
class _Parts:
    """The entities that are valid on their own, with their index in the input.

    ``ids`` holds, per list, the id written at each index (``None`` when there is no usable id),
    broken entities included; ``complete`` is false for a list that is itself unusable (not a
    list at all), so references into it cannot be judged.
    """

    year: int | None
    ambassadors: list[tuple[int, Ambassador]]
    staff: list[tuple[int, Staff]]
    missions: list[tuple[int, Mission]]
    meetings: list[tuple[int, Meeting]]
    ids: dict[str, list[str | None]] = field(default_factory=dict)
    complete: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, inst: Instance) -> _Parts:
        lists: dict[str, Sequence[Ambassador | Staff | Mission | Meeting]] = {
            "ambassadors": inst.ambassadors, "staff": inst.staff,
            "missions": inst.missions, "meetings": inst.meetings,
        }
        return cls(
            year=inst.year,
            ambassadors=list(enumerate(inst.ambassadors)),
            staff=list(enumerate(inst.staff)),
            missions=list(enumerate(inst.missions)),
            meetings=list(enumerate(inst.meetings)),
            ids={name: [e.id for e in items] for name, items in lists.items()},
            complete=dict.fromkeys(ENTITY_LISTS, True),
        )


def _partial_reference_problems(raw: dict[str, Any], structural: list[RawProblem]) -> list[RawProblem]:
    """Cross-entity problems among the entities that passed their own checks."""
    broken: dict[str, set[int]] = {name: set() for name in ENTITY_LISTS}
    unusable: set[str] = set()
    for loc, _ in structural:
        if not loc or not isinstance(loc[0], str):
            continue
        top = loc[0]
        if top in broken:
            if len(loc) >= 2 and isinstance(loc[1], int):
                broken[top].add(loc[1])
            else:
                unusable.add(top)
        else:
            unusable.add(top)

    def valid(name: str, model: type[_E]) -> list[tuple[int, _E]]:
        items = raw.get(name, [])
        if name in unusable or not isinstance(items, list):
            return []
        out = []
        for i, item in enumerate(items):
            if i in broken[name]:
                continue
            try:  # valid already; re-parsed alone because the whole document was not
                out.append((i, model.model_validate_json(json.dumps(item), strict=True)))
            except (ValidationError, InputError, ValueError):
                continue
        return out

    ids: dict[str, list[str | None]] = {}
    complete: dict[str, bool] = {}
    for name in ENTITY_LISTS:
        items = raw.get(name, [])
        usable = name not in unusable and isinstance(items, list)
        complete[name] = usable
        ids[name] = [
            item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
            for item in (items if usable else [])
        ]
    year = raw.get("year") if "year" not in unusable and type(raw.get("year")) is int else None
    parts = _Parts(
        year=year,
        ambassadors=valid("ambassadors", Ambassador),
        staff=valid("staff", Staff),
        missions=valid("missions", Mission),
        meetings=valid("meetings", Meeting),
        ids=ids,
        complete=complete,
    )
    return _reference_problems(parts)


def reference_problems(inst: Instance) -> list[tuple[str, str]]:
    """Every cross-entity problem of an instance whose entities are each valid on their own."""
    return [(format_loc(loc), msg) for loc, msg in _reference_problems(_Parts.of(inst))]


def _reference_problems(parts: _Parts) -> list[RawProblem]:
    problems: list[RawProblem] = []

    def add(loc: Loc, msg: str) -> None:
        problems.append((loc, msg))

    for list_name in ENTITY_LISTS:
        first: dict[str, int] = {}
        for i, entity_id in enumerate(parts.ids.get(list_name, [])):
            if entity_id is None:
                continue
            if entity_id in first:
                add((list_name, i, "id"),
                    f"duplicate id {entity_id!r} (first at {list_name}[{first[entity_id]}])")
            else:
                first[entity_id] = i
    amb_ids = {i for i in parts.ids.get("ambassadors", []) if i is not None}
    staff_ids = {i for i in parts.ids.get("staff", []) if i is not None}
    mission_ids = {i for i in parts.ids.get("missions", []) if i is not None}
    for i, sid in enumerate(parts.ids.get("staff", [])):
        if sid is not None and sid in amb_ids:
            add(("staff", i, "id"), f"id {sid!r} is also an ambassador's: one id per person")

    def person_problem(pid: str, want: str) -> str | None:
        """Why ``pid`` does not name a ``want`` ("ambassador" or "staff"), or None if it does."""
        known, other, other_name = (
            (amb_ids, staff_ids, "a staff member") if want == "ambassador"
            else (staff_ids, amb_ids, "an ambassador")
        )
        if pid in known or not parts.complete["ambassadors" if want == "ambassador" else "staff"]:
            return None
        noun = "ambassador" if want == "ambassador" else "staff member"
        if pid in other:
            return f"{pid!r} is {other_name}, not a {noun}"
        return f"unknown {noun} {pid!r}"

    if parts.complete["missions"]:
        for i, a in parts.ambassadors:
            for key in a.interests:
                if key not in mission_ids:
                    add(("ambassadors", i, "interests", key), f"unknown mission {key!r}")

    for i, m in parts.missions:
        if parts.year is not None and m.start.year != parts.year:
            add(("missions", i, "start"),
                f"{m.start.isoformat(timespec='minutes')} is not in year {parts.year}")
        if m.proposed_by is not None:
            why = person_problem(m.proposed_by, "ambassador")
            if why:
                add(("missions", i, "proposed_by"), why)
        for j, pid in enumerate(m.pinned_ambassadors):
            why = person_problem(pid, "ambassador")
            if why:
                add(("missions", i, "pinned_ambassadors", j), why)
        if m.pinned_staff is not None:
            why = person_problem(m.pinned_staff, "staff")
            if why:
                add(("missions", i, "pinned_staff"), why)
    for i, g in parts.meetings:
        if parts.year is not None and g.start.year != parts.year:
            add(("meetings", i, "start"),
                f"{g.start.isoformat(timespec='minutes')} is not in year {parts.year}")
    return problems

