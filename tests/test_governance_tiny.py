"""Governance on the hand-made year, checked by the independent checker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ambassade_opt.cli import main
from ambassade_opt.governance import (
    GovernanceInfeasible,
    SupportGroupInfeasible,
    compose_support_group,
    govern,
    pool_digest,
    redraw,
)
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Plan, Unassigned
from tests.conftest import run_checker


def unplanned(instance: Instance) -> Plan:
    return Plan(status="unknown", unassigned=[Unassigned(mission=m.id, reason="not planned")
                                              for m in instance.missions])


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_tiny_year_has_no_governance_violations(tiny: Instance, tiny_path: Path, tmp_path: Path) -> None:
    plan = unplanned(tiny)
    result = govern(tiny, plan)
    plan_path = write(tmp_path / "plan.json", plan.to_json())
    gov_path = write(tmp_path / "gov.json", result.to_json())
    figures = run_checker(tiny_path, plan_path, gov_path)
    assert figures["violation_lines"] == []
    assert figures["repeat_draws_with_fresh_left"] == 0
    assert [m.meeting for m in result.meetings] == ["G01", "G02", "G03"]


def test_json_has_exactly_the_section_6_fields(tiny: Instance) -> None:
    data = json.loads(govern(tiny, unplanned(tiny)).to_json())
    assert set(data) == {"support_group", "meetings"}
    assert set(data["support_group"]) == {"members"}
    for rec in data["meetings"]:
        if rec["method"] == "sortition":
            assert set(rec) == {"meeting", "method", "guests", "seed", "pool_digest", "probabilities",
                                "distribution"}
        else:
            assert set(rec) == {"meeting", "method", "guests"}


def test_support_group_meets_policy_and_is_heterogeneous(tiny: Instance) -> None:
    group = compose_support_group(tiny)
    policy = tiny.policy.support_group
    staff = {s.id: s for s in tiny.staff}
    assert len(group.members) <= policy.max_size
    assert {staff[s].service for s in group.staff} >= set(policy.required_services)
    assert policy.min_partners <= len(group.partners) <= policy.max_partners
    # every language, sector and theme a volunteer or staff member holds and a mission needs
    assert group.heterogeneity == group.inventory.count or group.heterogeneity >= 10


def test_sortition_audit_is_reproducible(tiny: Instance) -> None:
    result = govern(tiny, unplanned(tiny), seed=11)
    for record in result.meetings:
        if record.audit is None:
            continue
        assert redraw(record.audit) == sorted(record.guests)
        assert redraw(record.to_dict()) == sorted(record.guests)
        assert record.audit.pool_digest == pool_digest(record.candidates)
    assert govern(tiny, unplanned(tiny), seed=11).to_json() == result.to_json()


def test_plan_busy_ambassador_is_not_a_candidate(tiny: Instance) -> None:
    meeting = next(g for g in tiny.meetings if g.id == "G01")
    base = govern(tiny, unplanned(tiny)).meeting("G01").candidates
    busy_one = base[0]
    # a mission overlapping the meeting (same times), assigned to that candidate
    mission = tiny.missions[0].model_copy(update={"id": "MX", "start": meeting.start, "end": meeting.end})
    inst = tiny.model_copy(update={"missions": [*tiny.missions, mission]})
    plan = Plan(status="feasible", assignments=[Assignment(mission="MX", ambassadors=[busy_one])],
                unassigned=[u for u in unplanned(inst).unassigned if u.mission != "MX"])
    assert busy_one not in govern(inst, plan).meeting("G01").candidates


def test_missing_required_service_is_explained(tiny_raw: dict[str, Any]) -> None:
    tiny_raw["policy"]["support_group"]["required_services"].append("advice")
    with pytest.raises(SupportGroupInfeasible) as err:
        compose_support_group(Instance.model_validate(tiny_raw))
    assert "no staff from required service 'advice' exists" in str(err.value)
    assert isinstance(err.value, GovernanceInfeasible)


def test_too_small_group_says_how_big(tiny_raw: dict[str, Any]) -> None:
    tiny_raw["policy"]["support_group"]["max_size"] = 2
    with pytest.raises(SupportGroupInfeasible) as err:
        compose_support_group(Instance.model_validate(tiny_raw))
    # communication (BXL) and operations (VL) staff, then a WAL partner covers region and partner
    assert "raise max_size to 3" in str(err.value)


def test_cli_writes_governance(tiny_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "gov.json"
    res = CliRunner().invoke(main, ["govern", str(tiny_path), "-o", str(out), "--seed", "3"])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["support_group"]["members"]


def test_cli_bad_input_exits_2_and_writes_nothing(tiny_path: Path, tiny_raw: dict[str, Any],
                                                 tmp_path: Path) -> None:
    out = tmp_path / "gov.json"
    bad_plan = write(tmp_path / "plan.json", json.dumps(
        {"format_version": 1, "status": "feasible",
         "assignments": [{"mission": "NOPE", "ambassadors": [], "staff": None}], "unassigned": []}))
    res = CliRunner().invoke(main, ["govern", str(tiny_path), "--plan", str(bad_plan), "-o", str(out)])
    assert res.exit_code == 2 and "NOPE" in res.output and not out.exists()
    tiny_raw["policy"]["support_group"]["required_services"].append("advice")
    bad_year = write(tmp_path / "year.json", json.dumps(tiny_raw))
    res = CliRunner().invoke(main, ["govern", str(bad_year), "-o", str(out)])
    assert res.exit_code == 2 and "advice" in res.output and not out.exists()
    res = CliRunner().invoke(main, ["govern", str(tmp_path / "missing.json"), "-o", str(out)])
    assert res.exit_code == 2 and not out.exists()


def test_missing_plan_file_is_bad_input(tiny_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "gov.json"
    res = CliRunner().invoke(main, ["govern", str(tiny_path), "--plan", str(tmp_path / "nope.json"),
                                    "-o", str(out)])
    assert res.exit_code == 2 and "--plan" in res.output and not out.exists()


def test_dataframe_views(tiny: Instance) -> None:
    result = govern(tiny, unplanned(tiny))
    members = result.members_frame()
    assert sorted(members["id"]) == result.support_group.members
    assert set(members["role"]) <= {"staff", "partner"}
    guests = result.guests_frame()
    assert len(guests) == sum(len(m.guests) for m in result.meetings)
    probs = result.probabilities_frame()
    for meeting, frame in probs.groupby("meeting"):
        record = result.meeting(str(meeting))
        assert frame["probability"].sum() == pytest.approx(len(record.guests))
        assert set(frame.loc[frame["drawn"], "candidate"]) == set(record.guests)


@pytest.mark.parametrize(("change", "expected"), [
    ({"coordinator_service": "direction"}, "no staff member works in coordinator service 'direction'"),
    ({"required_regions": ["BXL", "FR"]}, "required region 'FR'"),
    ({"min_partners": 6, "max_partners": 7, "max_size": 10}, "lower min_partners from 6 to 5"),
    ({"max_partners": 0, "min_partners": 0, "required_services": ["communication"],
      "required_regions": ["BXL", "VL", "WAL"]}, "relaxing any one of [partners, region:WAL]"),
])
def test_support_group_infeasibility_names_the_fix(tiny_raw: dict[str, Any], change: dict[str, Any],
                                                   expected: str) -> None:
    # without S03 (strategy, WAL), only ambassadors live in WAL
    tiny_raw["staff"] = [s for s in tiny_raw["staff"] if s["id"] != "S03"]
    tiny_raw["policy"]["support_group"].update(change)
    with pytest.raises(SupportGroupInfeasible) as err:
        compose_support_group(Instance.model_validate(tiny_raw))
    assert expected in str(err.value)
    assert err.value.suggestions


def test_invitations_rank_by_competence_then_fewest_invitations(tiny: Instance) -> None:
    from ambassade_opt.governance import invite

    meeting = next(g for g in tiny.meetings if g.id == "G02").model_copy(
        update={"themes": ["artist_status", "freelance_work"], "guest_seats": 2})
    everyone = ["A01", "A02", "A04", "A05", "A07"]
    # A07 holds both themes; A01 and A02 one each; A04 and A05 none
    first = invite(tiny, meeting, everyone, {}, seed=1)
    assert first.guests[0] == "A07"
    assert first.competence == {"A01": 1, "A02": 1, "A07": 2}
    assert invite(tiny, meeting, everyone, {"A01": 1}, seed=1).guests == ["A07", "A02"]
    assert invite(tiny, meeting, everyone, {"A02": 1}, seed=1).guests == ["A07", "A01"]
    # an equal tie goes to a seeded lot: reproducible, and both outcomes occur over seeds
    picks = {invite(tiny, meeting, everyone, {}, seed=s).guests[1] for s in range(20)}
    assert picks == {"A01", "A02"}
    assert invite(tiny, meeting, everyone, {}, seed=3) == invite(tiny, meeting, everyone, {}, seed=3)


def test_govern_after_a_reproducible_solve_in_the_same_process(tiny: Instance) -> None:
    """A one-worker solve leaves HiGHS's global thread pool at one thread; the sortition's own
    HiGHS instances used to refuse to run after it, and every draw looked infeasible."""
    from ambassade_opt.solver import SolveOptions, solve

    plan = solve(tiny, SolveOptions(time_limit=5, workers=1, seed=0)).plan
    result = govern(tiny, plan, seed=1)
    assert [m.method for m in result.meetings].count("sortition") == 2


def test_a_competence_meeting_with_empty_seats_says_why(tiny_raw: dict[str, Any]) -> None:
    """0 of 3 guests: nobody shares the theme, and the support group took 3 of the 5 volunteers."""
    g02 = next(g for g in tiny_raw["meetings"] if g["id"] == "G02")
    g02.update(guest_seats=3, themes=["social_economy"])
    year = Instance.model_validate(tiny_raw)
    record = govern(year, unplanned(year)).meeting("G02")
    assert record.guests == []
    assert record.reason == ("0 of 3 seats filled: candidates sharing a theme (social_economy): 0 of 2; "
                             "2 candidates of the 5 volunteers with the charter signed "
                             "(3 in the support group)")


def test_a_draw_with_empty_seats_says_why_and_the_file_carries_it(tiny_raw: dict[str, Any]) -> None:
    g01 = next(g for g in tiny_raw["meetings"] if g["id"] == "G01")
    g01["guest_seats"] = 6
    m01 = next(m for m in tiny_raw["missions"] if m["id"] == "M01")
    m01.update(start=g01["start"], end=g01["end"])  # A01 is on a mission during the meeting
    year = Instance.model_validate(tiny_raw)
    busy = Plan(status="feasible", assignments=[Assignment(mission="M01", ambassadors=["A01"])],
                unassigned=[Unassigned(mission=m.id, reason="-") for m in year.missions if m.id != "M01"])
    result = govern(year, busy)
    record = result.meeting("G01")
    assert record.reason == ("1 of 6 seats filled: 1 candidate of the 5 volunteers with the charter signed "
                             "(3 in the support group, 1 on an overlapping mission)")
    assert json.loads(result.to_json())["meetings"][0]["reason"] == record.reason
    full = result.meeting("G03")
    assert full.reason is None and "reason" not in json.loads(result.to_json())["meetings"][2]


def test_quotas_that_shrink_the_panel_are_named(tiny_raw: dict[str, Any]) -> None:
    tiny_raw["policy"]["sortition"]["quotas"] = {"home_region": {"BXL": [0, 0]}}
    year = Instance.model_validate(tiny_raw)
    record = govern(year, unplanned(year)).meeting("G01")
    assert len(record.guests) == 1 and len(record.candidates) == 2
    assert record.reason is not None
    assert record.reason.startswith(
        "1 of 2 seats filled: the quotas allow no larger panel of the 2 candidates")
