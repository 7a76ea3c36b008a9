"""What every entity of the model shares: the :class:`Strict` base, field types, validators and
the fixed vocabularies of DOMAIN.md section 2 (levels, axes, interventions, quota features, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

FORMAT_VERSION = 1
MAX_MISSION_HOURS = 16
MAX_BUFFER_MINUTES = 720
MAX_SUPPORT_GROUP = 10

# The largest value each kind of number of a year may hold. Far above anything real, and low enough
# that the solver's integer arithmetic (money in cents, workload in seconds, sums over every
# ambassador × mission pair, CP-SAT's 64-bit coefficients) can never overflow. The JSON Schemas
# carry them as ``maximum``.

MAX_YEAR_HOURS = 8784
"""Hours in a leap year (366 × 24): the bound on any number of hours (an ambassador's
``max_hours``, a mission's ``preparation_hours``)."""

MAX_COUNT = 1_000_000
"""The bound on every count: missions per person or per month, seats, guests, partners, group cap,
quota bounds, last year's missions. A million is far beyond any cooperative's year."""

MAX_EUROS = 1_000_000_000
"""The bound on every amount of money in EUR (budgets, caps, expenses): a billion."""

MAX_HOURLY_RATE_EUR = 10_000
"""The bound on an hourly rate in EUR. A pair's remuneration (rate × at most
``MAX_YEAR_HOURS + MAX_MISSION_HOURS`` hours) then stays below 10^8 EUR, 10^10 cents."""

MAX_SEED = 2**31 - 1
"""The bound on a random seed: what a 32-bit signed integer holds (CP-SAT's ``random_seed``)."""

MAX_OBJECTIVE_WEIGHT = 1_000_000
"""The bound on a weight of the weighted objective; only ratios between weights matter."""

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
NonNegInt = Annotated[int, Field(ge=0, le=MAX_COUNT)]
"""A count: 0 to :data:`MAX_COUNT`."""
Count = NonNegInt
Seats = Annotated[int, Field(ge=1, le=MAX_COUNT)]
Hours = Annotated[float, Field(ge=0, le=MAX_YEAR_HOURS, allow_inf_nan=False)]
NonNegFloat = Hours
"""A number of hours: 0 to :data:`MAX_YEAR_HOURS`."""
Seed = Annotated[int, Field(ge=0, le=MAX_SEED)]
ObjectiveWeight = Annotated[float, Field(ge=0, le=MAX_OBJECTIVE_WEIGHT, allow_inf_nan=False)]


def _to_cents(amount: float) -> float:
    """Money is EUR with two decimals (DOMAIN.md section 2); a computed amount such as
    ``1800 * 1.1`` is taken to the cent rather than refused."""
    return round(amount, 2)


Euros = Annotated[float, Field(ge=0, le=MAX_EUROS, allow_inf_nan=False), AfterValidator(_to_cents)]
HourlyRate = Annotated[
    float, Field(ge=0, le=MAX_HOURLY_RATE_EUR, allow_inf_nan=False), AfterValidator(_to_cents)
]
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


def vocabulary_keys(names: Sequence[str]) -> Any:
    """Schema of a mapping whose keys come from a fixed vocabulary (pydantic leaves keys out)."""
    return Field(json_schema_extra={"propertyNames": {"enum": list(names)}})


class Strict(BaseModel):
    """Base of every entity: unknown fields are errors, numbers must be finite."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_default=True)
