"""The compile step: its arrays agree with the domain model's own definitions, entity by entity."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from ambassade_opt.compile import compile_year
from ambassade_opt.compiled import cents_up
from ambassade_opt.model import Instance, is_available
from ambassade_opt.rules.eligibility import EligibilityData
from ambassade_opt.rules.load import LoadData
from ambassade_opt.rules.money import MoneyData
from ambassade_opt.rules.overlap import OverlapData
from ambassade_opt.scoring import MatchWeights, match_points
from ambassade_opt.synthetic import YearSize, generate


@pytest.fixture(scope="module", params=[0, 1])
def year(request: pytest.FixtureRequest) -> Instance:
    return generate(YearSize(n_ambassadors=30, n_missions=80), seed=request.param)


def _eligible(inst: Instance, a_idx: int, m_idx: int) -> bool:
    a, m = inst.ambassadors[a_idx], inst.missions[m_idx]
    return (m.language in a.languages and m.intervention in a.competences and a.charter_signed
            and set(inst.policy.required_trainings(m)) <= set(a.trainings)
            and is_available(a, m.start, m.end) and a.interests.get(m.id) != -2)


def test_eligible_pairs_are_exactly_the_eligible_ones(year: Instance) -> None:
    data = compile_year(year, chunk=17)  # small chunks exercise the blockwise build
    got = set(zip(data.pair_amb.tolist(), data.pair_mis.tolist(), strict=True))
    want = {(a, m) for a in range(len(year.ambassadors)) for m in range(len(year.missions))
            if _eligible(year, a, m)}
    assert got == want
    keys = data.pair_mis * data.n_amb + data.pair_amb
    assert np.all(np.diff(keys) > 0), "pairs are sorted by (mission, ambassador)"


def test_eligibility_by_rule_combines_to_the_pairs(tiny: Instance) -> None:
    data = compile_year(tiny)
    rules = dict(data.part(EligibilityData).filters(np.arange(data.n_mis)))
    assert list(rules) == ["language", "competence", "charter", "training", "availability", "declined"]
    combined = np.logical_and.reduce(list(rules.values()))
    a, m = np.nonzero(combined)
    assert set(zip(a.tolist(), m.tolist(), strict=True)) == set(
        zip(data.pair_amb.tolist(), data.pair_mis.tolist(), strict=True))


def test_match_points_equal_the_scoring_definition(year: Instance) -> None:
    data = compile_year(year)
    for p in range(0, data.n_pairs, 7):
        a, m = year.ambassadors[int(data.pair_amb[p])], year.missions[int(data.pair_mis[p])]
        assert data.pair_match[p] == match_points(year, a, m)


def test_match_points_follow_the_chosen_weights(year: Instance) -> None:
    weights = MatchWeights(sector=3, themes=40, level=0, region=7,
                           interest={-2: 0, -1: 1, 0: 2, 1: 30, 2: 60})
    data = compile_year(year, match_weights=weights)
    default = compile_year(year)
    assert not np.array_equal(data.pair_match, default.pair_match)
    for p in range(0, data.n_pairs, 7):
        a, m = year.ambassadors[int(data.pair_amb[p])], year.missions[int(data.pair_mis[p])]
        assert data.pair_match[p] == match_points(year, a, m, weights)


def test_money_in_cents_and_workload_in_seconds(year: Instance) -> None:
    data = compile_year(year)
    pol = year.policy
    for p in range(0, data.n_pairs, 5):
        a, m = year.ambassadors[int(data.pair_amb[p])], year.missions[int(data.pair_mis[p])]
        assert data.pair_expense[p] == cents_up(pol.expense_eur(a, m))
        assert data.m_remuneration[data.pair_mis[p]] == cents_up(pol.remuneration_eur(m))
        assert data.m_remuneration[data.pair_mis[p]] >= pol.remuneration_eur(m) * 100 - 1e-6
    load, money = data.part(LoadData), data.part(MoneyData)
    for i, m in enumerate(year.missions):
        assert load.workload[i] == math.ceil(m.workload_hours * 3600 - 1e-6)
        assert money.quarter[i] == (m.start.month - 1) // 3 and load.month[i] == m.start.month - 1


def test_conflicts_are_exactly_the_rule_4_pairs(year: Instance) -> None:
    data = compile_year(year)
    travel = year.policy.travel

    def conflict(i: int, j: int) -> bool:
        m1, m2 = sorted((year.missions[i], year.missions[j]), key=lambda m: m.start)
        buffer = travel.buffer_minutes(m1.region, m2.region)
        return (m2.start - m1.end).total_seconds() < buffer * 60

    want = {(i, j) for i, j in itertools.combinations(range(len(year.missions)), 2) if conflict(i, j)}
    overlap = data.part(OverlapData)
    got = {(i, j) for i in range(data.n_mis) for j in overlap.neighbours(i).tolist() if i < j}
    assert got == want
    assert overlap.n_edges == len(want)
    cliques = np.split(overlap.clique_flat, overlap.clique_offsets[1:-1]) if len(overlap.clique_flat) else []
    assert len(cliques) == len(overlap.clique_offsets) - 1
    for clique in cliques:
        for i, j in itertools.combinations(sorted(clique.tolist()), 2):
            assert (i, j) in want, "every clique is pairwise in conflict"
    assert {tuple(e) for e in overlap.leftover.tolist()} <= want


def test_staff_pairs_respect_service_language_and_availability(year: Instance) -> None:
    data = compile_year(year)
    got = set(zip(data.spair_staff.tolist(), data.spair_mis.tolist(), strict=True))
    want = set()
    for mi, m in enumerate(year.missions):
        if not m.needs_staff_pair:
            continue
        for si, s in enumerate(year.staff):
            if ((not m.staff_services or s.service in m.staff_services) and m.language in s.languages
                    and is_available(s, m.start, m.end)):
                want.add((si, mi))
    assert got == want


def test_forced_pairs_exist_even_when_ineligible(tiny: Instance) -> None:
    data = compile_year(tiny)
    a, m = next((a, m) for a in range(data.n_amb) for m in range(data.n_mis) if data.pair_index(a, m) < 0)
    forced = compile_year(tiny, forced=[(tiny.missions[m].id, tiny.ambassadors[a].id)])
    assert forced.pair_index(a, m) >= 0 and forced.n_pairs == data.n_pairs + 1
    assert forced.forced_pairs.tolist() == [forced.pair_index(a, m)]
