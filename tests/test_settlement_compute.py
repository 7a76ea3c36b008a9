"""settle on the tiny year and its hand plan: every amount, every review item, and properties."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from _tiny_plans import plan_dict
from conftest import TINY_PATH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ambassade_opt.actuals import Actuals
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan
from ambassade_opt.settlement import Settlement, settle
from ambassade_opt.settlement.money import ZERO, eur

# The hand plan: M01 A08+S01, M02 A02+A04, M03 A02, M04 A08+S03, M05 A01, M06 A03+S01, M07 A07,
# M09 A03, M10 A04; M08, M11, M12 left out. Cap 600 EUR per ambassador, annual budget 1,800 EUR.
PLAN = Plan.model_validate(plan_dict())


def _actuals(*reports: dict[str, Any]) -> Actuals:
    return Actuals.of({"format_version": 1, "year": 2027, "reports": list(reports)})


def _review(s: Settlement) -> set[tuple[str, str | None, str | None]]:
    return {(r.kind, r.mission, r.person) for r in s.to_review}


def test_a_mission_as_planned(tiny: Instance) -> None:
    s = settle(tiny, PLAN, _actuals(
        {"mission": "M01", "held": True, "people": [{"id": "A08", "hours": 5.5, "expenses_eur": 10},
                                                    {"id": "S01"}]}))
    (row,) = s.remuneration
    assert (row.ambassador, row.hours_planned, row.hours_reported, row.rate, row.amount, row.paid) == (
        "A08", Decimal("5.50"), Decimal("5.5"), Decimal("40.00"), Decimal("220.00"), Decimal("220.00"))
    (claim,) = s.expenses
    assert (claim.planned, claim.claimed, claim.paid) == (Decimal("10.00"),) * 3
    assert s.paid == Decimal("230.00")
    assert {k for k, _, _ in _review(s)} == {"missing_report"}, "only the other missions lack a report"


def test_unpaid_missions_pay_expenses_only(tiny: Instance) -> None:
    s = settle(tiny, PLAN, _actuals(
        {"mission": "M02", "held": True, "people": [{"id": "A02", "hours": 7, "expenses_eur": 25},
                                                    {"id": "A04", "hours": 7}]}))
    assert s.remuneration == []
    assert [(e.ambassador, e.claimed) for e in s.expenses] == [("A02", Decimal("25.00"))]


def test_every_deviation_is_listed(tiny: Instance) -> None:
    s = settle(tiny, PLAN, _actuals(
        {"mission": "M01", "held": True, "people": [{"id": "A08", "hours": 9, "expenses_eur": 12.5},
                                                    {"id": "S01", "expenses_eur": 4}]},
        {"mission": "M02", "held": False, "people": [{"id": "A02", "expenses_eur": 30}]},
        {"mission": "M04", "held": True, "people": [{"id": "A08"}, {"id": "S03"}]},
        {"mission": "M05", "held": True, "people": [{"id": "A04", "hours": 4.5, "substitute_for": "A01"},
                                                    {"id": "A07", "hours": 2}]},
        {"mission": "M08", "held": True, "people": [{"id": "A05", "hours": 8, "expenses_eur": 100}]},
        {"mission": "M06", "held": True, "people": []},
    ))
    assert _review(s) == {
        ("hours_above_plan", "M01", "A08"),  # 9 h for 5.5 h planned
        ("staff_claim", "M01", "S01"),
        ("called_off_claim", "M02", "A02"),
        ("person_cap", "M04", "A08"),  # 360 + 260 > 600
        ("hours_not_reported", "M04", "A08"),
        ("not_planned", "M05", "A07"),
        ("no_show", "M06", "A03"), ("no_show", "M06", "S01"),
        ("not_covered", "M08", None), ("not_planned", "M08", "A05"),
        ("claim_above_plan", "M08", "A05"),  # 100 for 10 planned
        *(("missing_report", m, None) for m in ("M03", "M07", "M09", "M10")),
    }
    cap = s.review_of("person_cap")[0]
    assert cap.not_paid == Decimal("20.00") and "600.00 EUR" in cap.reason
    m04 = next(r for r in s.remuneration if r.mission == "M04")
    assert (m04.hours_reported, m04.hours_as_planned, m04.amount, m04.not_paid, m04.paid) == (
        Decimal("6.5"), True, Decimal("260.00"), Decimal("20.00"), Decimal("240.00"))
    assert s.total("ambassador", "A08").paid == Decimal("612.50")
    assert all(e.ambassador != "S01" for e in s.expenses), "staff are not paid from this budget"


def test_the_annual_budget_keeps_back_what_is_above_it(tiny: Instance) -> None:
    raw = tiny.model_dump(mode="json")
    raw["policy"]["budget"] = {"annual": 300.0, "quarterly": [250.0, 1000.0, 1000.0, 1000.0]}
    year = Instance.model_validate(raw)
    s = settle(year, PLAN, _actuals(
        {"mission": "M01", "held": True, "people": [{"id": "A08", "hours": 5.5, "expenses_eur": 10}]},
        {"mission": "M05", "held": True, "people": [{"id": "A01", "hours": 4, "expenses_eur": 10}]}))
    # M01 (Feb): 220 + 10 within Q1's 250; M05 (May): 160 + 10, but only 70 of the year's 300 is left
    assert [(r.mission, r.paid, r.not_paid) for r in s.remuneration] == [
        ("M01", Decimal("220.00"), ZERO), ("M05", Decimal("70.00"), Decimal("90.00"))]
    assert s.expenses[1].paid == ZERO and s.expenses[1].not_paid == Decimal("10.00")
    assert {r.kind for r in s.to_review if r.not_paid > 0} == {"budget_annual"}
    assert s.total().paid == Decimal("300.00")
    quarterly = settle(year, PLAN, _actuals(
        {"mission": "M01", "held": True, "people": [{"id": "A08", "hours": 7, "expenses_eur": 10}]}))
    # 280 + 10 in Q1, whose budget is 250
    assert quarterly.total().not_paid == Decimal("40.00")
    assert [(r.kind, r.not_paid) for r in quarterly.to_review if r.not_paid > 0] == [
        ("budget_quarter", Decimal("30.00")), ("budget_quarter", Decimal("10.00"))]


def test_bad_reports_are_bad_input(tiny: Instance) -> None:
    with pytest.raises(InputError) as exc:
        settle(tiny, PLAN, _actuals({"mission": "M05", "held": True,
                                     "people": [{"id": "A04", "substitute_for": "A03"}]}))
    assert "reports[0].people[0].substitute_for" in dict(exc.value.problems)


# ---------------------------------------------------------------------------------------------
# Properties: totals are the sums of their rows, to the cent; caps are never exceeded


def _policy(draw: st.DrawFn, raw: dict[str, Any]) -> None:
    cents = st.integers(min_value=1, max_value=200_000).map(lambda c: c / 100)
    raw["policy"]["compensation"]["hourly_rate"] = draw(st.integers(1_000, 9_999).map(lambda c: c / 100))
    raw["policy"]["compensation"]["max_remuneration_per_ambassador"] = draw(st.none() | cents)
    raw["policy"]["budget"] = {"annual": draw(st.none() | cents),
                               "quarterly": draw(st.none() | st.lists(cents, min_size=4, max_size=4))}


@st.composite
def years_and_reports(draw: st.DrawFn) -> tuple[Instance, Actuals]:
    raw = json.loads(TINY_PATH.read_text(encoding="utf-8"))
    _policy(draw, raw)
    year = Instance.model_validate(raw)
    hours = st.none() | st.integers(0, 2_000).map(lambda h: h / 100)
    claims = st.integers(0, 50_000).map(lambda c: c / 100)
    reports = []
    for asg in PLAN.assignments:
        if not draw(st.booleans()):
            continue
        held = draw(st.booleans())
        people = [{"id": aid, "hours": draw(hours) if held else None, "expenses_eur": draw(claims)}
                  for aid in asg.ambassadors if draw(st.booleans())]
        reports.append({"mission": asg.mission, "held": held, "people": people})
    return year, _actuals(*reports)


def _sum(values: Any) -> Decimal:
    return sum(values, ZERO)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(years_and_reports())
def test_totals_are_the_sums_of_their_rows(case: tuple[Instance, Actuals]) -> None:
    year, actuals = case
    s = settle(year, PLAN, actuals)
    rows = [*s.remuneration, *s.expenses]
    for row in rows:
        assert row.paid + row.not_paid == row.amount and row.paid >= 0 and row.not_paid >= 0
        assert row.amount == eur(row.amount), "every amount is to the cent"
    for total in s.totals:
        mine = [r for r in rows if total.level == "year"
                or (total.level == "ambassador" and r.ambassador == total.key)
                or (total.level == "quarter" and f"Q{r.quarter}" == total.key)]
        assert total.amount == _sum(r.amount for r in mine)
        assert total.paid == _sum(r.paid for r in mine)
        assert total.not_paid == _sum(r.not_paid for r in mine)
        assert total.remuneration + total.expenses == total.amount
    year_total = s.total()
    people = [t for t in s.totals if t.level == "ambassador"]
    quarters = [t for t in s.totals if t.level == "quarter"]
    for field in ("amount", "paid", "not_paid", "planned"):
        assert _sum(getattr(t, field) for t in people) == getattr(year_total, field)
        assert _sum(getattr(t, field) for t in quarters) == getattr(year_total, field)
    assert _sum(r.not_paid for r in s.to_review) == year_total.not_paid, "every cut is reviewed"
    policy = year.policy
    if policy.budget.annual is not None:
        assert year_total.paid <= eur(policy.budget.annual)
    if policy.budget.quarterly is not None:
        for q, t in enumerate(quarters):
            assert t.paid <= eur(policy.budget.quarterly[q])
    cap = policy.compensation.max_remuneration_per_ambassador
    if cap is not None:
        for t in people:
            paid_remuneration = _sum(r.paid for r in s.remuneration if r.ambassador == t.key)
            assert paid_remuneration <= eur(cap)
