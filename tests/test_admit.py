"""Admission: at most the cap, objective criteria, quotas, and the planner as the engine."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ambassade_opt.admit import admit
from ambassade_opt.cli import main
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.scoring import kpis, validate
from ambassade_opt.solver import ActiveBetween, SolveOptions, solve
from ambassade_opt.sweeps import deterministic_limits
from ambassade_opt.synthetic import YearSize, generate

TIME = 2.0


@pytest.fixture(scope="module")
def year() -> Instance:
    return generate(YearSize(n_ambassadors=12, n_missions=40), seed=3)


def test_admits_at_most_the_cap_and_the_plan_is_valid(year: Instance) -> None:
    result = admit(year, 4, time_limit=TIME)
    assert result.status in ("optimal", "feasible")
    assert 1 <= len(result.admitted) <= 4
    assert result.unused_seats == 4 - len(result.admitted)
    active = {aid for a in result.plan.assignments for aid in a.ambassadors}
    assert set(result.admitted) == active
    assert set(result.admitted) | set(result.not_admitted) == {a.id for a in year.ambassadors}
    assert not set(result.admitted) & set(result.not_admitted)
    capped = year.model_copy(update={"policy": year.policy.model_copy(update={"group_cap": 4})})
    assert validate(capped, result.plan) == []
    assert result.coverage_value == kpis(year, result.plan).coverage_value
    assert result.missions == len(year.missions)
    assert "admitted" in result.summary()


def test_a_stop_returns_the_best_choice_found_so_far_at_once(year: Instance) -> None:
    """Ctrl-C's path: with ``stop`` set the solve ends without waiting for its time limit, and what
    it returns is still a choice that keeps the rules."""
    stop = threading.Event()
    stop.set()
    started = time.monotonic()
    result = admit(year, 4, time_limit=120, stop=stop)
    assert time.monotonic() - started < 30
    assert result.plan.solver is not None and result.plan.solver.stopped_by == "interrupt"
    assert result.status == "feasible" and len(result.admitted) <= 4
    capped = year.model_copy(update={"policy": year.policy.model_copy(update={"group_cap": 4})})
    assert validate(capped, result.plan) == []


def test_admit_keeps_its_wall_time_limit() -> None:
    """``time_limit`` is wall seconds for the year's solve, its build included (``admit
    --time-limit 5`` took 11.5 s); checking the choice afterwards takes a fraction of a second."""
    year = generate("S", seed=1)
    started = time.monotonic()
    result = admit(year, 20, time_limit=3.0)
    assert time.monotonic() - started <= 1.1 * 3.0 + 1.0
    assert result.status in ("optimal", "feasible")


def test_the_planner_beats_admitting_the_best_scores(year: Instance) -> None:
    """Not a proxy: the chosen pool covers at least what the top selection scores would."""
    cap = 3
    result = admit(year, cap, time_limit=TIME)
    by_score = sorted(year.ambassadors, key=lambda a: -(a.selection_score or 0))[:cap]
    top = {a.id for a in by_score}

    only_top = ActiveBetween(people=tuple(a.id for a in year.ambassadors if a.id not in top), low=0, high=0)
    baseline = solve(year, SolveOptions(workers=1, requirements=[only_top], **deterministic_limits(TIME)))
    assert {p for a in baseline.plan.assignments for p in a.ambassadors} <= top
    assert result.coverage_value >= kpis(year, baseline.plan).coverage_value


def test_minimum_selection_score_filters_the_pool(year: Instance) -> None:
    threshold = 70.0
    result = admit(year, 6, min_selection_score=threshold, time_limit=TIME)
    scores = {a.id: a.selection_score for a in year.ambassadors}
    assert all(scores[aid] is not None and scores[aid] >= threshold for aid in result.admitted)  # type: ignore[operator]
    for aid, reason in result.not_admitted.items():
        if scores[aid] is None:
            assert reason == "no selection score"
        elif scores[aid] < threshold:  # type: ignore[operator]
            assert "below" in reason


def test_quotas_hold_on_the_admitted_pool(year: Instance) -> None:
    regions = sorted({a.home_region for a in year.ambassadors})
    home = {a.id: a.home_region for a in year.ambassadors}
    quotas = {"home_region": {regions[0]: [2, 3], regions[1]: [0, 0]}}
    result = admit(year, 5, quotas=quotas, time_limit=TIME)
    assert result.status in ("optimal", "feasible")
    admitted_regions = [home[aid] for aid in result.admitted]
    assert 2 <= admitted_regions.count(regions[0]) <= 3
    assert admitted_regions.count(regions[1]) == 0
    counts = {(q.feature, q.value): q.admitted for q in result.quotas}
    assert counts[("home_region", regions[0])] == admitted_regions.count(regions[0])


def test_quotas_no_pool_within_the_cap_meets_are_bad_input_naming_the_smallest_fix(year: Instance) -> None:
    """Before any solve; only candidates who can take a mission count towards a minimum."""
    with pytest.raises(InputError) as err:
        admit(year, 3, quotas={"home_region": {"BXL": [2, 2], "WAL": [2, 2]}}, time_limit=TIME)
    why = ("no pool of at most 3 of the 12 candidates meets the quotas (7 of them can take a mission of the "
           "year)")
    assert err.value.problems == [
        ("quotas.home_region.WAL", f"{why}; smallest fix: lower home_region=WAL min from 2 to 1"),
        ("group_cap", f"{why}; or raise the cap from 3 to 4"),
    ]
    # BXL has 4 candidates but only 2 can take a mission: a bigger cap would not help.
    with pytest.raises(InputError) as err:
        admit(year, 12, quotas={"home_region": {"BXL": [3, 5]}}, time_limit=TIME)
    assert [loc for loc, _ in err.value.problems] == ["quotas.home_region.BXL"]
    assert err.value.problems[0][1].endswith("smallest fix: lower home_region=BXL min from 3 to 2")
    fixed = admit(year, 3, quotas={"home_region": {"BXL": [2, 2], "WAL": [1, 2]}}, time_limit=TIME)
    assert fixed.status in ("optimal", "feasible")


def test_no_plan_within_the_quotas_is_infeasible_and_says_so(year: Instance) -> None:
    """The quotas can be met by counts, but a pin puts someone they exclude on a mission."""
    pinned = year.missions[0].model_copy(update={"pinned_ambassadors": [year.ambassadors[0].id]})
    region = year.ambassadors[0].home_region
    pinned_year = year.model_copy(update={"missions": [pinned, *year.missions[1:]]})
    result = admit(pinned_year, 4, quotas={"home_region": {region: [0, 0]}}, time_limit=TIME)
    assert result.status == "infeasible" and result.admitted == []
    assert set(result.not_admitted.values()) == {
        "no plan of the year keeps the cap, the quotas and the pins together"}


def test_selection_scores_decide_between_pools_of_equal_coverage(year: Instance) -> None:
    """R1's objective criteria: of two interchangeable candidates, the higher score is admitted."""
    chosen = admit(year, 1, time_limit=TIME).admitted
    assert len(chosen) == 1
    original = next(a for a in year.ambassadors if a.id == chosen[0])
    twin = original.model_copy(update={"id": "TWIN", "name": "Twin", "selection_score": 90.0})
    people = [a.model_copy(update={"selection_score": 10.0 if a.id == original.id else None})
              for a in year.ambassadors]
    twins = Instance.model_validate({**year.model_dump(mode="python"),
                                     "ambassadors": [a.model_dump(mode="python") for a in [*people, twin]]})
    result = admit(twins, 1, time_limit=TIME)
    assert result.admitted == ["TWIN"]
    assert "selection score 10" in result.not_admitted[original.id]


