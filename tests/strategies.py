"""Hypothesis strategies for small, valid :class:`~ambassade_opt.model.Instance` objects.

Other test modules may import them::

    from strategies import instances   # tests/ is on sys.path under pytest
    @given(instances(max_missions=6))
    def test_something(inst): ...

Ids, names and tags are drawn from awkward text on purpose (commas, quotes, ``;``, ``[``, new
lines, accents), since sheets and JSON must carry them all. ``plain=True`` keeps to readable
ids and tags for tests that only need the shapes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from ambassade_opt.model import (
    AUDIENCES,
    AXES,
    INTERVENTIONS,
    LEVELS,
    LINK_FIELDS,
    LINK_SCOPES,
    MAX_HOURLY_RATE_EUR,
    QUOTA_FEATURES,
    VENUES,
    Instance,
)

LANGUAGES = ("nl", "fr", "en", "de", "it", "es")
REGIONS = ("BXL", "VL", "WAL", "DE-BE")
SERVICES = ("communication", "strategy", "operations", "advice", "direction")

_awkward_alphabet = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\n\r\t;,\"'[]{}="
)


def _clean(text: str) -> bool:
    return bool(text.strip()) and text == text.strip()


def ids(plain: bool = False) -> st.SearchStrategy[str]:
    if plain:
        return st.from_regex(r"[A-Z][0-9]{1,3}", fullmatch=True)
    return st.text(_awkward_alphabet, min_size=1, max_size=6).filter(_clean)


def texts(plain: bool = False) -> st.SearchStrategy[str]:
    """Free text that must not be blank (names, titles, topics)."""
    if plain:
        return st.from_regex(r"[A-Za-z][A-Za-z ]{0,12}", fullmatch=True)
    return st.text(_awkward_alphabet, min_size=1, max_size=12).filter(lambda s: bool(s.strip()))


def tags(plain: bool = False) -> st.SearchStrategy[str]:
    if plain:
        return st.sampled_from(("music", "design", "education", "artist_status", "future_of_work"))
    return st.one_of(
        st.sampled_from(("music", "design", "artist_status", "future_of_work")),
        st.text(_awkward_alphabet, min_size=1, max_size=8).filter(lambda s: bool(s.strip())),
    )


def tag_lists(plain: bool = False, max_size: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(tags(plain), max_size=max_size, unique=True)


def money() -> st.SearchStrategy[float]:
    return st.floats(min_value=0, max_value=100_000, allow_nan=False, allow_infinity=False)


def rates() -> st.SearchStrategy[float]:
    """Hourly rates, up to the model's bound."""
    return st.floats(min_value=0, max_value=MAX_HOURLY_RATE_EUR, allow_nan=False, allow_infinity=False)


def languages(min_size: int = 1) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(LANGUAGES), min_size=min_size, max_size=3, unique=True)


@st.composite
def date_ranges(draw: st.DrawFn, year: int) -> dict[str, date]:
    start = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    return {"start": start, "end": start + timedelta(days=draw(st.integers(0, 40)))}


def weekdays() -> st.SearchStrategy[list[int] | None]:
    return st.none() | st.lists(st.integers(0, 6), max_size=7, unique=True)


@st.composite
def ambassador_dicts(draw: st.DrawFn, person_id: str, mission_ids: list[str], year: int,
                     plain: bool = False) -> dict[str, Any]:
    interests = draw(st.dictionaries(st.sampled_from(mission_ids), st.integers(-2, 2), max_size=3)
                     if mission_ids else st.just({}))
    return {
        "id": person_id,
        "name": draw(texts(plain)),
        "home_region": draw(st.sampled_from(REGIONS)),
        "languages": draw(languages()),
        "sectors": draw(tag_lists(plain)),
        "themes": draw(tag_lists(plain)),
        "competences": draw(st.lists(st.sampled_from(INTERVENTIONS), max_size=4, unique=True)),
        "links": draw(st.lists(st.fixed_dictionaries(
            {"field": st.sampled_from(LINK_FIELDS), "scope": st.sampled_from(LINK_SCOPES)}), max_size=2)),
        "max_missions": draw(st.integers(0, 20)),
        "max_hours": draw(st.floats(0, 500, allow_nan=False)),
        "max_per_month": draw(st.none() | st.integers(0, 6)),
        "unavailable": draw(st.lists(date_ranges(year), max_size=2)),
        "available_weekdays": draw(weekdays()),
        "charter_signed": draw(st.booleans()),
        "trainings": draw(tag_lists(plain)),
        "governance_volunteer": draw(st.booleans()),
        "consent_public": draw(st.booleans()),
        "interests": interests,
        "selection_score": draw(st.none() | st.floats(0, 100, allow_nan=False)),
        "history": {"missions_last_year": draw(st.integers(0, 12)), "drawn_this_cycle": draw(st.booleans())},
        "motivation": draw(st.none() | texts(plain)),
    }


