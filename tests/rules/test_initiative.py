from typing import Any

import pytest
from _tiny_plans import instance_of, mission_raw, plan_dict, plan_of, valid_table

from ambassade_opt.model import Instance
from ambassade_opt.rules import check
from ambassade_opt.rules.initiative import RULE
from tests.rules.harness import allows, given, mission, year


def test_proposer_must_be_on_the_initiative(tiny_raw: dict[str, Any]) -> None:
    mission_raw(tiny_raw, "M10")["proposed_by"] = "A01"  # the plan sends A04
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["initiative"])
    assert [(v.rule, v.mission, v.person) for v in found] == [("initiative", "M10", "A01")]


def test_unapproved_initiative_is_not_staffed(tiny: Instance) -> None:
    table = valid_table()
    table["M11"] = (["A02"], None)  # M11 is proposed by A02 but not approved
    found = check(tiny, plan_of(plan_dict(table)), rules=["initiative"])
    assert [v.message for v in found] == ["M11: unapproved initiative is staffed"]


def test_approved_initiative_with_its_proposer_is_fine(tiny_raw: dict[str, Any]) -> None:
    mission_raw(tiny_raw, "M11")["approved"] = True
    mission_raw(tiny_raw, "M11")["proposed_by"] = "A05"
    table = valid_table()
    table["M11"] = (["A05"], None)
    tiny_raw["policy"]["group_cap"] = None
    assert check(instance_of(tiny_raw), plan_of(plan_dict(table))) == []


A = [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}]

INITIATIVES = year(
    A,
    [
        mission("M1", 1, origin="ambassador_initiative", proposed_by="A1"),
        mission("M2", 3, origin="ambassador_initiative", proposed_by="A1", approved=False),
    ],
)
CASES = {
    "without its proposer": (given(INITIATIVES, {"M1": ["A2"]}), False),
    "with its proposer": (given(INITIATIVES, {"M1": ["A1"]}), True),
    "not approved": (given(INITIATIVES, {"M2": ["A1"]}), False),
    "nobody": (given(INITIATIVES, {}), True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_initiative_on_every_face(face: str, case: str) -> None:
    plan, allowed = CASES[case]
    assert allows(RULE, plan, face) is allowed
