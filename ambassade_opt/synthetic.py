"""Seeded synthetic mission years that look like SMart's: S, M, L, XL and custom sizes.

A year has seasons (busy spring and autumn, quiet summer and Christmas, nothing on public
holidays), the June general assembly in Brussels, multi-day autumn fairs, parliament hearings and
European forums that need a staff pair, short media slots, ambassador initiatives (some not
approved), monthly support-group meetings, and a policy whose budgets and caps bind, so that a
planner has to choose. Everything comes from ``numpy.random.default_rng`` seeded with ``seed``:
the same arguments give the same JSON bytes.

Eligibility is kept realistic (1–3 languages, 2–4 of the 8 competences per person, trainings and
charter mostly but not always in place, weekday limits, summer absences), so only a modest share
of (ambassador, mission) pairs is eligible; :func:`eligibility_stats` measures that share.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .model import INTERVENTIONS, Instance

__all__ = [
    "REGIONS",
    "SIZES",
    "EligibilityStats",
    "RegionProfile",
    "YearSize",
    "belgian_public_holidays",
    "eligibility_stats",
    "generate",
    "resolve_size",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# --------------------------------------------------------------------------------------------
# Geography


@dataclass(frozen=True)
class RegionProfile:
    """A region of the network: who lives there, what they speak, where missions happen."""

    code: str
    country: str
    # Languages of missions held here, with their shares.
    mission_languages: tuple[tuple[str, float], ...]
    # First language of people living here, with shares.
    native_languages: tuple[tuple[str, float], ...]
    # Chance that someone living here also speaks each further language.
    extra_languages: tuple[tuple[str, float], ...]
    cities: tuple[str, ...]
    weight: float  # share of people and missions, relative to the other regions of a year
    parliament: str


REGIONS: dict[str, RegionProfile] = {
    "BXL": RegionProfile(
        "BXL", "BE", (("fr", 0.55), ("nl", 0.33), ("en", 0.12)), (("fr", 0.65), ("nl", 0.35)),
        (("en", 0.55), ("nl", 0.45), ("fr", 0.45)),
        ("Brussels", "Anderlecht", "Schaerbeek", "Ixelles", "Molenbeek", "Saint-Gilles", "Etterbeek"),
        0.36, "Brussels Parliament"),
    "VL": RegionProfile(
        "VL", "BE", (("nl", 0.94), ("en", 0.06)), (("nl", 1.0),),
        (("en", 0.5), ("fr", 0.3)),
        ("Gent", "Antwerpen", "Leuven", "Brugge", "Hasselt", "Kortrijk", "Mechelen"),
        0.34, "Flemish Parliament"),
    "WAL": RegionProfile(
        "WAL", "BE", (("fr", 0.96), ("de", 0.04)), (("fr", 0.96), ("de", 0.04)),
        (("en", 0.4), ("nl", 0.15), ("de", 0.03)),
        ("Liège", "Namur", "Charleroi", "Mons", "Tournai", "Arlon", "Louvain-la-Neuve"),
        0.30, "Parliament of Wallonia"),
    "FR": RegionProfile(
        "FR", "FR", (("fr", 1.0),), (("fr", 1.0),), (("en", 0.5), ("es", 0.08)),
        ("Paris", "Lyon", "Lille", "Nantes", "Marseille", "Bordeaux"), 0.30, "Assemblée nationale"),
    "ES": RegionProfile(
        "ES", "ES", (("es", 0.92), ("en", 0.08)), (("es", 1.0),), (("en", 0.45), ("fr", 0.12)),
        ("Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao"), 0.20, "Congreso de los Diputados"),
    "IT": RegionProfile(
        "IT", "IT", (("it", 1.0),), (("it", 1.0),), (("en", 0.45), ("fr", 0.15)),
        ("Milano", "Roma", "Torino", "Bologna", "Napoli"), 0.16, "Camera dei deputati"),
    "DE": RegionProfile(
        "DE", "DE", (("de", 0.93), ("en", 0.07)), (("de", 1.0),), (("en", 0.6), ("fr", 0.1)),
        ("Berlin", "Köln", "Hamburg", "München", "Leipzig"), 0.18, "Bundestag"),
    "NL": RegionProfile(
        "NL", "NL", (("nl", 0.9), ("en", 0.1)), (("nl", 1.0),), (("en", 0.75), ("de", 0.2)),
        ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Den Haag"), 0.16, "Tweede Kamer"),
}
BELGIAN_REGIONS: tuple[str, ...] = ("BXL", "VL", "WAL")
EAST_BELGIAN_CITIES: tuple[str, ...] = ("Eupen", "Sankt Vith")

# National days of the sister cooperatives' countries (month, day), on top of the common ones.
NATIONAL_DAYS: dict[str, tuple[tuple[int, int], ...]] = {
    "FR": ((5, 8), (7, 14), (11, 11)),
    "ES": ((10, 12), (12, 6), (12, 8)),
    "IT": ((4, 25), (6, 2), (12, 8)),
    "DE": ((10, 3), (12, 26)),
    "NL": ((4, 27), (12, 26)),
}

SERVICES: tuple[str, ...] = ("communication", "strategy", "operations", "advice", "direction")
SECTORS: tuple[str, ...] = (
    "music", "performing_arts", "visual_arts", "audiovisual", "design", "digital", "education",
    "events", "consulting", "crafts", "writing", "translation",
)
THEMES: tuple[str, ...] = (
    "artist_status", "cooperative_model", "freelance_work", "smart_services", "social_economy",
    "future_of_work", "mutualisation", "social_protection",
)
TRAININGS: tuple[str, ...] = ("initial", "public_speaking", "media")
LINK_FIELDS: tuple[str, ...] = ("institutional", "political", "commercial", "associative")
LINK_SCOPES: tuple[str, ...] = ("regional", "national", "international")

# How common each competence is among volunteers (same order as INTERVENTIONS).
COMPETENCE_POPULARITY: dict[str, float] = {
    "informal": 0.17, "talk": 0.15, "debate": 0.11, "media": 0.07, "booth": 0.16,
    "one_to_one": 0.13, "institutional": 0.07, "workshop": 0.14,
}

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "nl": ("Lotte", "Jonas", "Pieter", "Sofie", "Wout", "Lien", "Arne", "Femke", "Bram", "Elke",
           "Joris", "Nele", "Stijn", "Griet", "Tom", "Annelies", "Koen", "Hanne", "Thijs", "Ine",
           "Sander", "Marieke", "Dries", "Eline", "Yasmina", "Ilias"),
    "fr": ("Claire", "Hugo", "Amina", "Mehdi", "Camille", "Julien", "Élise", "Nicolas", "Manon",
           "Laurent", "Chloé", "Maxime", "Aurélie", "Sébastien", "Inès", "Cédric", "Margaux",
           "Olivier", "Salma", "Yannick", "Fatou", "Thibault", "Noémie", "Karim"),
    "de": ("Lukas", "Anna", "Jonas", "Lena", "Felix", "Marie", "Jan", "Sarah", "Tobias", "Hannah",
           "Moritz", "Katrin"),
    "es": ("Lucía", "Javier", "Carmen", "Pablo", "Marta", "Diego", "Laura", "Sergio", "Elena", "Álvaro"),
    "it": ("Giulia", "Marco", "Chiara", "Luca", "Francesca", "Matteo", "Sara", "Davide", "Elena", "Paolo"),
}
INITIALS = "ABCDEFGHIJKLMNOPRSTVWZ"

MOTIVATIONS: tuple[str, ...] = (
    "I want other freelancers to know that a cooperative can work for them.",
    "SMart helped me through a hard year; I want to give something back.",
    "I like speaking in public and defending the status of artists.",
    "I know my sector well and can explain how mutualisation works in practice.",
    "Ik wil collega's in mijn sector vertellen hoe de coöperatie werkt.",
    "Je veux porter la voix des membres auprès des institutions.",
)

# --------------------------------------------------------------------------------------------
# Sizes


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


# --------------------------------------------------------------------------------------------
# Calendar


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def belgian_public_holidays(year: int) -> list[date]:
    """The ten legal public holidays of Belgium."""
    easter = easter_sunday(year)
    return sorted([
        date(year, 1, 1), easter + timedelta(days=1), date(year, 5, 1), easter + timedelta(days=39),
        easter + timedelta(days=50), date(year, 7, 21), date(year, 8, 15), date(year, 11, 1),
        date(year, 11, 11), date(year, 12, 25),
    ])


def public_holidays(year: int, country: str) -> list[date]:
    if country == "BE":
        return belgian_public_holidays(year)
    easter = easter_sunday(year)
    days = {date(year, 1, 1), easter + timedelta(days=1), date(year, 5, 1), date(year, 12, 25)}
    days.update(date(year, mo, d) for mo, d in NATIONAL_DAYS.get(country, ()))
    return sorted(days)


# Busy spring and autumn, quiet summer and December (index 0 = January).
SEASON: tuple[float, ...] = (0.7, 0.95, 1.2, 1.1, 1.2, 1.0, 0.35, 0.22, 1.1, 1.3, 1.2, 0.6)
SCHOOL_SEASON: tuple[float, ...] = (0.8, 1.0, 1.2, 1.0, 1.1, 0.5, 0.0, 0.0, 0.9, 1.2, 1.2, 0.6)
FESTIVAL_SEASON: tuple[float, ...] = (0.1, 0.2, 0.4, 0.7, 1.1, 1.3, 1.5, 1.3, 1.0, 0.5, 0.3, 0.4)
NO_RECESS: tuple[float, ...] = (0.8, 1.0, 1.2, 1.1, 1.2, 1.0, 0.0, 0.0, 0.9, 1.3, 1.2, 0.6)
WEEKDAYS_ONLY: tuple[float, ...] = (1.0, 1.1, 1.1, 1.1, 0.9, 0.0, 0.0)
MIDWEEK: tuple[float, ...] = (0.3, 1.0, 1.0, 1.0, 0.3, 0.0, 0.0)
ANY_DAY: tuple[float, ...] = (0.9, 1.0, 1.0, 1.1, 1.1, 0.6, 0.2)
WEEKEND: tuple[float, ...] = (0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 1.2)


class Calendar:
    """Day-of-year tables for one year: month, weekday, holidays per country, quiet weeks."""

    def __init__(self, year: int, countries: Sequence[str]) -> None:
        self.year = year
        self.first = date(year, 1, 1)
        self.n_days = (date(year + 1, 1, 1) - self.first).days
        days = [self.first + timedelta(days=i) for i in range(self.n_days)]
        self.month = np.array([d.month - 1 for d in days], dtype=np.int64)
        self.weekday = np.array([d.weekday() for d in days], dtype=np.int64)
        # Christmas holidays: from about 21 December through the first week of January.
        self.christmas = np.array(
            [(d.month == 12 and d.day >= 21) or (d.month == 1 and d.day <= 6) for d in days]
        )
        self.holiday: dict[str, BoolArray] = {}
        for country in countries:
            flags = np.zeros(self.n_days, dtype=np.bool_)
            for h in public_holidays(year, country):
                flags[(h - self.first).days] = True
            self.holiday[country] = flags

    def date_of(self, day: int) -> date:
        return self.first + timedelta(days=int(day))

    def index_of(self, d: date) -> int:
        return (d - self.first).days

    def weights(self, country: str, months: Sequence[float], weekdays: Sequence[float]) -> FloatArray:
        w = np.asarray(months, dtype=np.float64)[self.month] * np.asarray(weekdays)[self.weekday]
        w = w * np.where(self.christmas, 0.08, 1.0)
        w[self.holiday[country]] = 0.0
        return w  # type: ignore[no-any-return]

    def sample_days(self, rng: np.random.Generator, n: int, country: str, months: Sequence[float],
                    weekdays: Sequence[float]) -> IntArray:
        w = self.weights(country, months, weekdays)
        return rng.choice(self.n_days, size=n, p=w / w.sum()).astype(np.int64)


# --------------------------------------------------------------------------------------------
# Mission kinds


@dataclass(frozen=True)
class Kind:
    """A recurring kind of representation moment and the ranges its sheets are drawn from."""

    name: str
    share: float  # of the ordinary (non-special) missions
    intervention: str
    venues: tuple[str, ...]
    audiences: tuple[str, ...]
    levels: tuple[str, ...]
    axes: tuple[str, ...]
    hours: tuple[float, ...]
    starts: tuple[float, ...]
    preparation: tuple[float, ...]
    seats: tuple[tuple[int, int], ...]
    pair_share: float
    pair_services: tuple[str, ...]
    priorities: tuple[int, ...]
    months: tuple[float, ...]
    weekdays: tuple[float, ...]
    titles: tuple[str, ...]


ORDINARY_KINDS: tuple[Kind, ...] = (
    Kind("school_talk", 0.12, "talk", ("conference", "other"), ("students",), ("local",),
         ("promote", "inform"), (1.5, 2.0, 2.0), (9.0, 10.0, 13.5, 14.0), (1.0, 2.0, 2.0, 3.0),
         ((1, 1),), 0.0, (), (1, 2, 2, 3), SCHOOL_SEASON, WEEKDAYS_ONLY,
         ("Guest talk at the art school ({city})", "Guest talk at a secondary school ({city})",
          "Talk for conservatory students ({city})", "Talk at the design academy ({city})",
          "Guest lecture at the university ({city})")),
    Kind("conference_talk", 0.12, "talk", ("conference",), ("professionals", "partners"),
         ("sector", "regional", "national"), ("inform", "promote"), (1.0, 1.5, 2.0, 3.0),
         (9.5, 10.0, 14.0, 15.0), (2.0, 3.0, 4.0, 5.0), ((1, 1), (1, 2)), 0.15, ("communication",),
         (2, 3, 3, 4), SEASON, WEEKDAYS_ONLY,
         ("Talk on {theme} at a {sector} conference ({city})", "Keynote on {theme} ({city})")),
    Kind("debate", 0.11, "debate", ("conference", "other"), ("professionals", "general_public", "partners"),
         ("sector", "regional", "national"), ("defend", "promote", "inform"), (2.0, 2.5, 3.0),
         (18.0, 19.0, 19.5, 20.0), (2.0, 3.0, 4.0), ((1, 1), (1, 2), (2, 3)), 0.1,
         ("strategy", "communication"), (2, 3, 4, 5), SEASON, WEEKDAYS_ONLY,
         ("Debate on {theme} ({city})", "Panel on {theme} in the {sector} sector ({city})")),
    Kind("workshop", 0.11, "workshop", ("smart_premises", "other"), ("professionals", "students"),
         ("local", "sector"), ("inform", "promote"), (2.0, 3.0, 3.0, 4.0), (9.5, 10.0, 13.5, 14.0),
         (2.0, 3.0, 4.0), ((1, 1), (1, 2)), 0.05, ("advice",), (1, 2, 3), SEASON, ANY_DAY,
         ("Workshop: {theme} for {sector} freelancers ({city})",
          "Workshop on invoicing and {theme} ({city})")),
    Kind("info_session", 0.12, "one_to_one", ("smart_premises", "one_to_one"), ("professionals",),
         ("local",), ("inform",), (2.0, 3.0), (10.0, 14.0, 17.0), (0.0,), ((1, 1), (1, 2), (2, 2)),
         0.1, ("advice", "operations"), (1, 2, 3), SEASON, WEEKDAYS_ONLY,
         ("One-to-one info session on SMart services ({city})", "Newcomers' consultations ({city})")),
    Kind("meetup", 0.12, "informal", ("smart_premises", "other"), ("professionals", "general_public"),
         ("local", "sector"), ("promote",), (2.0, 2.5, 3.0), (17.5, 18.0, 18.5, 19.0), (0.0,),
         ((1, 2), (1, 3), (2, 3)), 0.05, ("communication",), (1, 2, 3), SEASON, ANY_DAY,
         ("{Sector} members' meetup ({city})", "Members' drink on {theme} ({city})")),
    Kind("stand", 0.08, "booth", ("other",), ("general_public",), ("local",), ("promote",),
         (4.0, 5.0, 6.0, 8.0), (10.0, 11.0, 12.0, 13.0), (0.0,), ((1, 2), (2, 3)), 0.0, (),
         (1, 2, 3), FESTIVAL_SEASON, WEEKEND,
         ("Festival stand ({city})", "Stand at the artists' market ({city})", "Street-fair stand ({city})")),
    Kind("webinar", 0.05, "talk", ("online",), ("professionals",), ("regional", "national"),
         ("inform",), (1.0, 1.5), (12.5, 13.0, 18.5, 19.0), (1.0, 2.0), ((1, 1),), 0.0, (),
         (1, 2, 3), SEASON, WEEKDAYS_ONLY, ("Webinar: {theme}", "Online Q&A on {theme}")),
    Kind("partner_meeting", 0.06, "institutional", ("official", "smart_premises"),
         ("partners", "institutions"),
         ("regional", "national"), ("defend",), (1.5, 2.0), (9.5, 10.0, 14.0, 15.0), (1.0, 2.0, 3.0),
         ((1, 1),), 1.0, ("strategy", "advice", "direction"), (3, 4, 5), NO_RECESS, WEEKDAYS_ONLY,
         ("Meeting with a {sector} federation on {theme} ({city})",
          "Consultation with the regional administration on {theme} ({city})")),
    Kind("media", 0.06, "media", ("other", "online"), ("general_public", "press"), ("regional", "national"),
         ("inform", "defend"), (1.0, 1.0, 1.5), (7.5, 8.0, 12.0, 18.0, 19.0), (0.5, 1.0, 2.0),
         ((1, 1),), 0.0, ("communication",), (2, 3, 4), SEASON, ANY_DAY,
         ("Radio interview on {theme}", "TV debate on {theme}", "Podcast on {theme}",
          "Press interview on {theme}")),
)
HEARING = Kind(
    "hearing", 0.0, "institutional", ("official",), ("institutions",), ("regional", "national"), ("defend",),
    (2.0, 2.5, 3.0, 4.0), (9.0, 9.5, 10.0, 14.0), (3.0, 4.0, 5.0, 6.0), ((1, 1), (1, 2)), 1.0,
    ("strategy", "direction"), (4, 5), NO_RECESS, MIDWEEK, ("{parliament} hearing on {theme}",))
FORUM = Kind(
    "forum", 0.0, "debate", ("conference",), ("institutions", "partners"), ("european",), ("defend",),
    (2.0, 3.0, 4.0, 6.0, 8.0), (9.0, 9.5, 10.0, 14.0), (3.0, 4.0, 5.0, 6.0), ((1, 1), (1, 2)), 1.0,
    ("strategy", "direction"), (4, 5), NO_RECESS, WEEKDAYS_ONLY,
    ("European forum panel on {theme}", "EU social-economy conference: {theme}",
     "European Parliament round table on {theme}"))
# The June general assembly's roles: title, intervention, start hour, hours, language, pair services.
ASSEMBLY_ROLES: tuple[tuple[str, str, float, float, str, list[str]], ...] = (
    ("General assembly: welcome desk", "informal", 8.5, 4.0, "fr", ["communication"]),
    ("General assembly: welcome desk (NL)", "informal", 8.5, 4.0, "nl", ["communication"]),
    ("General assembly: members' testimonies", "talk", 10.0, 2.0, "fr", []),
    ("General assembly: workshop hosts", "workshop", 13.5, 3.5, "fr", []),
    ("General assembly: international guests", "informal", 9.0, 8.0, "en", []),
)
FAIR_NAMES: tuple[str, ...] = (
    "Creative Industries Fair", "Music Industry Days", "Design Week", "Book Fair", "Performing Arts Market",
    "Audiovisual Expo", "Crafts Salon", "Digital Creators Fair", "Freelance Forum", "Art Fair",
)
MEETING_TOPICS_GLOBAL: tuple[str, ...] = (
    "Annual planning of representation", "How the embassy works", "Review of the charter",
    "Evaluation of the spring missions", "Budget and pay of missions",
    "Selection criteria for new ambassadors",
    "Preparing the general assembly", "Evaluation of the year",
)
MEETING_TOPICS_SPECIFIC: tuple[str, ...] = (
    "Preparing the parliament hearings on {theme}", "Messages on {theme}", "Media training debrief: {theme}",
    "Fair season preparation: {theme}", "Position paper on {theme}",
)

OUTSIDE_REQUESTS: tuple[str, ...] = ("institutional", "media")
FAIR_SHARE, HEARING_SHARE, FORUM_SHARE, INITIATIVE_SHARE = 0.07, 0.03, 0.02, 0.06
TRAINING_REQUIREMENTS: dict[str, list[str]] = {
    "*": ["initial"],
    "talk": ["initial", "public_speaking"],
    "debate": ["initial", "public_speaking"],
    "institutional": ["initial", "public_speaking"],
    "media": ["initial", "media"],
}
HOURLY_RATE = 40.0
RATE_BY_INTERVENTION: dict[str, float] = {"media": 45.0, "institutional": 45.0}
SAME_REGION = (30, 10.0)
OTHER_REGION = (90, 35.0)


def _region_pairs(regions: Sequence[str]) -> list[dict[str, Any]]:
    """Travel overrides: short hops inside Belgium, long and dear trips abroad."""
    pairs: list[dict[str, Any]] = []
    for i, a in enumerate(regions):
        for b in regions[i + 1:]:
            ca, cb = REGIONS[a].country, REGIONS[b].country
            if {a, b} == {"BXL", "VL"}:
                buffer, cost = 45, 20.0
            elif {a, b} == {"BXL", "WAL"}:
                buffer, cost = 60, 25.0
            elif ca == cb:
                continue  # the default other-region rule
            elif "BE" in (ca, cb):
                other = cb if ca == "BE" else ca
                buffer, cost = {"FR": (240, 140.0), "NL": (180, 90.0), "DE": (300, 160.0),
                                "ES": (600, 260.0), "IT": (600, 240.0)}[other]
            else:
                buffer, cost = 600, 250.0
            pairs.append({"a": a, "b": b, "buffer_minutes": buffer, "expense_eur": cost})
    return pairs


def _travel_expense(policy_pairs: list[dict[str, Any]], a: str, b: str) -> float:
    if a == b:
        return SAME_REGION[1]
    for p in policy_pairs:
        if {p["a"], p["b"]} == {a, b}:
            return float(p["expense_eur"])
    return OTHER_REGION[1]


# --------------------------------------------------------------------------------------------
# Helpers


def _pick(rng: np.random.Generator, options: Sequence[Any], n: int) -> list[Any]:
    idx = rng.integers(0, len(options), size=n)
    return [options[int(i)] for i in idx]


def _weighted(rng: np.random.Generator, table: Sequence[tuple[str, float]], n: int) -> list[str]:
    names = [k for k, _ in table]
    p = np.array([w for _, w in table], dtype=np.float64)
    idx = rng.choice(len(names), size=n, p=p / p.sum())
    return [names[int(i)] for i in idx]


def _weighted_subsets(rng: np.random.Generator, weights: FloatArray, sizes: IntArray) -> list[list[int]]:
    """For each row, ``sizes[i]`` distinct indices drawn with probabilities ``weights``
    (Gumbel top-k: one vectorised draw for every row)."""
    keys = np.log(weights)[None, :] + rng.gumbel(size=(len(sizes), len(weights)))
    order = np.argsort(-keys, axis=1, kind="stable")
    return [sorted(order[i, : sizes[i]].tolist()) for i in range(len(sizes))]


def _at(day: date, hour: float) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(minutes=round(hour * 60))


def _humanize(code: str) -> str:
    return code.replace("_", " ")


def _money(x: float) -> float:
    return round(float(x), 2)


# --------------------------------------------------------------------------------------------
# People


def _languages_for(profile: RegionProfile, native: str, cap: int, draws: Sequence[float]) -> list[str]:
    """The native language, then each further language of the region with its chance, up to ``cap``."""
    langs = [native]
    for (lang, p), u in zip(profile.extra_languages, draws, strict=False):
        if lang not in langs and len(langs) < cap and u < p:
            langs.append(lang)
    return langs


def _natives(rng: np.random.Generator, regions: Sequence[str]) -> list[str]:
    out = [""] * len(regions)
    rows_of: dict[str, list[int]] = {}
    for i, r in enumerate(regions):
        rows_of.setdefault(r, []).append(i)
    for region, rows in rows_of.items():
        for i, lang in zip(rows, _weighted(rng, REGIONS[region].native_languages, len(rows)), strict=True):
            out[i] = lang
    return out


def _unavailability(rng: np.random.Generator, cal: Calendar, n: int, summer_share: float,
                    other_share: float) -> list[list[dict[str, date]]]:
    """Summer absences of one to four weeks in July–August for ``summer_share`` of people and a
    few days to two weeks off at another time of year (illness, a tour, a holiday) for others.

    The other absences stay clear of mid-June to early September, so that the share of people
    away in summer is exactly the summer draw."""
    out: list[list[dict[str, date]]] = [[] for _ in range(n)]
    # Exactly the share (rounded), not a coin per person: small years keep the proportion too.
    summer = np.zeros(n, dtype=np.bool_)
    summer[rng.permutation(n)[: round(summer_share * n)]] = True
    weeks = rng.integers(1, 5, size=n)
    july_first = date(cal.year, 7, 1)
    first_monday = july_first + timedelta(days=(7 - july_first.weekday()) % 7)
    start_week = rng.integers(0, 8, size=n)
    other = rng.random(n) < other_share
    longest = 14
    summer_lo, summer_hi = cal.index_of(date(cal.year, 6, 15)), cal.index_of(date(cal.year, 9, 5))
    starts = np.arange(cal.n_days - longest)
    allowed = starts[(starts + longest - 1 < summer_lo) | (starts > summer_hi)]
    other_day = rng.choice(allowed, size=n)
    other_len = rng.integers(3, longest + 1, size=n)
    for i in range(n):
        if summer[i]:
            start = first_monday + timedelta(weeks=int(start_week[i]))
            end = min(start + timedelta(weeks=int(weeks[i]), days=-1), date(cal.year, 8, 31))
            out[i].append({"start": start, "end": end})
        if other[i]:
            start = cal.date_of(int(other_day[i]))
            out[i].append({"start": start, "end": start + timedelta(days=int(other_len[i]) - 1)})
        out[i].sort(key=lambda r: r["start"])
    return out


WEEKDAY_PATTERNS: tuple[tuple[list[int], float], ...] = (
    ([0, 1, 2, 3, 4], 0.3), ([4, 5, 6], 0.2), ([5, 6], 0.1), ([0, 1, 2], 0.1), ([2, 3, 4], 0.1),
    ([0, 2, 4], 0.1), ([1, 3], 0.1),
)


def _name(rng: np.random.Generator, language: str) -> str:
    pool = FIRST_NAMES.get(language, FIRST_NAMES["fr"])
    return f"{pool[int(rng.integers(len(pool)))]} {INITIALS[int(rng.integers(len(INITIALS)))]}."


def _staff(rng: np.random.Generator, spec: YearSize, cal: Calendar) -> list[dict[str, Any]]:
    regions = list(spec.regions)
    weights = np.array([REGIONS[r].weight for r in regions])
    home_bxl = "BXL" if "BXL" in regions else regions[0]
    n = spec.n_staff
    # The first staff cover every service (head office in Brussels, operations spread out),
    # so that each service exists whenever there are enough staff.
    fixed = [("communication", home_bxl), ("strategy", home_bxl),
             ("operations", "VL" if "VL" in regions else regions[0]),
             ("advice", "WAL" if "WAL" in regions else regions[0]), ("direction", home_bxl)]
    svc_p = np.array([0.25, 0.17, 0.23, 0.25, 0.10])
    services = [SERVICES[int(i)] for i in rng.choice(len(SERVICES), size=n, p=svc_p)]
    region_idx = rng.choice(len(regions), size=n, p=weights / weights.sum())
    staff_regions = [regions[int(i)] for i in region_idx]
    for i, (svc, reg) in enumerate(fixed[:n]):
        services[i], staff_regions[i] = svc, reg
    absences = _unavailability(rng, cal, n, summer_share=0.15, other_share=0.25)
    weekdays_only = rng.random(n) < 0.2
    max_missions = rng.integers(15, 41, size=n)
    out: list[dict[str, Any]] = []
    natives = _natives(rng, staff_regions)
    language_draws = rng.random((n, 3)).tolist()
    for i in range(n):
        profile = REGIONS[staff_regions[i]]
        native = natives[i]
        langs = _languages_for(profile, native, 3, language_draws[i])
        if profile.code == "BXL":
            for lang in ("fr", "nl"):
                if lang not in langs:
                    langs.insert(1, lang)
            langs = langs[:3]
        if spec.regions != BELGIAN_REGIONS and "en" not in langs and rng.random() < 0.8:
            langs.append("en")
        out.append({
            "id": f"S{i + 1:0{max(3, len(str(n)))}d}",
            "name": _name(rng, native),
            "service": services[i],
            "region": staff_regions[i],
            "languages": langs,
            "max_missions": int(max_missions[i]),
            "unavailable": absences[i],
            "available_weekdays": [0, 1, 2, 3, 4] if weekdays_only[i] and i >= len(fixed) else None,
            "consent_public": bool(rng.random() < 0.9),
        })
    return out


@dataclass
class People:
    """Ambassador sheets plus the columns the mission generator needs."""

    sheets: list[dict[str, Any]]
    region: list[str]
    languages: list[list[str]]
    competences: list[list[str]]
    trainings: list[list[str]]
    charter: BoolArray


def _ambassadors(rng: np.random.Generator, spec: YearSize, cal: Calendar) -> People:
    n = spec.n_ambassadors
    regions = list(spec.regions)
    weights = np.array([REGIONS[r].weight for r in regions])
    home = [regions[int(i)] for i in rng.choice(len(regions), size=n, p=weights / weights.sum())]
    lang_cap = rng.choice([1, 2, 3], size=n, p=[0.35, 0.45, 0.2])
    comp_count = rng.choice([2, 3, 4], size=n, p=[0.6, 0.3, 0.1]).astype(np.int64)
    popularity = np.array([COMPETENCE_POPULARITY[c] for c in INTERVENTIONS])
    comp_sets = _weighted_subsets(rng, popularity, comp_count)
    charter = rng.random(n) < 0.9
    initial = rng.random(n) < 0.88
    speaking_draw, media_draw = rng.random(n), rng.random(n)
    governance = rng.random(n) < 0.4
    consent = rng.random(n) < 0.5
    returning = rng.random(n) < 0.6
    last_year = np.where(returning, rng.poisson(3.0, size=n), 0)
    drawn = governance & (rng.random(n) < 0.15)
    score_null = rng.random(n) < 0.05
    scores = np.clip(rng.normal(72.0, 12.0, size=n), 30, 100).round(1)
    max_missions = np.clip(rng.poisson(7.0, size=n), 2, 15)
    hours_per_mission = rng.choice([4.0, 5.0, 6.0, 7.0], size=n)
    own_month_cap = rng.random(n) < 0.15
    month_caps = rng.integers(1, 4, size=n)
    limited = rng.random(n) < 0.35
    pattern_p = np.array([w for _, w in WEEKDAY_PATTERNS])
    pattern_idx = rng.choice(len(WEEKDAY_PATTERNS), size=n, p=pattern_p / pattern_p.sum())
    absences = _unavailability(rng, cal, n, summer_share=0.15, other_share=0.08)
    n_links = rng.choice([0, 1, 2, 3], size=n, p=[0.3, 0.4, 0.22, 0.08])
    n_sectors = rng.choice([1, 2], size=n, p=[0.65, 0.35])
    n_themes = rng.choice([1, 2, 3], size=n, p=[0.35, 0.45, 0.2])
    motivated = rng.random(n) < 0.4
    width = max(4, len(str(n)))

    sheets: list[dict[str, Any]] = []
    all_langs: list[list[str]] = []
    all_comps: list[list[str]] = []
    all_trainings: list[list[str]] = []
    natives = _natives(rng, home)
    language_draws = rng.random((n, 3)).tolist()
    for i in range(n):
        profile = REGIONS[home[i]]
        native = natives[i]
        langs = _languages_for(profile, native, int(lang_cap[i]), language_draws[i])
        comps = [INTERVENTIONS[j] for j in comp_sets[i]]
        trainings: list[str] = []
        if initial[i]:
            trainings.append("initial")
        speaks = any(c in comps for c in ("talk", "debate", "institutional"))
        if speaking_draw[i] < (0.6 if speaks else 0.15):
            trainings.append("public_speaking")
        if media_draw[i] < (0.55 if "media" in comps else 0.05):
            trainings.append("media")
        links = [{"field": LINK_FIELDS[int(f)], "scope": LINK_SCOPES[int(s)]}
                 for f, s in zip(rng.integers(0, 4, size=n_links[i]),
                                 rng.choice(3, size=n_links[i], p=[0.45, 0.35, 0.2]), strict=True)]
        max_m = int(max_missions[i])
        sheets.append({
            "id": f"A{i + 1:0{width}d}",
            "name": _name(rng, native),
            "home_region": home[i],
            "languages": langs,
            "sectors": sorted(set(_pick(rng, SECTORS, int(n_sectors[i])))),
            "themes": sorted(set(_pick(rng, THEMES, int(n_themes[i])))),
            "competences": comps,
            "links": links,
            "max_missions": max_m,
            "max_hours": float(max_m * hours_per_mission[i]),
            "max_per_month": int(month_caps[i]) if own_month_cap[i] else None,
            "unavailable": absences[i],
            "available_weekdays": WEEKDAY_PATTERNS[int(pattern_idx[i])][0] if limited[i] else None,
            "charter_signed": bool(charter[i]),
            "trainings": trainings,
            "governance_volunteer": bool(governance[i]),
            "consent_public": bool(consent[i]),
            "interests": {},
            "selection_score": None if score_null[i] else float(scores[i]),
            "history": {"missions_last_year": int(last_year[i]), "drawn_this_cycle": bool(drawn[i])},
            "motivation": MOTIVATIONS[int(rng.integers(len(MOTIVATIONS)))] if motivated[i] else None,
        })
        all_langs.append(langs)
        all_comps.append(comps)
        all_trainings.append(trainings)
    return People(sheets, home, all_langs, all_comps, all_trainings, charter)


# --------------------------------------------------------------------------------------------
# Missions


def _special_counts(n: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    remaining = n
    # One assembly a year; bigger networks staff more of its roles, with more seats each.
    for name, want in (("ga", min(len(ASSEMBLY_ROLES), max(1, n // 250))), ("fair", round(FAIR_SHARE * n)),
                       ("hearing", round(HEARING_SHARE * n)), ("forum", round(FORUM_SHARE * n)),
                       ("initiative", round(INITIATIVE_SHARE * n))):
        counts[name] = min(want, remaining)
        remaining -= counts[name]
    counts["ordinary"] = remaining
    return counts


def _mission(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "sectors": [], "themes": [], "needs_staff_pair": False, "staff_services": [],
        "preparation_hours": 0.0, "paid": None, "expenses_eur": None, "requires_training": None,
        "origin": "smart_request", "proposed_by": None, "approved": True,
        "pinned_ambassadors": [], "pinned_staff": None,
    }
    base.update(fields)
    return base


class MissionFactory:
    """Draws mission sheets of each kind; all randomness flows from one generator."""

    def __init__(self, rng: np.random.Generator, spec: YearSize, cal: Calendar) -> None:
        self.rng, self.spec, self.cal = rng, spec, cal
        self.regions = list(spec.regions)
        w = np.array([REGIONS[r].weight for r in self.regions])
        self.region_p = w / w.sum()
        self.brussels = "BXL" if "BXL" in self.regions else self.regions[0]

    def _regions(self, n: int) -> list[str]:
        idx = self.rng.choice(len(self.regions), size=n, p=self.region_p)
        return [self.regions[int(i)] for i in idx]

    def _languages(self, regions: Sequence[str]) -> list[str]:
        """One mission language per region, drawn in one go per region."""
        out = [""] * len(regions)
        rows_of: dict[str, list[int]] = {}
        for i, r in enumerate(regions):
            rows_of.setdefault(r, []).append(i)
        for region, rows in rows_of.items():
            for i, lang in zip(rows, _weighted(self.rng, REGIONS[region].mission_languages, len(rows)),
                               strict=True):
                out[i] = lang
        return out

    def _city(self, region: str, language: str, draw: int = -1) -> str:
        cities = EAST_BELGIAN_CITIES if region == "WAL" and language == "de" else REGIONS[region].cities
        if draw < 0:
            draw = int(self.rng.integers(len(cities)))
        return cities[draw % len(cities)]

    def _topics(self, n: int) -> tuple[list[list[str]], list[list[str]]]:
        """Sectors (none = any sector) and one or two themes per mission."""
        rng = self.rng
        n_sec = rng.choice([0, 1, 2], size=n, p=[0.35, 0.5, 0.15])
        n_th = rng.choice([1, 2], size=n, p=[0.6, 0.4])
        sec = rng.integers(0, len(SECTORS), size=(n, 2))
        th = rng.integers(0, len(THEMES), size=(n, 2))
        sectors = [sorted({SECTORS[j] for j in sec[i, : n_sec[i]].tolist()}) for i in range(n)]
        themes = [sorted({THEMES[j] for j in th[i, : n_th[i]].tolist()}) for i in range(n)]
        return sectors, themes

    def of_kind(self, kind: Kind, n: int, *, regions: Sequence[str] | None = None,
                languages: Sequence[str] | None = None, levels: Sequence[str] | None = None,
                places: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """``n`` missions of a kind; regions, languages, levels and places (the ``{parliament}``
        of a title) may be given per mission, else they are drawn."""
        if n <= 0:
            return []
        rng, cal = self.rng, self.cal
        regions = list(regions) if regions is not None else self._regions(n)
        languages = list(languages) if languages is not None else self._languages(regions)
        days = np.zeros(n, dtype=np.int64)
        by_country: dict[str, list[int]] = {}
        for i, r in enumerate(regions):
            by_country.setdefault(REGIONS[r].country, []).append(i)
        for country, rows in by_country.items():
            days[rows] = cal.sample_days(rng, len(rows), country, kind.months, kind.weekdays)
        hours = rng.choice(kind.hours, size=n).tolist()
        starts = rng.choice(kind.starts, size=n).tolist()
        preps = rng.choice(kind.preparation, size=n).tolist()
        seat_idx = rng.integers(0, len(kind.seats), size=n).tolist()
        priorities = rng.choice(kind.priorities, size=n).tolist()
        pair_draw = (rng.random(n) < kind.pair_share).tolist()
        axis_idx = rng.integers(0, len(kind.axes), size=n).tolist()
        level_idx = rng.integers(0, len(kind.levels), size=n).tolist()
        audience_idx = rng.integers(0, len(kind.audiences), size=n).tolist()
        venue_idx = rng.integers(0, len(kind.venues), size=n).tolist()
        title_idx = rng.integers(0, len(kind.titles), size=n).tolist()
        city_draw = rng.integers(0, 1 << 30, size=n).tolist()
        all_sectors, all_themes = self._topics(n)
        out: list[dict[str, Any]] = []
        for i in range(n):
            region, language = regions[i], languages[i]
            sectors, themes = all_sectors[i], all_themes[i]
            axis = kind.axes[axis_idx[i]]
            # Defending the cooperative before authorities is never done alone (R7 pairs).
            pair = axis == "defend" or kind.intervention == "institutional" or pair_draw[i]
            services = list(kind.pair_services) if pair else []
            if pair and not services:
                services = ["strategy", "communication"]
            level = levels[i] if levels is not None else kind.levels[level_idx[i]]
            parliament = places[i] if places is not None else REGIONS[region].parliament
            start = _at(cal.date_of(int(days[i])), starts[i])
            end = start + timedelta(minutes=round(hours[i] * 60))
            sector_word = _humanize(sectors[0] if sectors else "creative")
            title = kind.titles[title_idx[i]].format(
                city=self._city(region, language, city_draw[i]), theme=_humanize(themes[0]),
                sector=sector_word, Sector=sector_word.capitalize(), parliament=parliament)
            smin, smax = kind.seats[seat_idx[i]]
            venue = kind.venues[venue_idx[i]]
            out.append(_mission(
                title=title, start=start, end=end, region=region, level=level, axis=axis,
                intervention=kind.intervention, audience=kind.audiences[audience_idx[i]],
                venue=venue, language=language, sectors=sectors, themes=themes, seats_min=smin,
                seats_max=smax, needs_staff_pair=pair, staff_services=services,
                preparation_hours=float(preps[i]), expenses_eur=0.0 if venue == "online" else None,
                priority=int(priorities[i]), _kind=kind.name,
            ))
        return out

    def hearings(self, n: int) -> list[dict[str, Any]]:
        """Parliament hearings: the federal one in Brussels, the regional parliaments in their
        language (a few in German in the east), the national parliaments abroad."""
        rng = self.rng
        regions: list[str] = []
        languages: list[str] = []
        levels: list[str] = []
        places: list[str] = []
        federal_draw = rng.random(n).tolist()
        for region in self._regions(n):
            profile = REGIONS[region]
            if profile.country == "BE" and federal_draw[len(regions)] < 0.35 and "BXL" in self.regions:
                region, level, place = "BXL", "national", "Federal Parliament"
                language = "fr" if rng.random() < 0.6 else "nl"
            else:
                level = "regional" if profile.country == "BE" else "national"
                language = _weighted(rng, profile.native_languages, 1)[0]
                place = profile.parliament
                if region == "WAL" and language == "de":
                    place = "Parliament of the German-speaking Community"
            regions.append(region)
            languages.append(language)
            levels.append(level)
            places.append(place)
        return self.of_kind(HEARING, n, regions=regions, languages=languages, levels=levels, places=places)

    def general_assembly(self, n: int) -> list[dict[str, Any]]:
        """The June general assembly in Brussels: a Tuesday in the third week of June."""
        cal = self.cal
        june15 = date(cal.year, 6, 15)
        day = june15 + timedelta(days=(1 - june15.weekday()) % 7)
        big = self.spec.n_ambassadors
        seats_min = int(min(2 + big // 500, 8))
        out = []
        for k, (title, intervention, at, length, lang, services) in enumerate(ASSEMBLY_ROLES[:n]):
            desk = k < 2  # the welcome desks are the big multi-seat missions
            start = _at(day, at)
            out.append(_mission(
                title=title, start=start, end=start + timedelta(hours=length), region=self.brussels,
                level="national", axis="inform", intervention=intervention, audience="partners",
                venue="smart_premises", language=lang, themes=["cooperative_model"],
                seats_min=seats_min if desk else 1,
                seats_max=2 * seats_min if desk else max(3, seats_min),
                needs_staff_pair=bool(services), staff_services=services,
                preparation_hours=1.0 if intervention != "informal" else 0.0,
                requires_training=[] if intervention == "informal" else None,
                priority=5, _kind="ga"))
        return out

    def fairs(self, n: int) -> list[dict[str, Any]]:
        """Multi-day autumn fairs: one booth mission per day on consecutive days, ending on a Sunday."""
        cal, rng = self.cal, self.rng
        out: list[dict[str, Any]] = []
        sundays = [d for d in range(cal.n_days)
                   if cal.weekday[d] == 6 and 9 <= cal.month[d] + 1 <= 11
                   and (cal.month[d] + 1 != 9 or cal.date_of(d).day >= 14)
                   and (cal.month[d] + 1 != 11 or cal.date_of(d).day <= 29)]
        series = 0
        while len(out) < n:
            region = self._regions(1)[0]
            country = REGIONS[region].country
            length = min(int(rng.choice([2, 3, 4], p=[0.3, 0.45, 0.25])), n - len(out))
            for _ in range(20):
                last = sundays[int(rng.integers(len(sundays)))]
                first = last - length + 1
                if not cal.holiday[country][first:last + 1].any():
                    break
            language = REGIONS[region].native_languages[0][0] if region != "BXL" else (
                "fr" if rng.random() < 0.6 else "nl")
            name = FAIR_NAMES[int(rng.integers(len(FAIR_NAMES)))]
            sector = SECTORS[int(rng.integers(len(SECTORS)))]
            city = self._city(region, language)
            smin, smax = [(1, 2), (2, 3), (2, 4)][int(rng.integers(3))]
            open_at = float(rng.choice([9.5, 10.0]))
            series += 1
            for k in range(length):
                start = _at(cal.date_of(first + k), open_at)
                out.append(_mission(
                    title=f"{name} {city} #{series}: SMart stand (day {k + 1}/{length})",
                    start=start, end=start + timedelta(hours=8), region=region, level="sector",
                    axis="promote", intervention="booth",
                    audience="professionals" if k < length - 1 else "general_public",
                    venue="fair", language=language, sectors=[sector], themes=["smart_services"],
                    seats_min=smin, seats_max=smax, priority=4 if k == 0 else 3, _kind="fair"))
        return out

    def initiatives(self, n: int, people: People) -> list[dict[str, Any]]:
        """Missions proposed by ambassadors themselves; a quarter await approval."""
        rng, cal = self.rng, self.cal
        # Hearings and media slots come from outside; ambassadors propose talks, stands, meetups.
        proposes = np.array([any(c not in OUTSIDE_REQUESTS for c in comps) for comps in people.competences],
                            dtype=np.bool_)
        candidates = np.flatnonzero(people.charter & proposes)
        if n <= 0 or candidates.size == 0:
            return []
        proposers = rng.choice(candidates, size=n)
        approved = rng.random(n) < 0.75
        out: list[dict[str, Any]] = []
        for i in range(n):
            a = int(proposers[i])
            sheet = people.sheets[a]
            comps = [c for c in people.competences[a] if c not in OUTSIDE_REQUESTS]
            intervention = comps[int(rng.integers(len(comps)))]
            region = people.region[a]
            language = people.languages[a][0]
            country = REGIONS[region].country
            days = cal.sample_days(rng, 8, country, SEASON, ANY_DAY)
            day = int(days[0])
            for d in days:  # the proposer picks a day they can make
                when = cal.date_of(int(d))
                weekdays = sheet["available_weekdays"]
                if (weekdays is None or when.weekday() in weekdays) and not any(
                        r["start"] <= when <= r["end"] for r in sheet["unavailable"]):
                    day = int(d)
                    break
            at = float(rng.choice([10.0, 14.0, 18.0, 19.0]))
            length = float(rng.choice([1.5, 2.0, 3.0]))
            prep = float(rng.choice([0.0, 1.0, 2.0, 3.0]))
            sectors = list(sheet["sectors"][:1])
            themes = list(sheet["themes"][:1])
            start = _at(cal.date_of(day), at)
            out.append(_mission(
                title=f"Ambassador proposal: {_humanize(intervention)} on {_humanize(themes[0])} "
                      f"({self._city(region, language)})",
                start=start, end=start + timedelta(hours=length), region=region, level="local",
                axis="promote", intervention=intervention, audience="professionals",
                venue="other", language=language, sectors=sectors, themes=themes,
                seats_min=1, seats_max=int(rng.choice([1, 2])), preparation_hours=prep,
                origin="ambassador_initiative", proposed_by=sheet["id"], approved=bool(approved[i]),
                priority=int(rng.choice([1, 2, 3])), _kind="initiative"))
        return out


def _missions(
    rng: np.random.Generator, spec: YearSize, cal: Calendar, people: People
) -> list[dict[str, Any]]:
    factory = MissionFactory(rng, spec, cal)
    counts = _special_counts(spec.n_missions)
    missions = factory.general_assembly(counts["ga"])
    missions += factory.fairs(counts["fair"])
    missions += factory.hearings(counts["hearing"])
    n_forums = counts["forum"]
    missions += factory.of_kind(FORUM, n_forums, regions=[factory.brussels] * n_forums,
                                languages=["en"] * n_forums)
    missions += factory.initiatives(counts["initiative"], people)
    shares = np.array([k.share for k in ORDINARY_KINDS])
    per_kind = np.bincount(rng.choice(len(ORDINARY_KINDS), size=counts["ordinary"], p=shares / shares.sum()),
                           minlength=len(ORDINARY_KINDS))
    for kind, k in zip(ORDINARY_KINDS, per_kind, strict=True):
        missions += factory.of_kind(kind, int(k))
    tie_break = rng.permutation(len(missions))
    order = sorted(range(len(missions)), key=lambda i: (missions[i]["start"], int(tie_break[i])))
    width = max(4, len(str(len(missions))))
    ordered = []
    for rank, i in enumerate(order):
        m = missions[i]
        m.pop("_kind")
        ordered.append({"id": f"M{rank + 1:0{width}d}", **m})
    return ordered


# --------------------------------------------------------------------------------------------
# Interests, meetings, policy


def _add_interests(rng: np.random.Generator, people: People, missions: list[dict[str, Any]]) -> None:
    by_language: dict[str, list[int]] = {}
    for j, m in enumerate(missions):
        by_language.setdefault(m["language"], []).append(j)
    n = len(people.sheets)
    counts = np.minimum(rng.poisson(1.2, size=n), 4)
    values = np.array([-2, -1, 0, 1, 2])
    value_p = np.array([0.05, 0.1, 0.1, 0.35, 0.4])
    for i, sheet in enumerate(people.sheets):
        langs = [lang for lang in people.languages[i] if lang in by_language]
        for _ in range(int(counts[i]) if langs else 0):
            pool = by_language[langs[int(rng.integers(len(langs)))]]
            mid = missions[pool[int(rng.integers(len(pool)))]]["id"]
            sheet["interests"][mid] = int(rng.choice(values, p=value_p))
    for m in missions:
        if m["origin"] == "ambassador_initiative":
            proposer = people.sheets[int(m["proposed_by"][1:]) - 1]
            proposer["interests"][m["id"]] = 2
    for sheet in people.sheets:
        sheet["interests"] = dict(sorted(sheet["interests"].items()))


@dataclass(frozen=True)
class GuestPlan:
    """Who may be invited to support-group meetings, and the region quotas of the lot."""

    volunteers: int
    max_guests: int
    min_global_seats: int
    quotas: dict[str, dict[str, list[int]]]


def _guest_plan(spec: YearSize, people: People) -> GuestPlan:
    """Quotas that a draw can always meet: a region gets a minimum of one seat only when it has
    plenty of volunteers, and global meetings then have a seat for every such minimum."""
    by_region: dict[str, int] = {}
    for sheet in people.sheets:
        if sheet["governance_volunteer"] and sheet["charter_signed"]:
            by_region[sheet["home_region"]] = by_region.get(sheet["home_region"], 0) + 1
    volunteers = sum(by_region.values())
    max_guests = max(1, min(4, volunteers // 3))
    quota_regions = [r for r in BELGIAN_REGIONS if r in spec.regions]
    if volunteers < 10 or len(quota_regions) < 2:
        return GuestPlan(volunteers, max_guests, min(2, max_guests), {})
    minimums = {r: 1 if by_region.get(r, 0) >= 10 else 0 for r in quota_regions}
    min_seats = max(min(2, max_guests), sum(minimums.values()))
    max_guests = max(max_guests, min_seats)
    quotas = {"home_region": {r: [minimums[r], 2] for r in quota_regions}}
    return GuestPlan(volunteers, max_guests, min_seats, quotas)


def _meetings(
    rng: np.random.Generator, spec: YearSize, cal: Calendar, guests: GuestPlan
) -> list[dict[str, Any]]:
    """Monthly evening meetings of the support group (none in August), third Wednesday first."""
    n = spec.n_meetings
    months = [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]
    max_guests = guests.max_guests
    global_kind = rng.random(n) < 0.4
    if n >= 2:
        global_kind[0], global_kind[1] = True, False
    out: list[dict[str, Any]] = []
    for k in range(n):
        month = months[k % len(months)]
        slot = k // len(months)
        first = date(cal.year, month, 1)
        wednesday = first + timedelta(days=(2 - first.weekday()) % 7 + 7 * (2 + slot) % 28)
        while wednesday.month != month:
            wednesday -= timedelta(days=7)
        while cal.holiday["BE"][cal.index_of(wednesday)]:
            wednesday += timedelta(days=1)
        at = float(rng.choice([18.0, 18.5, 19.0]))
        start = _at(wednesday, at)
        if global_kind[k]:
            topic = MEETING_TOPICS_GLOBAL[int(rng.integers(len(MEETING_TOPICS_GLOBAL)))]
            themes: list[str] = []
            seats = int(rng.integers(guests.min_global_seats, max_guests + 1))
        else:
            n_themes = int(rng.integers(1, 3))
            themes = sorted({THEMES[int(i)] for i in rng.integers(0, len(THEMES), size=n_themes)})
            topic = MEETING_TOPICS_SPECIFIC[int(rng.integers(len(MEETING_TOPICS_SPECIFIC)))].format(
                theme=_humanize(themes[0]))
            seats = int(rng.integers(1, min(3, max_guests) + 1))
        out.append({"start": start, "end": start + timedelta(hours=2), "topic": topic,
                    "kind": "global" if global_kind[k] else "specific", "themes": themes,
                    "guest_seats": seats})
    out.sort(key=lambda g: g["start"])
    width = max(2, len(str(n)))
    return [{"id": f"G{k + 1:0{width}d}", **g} for k, g in enumerate(out)]


def _policy(rng: np.random.Generator, spec: YearSize, people: People, staff: list[dict[str, Any]],
            missions: list[dict[str, Any]], guests: GuestPlan) -> dict[str, Any]:
    pairs = _region_pairs(spec.regions)
    # The budget is a share of what covering every mission at its minimum seats would cost,
    # so it binds: the planner must choose.
    region_share = {r: float(np.mean([h == r for h in people.region])) for r in spec.regions}
    mean_expense = {
        m_region: sum(share * _travel_expense(pairs, r, m_region) for r, share in region_share.items())
        for m_region in spec.regions
    }
    quarter_cost = np.zeros(4)
    for m in missions:
        hours = (m["end"] - m["start"]).total_seconds() / 3600 + m["preparation_hours"]
        paid = m["paid"] if m["paid"] is not None else m["preparation_hours"] > 0
        pay = RATE_BY_INTERVENTION.get(m["intervention"], HOURLY_RATE) * hours if paid else 0.0
        expense = m["expenses_eur"] if m["expenses_eur"] is not None else mean_expense[m["region"]]
        quarter_cost[(m["start"].month - 1) // 3] += m["seats_min"] * (pay + expense)
    annual = _money(math.ceil(spec.budget_share * quarter_cost.sum() / 50) * 50)
    demand = quarter_cost / max(quarter_cost.sum(), 1e-9)
    quarterly = [_money(math.ceil(annual * (0.5 * d + 0.125) * 1.08 / 50) * 50) for d in demand]

    staff_services = {s["service"] for s in staff}
    required_services = [s for s in ("communication", "strategy", "operations") if s in staff_services]
    present = {s["region"] for s in staff} | {a["home_region"] for a in people.sheets}
    required_regions = [r for r in BELGIAN_REGIONS if r in spec.regions and r in present]
    return {
        "group_cap": max(1, round(spec.group_cap_share * spec.n_ambassadors)),
        "max_per_month": 3,
        "training_requirements": TRAINING_REQUIREMENTS,
        "travel": {
            "same_region": {"buffer_minutes": SAME_REGION[0], "expense_eur": SAME_REGION[1]},
            "other_region": {"buffer_minutes": OTHER_REGION[0], "expense_eur": OTHER_REGION[1]},
            "pairs": pairs,
        },
        "compensation": {
            "hourly_rate": HOURLY_RATE,
            "hourly_rate_by_intervention": RATE_BY_INTERVENTION,
            "max_remuneration_per_ambassador": 1000.0,
        },
        "budget": {"annual": annual, "quarterly": quarterly},
        "support_group": {
            "max_size": 10, "required_services": required_services, "required_regions": required_regions,
            "coordinator_service": "communication",
            "min_partners": 2 if guests.volunteers >= 10 else min(1, guests.volunteers),
            "max_partners": 5,
        },
        "sortition": {"quotas": guests.quotas, "seed": int(rng.integers(1, 10_000))},
        "objective": {"mode": "lexicographic", "weights": {}},
    }


# --------------------------------------------------------------------------------------------
# Entry point


def generate(size: str | YearSize = "S", seed: int = 0, *, year: int = 2027) -> Instance:
    """A synthetic mission year of the given size; the same arguments give the same JSON bytes."""
    spec = resolve_size(size)
    if not 1900 <= year <= 9998:
        raise ValueError(f"year {year} is out of range (1900..9998)")
    streams = np.random.SeedSequence(seed).spawn(6)
    rng_staff, rng_people, rng_missions, rng_interests, rng_meetings, rng_policy = (
        np.random.default_rng(s) for s in streams)
    cal = Calendar(year, sorted({*spec.countries, "BE"}))
    staff = _staff(rng_staff, spec, cal)
    people = _ambassadors(rng_people, spec, cal)
    missions = _missions(rng_missions, spec, cal, people)
    _add_interests(rng_interests, people, missions)
    guests = _guest_plan(spec, people)
    meetings = _meetings(rng_meetings, spec, cal, guests)
    policy = _policy(rng_policy, spec, people, staff, missions, guests)
    data = {
        "format_version": 1,
        "name": f"Synthetic year {year} ({spec.label}, seed {seed})",
        "year": year,
        "ambassadors": people.sheets,
        "staff": staff,
        "missions": missions,
        "meetings": meetings,
        "policy": policy,
    }
    return Instance.model_validate(data)


# --------------------------------------------------------------------------------------------
# Eligibility density


class EligibilityStats(BaseModel):
    """How many (ambassador, mission) pairs pass the eligibility rule (DOMAIN.md 3.1)."""

    model_config = ConfigDict(frozen=True)

    n_ambassadors: int
    n_missions: int
    pairs: int
    eligible: int
    density: float
    per_mission_mean: float
    missions_without_candidate: int


def eligibility_stats(instance: Instance, chunk: int = 2048) -> EligibilityStats:
    """Count eligible pairs with numpy, mission chunk by chunk to bound memory."""
    ambs, missions = instance.ambassadors, instance.missions
    n_a, n_m = len(ambs), len(missions)
    if n_a == 0 or n_m == 0:
        return EligibilityStats(n_ambassadors=n_a, n_missions=n_m, pairs=0, eligible=0, density=0.0,
                                per_mission_mean=0.0, missions_without_candidate=n_m)
    languages = sorted({lang for a in ambs for lang in a.languages} | {m.language for m in missions})
    lang_pos = {lang: i for i, lang in enumerate(languages)}
    speaks = np.zeros((n_a, len(languages)), dtype=np.bool_)
    can = np.zeros((n_a, len(INTERVENTIONS)), dtype=np.bool_)
    comp_pos = {c: i for i, c in enumerate(INTERVENTIONS)}
    for i, a in enumerate(ambs):
        speaks[i, [lang_pos[lang] for lang in a.languages]] = True
        can[i, [comp_pos[c] for c in a.competences]] = True
    charter = np.array([a.charter_signed for a in ambs], dtype=np.bool_)

    # Availability over every day any mission touches, weekday limits included.
    spans = []
    for m in missions:
        first = m.start.date()
        last = (m.end - timedelta(microseconds=1)).date()
        spans.append((first, (last - first).days + 1))
    day0 = min(s[0] for s in spans)
    n_days = max((s[0] - day0).days + s[1] for s in spans)
    weekday0 = day0.weekday()
    free = np.ones((n_a, n_days), dtype=np.bool_)
    day_weekday = (weekday0 + np.arange(n_days)) % 7
    for i, a in enumerate(ambs):
        if a.available_weekdays is not None:
            free[i] &= np.isin(day_weekday, a.available_weekdays)
        for r in a.unavailable:
            lo, hi = (r.start - day0).days, (r.end - day0).days
            free[i, max(lo, 0): max(min(hi + 1, n_days), 0)] = False
    # Cumulative sums answer "free on every day of [first, first + length)" in O(1).
    busy_cum = np.concatenate([np.zeros((n_a, 1), dtype=np.int32), np.cumsum(~free, axis=1, dtype=np.int32)],
                              axis=1)

    train_sets: dict[tuple[str, ...], int] = {}
    m_train = np.empty(n_m, dtype=np.int64)
    for j, m in enumerate(missions):
        key = tuple(sorted(set(instance.policy.required_trainings(m))))
        m_train[j] = train_sets.setdefault(key, len(train_sets))
    has_training = np.zeros((n_a, len(train_sets)), dtype=np.bool_)
    for key, k in train_sets.items():
        has_training[:, k] = [set(key) <= set(a.trainings) for a in ambs]

    m_lang = np.array([lang_pos[m.language] for m in missions], dtype=np.int64)
    m_comp = np.array([comp_pos[m.intervention] for m in missions], dtype=np.int64)
    m_first = np.array([(s[0] - day0).days for s in spans], dtype=np.int64)
    m_len = np.array([s[1] for s in spans], dtype=np.int64)

    eligible = 0
    without = 0
    for lo in range(0, n_m, chunk):
        hi = min(lo + chunk, n_m)
        ok = speaks[:, m_lang[lo:hi]] & can[:, m_comp[lo:hi]] & has_training[:, m_train[lo:hi]]
        ok &= charter[:, None]
        ok &= (busy_cum[:, m_first[lo:hi] + m_len[lo:hi]] - busy_cum[:, m_first[lo:hi]]) == 0
        per_mission = ok.sum(axis=0)
        eligible += int(per_mission.sum())
        without += int((per_mission == 0).sum())
    pairs = n_a * n_m
    return EligibilityStats(n_ambassadors=n_a, n_missions=n_m, pairs=pairs, eligible=eligible,
                            density=eligible / pairs, per_mission_mean=eligible / n_m,
                            missions_without_candidate=without)
