import json

import pytest
from _tiny_plans import plan_dict, plan_of
from pydantic import ValidationError

from ambassade_opt.model import Instance
from ambassade_opt.scoring import (
    MatchWeights,
    cost_eur,
    gini,
    kpis,
    match_points,
    rotation_penalty,
    to_cents,
)


@pytest.mark.parametrize(
    ("person", "mission", "points"),
    [
        ("A02", "M03", 100),  # sector, theme, local level, same region, keen (+2 interest)
        ("A08", "M01", 38),  # no sector or theme; national link fits a national mission; BXL
        ("A08", "M08", 78),  # any sector, both themes; a European mission needs an international link
        ("A05", "M04", 78),  # any sector, both themes, regional level; lives in BXL, mission in WAL
        ("A01", "M08", 50),  # one theme of two: ⌊25 · 1/2⌋ = 12
    ],
)
def test_default_match_points(tiny: Instance, person: str, mission: str, points: int) -> None:
    assert match_points(tiny, tiny.ambassador(person), tiny.mission(mission)) == points


def test_custom_weights(tiny: Instance) -> None:
    weights = MatchWeights(sector=0, themes=10, level=0, region=1, interest={-2: 0, -1: 0, 0: 0, 1: 0, 2: 50})
    assert match_points(tiny, tiny.ambassador("A02"), tiny.mission("M03"), weights) == 61
    assert MatchWeights().maximum == 100


def test_weights_need_every_interest_level() -> None:
    with pytest.raises(ValidationError):
        MatchWeights(interest={0: 8})


def test_gini_and_rotation() -> None:
    assert gini([3, 3, 3]) == 0.0
    assert gini([]) == 0.0
    assert gini([0, 0, 1]) == pytest.approx(2 / 3)
    assert rotation_penalty(0, 1) == 0
    assert rotation_penalty(0, 3) == 3
    assert rotation_penalty(5, 2) == 21 - 10  # each extra appearance costs more with history


def test_money_helpers(tiny: Instance) -> None:
    # M01 is paid (3 h preparation): 40 EUR × (2.5 + 3) h, plus 10 EUR within BXL.
    assert cost_eur(tiny, tiny.ambassador("A08"), tiny.mission("M01")) == pytest.approx(230.0)
    # M09 is a media mission: 45 EUR/h × (1 + 1) h, plus 35 EUR from BXL to WAL.
    assert cost_eur(tiny, tiny.ambassador("A08"), tiny.mission("M09")) == pytest.approx(125.0)
    # VL <-> BXL is a pair override: 25 EUR; M03 is unpaid.
    assert cost_eur(tiny, tiny.ambassador("A04"), tiny.mission("M03")) == pytest.approx(25.0)
    assert to_cents(12.345) == 1235
    assert to_cents(0.1 + 0.2) == 30


def test_kpis_of_the_valid_plan(tiny: Instance) -> None:
    k = kpis(tiny, plan_of(plan_dict()))
    assert (k["covered"], k["coverage_value"], k["coverage_value_max"]) == (9, 28, 36)
    assert k["rotation_penalty"] == 14
    assert k["spend"] == 1135.0
    assert (k["remuneration"], k["expenses"]) == (970.0, 165.0)
    assert k["spend_by_quarter"] == {"Q1": 275.0, "Q2": 500.0, "Q3": 10.0, "Q4": 350.0}
    assert (k["spend_paid_missions"], k["spend_expenses_only_missions"]) == (1045.0, 90.0)
    assert k["spend_by_ambassador"]["A08"] == 525.0
    assert k["active_ambassadors"] == 6 and k["max_load"] == 2
    assert k["coverage"]["axis"]["defend"] == {"missions": 3, "covered": 2, "value": 10, "value_max": 15}
    assert k["coverage"]["level"]["european"]["covered"] == 0
    assert k["coverage"]["sector"]["(any)"]["missions"] == 4
    assert k["coverage"]["region"]["WAL"] == {"missions": 3, "covered": 3, "value": 10, "value_max": 10}
    assert k["staff_pairs"] == 3
    assert k["load_histogram"] == {"0": 2, "1": 2, "2": 4}
    assert json.loads(json.dumps(k)) == k


def test_kpis_of_an_empty_plan(tiny: Instance) -> None:
    k = kpis(tiny, {})
    assert k["covered"] == 0 and k["spend"] == 0.0 and k["gini_active_load"] == 0.0
    assert k["max_load"] == 0 and k["match_total"] == 0 and k["rotation_penalty"] == 0


def test_kpis_do_not_depend_on_plan_order(tiny: Instance) -> None:
    data = plan_dict()
    shuffled = dict(data, assignments=list(reversed(data["assignments"])))
    assert json.dumps(kpis(tiny, plan_of(data))) == json.dumps(kpis(tiny, plan_of(shuffled)))


def test_solver_compiled_data_agrees_with_the_reference() -> None:
    """The solver's vectorised eligibility, match points, money and conflicts against ours."""
    import itertools

    from ambassade_opt.compile import compile_year
    from ambassade_opt.rules.eligibility import is_eligible
    from ambassade_opt.rules.overlap import OverlapData, conflicts
    from ambassade_opt.scoring import expense_eur, remuneration_eur
    from ambassade_opt.synthetic import generate

    inst = generate("S", seed=11)
    data = compile_year(inst)
    # the checker's rule 1, entity by entity (explain's EligibilityIndex reads the compiled pairs)
    ours = {
        (a, m)
        for m, mission in enumerate(inst.missions)
        for a, amb in enumerate(inst.ambassadors)
        if is_eligible(inst, amb, mission)
    }
    theirs = set(zip(data.pair_amb.tolist(), data.pair_mis.tolist(), strict=True))
    assert theirs == ours
    for a, m, points, fee in zip(
        data.pair_amb, data.pair_mis, data.pair_match, data.pair_expense, strict=True
    ):
        amb, mission = inst.ambassadors[int(a)], inst.missions[int(m)]
        assert int(points) == match_points(inst, amb, mission)
        assert abs(int(fee) - to_cents(expense_eur(inst, amb, mission))) <= 1
    for m, mission in enumerate(inst.missions):
        assert abs(int(data.m_remuneration[m]) - to_cents(remuneration_eur(inst, mission))) <= 1
    overlap = data.part(OverlapData)
    edges = {(i, j) for i in range(data.n_mis) for j in overlap.neighbours(i).tolist() if i < j}
    travel = inst.policy.travel
    expected = {
        (i, j)
        for (i, mi), (j, mj) in itertools.combinations(enumerate(inst.missions), 2)
        if conflicts(mi, mj, travel)
    }
    assert edges == expected
