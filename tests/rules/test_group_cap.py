from typing import Any

import pytest
from _tiny_plans import instance_of, plan_dict, plan_of

from ambassade_opt.rules import check
from ambassade_opt.rules.group_cap import RULE
from tests.rules.harness import allows, given, mission, year


@pytest.mark.parametrize(("cap", "ok"), [(5, False), (6, True), (None, True), (0, False)])
def test_group_cap(tiny_raw: dict[str, Any], cap: int | None, ok: bool) -> None:
    tiny_raw["policy"]["group_cap"] = cap  # the valid plan has 6 active ambassadors
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["group_cap"])
    assert (found == []) is ok
    assert all(v.rule == "group_cap" for v in found)


A = [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}]

CAP_ONE = year(A, [mission("M1", 1), mission("M2", 3)], policy={"group_cap": 1})
CASES = {
    "two people for a cap of one": (given(CAP_ONE, {"M1": ["A1"], "M2": ["A2"]}), False),
    "one person twice": (given(CAP_ONE, {"M1": ["A1"], "M2": ["A1"]}), True),
    "nobody": (given(CAP_ONE, {}), True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_group_cap_on_every_face(face: str, case: str) -> None:
    plan, allowed = CASES[case]
    assert allows(RULE, plan, face) is allowed
