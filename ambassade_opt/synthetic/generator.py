"""The entry point: :func:`generate`, one seeded synthetic year as an :class:`Instance`."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model import Instance
from .calendar import Calendar
from .meetings_policy import draw_meetings, draw_policy, guest_plan
from .missions import draw_missions
from .people import People, draw_ambassadors, draw_staff
from .sizes import YearSize, resolve_size


def _add_interests(rng: np.random.Generator, people: People, missions: list[dict[str, Any]]) -> None:
    """Give each ambassador interests (-2..2, mostly positive) in up to four missions held in one
    of their languages; a proposer's interest in their own initiative is 2."""
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


def generate(size: str | YearSize = "S", seed: int = 0, *, year: int = 2027) -> Instance:
    """A synthetic mission year of the given size; the same arguments give the same JSON bytes."""
    spec = resolve_size(size)
    if not 1900 <= year <= 9998:
        raise ValueError(f"year {year} is out of range (1900..9998)")
    streams = np.random.SeedSequence(seed).spawn(6)
    rng_staff, rng_people, rng_missions, rng_interests, rng_meetings, rng_policy = (
        np.random.default_rng(s) for s in streams)
    cal = Calendar(year, sorted({*spec.countries, "BE"}))
    staff = draw_staff(rng_staff, spec, cal)
    people = draw_ambassadors(rng_people, spec, cal)
    missions = draw_missions(rng_missions, spec, cal, people)
    _add_interests(rng_interests, people, missions)
    guests = guest_plan(spec, people)
    meetings = draw_meetings(rng_meetings, spec, cal, guests)
    policy = draw_policy(rng_policy, spec, people, staff, missions, guests)
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