def test_bad_arguments_are_input_errors(year: Instance) -> None:
    with pytest.raises(InputError, match="colour"):
        admit(year, 3, quotas={"colour": {"red": [0, 1]}})
    with pytest.raises(InputError, match="min"):
        admit(year, 3, quotas={"home_region": {"BXL": [2, 1]}})
    with pytest.raises(InputError, match="group_cap"):
        admit(year, -1)
    with pytest.raises(InputError, match="min_selection_score"):
        admit(year, 3, min_selection_score=120)


def test_candidates_with_a_separate_inventory(year: Instance) -> None:
    result = admit(year.ambassadors[:6], 3, inventory=year, time_limit=TIME)
    candidates = {a.id for a in year.ambassadors[:6]}
    assert set(result.admitted) <= candidates
    assert set(result.admitted) | set(result.not_admitted) == candidates
    planned = {a.mission for a in result.plan.assignments} | {u.mission for u in result.plan.unassigned}
    kept = {m.id for m in year.missions if m.proposed_by is None or m.proposed_by in candidates}
    assert planned == kept
    with pytest.raises(InputError, match="inventory"):
        admit(year.ambassadors[:6], 3)


def test_admit_command(year: Instance, tmp_path: Path) -> None:
    path = tmp_path / "year.json"
    year.save(path)
    out = tmp_path / "admission.json"
    plan_out = tmp_path / "plan.json"
    region = year.ambassadors[0].home_region
    args = ["admit", str(path), "--cap", "4", "--quota", f"home_region={region}:1:4",
            "--time-limit", str(TIME), "-o", str(out), "--plan-out", str(plan_out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["admitted"]) <= 4 and "plan" not in data
    assert data["quotas"][0]["admitted"] >= 1
    assert plan_out.exists()
    bad = CliRunner().invoke(main, ["admit", str(path), "--cap", "4", "--quota", "home_region=BXL",
                                    "-o", str(tmp_path / "no.json")])
    assert bad.exit_code == 2 and "quota" in bad.output
    assert not (tmp_path / "no.json").exists()


def test_admit_command_exits_2_on_quotas_beyond_reach_and_3_without_a_plan(year: Instance,
                                                                           tmp_path: Path) -> None:
    path = tmp_path / "year.json"
    year.save(path)
    out, plan_out = tmp_path / "admission.json", tmp_path / "plan.json"
    args = ["admit", str(path), "--cap", "3", "--quota", "home_region=BXL:2:2", "--quota",
            "home_region=WAL:2:2", "--time-limit", str(TIME), "-o", str(out), "--plan-out", str(plan_out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "lower home_region=WAL min from 2 to 1" in result.stderr
    assert "raise the cap from 3 to 4" in result.stderr
    assert not out.exists() and not plan_out.exists()

    pinned = year.missions[0].model_copy(update={"pinned_ambassadors": [year.ambassadors[0].id]})
    year.model_copy(update={"missions": [pinned, *year.missions[1:]]}).save(path)
    region = year.ambassadors[0].home_region
    args = ["admit", str(path), "--cap", "4", "--quota", f"home_region={region}:0:0",
            "--time-limit", str(TIME), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "infeasible"
    assert "Traceback" not in result.output
