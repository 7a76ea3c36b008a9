from typing import Any

import pytest
from _tiny_plans import instance_of, plan_dict, plan_of

from ambassade_opt.rules import check


@pytest.mark.parametrize(("cap", "ok"), [(5, False), (6, True), (None, True), (0, False)])
def test_group_cap(tiny_raw: dict[str, Any], cap: int | None, ok: bool) -> None:
    tiny_raw["policy"]["group_cap"] = cap  # the valid plan has 6 active ambassadors
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["group_cap"])
    assert (found == []) is ok
    assert all(v.rule == "group_cap" for v in found)
