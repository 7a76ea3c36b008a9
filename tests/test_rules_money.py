from typing import Any

import pytest
from _tiny_plans import instance_of, plan_dict, plan_of

from ambassade_opt.rules import check

# The valid plan: A08 earns 220 (M01) + 260 (M04) = 480 EUR; spend 1135 EUR, by quarter 275/500/10/350.


@pytest.mark.parametrize(
    ("cap", "ok"), [(479.99, False), (480.0, True), (479.996, True), (479.994, False), (None, True)]
)
def test_remuneration_cap_with_half_cent_tolerance(
    tiny_raw: dict[str, Any], cap: float | None, ok: bool
) -> None:
    tiny_raw["policy"]["compensation"]["max_remuneration_per_ambassador"] = cap
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["money"])
    assert (found == []) is ok
    assert all(v.rule == "money" and v.person == "A08" for v in found)


@pytest.mark.parametrize(("annual", "ok"), [(1134.99, False), (1135.0, True), (None, True)])
def test_annual_budget(tiny_raw: dict[str, Any], annual: float | None, ok: bool) -> None:
    tiny_raw["policy"]["budget"]["annual"] = annual
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["money"])
    assert (found == []) is ok


@pytest.mark.parametrize(
    ("quarterly", "bad_quarter"),
    [
        ([275.0, 500.0, 10.0, 350.0], None),
        ([275.0, 499.99, 10.0, 350.0], "Q2"),
        ([0, 1000, 1000, 1000], "Q1"),
    ],
)
def test_quarterly_budget_books_spend_in_the_quarter_of_the_start(
    tiny_raw: dict[str, Any], quarterly: list[float], bad_quarter: str | None
) -> None:
    tiny_raw["policy"]["budget"]["quarterly"] = quarterly
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["money"])
    if bad_quarter is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].message.startswith(f"spend in {bad_quarter}")


def test_expenses_count_on_unpaid_missions(tiny_raw: dict[str, Any]) -> None:
    # Only unpaid missions' expenses remain once paid missions cost nothing: 90 EUR.
    tiny_raw["policy"]["compensation"]["hourly_rate"] = 0.0
    tiny_raw["policy"]["compensation"]["hourly_rate_by_intervention"] = {}
    tiny_raw["policy"]["budget"]["annual"] = 164.99  # all expenses: 165 EUR
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["money"])
    assert [v.message for v in found] == ["spend 165.00 EUR > annual budget 164.99"]