@st.composite
def staff_dicts(draw: st.DrawFn, person_id: str, year: int, plain: bool = False) -> dict[str, Any]:
    return {
        "id": person_id,
        "name": draw(texts(plain)),
        "service": draw(st.sampled_from(SERVICES)),
        "region": draw(st.sampled_from(REGIONS)),
        "languages": draw(languages()),
        "max_missions": draw(st.integers(0, 30)),
        "unavailable": draw(st.lists(date_ranges(year), max_size=2)),
        "available_weekdays": draw(weekdays()),
        "consent_public": draw(st.booleans()),
    }


@st.composite
def _times(draw: st.DrawFn, year: int, max_minutes: int) -> tuple[datetime, datetime]:
    start = datetime(year, 1, 1) + timedelta(minutes=15 * draw(st.integers(0, 364 * 96)))
    return start, start + timedelta(minutes=draw(st.integers(1, max_minutes)))


@st.composite
def mission_dicts(draw: st.DrawFn, mission_id: str, ambassador_ids: list[str], staff_ids: list[str],
                  year: int, plain: bool = False) -> dict[str, Any]:
    start, end = draw(_times(year, 16 * 60))
    seats_min = draw(st.integers(1, 3))
    seats_max = draw(st.integers(seats_min, 4))
    pair = draw(st.booleans())
    initiative = bool(ambassador_ids) and draw(st.booleans())
    pinned = draw(st.lists(st.sampled_from(ambassador_ids), max_size=seats_max, unique=True)
                  if ambassador_ids else st.just([]))
    return {
        "id": mission_id,
        "title": draw(texts(plain)),
        "start": start,
        "end": end,
        "region": draw(st.sampled_from(REGIONS)),
        "level": draw(st.sampled_from(LEVELS)),
        "axis": draw(st.sampled_from(AXES)),
        "intervention": draw(st.sampled_from(INTERVENTIONS)),
        "audience": draw(st.sampled_from(AUDIENCES)),
        "venue": draw(st.sampled_from(VENUES)),
        "language": draw(st.sampled_from(LANGUAGES)),
        "sectors": draw(tag_lists(plain)),
        "themes": draw(tag_lists(plain)),
        "seats_min": seats_min,
        "seats_max": seats_max,
        "needs_staff_pair": pair,
        "staff_services": draw(st.lists(st.sampled_from(SERVICES), max_size=2, unique=True)),
        "preparation_hours": draw(st.floats(0, 20, allow_nan=False)),
        "paid": draw(st.none() | st.booleans()),
        "expenses_eur": draw(st.none() | money()),
        "requires_training": draw(st.none() | tag_lists(plain)),
        "origin": "ambassador_initiative" if initiative else "smart_request",
        "proposed_by": draw(st.sampled_from(ambassador_ids)) if initiative else None,
        "approved": draw(st.booleans()),
        "priority": draw(st.integers(1, 5)),
        "pinned_ambassadors": pinned,
        "pinned_staff": draw(st.none() | st.sampled_from(staff_ids)) if pair and staff_ids else None,
    }


@st.composite
def meeting_dicts(draw: st.DrawFn, meeting_id: str, year: int, plain: bool = False) -> dict[str, Any]:
    start, end = draw(_times(year, 24 * 60))
    kind = draw(st.sampled_from(("specific", "global")))
    return {
        "id": meeting_id,
        "start": start,
        "end": end,
        "topic": draw(texts(plain)),
        "kind": kind,
        "themes": draw(st.lists(tags(plain), min_size=int(kind == "specific"), max_size=2, unique=True)),
        "guest_seats": draw(st.integers(0, 4)),
    }


