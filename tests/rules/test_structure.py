from typing import Any

import pytest
from _tiny_plans import plan_dict, plan_of

from ambassade_opt.model import Instance
from ambassade_opt.scoring import validate


def _corrupt(how: str) -> dict[str, Any]:
    data = plan_dict()
    if how == "missing":
        data["unassigned"] = [u for u in data["unassigned"] if u["mission"] != "M12"]
    elif how == "twice":
        data["unassigned"].append({"mission": "M01", "reason": "also here"})
    elif how == "unknown mission":
        data["assignments"].append({"mission": "M99", "ambassadors": ["A01"], "staff": None})
    elif how == "unknown unassigned":
        data["unassigned"].append({"mission": "M99", "reason": "?"})
    elif how == "unknown ambassador":
        data["assignments"][2]["ambassadors"] = ["A99"]
    elif how == "unknown staff":
        data["assignments"][0]["staff"] = "S99"
    elif how == "ambassador twice":
        data["assignments"][1]["ambassadors"] = ["A02", "A02", "A04"]
    elif how == "no reason":
        data["unassigned"][0]["reason"] = "  "
    return data


@pytest.mark.parametrize(
    "how",
    [
        "missing",
        "twice",
        "unknown mission",
        "unknown unassigned",
        "unknown ambassador",
        "unknown staff",
        "ambassador twice",
        "no reason",
    ],
)
def test_structure_problems_are_caught(tiny: Instance, how: str) -> None:
    found = validate(tiny, plan_of(_corrupt(how)))
    assert "structure" in {v.rule for v in found}


def test_valid_structure(tiny: Instance) -> None:
    assert validate(tiny, plan_of(plan_dict())) == []


def test_assignments_alone_skip_the_exactly_once_check(tiny: Instance) -> None:
    plan = plan_of(plan_dict())
    assert validate(tiny, plan.assignment_of()) == []
    assert validate(tiny, plan.assignments) == []
