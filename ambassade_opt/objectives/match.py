"""Match points (DOMAIN.md section 4, objective 3), defined once for one pair or a million.

Default integer points 0–100: sector 30 (the mission names no sector, or shares one); themes
⌊25 · |m.themes ∩ a.themes| / |m.themes|⌋ (25 when the mission names none); level 15 (local,
sector, regional; national with a national or international link; european with an international
link); same region 15; interest {−2: 0, −1: 4, 0: 8, 1: 12, 2: 15}. :class:`MatchWeights` sets other
points; whatever they are, the solver, the scores and the report use the same ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..compiled import BoolArray, IntArray, Vocabulary, pad
from ..model import LEVELS, Ambassador, Instance, Mission

Points = Annotated[int, Field(ge=0)]
_CHUNK = 1 << 18


class MatchWeights(BaseModel):
    """Points of each match criterion; the defaults add up to at most 100."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sector: Points = 30
    themes: Points = 25
    level: Points = 15
    region: Points = 15
    interest: dict[int, Points] = {-2: 0, -1: 4, 0: 8, 1: 12, 2: 15}

    @field_validator("interest")
    @classmethod
    def _every_interest_level(cls, table: dict[int, int]) -> dict[int, int]:
        missing = sorted({-2, -1, 0, 1, 2} - set(table))
        if missing:
            raise ValueError(f"points missing for interest level(s) {missing}")
        return table

    @property
    def maximum(self) -> int:
        return self.sector + self.themes + self.level + self.region + max(self.interest.values())


DEFAULT_MATCH = MatchWeights()


def level_fits(ambassador: Ambassador, mission: Mission) -> bool:
    """National missions want a national or international link, European ones an international link."""
    if mission.level in ("local", "sector", "regional"):
        return True
    scopes = {link.scope for link in ambassador.links}
    if mission.level == "national":
        return bool(scopes & {"national", "international"})
    return "international" in scopes


def match_points_of_pairs(
    ambs: Sequence[Ambassador],
    mis: Sequence[Mission],
    people: IntArray,
    missions: IntArray,
    weights: MatchWeights = DEFAULT_MATCH,
) -> IntArray:
    """Match points of ``ambs[people[i]]`` for ``mis[missions[i]]``, for every i."""
    pa, pm = np.asarray(people, dtype=np.int64), np.asarray(missions, dtype=np.int64)
    sectors, themes = Vocabulary(), Vocabulary()
    m_sec, a_sec = sectors.incidence([m.sectors for m in mis]), sectors.incidence([a.sectors for a in ambs])
    m_sec, a_sec = pad(m_sec, max(len(sectors), 1)), pad(a_sec, max(len(sectors), 1))
    m_th, a_th = themes.incidence([m.themes for m in mis]), themes.incidence([a.themes for a in ambs])
    m_th, a_th = pad(m_th, max(len(themes), 1)), pad(a_th, max(len(themes), 1))
    no_sector: BoolArray = np.logical_not(m_sec.any(axis=1))
    n_themes = m_th.sum(axis=1).astype(np.int64)
    points = np.zeros(len(pa), dtype=np.int64)
    for lo in range(0, len(pa), _CHUNK):
        a, m = pa[lo : lo + _CHUNK], pm[lo : lo + _CHUNK]
        sector_ok = no_sector[m] | (a_sec[a] & m_sec[m]).any(axis=1)
        shared = (a_th[a] & m_th[m]).sum(axis=1).astype(np.int64)
        n = n_themes[m]
        theme_pts = np.where(n == 0, weights.themes, (weights.themes * shared) // np.maximum(n, 1))
        points[lo : lo + _CHUNK] = weights.sector * sector_ok + theme_pts
    code = {lv: i for i, lv in enumerate(LEVELS)}
    level = np.array([code[m.level] for m in mis], dtype=np.int64)[pm]
    national = np.array(
        [any(k.scope in ("national", "international") for k in a.links) for a in ambs], dtype=np.bool_
    )
    international = np.array([any(k.scope == "international" for k in a.links) for a in ambs], dtype=np.bool_)
    level_ok = (
        (level <= code["regional"])
        | ((level == code["national"]) & national[pa])
        | ((level == code["european"]) & international[pa])
    )
    regions = Vocabulary()
    home = np.array([regions.code(a.home_region) for a in ambs], dtype=np.int64)
    where = np.array([regions.code(m.region) for m in mis], dtype=np.int64)
    points += weights.level * level_ok + weights.region * (home[pa] == where[pm])
    return points + _interest_points(ambs, mis, pa, pm, weights)


def _interest_points(
    ambs: Sequence[Ambassador], mis: Sequence[Mission], pa: IntArray, pm: IntArray, weights: MatchWeights
) -> IntArray:
    """Interest points by pair key: interests are sparse (what people wrote down)."""
    n_amb = max(len(ambs), 1)
    mission_code = {m.id: i for i, m in enumerate(mis)}
    keys, vals = [], []
    for i, a in enumerate(ambs):
        for mid, level in a.interests.items():
            if mid in mission_code:
                keys.append(mission_code[mid] * n_amb + i)
                vals.append(weights.interest[level])
    out = np.full(len(pa), weights.interest[0], dtype=np.int64)
    if keys:
        k, v = np.array(keys, dtype=np.int64), np.array(vals, dtype=np.int64)
        order = np.argsort(k)
        k, v = k[order], v[order]
        pk = pm * n_amb + pa
        pos = np.minimum(np.searchsorted(k, pk), len(k) - 1)
        hit = k[pos] == pk
        out[hit] = v[pos[hit]]
    return out


def match_points(
    instance: Instance, ambassador: Ambassador, mission: Mission, weights: MatchWeights = DEFAULT_MATCH
) -> int:
    """Integer match points of ``ambassador`` for ``mission`` (0–100 with the default weights).

    ``instance`` is part of the signature so that policy-dependent criteria can join later
    without changing every caller."""
    del instance
    zero = np.zeros(1, dtype=np.int64)
    return int(match_points_of_pairs([ambassador], [mission], zero, zero, weights)[0])
