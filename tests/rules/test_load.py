from typing import Any

import pytest
from _tiny_plans import instance_of, person_raw, plan_dict, plan_of

from ambassade_opt.rules import check
from ambassade_opt.rules.load import RULE
from tests.rules.harness import allows, given, mission, year


@pytest.mark.parametrize(
    ("person", "field", "value", "ok"),
    [
        ("A08", "max_missions", 1, False),  # A08 has M01 and M04
        ("A08", "max_missions", 2, True),
        ("A08", "max_hours", 11.9, False),  # (2.5 + 3) + (2.5 + 4) = 12 h with preparation
        ("A08", "max_hours", 12, True),
        ("A02", "max_per_month", 1, False),  # M02 and M03 both start in March
        ("A02", "max_per_month", 2, True),
        ("S01", "max_missions", 1, False),  # staff: M01 and M06
        ("S01", "max_missions", 2, True),
    ],
)
def test_limits(tiny_raw: dict[str, Any], person: str, field: str, value: float, ok: bool) -> None:
    person_raw(tiny_raw, person)[field] = value
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["load"])
    assert (found == []) is ok
    assert all(v.rule == "load" and v.person == person for v in found)


def test_own_month_cap_overrides_policy(tiny_raw: dict[str, Any]) -> None:
    tiny_raw["policy"]["max_per_month"] = 1
    person_raw(tiny_raw, "A02")["max_per_month"] = 2
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["load"])
    assert found == []
    person_raw(tiny_raw, "A02")["max_per_month"] = None  # the policy's 1 applies again
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["load"])
    assert [(v.person, v.message) for v in found] == [
        ("A02", "ambassador A02: 2 missions in 2027-03 > 1 per month")
    ]


_THREE = [mission(f"M{d}", d) for d in (1, 3, 5)]
CAPS = year(
    [{"id": "A1", "max_missions": 2}, {"id": "A2", "max_hours": 4.5}, {"id": "A3", "max_per_month": 1}],
    _THREE,
)
POLICY = year([{"id": "A1"}], [mission("M1", 1), mission("M2", 3)], policy={"max_per_month": 1})
STAFF = year(
    [{"id": "A1"}, {"id": "A2"}],
    [mission("M1", 1, needs_staff_pair=True), mission("M2", 3, needs_staff_pair=True)],
    [{"id": "S1", "max_missions": 1}],
)
CASES = {
    "three missions for max_missions 2": (given(CAPS, {"M1": ["A1"], "M3": ["A1"], "M5": ["A1"]}), False),
    "two missions for max_missions 2": (given(CAPS, {"M1": ["A1"], "M3": ["A1"]}), True),
    "6 h for max_hours 4.5": (given(CAPS, {"M1": ["A2"], "M3": ["A2"], "M5": ["A2"]}), False),
    "4 h for max_hours 4.5": (given(CAPS, {"M1": ["A2"], "M3": ["A2"]}), True),
    "two in March for one a month": (given(CAPS, {"M1": ["A3"], "M3": ["A3"]}), False),
    "one in March": (given(CAPS, {"M1": ["A3"]}), True),
    "policy month cap": (given(POLICY, {"M1": ["A1"], "M2": ["A1"]}), False),
    "within the policy month cap": (given(POLICY, {"M1": ["A1"]}), True),
    "staff above max_missions": (given(STAFF, {"M1": ["A1"], "M2": ["A2"]}, {"M1": "S1", "M2": "S1"}), False),
    "staff within max_missions": (given(STAFF, {"M1": ["A1"], "M2": ["A2"]}, {"M1": "S1"}), True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_load_on_every_face(face: str, case: str) -> None:
    plan, allowed = CASES[case]
    assert allows(RULE, plan, face) is allowed
