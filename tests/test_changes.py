"""Changes during the year: parsing, reference checks, and applying each kind of change."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from ambassade_opt.changes import Changes, apply_changes, change_problems, touched_missions
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance


def _changes(*items: dict[str, Any], now: str | None = None) -> Changes:
    return Changes.from_json(json.dumps({"format_version": 1, "now": now, "changes": list(items)}))


def _problems(exc: pytest.ExceptionInfo[InputError]) -> dict[str, str]:
    return dict(exc.value.problems)


def _new_mission(tiny_raw: dict[str, Any], mission_id: str = "M99", **update: Any) -> dict[str, Any]:
    mission = dict(tiny_raw["missions"][6])  # M07, a July booth in WAL
    mission.update(id=mission_id, title="Extra booth", start="2027-09-10T10:00", end="2027-09-10T14:00")
    mission.update(update)
    return mission


def test_unavailable_appends_a_range_to_the_person(tiny: Instance) -> None:
    new = apply_changes(tiny, _changes(
        {"kind": "unavailable", "person": "A01", "start": "2027-07-01", "end": "2027-12-31"},
        {"kind": "unavailable", "person": "S03", "start": "2027-03-01", "end": "2027-03-02"},
    ))
    spans = [(r.start, r.end) for r in new.ambassador("A01").unavailable]
    assert spans == [(date(2027, 7, 1), date(2027, 12, 31))]
    staff_spans = [(r.start, r.end) for r in new.staff_member("S03").unavailable]
    assert (date(2027, 3, 1), date(2027, 3, 2)) in staff_spans
    assert tiny.ambassador("A01").unavailable == [], "the instance given must not change"


def test_add_mission_is_validated_and_appended(tiny: Instance, tiny_raw: dict[str, Any]) -> None:
    new = apply_changes(tiny, _changes({"kind": "add_mission", "mission": _new_mission(tiny_raw)}))
    assert new.mission("M99").start == datetime(2027, 9, 10, 10, 0)
    assert len(new.missions) == len(tiny.missions) + 1


def test_add_mission_checks_its_own_fields_and_references(tiny: Instance, tiny_raw: dict[str, Any]) -> None:
    with pytest.raises(InputError) as exc:
        bad_mission = _new_mission(tiny_raw, seats_min=3, seats_max=2, colour="red")
        _changes({"kind": "add_mission", "mission": bad_mission})
    problems = _problems(exc)
    assert "changes[0].mission.seats_max" in problems
    assert problems["changes[0].mission.colour"].startswith("unknown field")
    bad = _changes({"kind": "add_mission", "mission": _new_mission(
        tiny_raw, "M01", pinned_ambassadors=["A77"], start="2028-01-05T10:00", end="2028-01-05T12:00")})
    with pytest.raises(InputError) as exc:
        apply_changes(tiny, bad)
    problems = _problems(exc)
    assert problems["changes[0].mission.id"] == "mission 'M01' already exists"
    assert problems["changes[0].mission.pinned_ambassadors[0]"] == "unknown ambassador 'A77'"
    assert "not in year 2027" in problems["changes[0].mission.start"]


def test_remove_mission_also_removes_it_from_interests(tiny: Instance) -> None:
    assert tiny.ambassador("A02").interests == {"M03": 2}
    new = apply_changes(tiny, _changes({"kind": "remove_mission", "mission": "M03"}))
    assert "M03" not in {m.id for m in new.missions}
    assert new.ambassador("A02").interests == {}


def test_move_mission_keeps_id_and_every_other_field(tiny: Instance) -> None:
    new = apply_changes(tiny, _changes(
        {"kind": "move_mission", "mission": "M08", "start": "2027-10-14T10:00", "end": "2027-10-14T13:00"}))
    before, after = tiny.mission("M08"), new.mission("M08")
    assert (after.start, after.end) == (datetime(2027, 10, 14, 10), datetime(2027, 10, 14, 13))
    assert after.model_dump(exclude={"start", "end"}) == before.model_dump(exclude={"start", "end"})
    assert [m.id for m in new.missions] == [m.id for m in tiny.missions], "order and ids are kept"


def test_move_mission_rejects_bad_times() -> None:
    with pytest.raises(InputError) as exc:
        _changes({"kind": "move_mission", "mission": "M08",
                  "start": "2027-10-14T10:00", "end": "2027-10-15T10:00"})
    assert "more than the 16 h" in _problems(exc)["changes[0].end"]
    with pytest.raises(InputError) as exc:
        _changes({"kind": "move_mission", "mission": "M08", "start": "2027-10-14T10:00+02:00",
                  "end": "2027-10-14T12:00"})
    assert "changes[0].start" in _problems(exc)


def test_set_seats(tiny: Instance) -> None:
    new = apply_changes(
        tiny, _changes({"kind": "set_seats", "mission": "M06", "seats_min": 2, "seats_max": 2}))
    assert (new.mission("M06").seats_min, new.mission("M06").seats_max) == (2, 2)
    with pytest.raises(InputError) as exc:
        _changes({"kind": "set_seats", "mission": "M06", "seats_min": 0, "seats_max": 2})
    assert "changes[0].seats_min" in _problems(exc)


def test_add_people(tiny: Instance, tiny_raw: dict[str, Any]) -> None:
    ambassador = dict(tiny_raw["ambassadors"][0], id="A20", interests={"M07": 1})
    staff = dict(tiny_raw["staff"][0], id="S20")
    new = apply_changes(tiny, _changes({"kind": "add_ambassador", "ambassador": ambassador},
                                       {"kind": "add_staff", "staff": staff}))
    assert new.ambassador("A20").interests == {"M07": 1}
    assert new.staff_member("S20").service == "communication"
    with pytest.raises(InputError) as exc:
        apply_changes(tiny, _changes(
            {"kind": "add_ambassador", "ambassador": dict(ambassador, id="S01", interests={"M404": 1})},
            {"kind": "add_staff", "staff": dict(staff, id="A01")}))
    problems = _problems(exc)
    assert problems["changes[0].ambassador.id"] == "person 'S01' already exists"
    assert problems["changes[0].ambassador.interests.M404"] == "unknown mission 'M404'"
    assert problems["changes[1].staff.id"] == "person 'A01' already exists"


def test_unknown_references_are_named(tiny: Instance) -> None:
    changes = _changes(
        {"kind": "unavailable", "person": "A999", "start": "2027-07-01", "end": "2027-07-02"},
        {"kind": "remove_mission", "mission": "M999"},
        {"kind": "move_mission", "mission": "M998", "start": "2027-10-14T10:00", "end": "2027-10-14T11:00"},
        {"kind": "set_seats", "mission": "M997", "seats_min": 1, "seats_max": 1},
    )
    with pytest.raises(InputError) as exc:
        apply_changes(tiny, changes)
    assert _problems(exc) == {
        "changes[0].person": "unknown person 'A999'",
        "changes[1].mission": "unknown mission 'M999'",
        "changes[2].mission": "unknown mission 'M998'",
        "changes[3].mission": "unknown mission 'M997'",
    }


def test_changes_apply_in_order(tiny: Instance, tiny_raw: dict[str, Any]) -> None:
    added_then_moved = _changes(
        {"kind": "add_mission", "mission": _new_mission(tiny_raw)},
        {"kind": "move_mission", "mission": "M99", "start": "2027-09-11T10:00", "end": "2027-09-11T12:00"},
    )
    assert apply_changes(tiny, added_then_moved).mission("M99").start == datetime(2027, 9, 11, 10)
    removed_then_reseated = _changes({"kind": "remove_mission", "mission": "M05"},
                                     {"kind": "set_seats", "mission": "M05", "seats_min": 1, "seats_max": 1})
    assert change_problems(tiny, removed_then_reseated) == [("changes[1].mission", "unknown mission 'M05'")]


def test_the_frozen_past_cannot_be_changed(tiny: Instance, tiny_raw: dict[str, Any]) -> None:
    changes = _changes(
        {"kind": "remove_mission", "mission": "M01"},
        {"kind": "move_mission", "mission": "M08", "start": "2027-03-01T10:00", "end": "2027-03-01T11:00"},
        {"kind": "set_seats", "mission": "M04", "seats_min": 1, "seats_max": 1},
        {"kind": "add_mission",
         "mission": _new_mission(tiny_raw, start="2027-04-01T10:00", end="2027-04-01T12:00")},
        {"kind": "unavailable", "person": "A01", "start": "2027-01-01", "end": "2027-12-31"},
        now="2027-05-01T00:00",
    )
    with pytest.raises(InputError) as exc:
        apply_changes(tiny, changes)
    problems = _problems(exc)
    assert set(problems) == {"changes[0].mission", "changes[1].start", "changes[2].mission",
                             "changes[3].mission.start"}
    assert "started before now" in problems["changes[0].mission"]


def test_unknown_fields_and_kinds_are_rejected() -> None:
    with pytest.raises(InputError) as exc:
        Changes.from_json(json.dumps({"format_version": 1, "changes": [
            {"kind": "unavailable", "person": "A01", "start": "2027-07-01", "end": "2027-06-01", "note": "x"},
            {"kind": "cancel", "mission": "M01"},
        ], "author": "me"}))
    problems = _problems(exc)
    assert problems["changes[0].end"].startswith("is before start")
    assert problems["changes[0].note"].startswith("unknown field")
    assert problems["changes[1].kind"].startswith("unknown kind 'cancel'")
    assert problems["author"].startswith("unknown field")
    with pytest.raises(InputError):
        Changes.from_json(json.dumps({"format_version": 2, "changes": []}))
    with pytest.raises(InputError):
        Changes.from_json("[1, 2]")


def test_round_trip_and_python_construction() -> None:
    changes = Changes.of({"kind": "set_seats", "mission": "M06", "seats_min": 1, "seats_max": 2},
                         now=datetime(2027, 7, 1))
    assert Changes.from_json(changes.to_json()) == changes
    with pytest.raises(InputError) as exc:
        Changes.of({"kind": "set_seats", "mission": "M06", "seats_min": 1})
    assert "changes[0].seats_max" in _problems(exc)


def test_touched_missions_names_mission_level_reasons(tiny_raw: dict[str, Any]) -> None:
    changes = _changes(
        {"kind": "add_mission", "mission": _new_mission(tiny_raw)},
        {"kind": "remove_mission", "mission": "M05"},
        {"kind": "move_mission", "mission": "M08", "start": "2027-10-14T10:00", "end": "2027-10-14T13:00"},
        {"kind": "set_seats", "mission": "M06", "seats_min": 2, "seats_max": 2},
    )
    assert touched_missions(changes) == {
        "M99": ["new mission"], "M05": ["mission removed"], "M08": ["mission moved"],
        "M06": ["seats changed to 2..2"],
    }


def test_approve_mission_decides_on_an_initiative(tiny: Instance) -> None:
    assert tiny.mission("M11").approved is False
    new = apply_changes(tiny, _changes({"kind": "approve_mission", "mission": "M11", "approved": True}))
    assert new.mission("M11").approved is True
    assert new.mission("M11").model_dump(exclude={"approved"}) == tiny.mission("M11").model_dump(
        exclude={"approved"})
    refused = apply_changes(tiny, _changes({"kind": "approve_mission", "mission": "M10", "approved": False}))
    assert refused.mission("M10").approved is False
    assert tiny.mission("M10").approved is True, "the instance given must not change"


def test_approve_mission_names_an_initiative_of_the_future(tiny: Instance) -> None:
    changes = _changes(
        {"kind": "approve_mission", "mission": "M01", "approved": True},
        {"kind": "approve_mission", "mission": "M404", "approved": True},
    )
    problems = dict(change_problems(tiny, changes))
    assert "not an ambassador initiative" in problems["changes[0].mission"]
    assert problems["changes[1].mission"] == "unknown mission 'M404'"
    past = _changes({"kind": "approve_mission", "mission": "M10", "approved": False})
    problems = dict(change_problems(tiny, past, datetime(2027, 12, 1)))
    assert "started before now" in problems["changes[0].mission"]
    with pytest.raises(InputError) as exc:
        _changes({"kind": "approve_mission", "mission": "M11", "approved": "yes"})
    assert "changes[0].approved" in _problems(exc)


def test_approvals_apply_in_order_with_added_missions(tiny: Instance, tiny_raw: dict[str, Any]) -> None:
    initiative = _new_mission(tiny_raw, origin="ambassador_initiative", proposed_by="A07", approved=False)
    new = apply_changes(tiny, _changes(
        {"kind": "add_mission", "mission": initiative},
        {"kind": "approve_mission", "mission": "M99", "approved": True},
    ))
    assert new.mission("M99").approved is True


def test_set_interest_sets_and_declines(tiny: Instance) -> None:
    new = apply_changes(tiny, _changes(
        {"kind": "set_interest", "person": "A05", "mission": "M01", "level": -2},
        {"kind": "set_interest", "person": "A02", "mission": "M03", "level": 0},
    ))
    assert new.ambassador("A05").interests == {"M01": -2}
    assert new.ambassador("A02").interests == {"M03": 0}
    assert tiny.ambassador("A05").interests == {}, "the instance given must not change"


def test_set_interest_is_validated(tiny: Instance, tiny_raw: dict[str, Any]) -> None:
    with pytest.raises(InputError) as exc:
        _changes({"kind": "set_interest", "person": "A05", "mission": "M01", "level": -3})
    assert "changes[0].level" in _problems(exc)
    with pytest.raises(InputError) as exc:
        _changes({"kind": "set_interest", "person": "A05", "mission": "M01"})
    assert _problems(exc)["changes[0].level"] == "required field is missing"
    changes = _changes(
        {"kind": "set_interest", "person": "S01", "mission": "M01", "level": 1},
        {"kind": "set_interest", "person": "A77", "mission": "M01", "level": 1},
        {"kind": "remove_mission", "mission": "M05"},
        {"kind": "set_interest", "person": "A01", "mission": "M05", "level": 2},
        {"kind": "add_ambassador", "ambassador": dict(tiny_raw["ambassadors"][0], id="A20")},
        {"kind": "set_interest", "person": "A20", "mission": "M02", "level": 2},
    )
    assert change_problems(tiny, changes) == [
        ("changes[0].person", "'S01' is a staff member: interests are an ambassador's"),
        ("changes[1].person", "unknown ambassador 'A77'"),
        ("changes[3].mission", "unknown mission 'M05'"),
    ]


def test_touched_missions_names_approvals_and_declines() -> None:
    changes = _changes(
        {"kind": "approve_mission", "mission": "M11", "approved": True},
        {"kind": "approve_mission", "mission": "M10", "approved": False},
        {"kind": "set_interest", "person": "A05", "mission": "M01", "level": -2},
        {"kind": "set_interest", "person": "A02", "mission": "M03", "level": 1},
    )
    assert touched_missions(changes) == {
        "M11": ["initiative approved"], "M10": ["initiative not approved"], "M01": ["A05 declined it"],
    }


def test_the_schema_knows_the_new_kinds() -> None:
    from ambassade_opt.schema import json_schema

    text = json.dumps(json_schema("changes"))
    for kind in ("approve_mission", "set_interest"):
        assert f'"{kind}"' in text


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "set_interest", "person": "S01", "mission": "M01", "level": -2}, "changes[0].person"),
    ({"kind": "set_interest", "person": "A01", "mission": "M01", "level": 5}, "changes[0].level"),
    ({"kind": "approve_mission", "mission": "M02", "approved": True}, "changes[0].mission"),
])
def test_cli_bad_new_kinds_exit_2_and_write_nothing(tiny_path: Path, tmp_path: Path,
                                                    change: dict[str, Any], field: str) -> None:
    from _tiny_plans import plan_dict
    from click.testing import CliRunner

    from ambassade_opt.cli import main

    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(plan_dict()), encoding="utf-8")
    bad = tmp_path / "changes.json"
    bad.write_text(json.dumps({"format_version": 1, "changes": [change]}), encoding="utf-8")
    out, year_out = tmp_path / "new_plan.json", tmp_path / "new_year.json"
    res = CliRunner().invoke(main, ["replan", str(tiny_path), str(plan), str(bad), "-o", str(out),
                                    "--instance-out", str(year_out), "--time-limit", "5"])
    assert res.exit_code == 2, res.output
    assert field in res.output and "Traceback" not in res.output
    assert not out.exists() and not year_out.exists()
