"""Pins that break a rule make the plan infeasible, and the result names the pin and the rule."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ambassade_opt.cli import main
from ambassade_opt.plan import Plan
from ambassade_opt.solver import solve
from tests.solver_helpers import mission, year

A = [{"id": "A1"}, {"id": "A2"}]


def test_pin_of_an_ineligible_person_names_eligibility() -> None:
    inst = year([{"id": "A1", "languages": ["nl"]}, {"id": "A2"}],
                [mission("M1", 1, pinned_ambassadors=["A1"])])
    res = solve(inst, workers=1)
    assert res.status == "infeasible"
    [c] = res.conflicts
    assert (c.mission, c.person) == ("M1", "A1")
    assert "eligibility" in c.rule and "does not speak fr" in c.message


def test_pins_that_overlap_name_the_overlap_rule() -> None:
    missions = [mission("M1", 1, "10:00", "12:00", pinned_ambassadors=["A1"]),
                mission("M2", 1, "12:10", "13:00", pinned_ambassadors=["A1"])]
    res = solve(year(A, missions), workers=1)
    assert res.status == "infeasible"
    assert {c.mission for c in res.conflicts} == {"M1", "M2"}
    assert all(c.person == "A1" and "overlap" in c.rule for c in res.conflicts)


def test_pins_beyond_the_budget_name_the_money_rule() -> None:
    missions = [mission("M1", 1, pinned_ambassadors=["A1"]), mission("M2", 5, pinned_ambassadors=["A2"])]
    res = solve(year(A, missions, policy={"budget": {"annual": 15}}), workers=1)
    assert res.status == "infeasible"
    assert all("money" in c.rule for c in res.conflicts)


def test_pinned_staff_with_wrong_service_names_the_pair_rule() -> None:
    missions = [mission("M1", 1, needs_staff_pair=True, staff_services=["strategy"], pinned_staff="S1")]
    staff = [{"id": "S1", "service": "communication"}, {"id": "S2", "service": "strategy"}]
    res = solve(year(A, missions, staff), workers=1)
    assert res.status == "infeasible"
    assert res.conflicts[0].person == "S1" and "pair" in res.conflicts[0].rule


def test_feasible_pins_are_kept() -> None:
    missions = [mission("M1", 1, pinned_ambassadors=["A2"]), mission("M2", 3, priority=1)]
    res = solve(year(A, missions), workers=1)
    assert res.status == "optimal"
    assert res.plan.assignment_of()["M1"].ambassadors == ["A2"]


def test_plan_command_reports_the_pin_exits_3_and_writes_the_infeasible_plan(tmp_path: Path) -> None:
    """DOMAIN.md section 10: infeasible pins exit 3, and the plan file is still written, status
    infeasible, with the conflicting pins."""
    inst = year([{"id": "A1", "max_missions": 1}, {"id": "A2"}],
                [mission("M1", 1, pinned_ambassadors=["A1"]), mission("M2", 3, pinned_ambassadors=["A1"])])
    src = tmp_path / "year.json"
    inst.save(src)
    out = tmp_path / "plan.json"
    res = CliRunner().invoke(main, ["plan", str(src), "-o", str(out)])
    assert res.exit_code == 3
    assert "A1" in res.output and "load (rule 5)" in res.output
    written = Plan.load(out)
    assert written.status == "infeasible" and written.assignments == []
    conflicts = written.solver.conflicts
    assert any(c.person == "A1" and c.rule == "load (rule 5)" for c in conflicts)
    assert {u.mission for u in written.unassigned} == {"M1", "M2"}
