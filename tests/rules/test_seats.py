import pytest
from _tiny_plans import plan_dict, plan_of, valid_table

from ambassade_opt.model import Instance
from ambassade_opt.rules import check
from ambassade_opt.rules.seats import RULE
from tests.rules.harness import allows, given, mission, year


@pytest.mark.parametrize(
    ("mission", "people", "ok"),
    [
        ("M02", ["A02"], False),  # needs exactly 2
        ("M02", ["A02", "A04"], True),
        ("M06", ["A03", "A02", "A07"], True),  # 1..3
        ("M06", ["A03", "A02", "A07", "A08"], False),
        ("M06", [], False),  # listed as covered with nobody: no partial staffing
    ],
)
def test_seat_bounds(tiny: Instance, mission: str, people: list[str], ok: bool) -> None:
    table = valid_table()
    table[mission] = (people, table[mission][1])
    found = check(tiny, plan_of(plan_dict(table)), rules=["seats"])
    assert (found == []) is ok
    assert all(v.rule == "seats" and v.mission == mission for v in found)


A = [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}]

TWO_SEATS = year(A, [mission("M1", 1, seats_min=2, seats_max=2)])
CASES = {
    "too few people": (given(TWO_SEATS, {"M1": ["A1"]}), False),
    "too many people": (given(TWO_SEATS, {"M1": ["A1", "A2", "A3"]}), False),
    "between min and max": (given(TWO_SEATS, {"M1": ["A1", "A2"]}), True),
    "nobody": (given(TWO_SEATS, {}), True),
    "one seat": (given(year(A, [mission("M1", 1)]), {"M1": ["A1"]}), True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_seats_on_every_face(face: str, case: str) -> None:
    plan, allowed = CASES[case]
    assert allows(RULE, plan, face) is allowed
