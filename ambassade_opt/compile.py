"""The compile step: an :class:`~ambassade_opt.model.Instance` becomes a :class:`ProblemData`.

Vectorised over ambassadors × missions in blocks of missions (no Python loop over pairs): the loops
that remain run over people, missions or the entries people wrote down. Rule 1 gives the eligible
pairs, rule 3 the staff pairs; then every rule compiles its own part, and the objectives their
terms (amounts in cents, match points with the chosen :class:`MatchWeights`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .compiled import MissionDays, ProblemData, Vocabulary, cents_up, minutes_down, minutes_up
from .model import Instance
from .objectives import DEFAULT_MATCH, MatchWeights, match_points_of_pairs
from .rules.eligibility import EligibilityData
from .rules.money import expense_of
from .rules.pair import staff_pairs
from .rules.registry import RULES


def _regions(instance: Instance) -> Vocabulary:
    regions = Vocabulary()
    for a in instance.ambassadors:
        regions.code(a.home_region)
    for s in instance.staff:
        regions.code(s.region)
    for m in instance.missions:
        regions.code(m.region)
    for tp in instance.policy.travel.pairs:
        regions.code(tp.a)
        regions.code(tp.b)
    return regions


def compile_year(
    instance: Instance,
    forced: Iterable[tuple[str, str]] = (),
    match_weights: MatchWeights = DEFAULT_MATCH,
    chunk: int = 2048,
) -> ProblemData:
    """Compile ``instance``. ``forced`` (mission id, ambassador id) pairs get a pair even if not
    eligible (a frozen past assignment must stay representable); ``chunk`` missions are compiled
    at a time."""
    year, missions, ambs = instance.year, instance.missions, instance.ambassadors
    regions = _regions(instance)
    days = MissionDays.of(missions, year)
    eligibility = EligibilityData.of(instance, days)
    pa, pm = eligibility.eligible_pairs(len(missions), chunk)
    n_key = max(len(ambs), 1)
    forced = list(forced)
    forced_key = np.zeros(0, dtype=np.int64)
    if forced:
        amb_code = {a.id: i for i, a in enumerate(ambs)}
        mis_code = {m.id: i for i, m in enumerate(missions)}
        fa = np.array([amb_code[a] for _, a in forced], dtype=np.int64)
        fm = np.array([mis_code[m] for m, _ in forced], dtype=np.int64)
        forced_key = fm * n_key + fa
        pa, pm = np.concatenate([pa, fa]), np.concatenate([pm, fm])
    key, first = np.unique(pm * n_key + pa, return_index=True)
    pa, pm = pa[first], pm[first]
    sa, sm = staff_pairs(instance, days)
    problem = ProblemData(
        instance=instance,
        year=year,
        ambassador_ids=[a.id for a in ambs],
        mission_ids=[m.id for m in missions],
        staff_ids=[s.id for s in instance.staff],
        regions=regions,
        m_start=np.array([minutes_down(m.start, year) for m in missions], dtype=np.int64),
        m_end=np.array([minutes_up(m.end, year) for m in missions], dtype=np.int64),
        m_region=np.array([regions.code(m.region) for m in missions], dtype=np.int64),
        m_priority=np.array([m.priority for m in missions], dtype=np.int64),
        days=days,
        a_home=np.array([regions.code(a.home_region) for a in ambs], dtype=np.int64),
        a_history=np.array([a.history.missions_last_year for a in ambs], dtype=np.int64),
        pair_amb=pa.astype(np.int64),
        pair_mis=pm.astype(np.int64),
        spair_staff=sa,
        spair_mis=sm,
        forced_pairs=np.unique(np.searchsorted(key, forced_key)).astype(np.int64),
    )
    problem.parts[EligibilityData] = eligibility
    for rule in RULES:
        part = rule.compile(problem)
        if part is not None:
            problem.parts[type(part)] = part
    problem.m_remuneration = np.array(
        [cents_up(instance.policy.remuneration_eur(m)) for m in missions], dtype=np.int64
    )
    problem.pair_expense = _pair_expenses(problem)
    problem.pair_match = match_points_of_pairs(ambs, missions, pa, pm, match_weights)
    return problem


def _pair_expenses(problem: ProblemData) -> np.ndarray:
    out = np.zeros(problem.n_pairs, dtype=np.int64)
    offsets = problem.mission_offsets
    for m in np.nonzero(np.diff(offsets))[0].tolist():
        sel = slice(offsets[m], offsets[m + 1])
        out[sel] = expense_of(problem, problem.pair_amb[sel], m)
    return out


def estimate_pairs(instance: Instance, sample: int = 256, seed: int = 0) -> int:
    """About how many eligible pairs :func:`compile_year` would build, from rule 1 on a seeded
    sample of ``sample`` missions (exact when the year has no more): cheap, so that a year too
    large for the memory it may use can be refused, or planned by blocks, before it is built."""
    missions = instance.missions
    n = len(missions)
    if n == 0 or not instance.ambassadors:
        return 0
    eligibility = EligibilityData.of(instance, MissionDays.of(missions, instance.year))
    rng = np.random.default_rng(seed)
    cols = np.arange(n) if n <= sample else np.sort(rng.choice(n, sample, replace=False))
    ok = np.logical_and.reduce([mask for _, mask in eligibility.filters(cols)])
    return round(int(ok.sum()) * n / len(cols))
