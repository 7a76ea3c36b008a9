import pytest
from _tiny_plans import plan_dict, plan_of, valid_table

from ambassade_opt.model import Instance
from ambassade_opt.rules import check


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
