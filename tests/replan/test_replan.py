"""Re-planning during the year: every kind of change, the frozen past, stability, the CLI."""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ambassade_opt.changes import Changes
from ambassade_opt.cli import main
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Plan
from ambassade_opt.records import ReplanRecord
from ambassade_opt.replan import ReplanResult, passes, replan, stability_cost
from ambassade_opt.replan.start import start_plan
from ambassade_opt.scoring import validate
from ambassade_opt.solver import CoverageAtMost, SolveOptions, solve
from ambassade_opt.synthetic import YearSize, generate
from tests.conftest import TINY_PATH, run_checker
from tests.solver_helpers import skip_if_the_clock_decided

FAST = SolveOptions(time_limit=5, workers=1, seed=0)
MID_YEAR = datetime(2027, 7, 1)


@pytest.fixture(scope="module")
def tiny_year() -> Instance:
    return Instance.load(TINY_PATH)


@pytest.fixture(scope="module")
def tiny_plan(tiny_year: Instance) -> Plan:
    result = solve(tiny_year, FAST)
    assert result.status == "optimal"
    return result.plan


def _changes(*items: dict[str, Any], now: datetime | None = None) -> Changes:
    return Changes.of(*items, now=now)


def _record(plan: Plan) -> ReplanRecord:
    assert plan.run.replan is not None, "a re-planned plan says what it was re-planned from"
    return plan.run.replan


def _pairs(plan: Plan) -> set[tuple[str, str]]:
    return {(a.mission, p) for a in plan.assignments
            for p in [*a.ambassadors, *([a.staff] if a.staff else [])]}


def _valid(result: ReplanResult) -> None:
    assert validate(result.instance, result.plan) == []


def _future_person(plan: Plan, instance: Instance) -> tuple[str, str]:
    for asg in plan.assignments:
        m = instance.mission(asg.mission)
        if m.start >= MID_YEAR and asg.ambassadors:
            return asg.mission, asg.ambassadors[0]
    raise AssertionError("the plan has no ambassador after mid-year")


def test_stability_cost_grows_as_the_mission_approaches() -> None:
    assert stability_cost(datetime(2027, 12, 1), None) == 10
    assert stability_cost(datetime(2027, 12, 1), MID_YEAR) == 10
    assert stability_cost(datetime(2027, 7, 1, 9), MID_YEAR) == 100
    month = stability_cost(datetime(2027, 7, 31), MID_YEAR)
    assert 10 < month < 100
    assert stability_cost(datetime(2027, 7, 10), MID_YEAR) > month


def test_a_cancellation_drops_only_that_person(tiny_year: Instance, tiny_plan: Plan) -> None:
    mission, person = _future_person(tiny_plan, tiny_year)
    result = replan(tiny_year, tiny_plan, _changes(
        {"kind": "unavailable", "person": person, "start": "2027-07-01", "end": "2027-12-31"}, now=MID_YEAR),
        options=FAST)
    _valid(result)
    dropped = [p for p in result.pairs if p.status == "dropped"]
    assert dropped and all(p.person == person for p in dropped)
    assert all(p.why == f"{person} unavailable 2027-07-01..2027-12-31" for p in dropped)
    assert (mission, person) not in _pairs(result.plan)
    assert result.untouched_kept == result.untouched_pairs, "nothing else had to change"
    assert result.plan.diff is not None
    assert mission in {d.mission for d in result.plan.diff}
    entry = next(d for d in result.plan.diff if d.mission == mission)
    assert person in (entry.before or {}).get("ambassadors", [])
    assert f"{person} unavailable" in entry.why
    changed = {d.mission for d in result.plan.diff}
    for asg in tiny_plan.assignments:
        if asg.mission not in changed:
            assert result.plan.assignment_of()[asg.mission] == asg, "a mission not in the diff is unchanged"


def test_the_frozen_past_stays_exactly_as_planned(tiny_year: Instance, tiny_plan: Plan,
                                                  tmp_path: Path) -> None:
    now = datetime(2027, 5, 1)
    past = {a.mission: a for a in tiny_plan.assignments if tiny_year.mission(a.mission).start < now}
    people = sorted({p for a in past.values() for p in a.ambassadors}
                    | {a.staff for a in past.values() if a.staff})
    result = replan(tiny_year, tiny_plan, _changes(
        *[{"kind": "unavailable", "person": p, "start": "2027-01-01", "end": "2027-12-31"} for p in people],
        now=now), options=FAST)
    for mid, asg in past.items():
        assert result.plan.assignment_of()[mid] == asg
    assert set(result.frozen) == {m.id for m in tiny_year.missions if m.start < now}
    for u in tiny_plan.unassigned:
        if u.mission in result.frozen:
            assert u.mission not in result.plan.assignment_of(), "an uncovered past mission stays uncovered"
    assert all(p.status == "kept" for p in result.pairs if p.mission in past)
    # The unavailability is recorded from now on; the days they were there are carved out.
    _valid(result)
    year, plan = tmp_path / "year.json", tmp_path / "plan.json"
    result.instance.save(year)
    result.plan.save(plan)
    assert run_checker(year, plan)["violations"] == 0
    assert result.notes, "the carving is reported"
    assert not [(m, x) for m, x in _pairs(result.plan) if x in people and m not in past], \
        "people unavailable all year get nothing outside the frozen past"


