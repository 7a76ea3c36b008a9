from typing import Any

import pytest
from _tiny_plans import instance_of, mission_raw, plan_dict, plan_of, valid_table

from ambassade_opt.compile import compile_year
from ambassade_opt.rules import check
from ambassade_opt.rules.pinned import RULE
from ambassade_opt.rules.pins import pin_problems
from tests.rules.harness import allows, given, mission, year


def test_pinned_ambassador(tiny_raw: dict[str, Any]) -> None:
    mission_raw(tiny_raw, "M05")["pinned_ambassadors"] = ["A04"]
    inst = instance_of(tiny_raw)
    found = check(inst, plan_of(plan_dict()), rules=["pinned"])
    assert [(v.rule, v.mission, v.person) for v in found] == [("pinned", "M05", "A04")]
    table = valid_table()
    table["M05"] = (["A04"], None)
    assert check(inst, plan_of(plan_dict(table))) == []


def test_pinned_staff(tiny_raw: dict[str, Any]) -> None:
    mission_raw(tiny_raw, "M01")["pinned_staff"] = "S03"
    inst = instance_of(tiny_raw)
    assert [v.person for v in check(inst, plan_of(plan_dict()), rules=["pinned"])] == ["S03"]
    table = valid_table()
    table["M01"] = (["A08"], "S03")
    assert check(inst, plan_of(plan_dict(table))) == []


def test_pinned_mission_must_be_covered(tiny_raw: dict[str, Any]) -> None:
    mission_raw(tiny_raw, "M12")["pinned_ambassadors"] = ["A04"]
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["pinned"])
    assert [v.message for v in found] == ["M12: has pinned people but is unassigned"]


def test_pin_conflicts_name_the_pin_and_the_rule(tiny_raw: dict[str, Any]) -> None:
    mission_raw(tiny_raw, "M09")["pinned_ambassadors"] = ["A01"]  # A01 speaks no fr
    mission_raw(tiny_raw, "M02")["pinned_ambassadors"] = ["A04"]  # M02 and M12 overlap for A04
    mission_raw(tiny_raw, "M12")["pinned_ambassadors"] = ["A04"]
    mission_raw(tiny_raw, "M08")["pinned_staff"] = "S03"  # S03 is away in early October
    found = pin_problems(compile_year(instance_of(tiny_raw)))
    summary = {(v.rule, v.mission, v.person) for v in found}
    assert ("eligibility", "M09", "A01") in summary
    assert ("overlap", "M02", "A04") in summary
    assert ("pair", "M08", "S03") in summary
    assert all("pin" in v.message for v in found)


def test_no_pins_no_conflicts(tiny_raw: dict[str, Any]) -> None:
    assert pin_problems(compile_year(instance_of(tiny_raw))) == []


A = [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}]

PINS = year(
    A,
    [mission("M1", 1, seats_max=2, pinned_ambassadors=["A2"], needs_staff_pair=True, pinned_staff="S2")],
    [{"id": "S1"}, {"id": "S2"}],
)
CASES = {
    "pinned ambassador missing": (given(PINS, {"M1": ["A1"]}, {"M1": "S2"}), False),
    "pinned staff missing": (given(PINS, {"M1": ["A2"]}, {"M1": "S1"}), False),
    "pinned mission uncovered": (given(PINS, {}), False),
    "every pin on its mission": (given(PINS, {"M1": ["A2", "A1"]}, {"M1": "S2"}), True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_pinned_on_every_face(face: str, case: str) -> None:
    plan, allowed = CASES[case]
    assert allows(RULE, plan, face) is allowed
