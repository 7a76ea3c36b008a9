from datetime import datetime
from typing import Any

import pytest
from _tiny_plans import instance_of, mission_raw, plan_dict, plan_of, valid_table

from ambassade_opt.model import Instance, Mission, Travel
from ambassade_opt.rules import check
from ambassade_opt.rules.overlap import RULE, conflicting_pairs, conflicts
from tests.rules.harness import allows, given, mission, year


def _with_m12(tiny_raw: dict[str, Any], start: str, region: str) -> list[str]:
    """A04 works M02 (VL, until 17:00) and then M12 at ``start`` in ``region``."""
    mission_raw(tiny_raw, "M12")["start"] = start
    mission_raw(tiny_raw, "M12")["region"] = region
    table = valid_table()
    table["M12"] = (["A04"], None)
    return [v.rule for v in check(instance_of(tiny_raw), plan_of(plan_dict(table)))]


@pytest.mark.parametrize(
    ("start", "region", "clash"),
    [
        ("2027-03-06T17:30", "VL", False),  # same region: 30 min buffer, exactly met
        ("2027-03-06T17:29", "VL", True),
        ("2027-03-06T18:00", "BXL", False),  # the VL-BXL pair overrides the buffer to 60 min
        ("2027-03-06T17:59", "BXL", True),
        ("2027-03-06T18:29", "WAL", True),  # other region: 90 min
        ("2027-03-06T18:30", "WAL", False),
    ],
)
def test_travel_buffer(tiny_raw: dict[str, Any], start: str, region: str, clash: bool) -> None:
    assert ("overlap" in _with_m12(tiny_raw, start, region)) is clash


def test_staff_overlap(tiny_raw: dict[str, Any]) -> None:
    # S01 pairs M01 (BXL, until 21:30) and M06, moved to start at 21:00 the same evening.
    mission_raw(tiny_raw, "M06")["start"] = "2027-02-11T21:00"
    mission_raw(tiny_raw, "M06")["end"] = "2027-02-11T23:00"
    found = check(instance_of(tiny_raw), plan_of(plan_dict()), rules=["overlap"])
    assert [(v.rule, v.person, v.mission, v.other_mission) for v in found] == [
        ("overlap", "S01", "M01", "M06")
    ]


def test_valid_plan_has_no_overlap(tiny: Instance) -> None:
    assert check(tiny, plan_of(plan_dict()), rules=["overlap"]) == []


def _mission(mid: str, start: str, end: str, region: str = "BXL") -> Mission:
    return Mission(
        id=mid,
        title=mid,
        start=datetime.fromisoformat(start),
        end=datetime.fromisoformat(end),
        region=region,
        level="local",
        axis="inform",
        intervention="talk",
        audience="students",
        venue="online",
        language="fr",
        seats_min=1,
        seats_max=1,
        priority=1,
    )


def test_scan_finds_a_long_mission_behind_short_ones() -> None:
    travel = Travel()
    long = _mission("L", "2027-05-01T08:00", "2027-05-01T23:00")
    shorts = [_mission(f"S{h}", f"2027-05-01T{h:02d}:00", f"2027-05-01T{h:02d}:30") for h in range(9, 23, 2)]
    pairs = conflicting_pairs([*shorts, long], travel)
    assert {(a.id, b.id) for a, b in pairs} >= {("L", s.id) for s in shorts}
    assert conflicts(shorts[-1], long, travel) and conflicts(long, shorts[0], travel)


def test_same_start_always_conflicts() -> None:
    a = _mission("A", "2027-05-01T08:00", "2027-05-01T09:00")
    b = _mission("B", "2027-05-01T08:00", "2027-05-01T08:30", region="VL")
    assert len(conflicting_pairs([a, b], Travel())) == 1


A = [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}]

# M2 starts 60 min after M1 ends in another region (buffer 90): conflict; M3 is 120 min after.
REGIONS = year(
    A,
    [
        mission("M1", 1, "10:00", "12:00"),
        mission("M2", 1, "13:00", "14:00", region="VL"),
        mission("M3", 1, "14:00", "15:00", region="VL"),
    ],
)
STAFFED = year(
    A,
    [
        mission("M1", 1, "10:00", "12:00", needs_staff_pair=True),
        mission("M2", 1, "12:20", "13:00", needs_staff_pair=True),
        mission("M3", 1, "12:30", "13:00", needs_staff_pair=True),
    ],
    [{"id": "S1"}, {"id": "S2"}],
)
CASES = {
    "within the other-region buffer": (given(REGIONS, {"M1": ["A1"], "M2": ["A1"]}), False),
    "after the buffer": (given(REGIONS, {"M1": ["A1"], "M3": ["A1"]}), True),
    "two people": (given(REGIONS, {"M1": ["A1"], "M2": ["A2"]}), True),
    "staff within the same-region buffer": (
        given(STAFFED, {"M1": ["A1"], "M2": ["A2"]}, {"M1": "S1", "M2": "S1"}),
        False,
    ),
    "staff after the buffer": (given(STAFFED, {"M1": ["A1"], "M3": ["A1"]}, {"M1": "S1", "M3": "S1"}), True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_overlap_on_every_face(face: str, case: str) -> None:
    plan, allowed = CASES[case]
    assert allows(RULE, plan, face) is allowed
