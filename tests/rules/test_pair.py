from typing import Any

import pytest
from _tiny_plans import instance_of, person_raw, plan_dict, plan_of, valid_table

from ambassade_opt.model import Instance
from ambassade_opt.rules import check
from ambassade_opt.rules.pair import RULE
from tests.rules.harness import allows, given, mission, year


@pytest.mark.parametrize(
    ("mission", "staff", "words"),
    [
        ("M01", None, "needs a staff pair, none assigned"),
        ("M01", "S02", "is in operations"),  # M01 wants strategy or communication
        ("M03", "S01", "without a staff pair"),  # M03 needs no pair: nobody else
        ("M04", "S03", None),
        ("M01", "S01", None),
    ],
)
def test_staff_pair(tiny: Instance, mission: str, staff: str | None, words: str | None) -> None:
    table = valid_table()
    table[mission] = (table[mission][0], staff)
    found = check(tiny, plan_of(plan_dict(table)), rules=["pair"])
    if words is None:
        assert found == []
    else:
        assert [v.rule for v in found] == ["pair"]
        assert words in found[0].message and found[0].mission == mission


def test_staff_language_and_availability(tiny_raw: dict[str, Any]) -> None:
    person_raw(tiny_raw, "S03")["languages"] = ["nl"]
    person_raw(tiny_raw, "S03")["unavailable"] = [{"start": "2027-04-22", "end": "2027-04-22"}]
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["pair"])
    assert sorted(v.message for v in found) == [
        "M04: staff S03 does not speak fr",
        "M04: staff S03 is unavailable on 2027-04-22",
    ]


A = [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}]

_SERVICES = [{"id": "S1", "service": "strategy"}, {"id": "S2", "service": "communication"}]
NEEDS = year(A, [mission("M1", 1, needs_staff_pair=True, staff_services=["communication"])], _SERVICES)
NO_PAIR = year(A, [mission("M1", 1)], [{"id": "S1"}])
CASES = {
    "no staff member": (given(NEEDS, {"M1": ["A1"]}), False),
    "a staff member of another service": (given(NEEDS, {"M1": ["A1"]}, {"M1": "S1"}), False),
    "a fitting staff member": (given(NEEDS, {"M1": ["A1"]}, {"M1": "S2"}), True),
    "staff on an uncovered mission": (given(NEEDS, {}, {"M1": "S2"}), False),
    "staff where no pair is needed": (given(NO_PAIR, {"M1": ["A1"]}, {"M1": "S1"}), False),
    "nobody": (given(NEEDS, {}), True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_pair_on_every_face(face: str, case: str) -> None:
    plan, allowed = CASES[case]
    assert allows(RULE, plan, face) is allowed
