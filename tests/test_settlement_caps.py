"""The person cap and the budget, first come first served, on hand-made rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ambassade_opt.model import Instance
from ambassade_opt.settlement.caps import apply_caps
from ambassade_opt.settlement.result import ExpenseRow, RemunerationRow

D = Decimal


def _year(tiny: Instance, **policy: Any) -> Instance:
    raw = tiny.model_dump(mode="json")
    raw["policy"]["compensation"]["max_remuneration_per_ambassador"] = policy.get("cap")
    raw["policy"]["budget"] = {"annual": policy.get("annual"), "quarterly": policy.get("quarterly")}
    return Instance.model_validate(raw)


def _pay(mission: str, who: str, amount: str) -> RemunerationRow:
    return RemunerationRow(mission=mission, date=date(2027, 1, 1), quarter=1, ambassador=who,
                           hours_planned=D("1"), hours_reported=D("1"), hours_as_planned=False,
                           rate=D(amount), amount=D(amount))


def _claim(mission: str, who: str, amount: str) -> ExpenseRow:
    return ExpenseRow(mission=mission, date=date(2027, 1, 1), quarter=1, ambassador=who,
                      planned=D(amount), claimed=D(amount))


def test_the_person_cap_cuts_in_the_order_of_the_missions(tiny: Instance) -> None:
    # Given out of order: M04 (April) comes after M01 (February) whatever the list order.
    late, early, other = _pay("M04", "A08", "300.00"), _pay("M01", "A08", "450.00"), _pay("M05", "A01", "500")
    review = apply_caps(_year(tiny, cap=600.0), [late, early, other], [])
    assert (early.paid, early.not_paid) == (D("450.00"), D("0"))
    assert (late.paid, late.not_paid) == (D("150.00"), D("150.00"))
    assert other.paid == D("500")
    assert [(r.kind, r.mission, r.person, r.not_paid) for r in review] == [
        ("person_cap", "M04", "A08", D("150.00"))]


def test_expenses_do_not_count_against_the_person_cap(tiny: Instance) -> None:
    pay, claim = _pay("M01", "A08", "600.00"), _claim("M01", "A08", "35.00")
    assert apply_caps(_year(tiny, cap=600.0), [pay], [claim]) == []
    assert claim.paid == D("35.00")


def test_quarter_then_year(tiny: Instance) -> None:
    # M01 is in Q1, M05 in Q2; Q1 may spend 100, the year 250.
    a, b, c = _pay("M01", "A08", "80.00"), _claim("M01", "A08", "40.00"), _pay("M05", "A01", "200.00")
    review = apply_caps(_year(tiny, annual=250.0, quarterly=[100.0, 1000.0, 1000.0, 1000.0]), [a, c], [b])
    assert [(r.paid, r.not_paid) for r in (a, b, c)] == [
        (D("80.00"), D("0")), (D("20.00"), D("20.00")), (D("150.00"), D("50.00"))]
    assert [(r.kind, r.mission, r.not_paid) for r in review] == [
        ("budget_quarter", "M01", D("20.00")), ("budget_annual", "M05", D("50.00"))]


def test_no_cap_no_cut(tiny: Instance) -> None:
    rows = [_pay("M01", "A08", "10000.00")]
    assert apply_caps(_year(tiny), rows, []) == [] and rows[0].paid == D("10000.00")
