"""Eligibility density: how many (ambassador, mission) pairs pass the eligibility rule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict

from ..model import INTERVENTIONS, Ambassador, Instance, Mission
from .draws import BoolArray, IntArray


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


def _free_days(
    ambassadors: Sequence[Ambassador], missions: Sequence[Mission]
) -> tuple[npt.NDArray[np.int32], IntArray, IntArray]:
    """Availability over every day any mission touches, weekday limits included: the cumulative
    busy-day counts per ambassador (one column more than days), and each mission's first day and
    number of days. ``busy[:, first + length] - busy[:, first] == 0`` then answers "free on every
    day of the mission" in O(1)."""
    n_a = len(ambassadors)
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
    for i, a in enumerate(ambassadors):
        if a.available_weekdays is not None:
            free[i] &= np.isin(day_weekday, a.available_weekdays)
        for r in a.unavailable:
            lo, hi = (r.start - day0).days, (r.end - day0).days
            free[i, max(lo, 0): max(min(hi + 1, n_days), 0)] = False
    busy_cum = np.concatenate([np.zeros((n_a, 1), dtype=np.int32), np.cumsum(~free, axis=1, dtype=np.int32)],
                              axis=1)
    m_first = np.array([(s[0] - day0).days for s in spans], dtype=np.int64)
    m_len = np.array([s[1] for s in spans], dtype=np.int64)
    return busy_cum, m_first, m_len


def _training_columns(instance: Instance) -> tuple[BoolArray, IntArray]:
    """Which ambassador holds each distinct set of required trainings, and each mission's set."""
    ambs, missions = instance.ambassadors, instance.missions
    train_sets: dict[tuple[str, ...], int] = {}
    m_train = np.empty(len(missions), dtype=np.int64)
    for j, m in enumerate(missions):
        key = tuple(sorted(set(instance.policy.required_trainings(m))))
        m_train[j] = train_sets.setdefault(key, len(train_sets))
    has_training = np.zeros((len(ambs), len(train_sets)), dtype=np.bool_)
    for key, k in train_sets.items():
        has_training[:, k] = [set(key) <= set(a.trainings) for a in ambs]
    return has_training, m_train


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
    busy_cum, m_first, m_len = _free_days(ambs, missions)
    has_training, m_train = _training_columns(instance)
    m_lang = np.array([lang_pos[m.language] for m in missions], dtype=np.int64)
    m_comp = np.array([comp_pos[m.intervention] for m in missions], dtype=np.int64)

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