def test_a_person_on_a_mission_running_at_now_gets_nothing_else_that_day(tiny_year: Instance,
                                                                          tiny_plan: Plan) -> None:
    m04 = tiny_plan.assignment_of()["M04"]  # 22 April 09:30-12:00 in WAL
    person = m04.ambassadors[0]
    extra = tiny_year.mission("M04").model_dump(mode="json")
    extra.update(id="M20", start="2027-04-22T16:00", end="2027-04-22T18:00", needs_staff_pair=False,
                 staff_services=[], pinned_staff=None, priority=5)
    result = replan(tiny_year, tiny_plan, _changes(
        {"kind": "unavailable", "person": person, "start": "2027-04-22", "end": "2027-12-31"},
        {"kind": "add_mission", "mission": extra},
        now=datetime(2027, 4, 22, 10, 0)), options=FAST)
    assert result.plan.assignment_of()["M04"] == m04
    assert person not in (result.plan.assignment_of().get("M20") or m04.model_copy(update={"ambassadors": []})
                          ).ambassadors
    spans = result.instance.ambassador(person).unavailable
    assert not any(r.contains(date(2027, 4, 22)) for r in spans)
    assert any(r.contains(date(2027, 4, 23)) for r in spans)
    _valid(result)


def test_add_and_remove_missions(tiny_year: Instance, tiny_plan: Plan) -> None:
    covered = next(a.mission for a in tiny_plan.assignments if tiny_year.mission(a.mission).start >= MID_YEAR)
    extra = tiny_year.mission("M07").model_dump(mode="json")
    extra.update(id="M30", start="2027-09-15T10:00", end="2027-09-15T13:00", priority=5)
    result = replan(tiny_year, tiny_plan, _changes(
        {"kind": "add_mission", "mission": extra}, {"kind": "remove_mission", "mission": covered},
        now=MID_YEAR), options=FAST)
    _valid(result)
    ids = {a.mission for a in result.plan.assignments} | {u.mission for u in result.plan.unassigned}
    assert "M30" in ids and covered not in ids
    assert "M30" in result.plan.assignment_of(), "a priority-5 booth with free people gets covered"
    assert all(p.why == "new mission" for p in result.pairs if p.mission == "M30")
    removed = next(d for d in result.plan.diff or [] if d.mission == covered)
    assert removed.after is None and removed.why == "mission removed"
    assert all(p.status == "dropped" and p.why == "mission removed"
               for p in result.pairs if p.mission == covered)


def test_a_moved_mission_keeps_its_people_when_they_can(tiny_year: Instance, tiny_plan: Plan) -> None:
    mid = "M09"  # 3 November 08:00-09:00, WAL media
    before = tiny_plan.assignment_of()[mid]
    result = replan(tiny_year, tiny_plan, _changes(
        {"kind": "move_mission", "mission": mid, "start": "2027-11-10T08:00", "end": "2027-11-10T09:30"},
        now=MID_YEAR), options=FAST)
    _valid(result)
    assert result.plan.assignment_of()[mid] == before
    assert {p.status for p in result.pairs if p.mission == mid} == {"moved"}
    entry = next(d for d in result.plan.diff or [] if d.mission == mid)
    assert entry.why == "mission moved"
    assert entry.before is not None and entry.after is not None
    assert (entry.before["start"], entry.after["start"]) == ("2027-11-03T08:00", "2027-11-10T08:00")
    assert result.counts["moved"] == len(before.ambassadors)


def test_set_seats_and_new_people(tiny_year: Instance, tiny_plan: Plan) -> None:
    newcomer = tiny_year.ambassador("A07").model_dump(mode="json")
    newcomer.update(id="A20", name="New", interests={})
    staff = tiny_year.staff_member("S01").model_dump(mode="json")
    staff.update(id="S20", name="Newstaff")
    result = replan(tiny_year, tiny_plan, _changes(
        {"kind": "set_seats", "mission": "M07", "seats_min": 2, "seats_max": 2},
        {"kind": "add_ambassador", "ambassador": newcomer}, {"kind": "add_staff", "staff": staff},
        now=MID_YEAR), options=FAST)
    _valid(result)
    asg = result.plan.assignment_of().get("M07")
    assert asg is not None and len(asg.ambassadors) == 2
    assert tiny_plan.assignment_of()["M07"].ambassadors[0] in asg.ambassadors, "the published person stays"
    assert any(p.mission == "M07" and p.status == "added" for p in result.pairs)
    assert result.instance.ambassador("A20").name == "New"


