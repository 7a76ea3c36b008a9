"""Seeded synthetic mission reports: deterministic, valid, and every planted deviation is caught."""

from __future__ import annotations

import pytest
from _tiny_plans import plan_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ambassade_opt.actuals import check_actuals
from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan
from ambassade_opt.settlement import settle
from ambassade_opt.solver import SolveOptions, solve
from ambassade_opt.synthetic import generate
from ambassade_opt.synthetic.actuals import ActualsParams, synthetic_actuals

TINY_PLAN = Plan.model_validate(plan_dict())


@pytest.fixture(scope="module")
def small_year() -> tuple[Instance, Plan]:
    year = generate("S", seed=5)
    return year, solve(year, SolveOptions(time_limit=3, workers=1, seed=0)).plan


def test_same_seed_same_reports(small_year: tuple[Instance, Plan]) -> None:
    year, plan = small_year
    a, b = synthetic_actuals(year, plan, seed=3), synthetic_actuals(year, plan, seed=3)
    assert a.actuals.to_json() == b.actuals.to_json() and a.planted == b.planted
    assert synthetic_actuals(year, plan, seed=4).actuals.to_json() != a.actuals.to_json()


def test_default_rates_plant_every_kind_on_a_year(small_year: tuple[Instance, Plan]) -> None:
    year, plan = small_year
    busy = ActualsParams(called_off=0.1, missing_report=0.1, no_show=0.1, overtime=0.1, over_claim=0.1,
                         hours_missing=0.1, unplanned=0.1, uncovered_report=0.2, substitute=0.1)
    made = synthetic_actuals(year, plan, seed=1, params=busy)
    kinds = {p.kind for p in made.planted}
    assert kinds == {"missing_report", "called_off_claim", "no_show", "hours_above_plan", "claim_above_plan",
                     "hours_not_reported", "not_planned", "not_covered"}
    assert any(p.substitute_for for r in made.actuals.reports for p in r.people)
    assert any(not r.held for r in made.actuals.reports)
    check_actuals(year, plan, made.actuals)


def test_no_deviation_when_every_rate_is_zero(tiny: Instance) -> None:
    calm = ActualsParams(**{name: 0.0 for name in ActualsParams.model_fields if name != "claim"})
    made = synthetic_actuals(tiny, TINY_PLAN, seed=0, params=calm)
    assert made.planted == []
    s = settle(tiny, TINY_PLAN, made.actuals)
    assert {r.kind for r in s.to_review} <= {"person_cap", "budget_quarter", "budget_annual", "max_hours"}
    assert len(made.actuals.reports) == len(TINY_PLAN.assignments)


def test_rates_are_validated() -> None:
    with pytest.raises(ValidationError):
        ActualsParams(no_show=1.5)
    with pytest.raises(ValidationError):
        ActualsParams(colour=0.1)  # type: ignore[call-arg]


rates = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), params=st.builds(
    ActualsParams, called_off=rates, missing_report=rates, no_show=rates, substitute=rates, overtime=rates,
    over_claim=rates, hours_missing=rates, unplanned=rates, uncovered_report=rates))
def test_every_planted_deviation_is_in_to_review(small_year: tuple[Instance, Plan], tiny: Instance,
                                                 seed: int, params: ActualsParams) -> None:
    for year, plan in (small_year, (tiny, TINY_PLAN)):
        made = synthetic_actuals(year, plan, seed=seed, params=params)
        s = settle(year, plan, made.actuals)
        listed = {(r.kind, r.mission, r.person) for r in s.to_review}
        missed = [p for p in made.planted if (p.kind, p.mission, p.person) not in listed]
        assert missed == []