@st.composite
def policy_dicts(draw: st.DrawFn, plain: bool = False) -> dict[str, Any]:
    region_pairs = draw(st.lists(
        st.lists(st.sampled_from(REGIONS), min_size=2, max_size=2, unique=True).map(frozenset),
        max_size=3, unique=True))
    max_size = draw(st.integers(1, 10))
    min_partners = draw(st.integers(0, max_size - 1))
    quota_values = st.dictionaries(
        tags(plain), st.tuples(st.integers(0, 3), st.integers(0, 3)).map(lambda t: sorted(t)), max_size=2)
    return {
        "group_cap": draw(st.none() | st.integers(0, 50)),
        "max_per_month": draw(st.none() | st.integers(0, 5)),
        "training_requirements": draw(st.dictionaries(
            st.sampled_from((*INTERVENTIONS, "*")), tag_lists(plain), max_size=3)),
        "travel": {
            "same_region": {"buffer_minutes": draw(st.integers(0, 720)), "expense_eur": draw(money())},
            "other_region": {"buffer_minutes": draw(st.integers(0, 720)), "expense_eur": draw(money())},
            "pairs": [
                {"a": a, "b": b, "buffer_minutes": draw(st.integers(0, 720)), "expense_eur": draw(money())}
                for a, b in (sorted(p) for p in region_pairs)
            ],
        },
        "compensation": {
            "hourly_rate": draw(rates()),
            "hourly_rate_by_intervention": draw(st.dictionaries(st.sampled_from(INTERVENTIONS), rates(),
                                                                max_size=2)),
            "max_remuneration_per_ambassador": draw(st.none() | money()),
        },
        "budget": {
            "annual": draw(st.none() | money()),
            "quarterly": draw(st.none() | st.lists(money(), min_size=4, max_size=4)),
        },
        "support_group": {
            "max_size": max_size,
            "required_services": draw(st.lists(st.sampled_from(SERVICES), max_size=2, unique=True)),
            "required_regions": draw(st.lists(st.sampled_from(REGIONS), max_size=2, unique=True)),
            "coordinator_service": draw(st.sampled_from(SERVICES)),
            "min_partners": min_partners,
            "max_partners": draw(st.integers(min_partners, 10)),
        },
        "sortition": {
            "quotas": draw(st.dictionaries(st.sampled_from(QUOTA_FEATURES), quota_values, max_size=2)),
            "seed": draw(st.none() | st.integers(0, 2**31 - 1)),
        },
        "objective": {
            "mode": draw(st.sampled_from(("lexicographic", "weighted"))),
            "weights": draw(st.dictionaries(st.sampled_from(("coverage", "rotation", "match", "cost")),
                                            st.floats(0, 100, allow_nan=False), max_size=4)),
        },
    }


@st.composite
def instance_dicts(draw: st.DrawFn, *, max_ambassadors: int = 4, max_staff: int = 2, max_missions: int = 5,
                   max_meetings: int = 2, plain: bool = False) -> dict[str, Any]:
    """Python data of a valid instance (dates as ``date``/``datetime`` objects)."""
    year = draw(st.integers(2020, 2035))
    n_amb = draw(st.integers(0, max_ambassadors))
    n_staff = draw(st.integers(0, max_staff))
    person_ids = draw(st.lists(ids(plain), min_size=n_amb + n_staff, max_size=n_amb + n_staff, unique=True))
    amb_ids, staff_ids = person_ids[:n_amb], person_ids[n_amb:]
    mission_ids = draw(st.lists(ids(plain), max_size=max_missions, unique=True))
    meeting_ids = draw(st.lists(ids(plain), max_size=max_meetings, unique=True))
    return {
        "format_version": 1,
        "name": draw(texts(plain)),
        "year": year,
        "ambassadors": [draw(ambassador_dicts(a, mission_ids, year, plain)) for a in amb_ids],
        "staff": [draw(staff_dicts(s, year, plain)) for s in staff_ids],
        "missions": [draw(mission_dicts(m, amb_ids, staff_ids, year, plain)) for m in mission_ids],
        "meetings": [draw(meeting_dicts(g, year, plain)) for g in meeting_ids],
        "policy": draw(st.just({}) | policy_dicts(plain)),
    }


def instances(**sizes: Any) -> st.SearchStrategy[Instance]:
    """Small valid instances; keyword arguments as for :func:`instance_dicts`."""
    return instance_dicts(**sizes).map(Instance.model_validate)