def test_a_declined_mission_loses_that_person_and_says_so(tiny_year: Instance, tiny_plan: Plan,
                                                           tmp_path: Path) -> None:
    mission, person = _future_person(tiny_plan, tiny_year)
    result = replan(tiny_year, tiny_plan, _changes(
        {"kind": "set_interest", "person": person, "mission": mission, "level": -2}, now=MID_YEAR),
        options=FAST)
    _valid(result)
    assert person not in _people_on(result.plan, mission)
    dropped = [(p.person, p.why) for p in result.pairs if p.status == "dropped"]
    assert dropped == [(person, f"{person} declined it")]
    entry = next(d for d in result.plan.diff or [] if d.mission == mission)
    assert entry.why.startswith(f"{person} declined it")
    assert result.untouched_kept == result.untouched_pairs, "nobody else had to move"
    result.instance.save(tmp_path / "year.json")
    result.plan.save(tmp_path / "plan.json")
    assert run_checker(tmp_path / "year.json", tmp_path / "plan.json")["violations"] == 0


def _people_on(plan: Plan, mission: str) -> set[str]:
    asg = plan.assignment_of().get(mission)
    return set() if asg is None else {*asg.ambassadors, *([asg.staff] if asg.staff else [])}


def test_an_approved_initiative_is_staffed_with_its_proposer_and_says_so(tiny_raw: dict[str, Any]) -> None:
    raw = dict(tiny_raw, missions=[dict(m, proposed_by="A07") if m["id"] == "M11" else m
                                   for m in tiny_raw["missions"]])
    year = Instance.model_validate(raw)  # M11: A07's talk in French, not approved yet
    published = solve(year, FAST).plan
    assert "M11" not in published.assignment_of()
    result = replan(year, published, _changes(
        {"kind": "approve_mission", "mission": "M11", "approved": True}, now=MID_YEAR), options=FAST)
    _valid(result)
    assert result.plan.assignment_of()["M11"].ambassadors == ["A07"]
    assert [(p.person, p.status, p.why) for p in result.pairs if p.mission == "M11"] == [
        ("A07", "added", "initiative approved")]
    assert {d.mission: d.why for d in result.plan.diff or []}["M11"] == "initiative approved"
    refused = replan(result.instance, result.plan, _changes(
        {"kind": "approve_mission", "mission": "M11", "approved": False}, now=MID_YEAR), options=FAST)
    assert "M11" not in refused.plan.assignment_of()
    assert {d.mission: d.why for d in refused.plan.diff or []}["M11"].startswith("initiative not approved")


def test_replan_is_deterministic_with_one_worker(tiny_year: Instance, tiny_plan: Plan) -> None:
    changes = _changes({"kind": "unavailable", "person": "A07", "start": "2027-07-01", "end": "2027-12-31"},
                       now=MID_YEAR)
    first = replan(tiny_year, tiny_plan, changes, options=FAST)
    second = replan(tiny_year, tiny_plan, changes, options=FAST)
    assert first.plan.to_json() == second.plan.to_json()
    assert first.instance.to_json() == second.instance.to_json()
    assert _record(first.plan).now == "2027-07-01T00:00"


def test_cancellations_on_a_synthetic_year_keep_the_rest(tmp_path: Path) -> None:
    year = generate(YearSize(n_ambassadors=15, n_missions=40), seed=3)
    published = solve(year, FAST).plan
    busy_later = sorted({p for a in published.assignments if year.mission(a.mission).start >= MID_YEAR
                         for p in a.ambassadors})
    cancelled = busy_later[:2]
    result = replan(year, published, _changes(
        *[{"kind": "unavailable", "person": p, "start": "2027-07-01", "end": "2027-12-31"}
          for p in cancelled],
        now=MID_YEAR), options=FAST)
    (tmp_path / "year.json").write_text(result.instance.to_json())
    (tmp_path / "plan.json").write_text(result.plan.to_json())
    figures = run_checker(tmp_path / "year.json", tmp_path / "plan.json")
    assert figures["violations"] == 0, figures["violation_lines"]
    # A small year: one reshuffle for coverage is already 8 % of the untouched pairs.
    assert result.untouched_kept_ratio >= 0.85
    assert result.plan.kpis.coverage_value >= _start_coverage(result, published)
    later = {p for m, p in _pairs(result.plan) if result.instance.mission(m).start >= MID_YEAR}
    assert not later & set(cancelled)


