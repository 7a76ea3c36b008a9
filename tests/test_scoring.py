
import pytest
from _tiny_plans import plan_dict, plan_of

from ambassade_opt.model import Instance
from ambassade_opt.scoring import (
    GroupFigures,
    Kpis,
    MatchWeights,
    cost_eur,
    gini,
    kpis,
    match_points,
    rotation_penalty,
    to_cents,
)


def test_gini() -> None:
    assert gini([3, 3, 3]) == 0.0
    assert gini([]) == 0.0
    assert gini([0, 0, 1]) == pytest.approx(2 / 3)


def test_scoring_uses_the_objectives_definitions() -> None:
    """Objectives are defined once (tests/objectives): scoring re-exports them, no copy."""
    from ambassade_opt import objectives

    assert match_points is objectives.match_points and MatchWeights is objectives.MatchWeights
    assert rotation_penalty is objectives.rotation_penalty


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
    assert (k.covered, k.coverage_value, k.coverage_value_max) == (9, 28, 36)
    assert k.rotation_penalty == 14
    assert k.spend == 1135.0
    assert (k.remuneration, k.expenses) == (970.0, 165.0)
    assert k.spend_by_quarter == {"Q1": 275.0, "Q2": 500.0, "Q3": 10.0, "Q4": 350.0}
    assert (k.spend_paid_missions, k.spend_expenses_only_missions) == (1045.0, 90.0)
    assert k.spend_by_ambassador["A08"] == 525.0
    assert k.active_ambassadors == 6 and k.max_load == 2
    assert k.coverage["axis"]["defend"] == GroupFigures(missions=3, covered=2, value=10, value_max=15)
    assert k.coverage["level"]["european"].covered == 0
    assert k.coverage["sector"]["(any)"].missions == 4
    assert k.coverage["region"]["WAL"] == GroupFigures(missions=3, covered=3, value=10, value_max=10)
    assert k.staff_pairs == 3
    assert k.load_histogram == {"0": 2, "1": 2, "2": 4}
    assert Kpis.model_validate_json(k.model_dump_json()) == k


def test_kpis_of_an_empty_plan(tiny: Instance) -> None:
    k = kpis(tiny, {})
    assert k.covered == 0 and k.spend == 0.0 and k.gini_active_load == 0.0
    assert k.max_load == 0 and k.match_total == 0 and k.rotation_penalty == 0


def test_kpis_do_not_depend_on_plan_order(tiny: Instance) -> None:
    data = plan_dict()
    shuffled = dict(data, assignments=list(reversed(data["assignments"])))
    assert kpis(tiny, plan_of(data)).model_dump_json() == kpis(tiny, plan_of(shuffled)).model_dump_json()


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
