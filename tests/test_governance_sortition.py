"""Properties of the generic sortition core, checked against brute force on small pools."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from scipy.stats import chisquare

from ambassade_opt.governance.sortition import (
    TICKS,
    PoolMember,
    QuotasInfeasible,
    TypedPool,
    TypeLottery,
    draw_index,
    expand,
    fair_lottery,
)

FEATURES = {"region": ["BXL", "VL", "WAL"], "languages": ["nl", "fr", "en"]}


Quotas = dict[str, dict[str, tuple[int, int]]]


@st.composite
def pools(draw: st.DrawFn, max_people: int = 9) -> tuple[list[PoolMember], Quotas, int]:
    n = draw(st.integers(1, max_people))
    people = []
    for i in range(n):
        region = draw(st.sampled_from(FEATURES["region"]))
        langs = draw(st.lists(st.sampled_from(FEATURES["languages"]), min_size=1, max_size=2, unique=True))
        fresh = draw(st.booleans()) if draw(st.booleans()) else True
        people.append(PoolMember.of(f"p{i}", {"region": region, "languages": langs}, fresh))
    quotas: dict[str, dict[str, tuple[int, int]]] = {}
    for feature, values in FEATURES.items():
        for value in draw(st.lists(st.sampled_from(values), max_size=2, unique=True)):
            lo = draw(st.integers(0, 2))
            quotas.setdefault(feature, {})[value] = (lo, lo + draw(st.integers(0, 2)))
    seats = draw(st.integers(0, 4))
    return people, quotas, seats


def holds(person: PoolMember, feature: str, value: str) -> bool:
    return value in person.features.get(feature, frozenset())


def meets(panel: tuple[str, ...], people: dict[str, PoolMember], quotas: Quotas) -> bool:
    for feature, table in quotas.items():
        for value, (lo, hi) in table.items():
            k = sum(holds(people[p], feature, value) for p in panel)
            if not lo <= k <= hi:
                return False
    return True


def brute_force_panels(people: dict[str, PoolMember], quotas: dict[str, dict[str, tuple[int, int]]],
                       seats: int) -> tuple[int, int, list[tuple[str, ...]]]:
    """Largest feasible size, most fresh seats, and the panels the lottery may use."""
    ids = sorted(people)
    for size in range(min(seats, len(ids)), -1, -1):
        feasible = [p for p in itertools.combinations(ids, size) if meets(p, people, quotas)]
        if feasible:
            best = max(sum(people[x].fresh for x in p) for p in feasible)
            return size, best, [p for p in feasible if sum(people[x].fresh for x in p) == best]
    return -1, 0, []


def brute_force_leximin(ids: list[str], panels: list[tuple[str, ...]]) -> list[float]:
    """Textbook leximin: raise the minimum, then fix whoever cannot exceed it (one LP each)."""
    n, m = len(ids), len(panels)
    a = np.array([[1.0 if i in p else 0.0 for p in panels] for i in ids])
    fixed: dict[int, float] = {}
    reachable = a.sum(axis=1) > 0
    for i in range(n):
        if not reachable[i]:
            fixed[i] = 0.0
    while len(fixed) < n:
        open_ = [i for i in range(n) if i not in fixed]
        # variables: λ (m), z ; maximise z
        c = np.zeros(m + 1)
        c[-1] = -1
        a_ub, b_ub = [], []
        for i in open_:
            a_ub.append(np.append(-a[i], 1.0))
            b_ub.append(0.0)
        for i, f in fixed.items():
            a_ub.append(np.append(-a[i], 0.0))
            b_ub.append(-f + 1e-10)
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=[np.append(np.ones(m), 0.0)], b_eq=[1.0],
                      bounds=[(0, None)] * m + [(0, 1)], method="highs")
        z = -res.fun
        progressed = False
        for i in open_:
            c2 = np.append(-a[i], 0.0)
            a_ub2 = [np.append(-a[j], 0.0) for j in open_ if j != i] + [np.append(-a[j], 0.0) for j in fixed]
            b_ub2 = [-z + 1e-9 for j in open_ if j != i] + [-f + 1e-9 for f in fixed.values()]
            r2 = linprog(c2, A_ub=a_ub2 or None, b_ub=b_ub2 or None, A_eq=[np.append(np.ones(m), 0.0)],
                         b_eq=[1.0], bounds=[(0, None)] * m + [(0, 0)], method="highs")
            if -r2.fun <= z + 1e-7:
                fixed[i] = z
                progressed = True
        assert progressed
    return [fixed[i] for i in range(n)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pools())
def test_lottery_is_quota_feasible_rotating_and_leximin(case: tuple) -> None:
    people_list, quotas, seats = case
    people = {p.id: p for p in people_list}
    size, _fresh_best, allowed = brute_force_panels(people, quotas, seats)
    if size < 0:
        with pytest.raises(QuotasInfeasible) as err:
            fair_lottery(people_list, quotas, seats)
        # the suggested relaxation really makes a panel possible
        relaxed = {f: dict(t) for f, t in quotas.items()}
        for r in err.value.relaxations:
            lo, hi = relaxed[r.feature][r.value]
            relaxed[r.feature][r.value] = (r.suggested, hi) if r.bound == "min" else (lo, r.suggested)
        assert brute_force_panels(people, relaxed, seats)[0] == err.value.size
        return
    fair = fair_lottery(people_list, quotas, seats)
    assert fair.size == size
    assert sum(fair.lottery.ticks) == TICKS
    allowed_set = set(allowed)
    for panel in fair.lottery.panels:
        assert len(panel) == size and len(set(panel)) == size
        assert meets(panel, people, quotas)
        assert panel in allowed_set  # every panel holds the most fresh people possible
    probs = fair.marginals
    assert set(probs) == set(people)
    assert all(-1e-12 <= p <= 1 + 1e-12 for p in probs.values())
    assert math.isclose(sum(probs.values()), size, abs_tol=1e-9)
    expected = brute_force_leximin(sorted(people), allowed) if size else [0.0] * len(people)
    assert sorted(probs.values()) == pytest.approx(sorted(expected), abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(pools(max_people=8), st.integers(0, 2**40))
def test_same_seed_same_draw(case: tuple, seed: int) -> None:
    people_list, quotas, seats = case
    try:
        a = fair_lottery(people_list, quotas, seats)
    except QuotasInfeasible:
        return
    b = fair_lottery(list(reversed(people_list)), quotas, seats)
    assert a.lottery == b.lottery  # input order does not matter
    assert draw_index(a.lottery.probabilities, seed) == draw_index(b.lottery.probabilities, seed)


def test_draw_frequencies_match_the_lottery() -> None:
    rng = np.random.default_rng(5)
    people = [PoolMember.of(f"p{i:02d}", {"region": str(rng.choice(["BXL", "VL", "WAL"])),
                                           "languages": ["fr"] if i % 3 else ["nl", "en"]})
              for i in range(14)]
    quotas = {"region": {"BXL": (1, 2), "VL": (1, 2), "WAL": (0, 1)}, "languages": {"nl": (1, 2)}}
    fair = fair_lottery(people, quotas, 4)
    probs = fair.lottery.probabilities
    draws = Counter(draw_index(probs, seed) for seed in range(2000))
    expected = np.array(probs) * 2000
    observed = np.array([draws.get(i, 0) for i in range(len(probs))], dtype=float)
    # merge panels into bins of at least 5 expected draws, as the chi-square test needs
    order = np.argsort(expected)
    bins_obs, bins_exp, acc_o, acc_e = [], [], 0.0, 0.0
    for i in order:
        acc_o += observed[i]
        acc_e += expected[i]
        if acc_e >= 5:
            bins_obs.append(acc_o)
            bins_exp.append(acc_e)
            acc_o = acc_e = 0.0
    if acc_e:
        bins_obs[-1] += acc_o
        bins_exp[-1] += acc_e
    assert len(bins_obs) >= 5
    _, p_value = chisquare(bins_obs, bins_exp)
    assert p_value > 0.01
    # and per person: the drawn share matches the marginal
    marg = fair.marginals
    person_draws = Counter(x for i, k in draws.items() for x in fair.lottery.panels[i] for _ in range(k))
    for pid, p in marg.items():
        assert abs(person_draws[pid] / 2000 - p) < 4 * math.sqrt(p * (1 - p) / 2000) + 1e-9


def test_maximin_matches_the_known_optimum_with_a_rare_group() -> None:
    # 40 people, one rare: the rare person needs a seat in every panel of 3
    people = [PoolMember.of(f"p{i:02d}", {"region": "VL" if i % 2 else "BXL",
                                           "languages": ["en"] if i == 7 else ["nl"]}) for i in range(40)]
    quotas = {"languages": {"en": (1, 3)}, "region": {"VL": (1, 2), "BXL": (1, 2)}}
    fair = fair_lottery(people, quotas, 3, objective="maximin")
    assert fair.min_probability() == pytest.approx(2 / 39, abs=1e-9)
    assert fair.marginals["p07"] == pytest.approx(1.0, abs=1e-9)


@st.composite
def type_lotteries(draw: st.DrawFn) -> TypeLottery:
    n_types = draw(st.integers(1, 5))
    sizes = [draw(st.integers(1, 7)) for _ in range(n_types)]
    members = [[f"t{t}m{i}" for i in range(n)] for t, n in enumerate(sizes)]
    size = draw(st.integers(1, sum(sizes)))
    panels = []
    for _ in range(draw(st.integers(1, 6))):
        left, counts = size, []
        for t in range(n_types):
            rest = sum(sizes[t + 1:])
            c = draw(st.integers(max(0, left - rest), min(sizes[t], left)))
            counts.append(c)
            left -= c
        panels.append(counts)
    weights = np.array([draw(st.floats(0.001, 1.0)) for _ in panels])
    pool = TypedPool(keys=[], holds=np.zeros((n_types, 0), dtype=np.int64),
                     fresh=np.ones(n_types, dtype=bool), members=members)
    return TypeLottery(pool, size, None, "leximin", np.array(panels, dtype=np.int64),
                       weights / weights.sum(), [])


@settings(max_examples=150, deadline=None)
@given(type_lotteries())
def test_expansion_keeps_type_counts_and_equal_shares(lottery: TypeLottery) -> None:
    expanded = expand(lottery)
    assert sum(expanded.ticks) == TICKS
    allowed = {tuple(int(c) for c in row) for row in lottery.panels}
    type_of = lottery.pool.type_of()
    for panel in expanded.panels:
        counts = Counter(type_of[p] for p in panel)
        assert tuple(counts.get(t, 0) for t in range(lottery.pool.n_types)) in allowed
    marginals = expanded.marginals()
    expected = lottery.type_probability
    for pid, t in type_of.items():
        assert marginals.get(pid, 0.0) == pytest.approx(expected[t], abs=1e-9)
