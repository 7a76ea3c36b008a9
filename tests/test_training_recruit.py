"""Profiles to recruit: missions nobody can take, grouped by the profile they need."""

from __future__ import annotations

from typing import Any

from ambassade_opt.model import Instance
from ambassade_opt.training import RecruitProfile, profiles_to_recruit


def _mission(tiny_raw: dict[str, Any], mission_id: str, **update: Any) -> dict[str, Any]:
    m = dict(tiny_raw["missions"][4])  # M05, a talk in Dutch in VL
    m.update(id=mission_id, title=mission_id, needs_staff_pair=False, staff_services=[], **update)
    return m


def test_the_tiny_year_lacks_a_staff_member_for_the_european_forum(tiny: Instance) -> None:
    assert profiles_to_recruit(tiny) == [RecruitProfile(
        language="en", competence="debate", region="BXL", sector=None, missing=["staff"], missions=["M08"],
        total_priority=5)]


def test_what_is_missing(tiny_raw: dict[str, Any]) -> None:
    tiny_raw["missions"] += [
        _mission(tiny_raw, "X1", language="de", priority=4),  # nobody speaks German
        _mission(tiny_raw, "X2", language="de", priority=3, start="2027-05-19T13:00",
                 end="2027-05-19T15:00"),
        _mission(tiny_raw, "X3", intervention="media", language="nl", priority=2),  # A08 can, once trained
        _mission(tiny_raw, "X4", intervention="workshop", language="fr", priority=1, sectors=["music"]),
        _mission(tiny_raw, "X5", seats_min=4, seats_max=4, priority=5),  # too few Dutch speakers who talk
    ]
    by_mission = {m: p for p in profiles_to_recruit(Instance.model_validate(tiny_raw)) for m in p.missions}
    assert by_mission["X1"] is by_mission["X2"] and by_mission["X1"].missing == ["language"]
    assert by_mission["X1"].total_priority == 7
    assert "X3" not in by_mission, "A08 speaks Dutch and does media: training, not recruiting"
    assert by_mission["X4"].missing == ["language", "competence"]  # A04 does workshops, in Dutch only
    assert (by_mission["X4"].sector, by_mission["X4"].region) == ("music", "VL")
    assert by_mission["X5"].missing == ["availability"]
    priorities = [p.total_priority for p in profiles_to_recruit(Instance.model_validate(tiny_raw))]
    assert priorities == sorted(priorities, reverse=True)


def test_declining_counts_as_not_taking(tiny_raw: dict[str, Any]) -> None:
    tiny_raw["missions"].append(_mission(tiny_raw, "X6", intervention="workshop"))  # A04 only
    assert "X6" not in {m for p in profiles_to_recruit(Instance.model_validate(tiny_raw)) for m in p.missions}
    tiny_raw["ambassadors"][3]["interests"] = {"X6": -2}
    gaps = {m: p.missing for p in profiles_to_recruit(Instance.model_validate(tiny_raw)) for m in p.missions}
    assert gaps["X6"] == ["availability"]