def _start_coverage(result: ReplanResult, published: Plan) -> int:
    """Coverage value of the published plan, repaired after the changes and filled without moves."""
    start = start_plan(result.instance, published, set(result.frozen), result.now)
    assert validate(result.instance, start.assignments) == []
    return sum(result.instance.mission(a.mission).priority for a in start.assignments)


def test_a_change_that_touches_no_assignment_changes_nothing(tiny_year: Instance, tiny_plan: Plan) -> None:
    idle = next(a.id for a in tiny_year.ambassadors if a.id not in {p for _, p in _pairs(tiny_plan)})
    result = replan(tiny_year, tiny_plan, _changes(
        {"kind": "unavailable", "person": idle, "start": "2027-07-01", "end": "2027-12-31"}, now=MID_YEAR),
        options=FAST)
    assert result.plan.diff == []
    assert result.counts["dropped"] == 0 and result.counts["added"] == 0
    assert result.plan.assignments == tiny_plan.assignments


def test_a_plan_of_another_instance_is_bad_input(tiny_year: Instance, tiny_plan: Plan) -> None:
    from ambassade_opt.errors import InputError

    alien = tiny_plan.model_copy(deep=True)
    alien.assignments[0].mission = "M777"
    with pytest.raises(InputError, match="unknown mission 'M777'"):
        replan(tiny_year, alien, _changes(), options=FAST)


