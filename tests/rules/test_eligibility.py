from typing import Any

import pytest
from _tiny_plans import instance_of, mission_raw, person_raw, plan_dict, plan_of, valid_table

from ambassade_opt.model import Instance
from ambassade_opt.rules import check
from ambassade_opt.rules.eligibility import RULE, eligibility_problems
from ambassade_opt.scoring import validate
from tests.rules.harness import allows, given, mission, year


def test_valid_plan_has_no_violation(tiny: Instance) -> None:
    assert validate(tiny, plan_of(plan_dict())) == []


@pytest.mark.parametrize(
    ("mission", "person", "words"),
    [
        ("M05", "A02", "not competent for talk"),  # speaks nl, cannot do a talk
        ("M03", "A04", "does not speak fr"),  # A04 only speaks nl
        ("M03", "A06", "has not signed the charter"),  # fr + one_to_one, but no charter
        ("M09", "A08", None),  # control: A08 is eligible for M09
    ],
)
def test_each_criterion_is_caught(tiny: Instance, mission: str, person: str, words: str | None) -> None:
    table = valid_table()
    table[mission] = ([person], table.get(mission, ([], None))[1])
    found = [v for v in check(tiny, plan_of(plan_dict(table)), rules=["eligibility"])]
    if words is None:
        assert found == []
    else:
        assert found and all(v.rule == "eligibility" for v in found)
        assert any(words in v.message and v.mission == mission and v.person == person for v in found)


def test_missing_training(tiny_raw: dict[str, Any]) -> None:
    person_raw(tiny_raw, "A03")["trainings"] = ["initial", "public_speaking"]  # no longer "media"
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["eligibility"])
    assert [(v.rule, v.mission, v.person) for v in found] == [("eligibility", "M09", "A03")]
    assert "lacks training media" in found[0].message


def test_mission_requires_training_overrides_policy(tiny_raw: dict[str, Any]) -> None:
    mission_raw(tiny_raw, "M05")["requires_training"] = ["media"]
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["eligibility"])
    assert [(v.mission, v.person) for v in found] == [("M05", "A01")]
    mission_raw(tiny_raw, "M05")["requires_training"] = []
    assert check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["eligibility"]) == []


def test_unavailable_weekday(tiny_raw: dict[str, Any]) -> None:
    person_raw(tiny_raw, "A07")["available_weekdays"] = [4, 6]  # M07 is on a Saturday (5)
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["eligibility"])
    assert [(v.rule, v.mission, v.person) for v in found] == [("eligibility", "M07", "A07")]
    assert "Saturday" in found[0].message


@pytest.mark.parametrize(
    ("end", "touches_next_day"), [("2027-11-04T00:00", False), ("2027-11-04T00:01", True)]
)
def test_mission_ending_at_midnight_does_not_touch_the_next_day(
    tiny_raw: dict[str, Any], end: str, touches_next_day: bool
) -> None:
    mission_raw(tiny_raw, "M09")["start"] = "2027-11-03T20:00"
    mission_raw(tiny_raw, "M09")["end"] = end
    mission_raw(tiny_raw, "M09")["preparation_hours"] = 0
    person_raw(tiny_raw, "A03")["unavailable"] = [{"start": "2027-11-04", "end": "2027-11-04"}]
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["eligibility"])
    assert bool(found) is touches_next_day


def test_problems_function_lists_every_reason(tiny: Instance) -> None:
    problems = eligibility_problems(tiny, tiny.ambassador("A06"), tiny.mission("M09"))
    assert problems == ["is not competent for media", "has not signed the charter", "lacks training media"]


_PEOPLE = [
    {"id": "A1", "languages": ["nl"]},
    {"id": "A2", "competences": ["booth"]},
    {"id": "A3", "charter_signed": False},
    {"id": "A4", "trainings": []},
    {"id": "A5", "unavailable": [{"start": "2027-03-01", "end": "2027-03-01"}]},
    {"id": "A6", "available_weekdays": [0, 1, 2]},
    {"id": "A7"},
    {"id": "A8", "interests": {"M1": -2}},
    {"id": "A9", "interests": {"M1": -1}},
]
# 2027-03-01 is a Monday; talk needs 'initial' (policy), which A4 lacks
MONDAY = year(_PEOPLE, [mission("M1", 1)], policy={"training_requirements": {"talk": ["initial"]}})
THURSDAY = year(_PEOPLE, [mission("M1", 4)])
CASES = {
    "does not speak the language": (given(MONDAY, {"M1": ["A1"]}), False),
    "not competent": (given(MONDAY, {"M1": ["A2"]}), False),
    "charter not signed": (given(MONDAY, {"M1": ["A3"]}), False),
    "training missing": (given(MONDAY, {"M1": ["A4"]}), False),
    "unavailable that day": (given(MONDAY, {"M1": ["A5"]}), False),
    "available on Mondays": (given(MONDAY, {"M1": ["A6"]}), True),
    "not on Thursdays": (given(THURSDAY, {"M1": ["A6"]}), False),
    "eligible": (given(MONDAY, {"M1": ["A7"]}), True),
    "declined the mission (interest -2)": (given(MONDAY, {"M1": ["A8"]}), False),
    "not keen (interest -1) but willing": (given(MONDAY, {"M1": ["A9"]}), True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_eligibility_on_every_face(face: str, case: str) -> None:
    plan, allowed = CASES[case]
    assert allows(RULE, plan, face) is allowed
