from typing import Any

import pytest
from _tiny_plans import instance_of, plan_dict, plan_of

from ambassade_opt.rules import check
from ambassade_opt.rules.money import RULE
from tests.rules.harness import allows, given, mission, year

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


A = [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}]

_PAID = {"preparation_hours": 1.0}  # 3 h × 40 EUR = 120 EUR
_MISSIONS = [mission("M1", 1, **_PAID), mission("M2", 3, **_PAID), mission("M3", 5)]
CAPPED = year(A, _MISSIONS, policy={"compensation": {"max_remuneration_per_ambassador": 200}})
ALONE = year(A, _MISSIONS, policy={"compensation": {"max_remuneration_per_ambassador": 100}})
ANNUAL = year(A, _MISSIONS, policy={"budget": {"annual": 139.99}})  # expenses: 10 EUR within BXL
QUARTER = year(A, _MISSIONS, policy={"budget": {"quarterly": [20, 1000, 1000, 1000]}})  # all in Q1
TRAVEL = year(
    A,
    [mission("M1", 1, region="WAL"), mission("M2", 3, expenses_eur=0.0, region="WAL")],
    policy={"budget": {"annual": 30}},
)
CASES = {
    "two paid missions above the cap": (given(CAPPED, {"M1": ["A1"], "M2": ["A1"]}), False),
    "one paid mission each": (given(CAPPED, {"M1": ["A1"], "M2": ["A2"]}), True),
    "a mission paying more than the cap alone": (given(ALONE, {"M1": ["A1"]}), False),
    "an unpaid mission under a low cap": (given(ALONE, {"M3": ["A1"]}), True),
    "above the annual budget": (given(ANNUAL, {"M1": ["A1"], "M3": ["A2"], "M2": ["A3"]}), False),
    "within the annual budget": (given(ANNUAL, {"M1": ["A1"]}), True),
    "above the quarter's budget": (given(QUARTER, {"M1": ["A1"]}), False),
    "within the quarter's budget": (given(QUARTER, {"M3": ["A1"]}), True),
    "travel from another region": (given(TRAVEL, {"M1": ["A1"]}), False),
    "a fixed expense of zero": (given(TRAVEL, {"M2": ["A1"]}), True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_money_on_every_face(face: str, case: str) -> None:
    plan, allowed = CASES[case]
    assert allows(RULE, plan, face) is allowed