# --------------------------------------------------------------------------------------------
# Command line


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_cli_replan_writes_both_files(tiny_path: Path, tiny_plan: Plan, tmp_path: Path) -> None:
    plan = _write(tmp_path / "plan.json", tiny_plan.to_json())
    changes = _write(tmp_path / "changes.json", {"format_version": 1, "now": "2027-07-01T00:00", "changes": [
        {"kind": "unavailable", "person": "A07", "start": "2027-07-01", "end": "2027-12-31"}]})
    out, year_out = tmp_path / "new_plan.json", tmp_path / "new_year.json"
    res = CliRunner().invoke(main, ["replan", str(tiny_path), str(plan), str(changes), "-o", str(out),
                                    "--instance-out", str(year_out), "--time-limit", "5", "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert run_checker(year_out, out)["violations"] == 0
    assert "diff" in json.loads(out.read_text())
    # --now on the command line wins over the file's.
    res = CliRunner().invoke(main, ["replan", str(tiny_path), str(plan), str(changes), "-o", str(out),
                                    "--now", "2027-12-31T00:00", "--time-limit", "5", "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["run"]["replan"]["now"] == "2027-12-31T00:00"


def test_cli_replan_with_a_decline_writes_its_reason(tiny_path: Path, tiny_plan: Plan,
                                                     tmp_path: Path) -> None:
    plan = _write(tmp_path / "plan.json", tiny_plan.to_json())
    changes = _write(tmp_path / "changes.json", {"format_version": 1, "now": "2027-07-01T00:00", "changes": [
        {"kind": "set_interest", "person": "A07", "mission": "M07", "level": -2}]})
    out, year_out = tmp_path / "new_plan.json", tmp_path / "new_year.json"
    res = CliRunner().invoke(main, ["replan", str(tiny_path), str(plan), str(changes), "-o", str(out),
                                    "--instance-out", str(year_out), "--time-limit", "5", "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "A07 declined it" in res.output
    written = json.loads(out.read_text())
    assert {d["mission"]: d["why"] for d in written["diff"]}["M07"] == "A07 declined it"
    assert "A07" not in next((a["ambassadors"] for a in written["assignments"] if a["mission"] == "M07"), [])
    assert json.loads(year_out.read_text())["ambassadors"][6]["interests"] == {"M07": -2}
    assert run_checker(year_out, out)["violations"] == 0


@pytest.mark.parametrize(("changes", "field"), [
    ({"format_version": 1, "changes": [{"kind": "remove_mission", "mission": "M999"}]}, "changes[0].mission"),
    ({"format_version": 1, "changes": [{"kind": "unavailable", "person": "A01", "start": "2027-07-01"}]},
     "changes[0].end"),
    ({"format_version": 1, "changes": [{"kind": "set_seats", "mission": "M07", "seats_min": 1, "seats_max": 1,
                                        "note": "x"}]}, "changes[0].note"),
    ({"format_version": 1, "now": "2027-07-01T00:00",
      "changes": [{"kind": "remove_mission", "mission": "M01"}]}, "changes[0].mission"),
    ("{not json", "(file)"),
])
def test_cli_bad_changes_exit_2_and_write_nothing(tiny_path: Path, tiny_plan: Plan, tmp_path: Path,
                                                  changes: Any, field: str) -> None:
    plan = _write(tmp_path / "plan.json", tiny_plan.to_json())
    bad = _write(tmp_path / "changes.json", changes)
    out, year_out = tmp_path / "new_plan.json", tmp_path / "new_year.json"
    res = CliRunner().invoke(main, ["replan", str(tiny_path), str(plan), str(bad), "-o", str(out),
                                    "--instance-out", str(year_out), "--time-limit", "5"])
    assert res.exit_code == 2, res.output
    assert field in res.output
    assert "Traceback" not in res.output
    assert not out.exists() and not year_out.exists()


def test_cli_bad_now_and_missing_folder(tiny_path: Path, tiny_plan: Plan, tmp_path: Path) -> None:
    plan = _write(tmp_path / "plan.json", tiny_plan.to_json())
    changes = _write(tmp_path / "changes.json", {"format_version": 1, "changes": []})
    out = tmp_path / "new_plan.json"
    res = CliRunner().invoke(main, ["replan", str(tiny_path), str(plan), str(changes), "-o", str(out),
                                    "--now", "July"])
    assert res.exit_code == 2 and "--now" in res.output and not out.exists()
    res = CliRunner().invoke(main, ["replan", str(tiny_path), str(plan), str(changes), "-o", str(out),
                                    "--instance-out", str(tmp_path / "nowhere" / "y.json")])
    assert res.exit_code == 2 and "--instance-out" in res.output and not out.exists()


def test_cli_suggest(tiny_path: Path, tiny_plan: Plan, tmp_path: Path) -> None:
    plan = _write(tmp_path / "plan.json", tiny_plan.to_json())
    res = CliRunner().invoke(main, ["suggest", str(tiny_path), str(plan), "--mission", "M07", "--seat",
                                    tiny_plan.assignment_of()["M07"].ambassadors[0], "--top", "3", "--json"])
    assert res.exit_code == 0, res.output
    options = json.loads(res.output)
    assert 1 <= len(options) <= 3 and options[0]["mission"] == "M07"
    res = CliRunner().invoke(main, ["suggest", str(tiny_path), str(plan), "--mission", "M404"])
    assert res.exit_code == 2 and "unknown mission 'M404'" in res.output


def test_a_greedy_start_gives_a_valid_plan_too(tiny_year: Instance, tiny_plan: Plan) -> None:
    from ambassade_opt.errors import InputError

    changes = _changes({"kind": "unavailable", "person": "A07", "start": "2027-07-01", "end": "2027-12-31"},
                       now=MID_YEAR)
    result = replan(tiny_year, tiny_plan, changes, options=FAST, start="greedy")
    _valid(result)
    published = replan(tiny_year, tiny_plan, changes, options=FAST)
    assert result.plan.status == published.plan.status == "optimal"
    assert result.plan.kpis.coverage_value == published.plan.kpis.coverage_value, "same objective"
    assert _record(result.plan).start == "greedy"
    with pytest.raises(InputError, match="start"):
        replan(tiny_year, tiny_plan, changes, options=FAST, start="random")  # type: ignore[arg-type]


def test_without_now_nothing_is_frozen(tiny_year: Instance, tiny_plan: Plan) -> None:
    first = tiny_plan.assignments[0]
    person = first.ambassadors[0]
    result = replan(tiny_year, tiny_plan, _changes(
        {"kind": "unavailable", "person": person, "start": "2027-01-01", "end": "2027-12-31"}), options=FAST)
    assert result.frozen == [] and result.now is None
    assert person not in {p for _, p in _pairs(result.plan)}, "even the earliest mission is re-planned"
    assert _record(result.plan).now is None
    _valid(result)


# --------------------------------------------------------------------------------------------
# Coverage tolerance: a little coverage for kept promises


def _contested_year() -> tuple[Instance, Plan, Changes]:
    """X and Y (one mission each) can debate in Dutch, W only in French. Published: X on the Dutch
    debate A (priority 5), Y on the French debate B at the same hour (priority 1), W on four French
    talks C1–C4 (priority 3 each, W's yearly maximum). X cancels. Coverage first moves Y from B to A
    (17); keeping Y's promise leaves A uncovered (13, 24 % less)."""
    raw = json.loads(TINY_PATH.read_text(encoding="utf-8"))
    person = raw["ambassadors"][0]

    def ambassador(aid: str, languages: list[str], max_missions: int) -> dict[str, Any]:
        return {**person, "id": aid, "name": aid, "languages": languages, "max_missions": max_missions,
                "max_hours": 100, "unavailable": [], "available_weekdays": None}

    template = {**raw["missions"][0], "needs_staff_pair": False, "staff_services": [], "preparation_hours": 0,
                "paid": None, "expenses_eur": 0.0, "pinned_ambassadors": [], "pinned_staff": None}

    def mission(mid: str, day: str, language: str, priority: int) -> dict[str, Any]:
        return {**template, "id": mid, "start": f"{day}T19:00", "end": f"{day}T21:00", "language": language,
                "priority": priority}

    raw["ambassadors"] = [ambassador("X", ["fr", "nl"], 1), ambassador("Y", ["fr", "nl"], 1),
                          ambassador("W", ["fr"], 4)]
    raw["missions"] = [mission("A", "2027-09-10", "nl", 5), mission("B", "2027-09-10", "fr", 1),
                       *[mission(f"C{i}", day, "fr", 3) for i, day in
                         enumerate(["2027-09-20", "2027-10-20", "2027-11-20", "2027-12-10"], start=1)]]
    raw["meetings"] = []
    year = Instance.model_validate(raw)
    published = Plan(status="feasible", assignments=[
        Assignment(mission="A", ambassadors=["X"]), Assignment(mission="B", ambassadors=["Y"]),
        *[Assignment(mission=f"C{i}", ambassadors=["W"]) for i in range(1, 5)]])
    assert validate(year, published.assignments) == []
    changes = _changes({"kind": "unavailable", "person": "X", "start": "2027-07-01", "end": "2027-12-31"},
                       now=MID_YEAR)
    return year, published, changes


def test_coverage_first_moves_a_promised_person(tmp_path: Path) -> None:
    year, published, changes = _contested_year()
    strict = replan(year, published, changes, options=FAST, coverage_tolerance=0.0)  # coverage first
    assert strict.plan.status == "optimal"
    assert strict.plan.kpis.coverage_value == 17
    assert strict.plan.assignment_of()["A"].ambassadors == ["Y"]
    assert (strict.untouched_kept, strict.untouched_pairs) == (4, 5)
    assert [p.name for p in strict.plan.solver.passes] == ["coverage+stability", "lexicographic"]


def test_the_default_is_promises_first_at_one_percent_and_says_what_it_kept(tmp_path: Path) -> None:
    year, published, changes = _contested_year()
    result = replan(year, published, changes, options=FAST)  # no tolerance given: the default
    record = _record(result.plan)
    assert record.coverage_tolerance == 0.01
    # keeping Y's promise would cost 4 of 17 (24 %), far above 1 %: coverage wins, Y moves
    assert result.plan.kpis.coverage_value == 17
    assert (record.untouched, record.untouched_kept) == (5, 4)
    assert (result.untouched_pairs, result.untouched_kept) == (5, 4)
    assert record.coverage_best_found == 17
    assert record.coverage_bound is not None and record.coverage_bound >= 17
    summary = result.summary()
    assert "untouched assignments kept: 4 of 5 (80.0 %)" in summary
    assert "coverage value 17 of 18; 100.0 % of the best found (17, tolerance 1 %)" in summary
    assert f"% of its bound ({record.coverage_bound:g})" in summary
    result.plan.save(tmp_path / "plan.json")
    written = json.loads((tmp_path / "plan.json").read_text())["run"]["replan"]
    assert (written["untouched"], written["untouched_kept"], written["coverage_best_found"]) == (5, 4, 17)


def test_a_coverage_tolerance_keeps_promises_within_its_share(tmp_path: Path) -> None:
    year, published, changes = _contested_year()
    tolerant = replan(year, published, changes, options=FAST, coverage_tolerance=0.3)
    assert tolerant.plan.status == "optimal"
    assert tolerant.plan.kpis.coverage_value == 13
    assert "A" not in tolerant.plan.assignment_of()
    assert (tolerant.untouched_kept, tolerant.untouched_pairs) == (5, 5)
    first, promises = tolerant.plan.solver.passes[:2]
    assert (first.coverage_value, promises.coverage_floor) == (17, 12)  # ⌈0.7 · 17⌉
    assert _record(tolerant.plan).coverage_tolerance == 0.3
    # the summary: the coverage kept against the best found and the tolerance (the floor is in the passes)
    assert "coverage value 13 of 18; 76.5 % of the best found (17, tolerance 30 %)" in tolerant.summary()
    (tmp_path / "year.json").write_text(tolerant.instance.to_json())
    (tmp_path / "plan.json").write_text(tolerant.plan.to_json())
    assert run_checker(tmp_path / "year.json", tmp_path / "plan.json")["violations"] == 0


def test_a_tolerance_smaller_than_the_promise_costs_changes_nothing() -> None:
    year, published, changes = _contested_year()
    result = replan(year, published, changes, options=FAST, coverage_tolerance=0.2)  # floor 14 > 13
    assert result.plan.kpis.coverage_value == 17
    assert result.plan.assignment_of()["A"].ambassadors == ["Y"]


def _climb_stopped_at(monkeypatch: pytest.MonkeyPatch, assignments: list[Assignment], coverage: int) -> None:
    """Make the promises pass a climb that ran out of time at ``assignments`` (worth ``coverage``)."""
    real = passes.promises_options
    stopped = Plan(status="feasible", assignments=assignments)

    def short_climb(instance: Instance, options: SolveOptions, best: Plan, floor: int, k: int,
                    time_limit: float | None) -> SolveOptions:
        climb = real(instance, options.with_(hint=stopped), best, floor, k, time_limit)
        return climb.with_(requirements=[*climb.requirements, CoverageAtMost(coverage)])

    monkeypatch.setattr(passes, "promises_options", short_climb)


# Y kept on B, W on three of the four talks: 10, below the floor of 12 (t = 0.3)
SHORT_CLIMB = [Assignment(mission="B", ambassadors=["Y"]),
               *[Assignment(mission=f"C{i}", ambassadors=["W"]) for i in range(1, 4)]]


def test_a_climb_short_of_its_floor_is_crossed_with_pass_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 1 (Y moved to A, W on C1–C4: 17) and a climb stopped at 10 agree on C1–C3; A, B and C4
    are re-planned between them: Y back on B, W on C4 — the floor holds, every promise is kept."""
    _climb_stopped_at(monkeypatch, SHORT_CLIMB, 10)
    year, published, changes = _contested_year()
    result = replan(year, published, changes, options=FAST, coverage_tolerance=0.3)
    records = result.plan.solver.passes
    assert [p.name for p in records] == ["coverage+stability", "promises", "crossover", "lexicographic"]
    first, promises, crossover = records[:3]
    assert (first.coverage_value, promises.coverage_value, promises.coverage_floor) == (17, 10, 12)
    assert crossover.coverage_value == 13 and crossover.stability_cost == 0 < (first.stability_cost or 0)
    assert result.plan.kpis.coverage_value == 13
    assert (result.untouched_kept, result.untouched_pairs) == (5, 5)
    assert [s.name for s in result.solve.stages][:2] == ["coverage+stability", "crossover"]
    _valid(result)


def test_the_crossover_path_is_deterministic_with_one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    _climb_stopped_at(monkeypatch, SHORT_CLIMB, 10)
    year, published, changes = _contested_year()
    # 10 s: the passes' shares of 4 s left some stages a sub-MIP's time only, and the clock decided
    runs = [replan(year, published, changes, options=SolveOptions(time_limit=10, workers=1, seed=3),
                   coverage_tolerance=0.3) for _ in range(2)]
    assert "crossover" in [p.name for p in runs[0].plan.solver.passes]
    skip_if_the_clock_decided(*(r.plan for r in runs))
    assert runs[0].plan.to_json() == runs[1].plan.to_json()


def test_a_crossover_keeps_what_both_plans_agree_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """A climb that dropped C1 and C4 but agrees with pass 1 on C2–C3: the crossover may only
    re-plan A, B, C1 and C4, and still finds the floor with every promise."""
    seen: list[dict[str, Assignment | None]] = []
    real = passes.crossover_options

    def spy(instance: Instance, options: SolveOptions, above: Plan, short: Plan, floor: int,
            time_limit: float | None) -> SolveOptions:
        crossed = real(instance, options, above, short, floor, time_limit)
        seen.append(crossed.fixed)
        return crossed

    monkeypatch.setattr(passes, "crossover_options", spy)
    _climb_stopped_at(monkeypatch, [Assignment(mission="B", ambassadors=["Y"]),
                                    *[Assignment(mission=f"C{i}", ambassadors=["W"]) for i in (2, 3)]], 7)
    year, published, changes = _contested_year()
    result = replan(year, published, changes, options=FAST, coverage_tolerance=0.3)
    assert {mid: (a.ambassadors if a else None) for mid, a in seen[0].items()} == {"C2": ["W"], "C3": ["W"]}
    assert result.plan.kpis.coverage_value == 13
    assert (result.untouched_kept, result.untouched_pairs) == (5, 5)


def _busy_year_with_cancellations() -> tuple[Instance, Plan, Changes]:
    year = generate(YearSize(n_ambassadors=20, n_missions=60), seed=3)
    published = solve(year, SolveOptions(time_limit=2, workers=2, seed=0)).plan
    busy = sorted({p for a in published.assignments if year.mission(a.mission).start >= MID_YEAR
                   for p in a.ambassadors})[:2]
    changes = _changes(*[{"kind": "unavailable", "person": p, "start": "2027-07-01", "end": "2027-12-31"}
                         for p in busy], now=MID_YEAR)
    return year, published, changes


def test_a_tolerant_replan_keeps_the_time_limit() -> None:
    year, published, changes = _busy_year_with_cancellations()
    limit = 3.0
    t0 = time.perf_counter()
    result = replan(year, published, changes, options=SolveOptions(time_limit=limit, workers=2, seed=0),
                    coverage_tolerance=0.02)
    wall = time.perf_counter() - t0
    # the solver's promise (tests/solver/test_hygiene.py): limit + 10 % + model builds + bookkeeping
    assert wall <= 1.1 * limit + result.solve.build_seconds + 0.5, f"{wall:.2f} s for a {limit} s limit"
    _valid(result)


def test_a_tolerant_replan_is_deterministic_with_one_worker() -> None:
    year, published, changes = _busy_year_with_cancellations()
    options = SolveOptions(time_limit=10, workers=1, seed=5)  # at 3 s the last pass's coverage stage
    first = replan(year, published, changes, options=options, coverage_tolerance=0.02)  # had 0.05 s
    second = replan(year, published, changes, options=options, coverage_tolerance=0.02)
    skip_if_the_clock_decided(first.plan, second.plan)
    assert first.plan.to_json() == second.plan.to_json()


@pytest.mark.parametrize("tolerance", [-0.1, 1.0, 2.0])
def test_a_tolerance_outside_0_1_is_bad_input(tiny_year: Instance, tiny_plan: Plan, tolerance: float) -> None:
    from ambassade_opt.errors import InputError

    with pytest.raises(InputError, match="coverage_tolerance"):
        replan(tiny_year, tiny_plan, _changes(), options=FAST, coverage_tolerance=tolerance)


def test_a_tolerance_in_weighted_mode_is_bad_input(tiny_year: Instance, tiny_plan: Plan) -> None:
    from ambassade_opt.errors import InputError

    with pytest.raises(InputError, match=r"coverage_tolerance.*lexicographic"):
        replan(tiny_year, tiny_plan, _changes(), options=FAST.model_copy(update={"mode": "weighted"}),
               coverage_tolerance=0.01)


def test_cli_coverage_tolerance(tiny_path: Path, tiny_plan: Plan, tmp_path: Path) -> None:
    plan = _write(tmp_path / "plan.json", tiny_plan.to_json())
    changes = _write(tmp_path / "changes.json", {"format_version": 1, "now": "2027-07-01T00:00", "changes": [
        {"kind": "unavailable", "person": "A07", "start": "2027-07-01", "end": "2027-12-31"}]})
    out = tmp_path / "new_plan.json"
    res = CliRunner().invoke(main, ["replan", str(tiny_path), str(plan), str(changes), "-o", str(out),
                                    "--time-limit", "5", "--workers", "1", "--coverage-tolerance", "0.02"])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["run"]["replan"]["coverage_tolerance"] == 0.02
    res = CliRunner().invoke(main, ["replan", str(tiny_path), str(plan), str(changes), "-o",
                                    str(tmp_path / "other.json"), "--coverage-tolerance", "1.5"])
    assert res.exit_code == 2 and "--coverage-tolerance" in res.output
    assert not (tmp_path / "other.json").exists()


def test_cli_a_frozen_past_that_breaks_a_rule_exits_3_with_no_invalid_plan(tiny_path: Path, tiny_plan: Plan,
                                                                           tmp_path: Path) -> None:
    """The past cannot be changed, and a plan keeping it would break a rule: no plan exists (exit 3);
    the file written is the infeasible plan naming the frozen mission, and it passes ``check``."""
    broken = tiny_plan.model_copy(deep=True)
    m02 = next(a for a in broken.assignments if a.mission == "M02")
    m02.ambassadors = ["A02", "A04", "A06"]  # 3 on 2 seats, and A06 has not signed the charter
    plan = _write(tmp_path / "plan.json", broken.to_json())
    april = {"format_version": 1, "now": "2027-04-01T00:00", "changes": []}
    changes = _write(tmp_path / "changes.json", april)
    out, year_out = tmp_path / "new_plan.json", tmp_path / "new_year.json"
    res = CliRunner().invoke(main, ["replan", str(tiny_path), str(plan), str(changes), "-o", str(out),
                                    "--instance-out", str(year_out), "--time-limit", "5", "--workers", "1"])
    assert res.exit_code == 3, res.output
    assert "Traceback" not in res.output and "M02" in res.stderr
    written = Plan.load(out)
    assert written.status == "infeasible" and not written.assignments
    assert {c.mission for c in written.solver.conflicts} == {"M02"}
    assert validate(Instance.load(year_out), written) == []
    check = CliRunner().invoke(main, ["check", str(year_out), str(out)])
    assert check.exit_code == 0, check.output
