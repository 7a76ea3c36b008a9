"""Exact money: euros to the cent, halves up, hours exactly, quarters."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ambassade_opt.model import Instance
from ambassade_opt.settlement.money import (
    eur,
    exact,
    planned_expense,
    planned_remuneration,
    quarter,
    rate,
    text,
    workload_hours,
)


def test_eur_rounds_half_up_to_the_cent() -> None:
    assert eur(2.675) == Decimal("2.68")  # read as written, not as the float just below 2.675
    assert eur(Decimal("0.005")) == Decimal("0.01")
    assert eur(10) == Decimal("10.00")
    assert text(eur(1234.5)) == "1234.50"
    assert exact(2.3) == Decimal("2.3")


def test_workload_hours_are_exact(tiny: Instance) -> None:
    m01 = tiny.mission("M01")  # 19:00-21:30 + 3 h preparation
    assert workload_hours(m01) == Decimal("5.5")
    odd = m01.model_copy(update={"end": datetime(2027, 2, 11, 19, 20), "preparation_hours": 0.0})
    assert eur(Decimal("45.00") * workload_hours(odd)) == Decimal("15.00")  # 20 min, not 0.333.. h


def test_rule_7_amounts(tiny: Instance) -> None:
    assert rate(tiny, tiny.mission("M09")) == Decimal("45.00")  # media has its own rate
    assert planned_remuneration(tiny, tiny.mission("M01")) == Decimal("220.00")  # 40 × 5.5
    assert planned_remuneration(tiny, tiny.mission("M02")) == Decimal("0.00")  # no preparation: unpaid
    assert planned_expense(tiny, tiny.ambassador("A08"), tiny.mission("M01")) == Decimal("10.00")
    assert planned_expense(tiny, tiny.ambassador("A01"), tiny.mission("M01")) == Decimal("25.00")  # VL-BXL


def test_quarters() -> None:
    months = (1, 3, 4, 6, 7, 9, 10, 12)
    assert [quarter(datetime(2027, month, 1)) for month in months] == [1, 1, 2, 2, 3, 3, 4, 4]
