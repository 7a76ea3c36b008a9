"""Staff and ambassador sheets: home regions, languages, competences, trainings, absences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from ..model import INTERVENTIONS
from .calendar import Calendar
from .draws import BoolArray, FloatArray, IntArray, pick, weighted, weighted_subsets
from .geography import (
    BELGIAN_REGIONS,
    COMPETENCE_POPULARITY,
    FIRST_NAMES,
    INITIALS,
    LINK_FIELDS,
    LINK_SCOPES,
    MOTIVATIONS,
    REGIONS,
    SECTORS,
    SERVICES,
    THEMES,
    RegionProfile,
)
from .sizes import YearSize


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
        for i, lang in zip(rows, weighted(rng, REGIONS[region].native_languages, len(rows)), strict=True):
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


def draw_staff(rng: np.random.Generator, spec: YearSize, cal: Calendar) -> list[dict[str, Any]]:
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


@dataclass(frozen=True)
class _AmbassadorDraws:
    """Every per-person draw made before the sheets are written. They are drawn in the order of
    the fields (and :func:`_ambassador_draws` must keep it): the order fixes a seed's bytes."""

    home: list[str]
    lang_cap: IntArray
    comp_sets: list[list[int]]
    charter: BoolArray
    initial: BoolArray
    speaking_draw: FloatArray
    media_draw: FloatArray
    governance: BoolArray
    consent: BoolArray
    last_year: IntArray
    drawn: BoolArray
    score_null: BoolArray
    scores: FloatArray
    max_missions: IntArray
    hours_per_mission: FloatArray
    own_month_cap: BoolArray
    month_caps: IntArray
    limited: BoolArray
    pattern_idx: IntArray
    absences: list[list[dict[str, date]]]
    n_links: IntArray
    n_sectors: IntArray
    n_themes: IntArray
    motivated: BoolArray
    natives: list[str]
    language_draws: list[list[float]]


def _ambassador_draws(rng: np.random.Generator, spec: YearSize, cal: Calendar) -> _AmbassadorDraws:
    n = spec.n_ambassadors
    regions = list(spec.regions)
    weights = np.array([REGIONS[r].weight for r in regions])
    home = [regions[int(i)] for i in rng.choice(len(regions), size=n, p=weights / weights.sum())]
    lang_cap = rng.choice([1, 2, 3], size=n, p=[0.35, 0.45, 0.2])
    comp_count = rng.choice([2, 3, 4], size=n, p=[0.6, 0.3, 0.1]).astype(np.int64)
    popularity = np.array([COMPETENCE_POPULARITY[c] for c in INTERVENTIONS])
    comp_sets = weighted_subsets(rng, popularity, comp_count)
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
    natives = _natives(rng, home)
    language_draws = rng.random((n, 3)).tolist()
    return _AmbassadorDraws(
        home, lang_cap, comp_sets, charter, initial, speaking_draw, media_draw, governance, consent,
        last_year, drawn, score_null, scores, max_missions, hours_per_mission, own_month_cap,
        month_caps, limited, pattern_idx, absences, n_links, n_sectors, n_themes, motivated,
        natives, language_draws,
    )


def _trainings(comps: list[str], initial: bool, speaking_draw: float, media_draw: float) -> list[str]:
    """The initial training for most; public speaking and media training mostly for those whose
    competences need them."""
    trainings: list[str] = []
    if initial:
        trainings.append("initial")
    speaks = any(c in comps for c in ("talk", "debate", "institutional"))
    if speaking_draw < (0.6 if speaks else 0.15):
        trainings.append("public_speaking")
    if media_draw < (0.55 if "media" in comps else 0.05):
        trainings.append("media")
    return trainings


def _ambassador_sheet(rng: np.random.Generator, d: _AmbassadorDraws, i: int, width: int,
                      langs: list[str], comps: list[str], trainings: list[str]) -> dict[str, Any]:
    """The identification sheet of ambassador ``i``; draws its links, name, sectors, themes and
    motivation, in that order."""
    links = [{"field": LINK_FIELDS[int(f)], "scope": LINK_SCOPES[int(s)]}
             for f, s in zip(rng.integers(0, 4, size=d.n_links[i]),
                             rng.choice(3, size=d.n_links[i], p=[0.45, 0.35, 0.2]), strict=True)]
    max_m = int(d.max_missions[i])
    return {
        "id": f"A{i + 1:0{width}d}",
        "name": _name(rng, d.natives[i]),
        "home_region": d.home[i],
        "languages": langs,
        "sectors": sorted(set(pick(rng, SECTORS, int(d.n_sectors[i])))),
        "themes": sorted(set(pick(rng, THEMES, int(d.n_themes[i])))),
        "competences": comps,
        "links": links,
        "max_missions": max_m,
        "max_hours": float(max_m * d.hours_per_mission[i]),
        "max_per_month": int(d.month_caps[i]) if d.own_month_cap[i] else None,
        "unavailable": d.absences[i],
        "available_weekdays": WEEKDAY_PATTERNS[int(d.pattern_idx[i])][0] if d.limited[i] else None,
        "charter_signed": bool(d.charter[i]),
        "trainings": trainings,
        "governance_volunteer": bool(d.governance[i]),
        "consent_public": bool(d.consent[i]),
        "interests": {},
        "selection_score": None if d.score_null[i] else float(d.scores[i]),
        "history": {"missions_last_year": int(d.last_year[i]), "drawn_this_cycle": bool(d.drawn[i])},
        "motivation": MOTIVATIONS[int(rng.integers(len(MOTIVATIONS)))] if d.motivated[i] else None,
    }


def draw_ambassadors(rng: np.random.Generator, spec: YearSize, cal: Calendar) -> People:
    """The ambassadors' identification sheets, and the columns the mission generator reads."""
    d = _ambassador_draws(rng, spec, cal)
    width = max(4, len(str(spec.n_ambassadors)))
    sheets: list[dict[str, Any]] = []
    all_langs: list[list[str]] = []
    all_comps: list[list[str]] = []
    all_trainings: list[list[str]] = []
    for i in range(spec.n_ambassadors):
        langs = _languages_for(REGIONS[d.home[i]], d.natives[i], int(d.lang_cap[i]), d.language_draws[i])
        comps = [INTERVENTIONS[j] for j in d.comp_sets[i]]
        trainings = _trainings(comps, bool(d.initial[i]), float(d.speaking_draw[i]), float(d.media_draw[i]))
        sheets.append(_ambassador_sheet(rng, d, i, width, langs, comps, trainings))
        all_langs.append(langs)
        all_comps.append(comps)
        all_trainings.append(trainings)
    return People(sheets, d.home, all_langs, all_comps, all_trainings, d.charter)
