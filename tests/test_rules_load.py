from typing import Any

import pytest
from _tiny_plans import instance_of, person_raw, plan_dict, plan_of

from ambassade_opt.rules import check


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
