from typing import Any

from _tiny_plans import instance_of, mission_raw, plan_dict, plan_of, valid_table

from ambassade_opt.rules import check, pin_conflicts


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
    found = pin_conflicts(instance_of(tiny_raw))
    summary = {(v.rule, v.mission, v.person) for v in found}
    assert ("eligibility", "M09", "A01") in summary
    assert ("overlap", "M02", "A04") in summary
    assert ("pair", "M08", "S03") in summary
    assert all("pin" in v.message for v in found)


def test_no_pins_no_conflicts(tiny_raw: dict[str, Any]) -> None:
    assert pin_conflicts(instance_of(tiny_raw)) == []
