"""The coverage curve and what-if sweeps: right figures, reproducible, same with or without Dask."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from ambassade_opt.cli import main
from ambassade_opt.curves import BUDGET_PATH as BUDGET
from ambassade_opt.curves import CAP_PATH as CAP
from ambassade_opt.curves import carry_better_plans, coverage_curve, smallest_cap_reaching
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan, Unassigned
from ambassade_opt.sweeps import (
    TIMING_COLUMNS,
    PointResult,
    apply_overrides,
    chains_along,
    dask_client,
    grid_points,
    same_results,
    what_if,
)
from ambassade_opt.synthetic import YearSize, generate

TIME = 0.4  # deterministic seconds per point: small years solve far below it


@pytest.fixture(scope="module")
def year() -> Instance:
    return generate(YearSize(n_ambassadors=12, n_missions=40), seed=3)


@pytest.fixture(scope="module")
def curve(year: Instance) -> pd.DataFrame:
    return coverage_curve(year, caps=[1, 3, 6, 12], time_limit_per_point=TIME, seed=0)


def test_curve_has_one_row_per_cap_with_consistent_figures(year: Instance, curve: pd.DataFrame) -> None:
    assert list(curve["cap"]) == [1, 3, 6, 12]
    assert curve["budget"].nunique() == 1 and curve["budget"].iloc[0] == year.policy.budget.annual
    for column in ("coverage_value", "coverage_share", "missions_covered", "covered_promote",
                   "covered_inform", "covered_defend", "spend_eur", "gini_loads", "rotation"):
        assert column in curve.columns
    total_value = sum(m.priority for m in year.missions)
    assert (curve["coverage_value_max"] == total_value).all()
    assert (curve["active_ambassadors"] <= curve["cap"]).all()
    per_axis = curve["covered_promote"] + curve["covered_inform"] + curve["covered_defend"]
    assert (per_axis == curve["missions_covered"]).all()
    bounded = curve["coverage_bound"].notna()
    assert bounded.any()
    assert (curve.loc[bounded, "coverage_value"] <= curve.loc[bounded, "coverage_bound"] + 1e-9).all()
    assert (curve["spend_eur"] <= year.policy.budget.annual + 0.01).all()
    assert curve["gini_loads"].between(0, 1).all()
    # A higher cap never loses coverage: the smaller cap's plan warm-starts the next one.
    assert curve["coverage_value"].is_monotonic_increasing
    assert set(curve["start"]) <= {"cold", "hint", "carried"}
    assert curve["coverage_value"].iloc[-1] > curve["coverage_value"].iloc[0]


def test_curve_is_reproducible_and_hint_free_runs_agree_on_optimal_points(
    year: Instance, curve: pd.DataFrame
) -> None:
    again = coverage_curve(year, caps=[1, 3, 6, 12], time_limit_per_point=TIME, seed=0)
    assert same_results(curve, again)
    cold = coverage_curve(year, caps=[1, 3, 6, 12], time_limit_per_point=TIME, seed=0, use_hints=False)
    optimal = (curve["status"] == "optimal") & (cold["status"] == "optimal")
    assert (curve.loc[optimal, "coverage_value"] == cold.loc[optimal, "coverage_value"]).all()


def test_curve_through_a_dask_local_cluster_gives_the_same_table(year: Instance, curve: pd.DataFrame) -> None:
    with dask_client() as client:
        remote = coverage_curve(year, caps=[1, 3, 6, 12], time_limit_per_point=TIME, seed=0, client=client)
    assert same_results(curve, remote)
    assert list(remote.columns) == list(curve.columns)


def test_curve_against_caps_and_budgets(year: Instance) -> None:
    annual = year.policy.budget.annual
    assert annual is not None
    table = coverage_curve(year, caps=[2, 6], budgets=[annual / 4, annual], time_limit_per_point=TIME)
    assert len(table) == 4
    assert list(table["budget"]) == [annual / 4, annual / 4, annual, annual]
    assert (table["spend_eur"] <= table["budget"] + 0.01).all()
    low, high = table[table.cap == 6].sort_values("budget")["coverage_value"]
    assert high >= low


def _point(year: Instance, overrides: dict[str, Any], plan: Plan) -> PointResult:
    from ambassade_opt.sweeps import plan_figures

    variant = apply_overrides(year, overrides)
    row = {**overrides, "status": "feasible", "coverage_bound": None, **plan_figures(variant, plan),
           "start": "cold", "seconds": 0.0}
    return PointResult(overrides, row, plan)


def test_a_looser_point_never_covers_less_than_a_tighter_one(year: Instance) -> None:
    """A plan within cap k (budget b) is a plan within a larger cap (budget): a point whose own search
    found less takes it, and every point of the grid is at least as good as each tighter one."""
    from ambassade_opt.solver import SolveOptions, solve
    from ambassade_opt.sweeps import deterministic_limits

    annual = year.policy.budget.annual
    good = solve(apply_overrides(year, {CAP: 3, BUDGET: annual}),
                 SolveOptions(workers=1, **deterministic_limits(TIME))).plan
    nothing = Plan(status="feasible",
                   unassigned=[Unassigned(mission=m.id, reason="-") for m in year.missions])
    grid = {BUDGET: [annual, None], CAP: [3, 6]}
    points = [_point(year, {BUDGET: b, CAP: c}, good if (b, c) == (annual, 3) else nothing)
              for b in grid[BUDGET] for c in grid[CAP]]
    rows = carry_better_plans(year, points, grid)
    expected = points[0].row["coverage_value"]
    assert expected > 0
    assert [r["coverage_value"] for r in rows] == [expected] * 4
    assert [r["start"] for r in rows] == ["cold", "carried", "carried", "carried"]
    for point, row in zip(points, rows, strict=True):
        assert row[CAP] == point.overrides[CAP] and row[BUDGET] == point.overrides[BUDGET]
    # The plan is checked against the looser point's year: one that breaks it is never carried.
    wide = solve(apply_overrides(year, {CAP: 6}), SolveOptions(workers=1, **deterministic_limits(TIME))).plan
    assert _point(year, {CAP: 6}, wide).row["active_ambassadors"] > 4
    rows = carry_better_plans(year, [_point(year, {CAP: 3}, wide), _point(year, {CAP: 4}, nothing)],
                              {CAP: [3, 4]})
    assert [r["start"] for r in rows] == ["cold", "cold"] and rows[1]["coverage_value"] == 0


def test_a_curve_of_cold_chains_never_goes_down(year: Instance) -> None:
    """Every cap its own chain: each point starts cold, yet coverage never drops as the cap rises."""
    caps = [1, 2, 3, 4, 6]
    table = coverage_curve(year, caps=caps, time_limit_per_point=0.05, seed=0, segments=len(caps))
    assert table["coverage_value"].is_monotonic_increasing
    assert set(table["start"]) <= {"cold", "carried"}


def test_smallest_cap_reaching(curve: pd.DataFrame) -> None:
    best = curve["coverage_share"].max()
    cap = smallest_cap_reaching(curve, best)
    assert cap is not None and curve.loc[curve.cap == cap, "coverage_share"].iloc[0] == best
    assert smallest_cap_reaching(curve, 1.01) is None


def test_bad_curve_arguments_are_input_errors(year: Instance) -> None:
    with pytest.raises(InputError, match="caps"):
        coverage_curve(year, caps=[3, -1], time_limit_per_point=TIME)
    with pytest.raises(InputError, match="twice"):
        coverage_curve(year, caps=[3, 3], time_limit_per_point=TIME)
    with pytest.raises(InputError, match="time_limit_per_point"):
        coverage_curve(year, caps=[3], time_limit_per_point=0)
    with pytest.raises(InputError, match="work_limit_per_point"):
        coverage_curve(year, caps=[3], time_limit_per_point=TIME, work_limit_per_point=-1)


def test_a_work_limit_per_point_decides_while_the_time_limit_only_guards(year: Instance) -> None:
    """A generous wall limit and a small work limit: no point is cut by the clock, and two runs of
    a sweep (with or without Dask) agree on every row."""
    limits = {"time_limit_per_point": 120, "work_limit_per_point": 0.2}
    first = coverage_curve(year, caps=[1, 3, 6, 12], seed=0, **limits)
    assert not first["stopped_by_clock"].any()
    again = coverage_curve(year, caps=[1, 3, 6, 12], seed=0, **limits)
    with dask_client() as client:
        # twice on one client: the second sweep must find its own copy of the year
        remote = coverage_curve(year, caps=[1, 3, 6, 12], seed=0, client=client, **limits)
        remote_again = coverage_curve(year, caps=[1, 3, 6, 12], seed=0, client=client, **limits)
    for other in (again, remote, remote_again):
        assert not other["stopped_by_clock"].any()
        assert same_results(first, other)


def test_a_point_keeps_its_wall_time_limit() -> None:
    """``time_limit_per_point`` is wall seconds, the model build included (it was ~3.5 s a point
    at "1 s per point")."""
    year = generate("S", seed=1)
    table = coverage_curve(year, caps=[10, 25, 40], time_limit_per_point=1.0, seed=0)
    assert (table["seconds"] <= 1.1 * 1.0 + 0.5).all(), table["seconds"].tolist()


def test_the_curve_reports_each_point_and_stops_when_asked(year: Instance) -> None:
    import threading

    lines: list[str] = []
    coverage_curve(year, caps=[2, 4, 6], time_limit_per_point=TIME, seed=0, segments=1, progress=lines.append)
    assert [line.split(":")[0] for line in lines] == [f"cap {c}, budget {year.policy.budget.annual:g}"
                                                      for c in (2, 4, 6)]
    assert all("coverage value" in line for line in lines)
    stop = threading.Event()

    def stop_after_the_first(line: str) -> None:
        stop.set()

    table = coverage_curve(year, caps=[2, 4, 6], budgets=[None, 500.0], time_limit_per_point=TIME, seed=0,
                           progress=stop_after_the_first, stop=stop)
    assert len(table) == 1  # the points computed before the stop, the others left out
    assert table["cap"].tolist() == [2]
    stop.set()
    empty = coverage_curve(year, caps=[2, 4], time_limit_per_point=TIME, stop=stop)
    assert empty.empty and list(empty.columns) == ["cap", "budget"]


# -- sweep machinery ----------------------------------------------------------------------------


def test_grid_points_and_chains() -> None:
    points = grid_points({"policy.budget.annual": [100.0, 200.0], "policy.group_cap": [5, None, 2]})
    assert len(points) == 6 and points[0] == {"policy.budget.annual": 100.0, "policy.group_cap": 5}
    chains = chains_along(points, "policy.group_cap", segments=1)
    assert [[p["policy.group_cap"] for p in c] for c in chains] == [[2, 5, None], [2, 5, None]]
    assert {c[0]["policy.budget.annual"] for c in chains} == {100.0, 200.0}
    cut = chains_along(points, "policy.group_cap", segments=2)
    assert [[p["policy.group_cap"] for p in c] for c in cut] == [[2, 5], [None], [2, 5], [None]]
    assert len(chains_along(points, None)) == 6
    with pytest.raises(InputError):
        grid_points({"policy.group_cap": []})


def test_no_cap_is_the_last_point_of_the_curve(year: Instance) -> None:
    table = coverage_curve(year, caps=[None, 2], time_limit_per_point=TIME)
    assert table["cap"].isna().tolist() == [False, True]
    assert table["coverage_value"].iloc[1] >= table["coverage_value"].iloc[0]


def test_apply_overrides_validates_like_input(year: Instance) -> None:
    changed = apply_overrides(year, {"policy.group_cap": 2, "policy.budget.annual": 10.0})
    assert changed.policy.group_cap == 2 and changed.policy.budget.annual == 10.0
    assert year.policy.group_cap != 2  # the original is untouched
    with pytest.raises(InputError, match=r"policy\.group_capp"):
        apply_overrides(year, {"policy.group_capp": 2})
    with pytest.raises(InputError, match="group_cap"):
        apply_overrides(year, {"policy.group_cap": -1})
    with pytest.raises(InputError, match="not a section"):
        apply_overrides(year, {"policy.group_cap.x": 1})


def test_what_if_in_process_over_two_parameters(year: Instance) -> None:
    table = what_if(year, {"policy.max_per_month": [1, None], "policy.group_cap": [4]},
                    time_limit_per_point=TIME, in_process=True, along="policy.group_cap")
    assert len(table) == 2
    assert table["policy.max_per_month"].isna().iloc[-1]  # None (no monthly cap) sorts last
    assert set(TIMING_COLUMNS) <= set(table.columns)
    assert (table["active_ambassadors"] <= 4).all()


# -- command line --------------------------------------------------------------------------------


def test_curve_command_writes_a_table_and_a_plot(year: Instance, tmp_path: Path) -> None:
    path = tmp_path / "year.json"
    year.save(path)
    out = tmp_path / "curve.csv"
    png = tmp_path / "curve.png"
    result = CliRunner().invoke(main, ["curve", str(path), "--caps", "2:6:2", "--time-limit-per-point",
                                       str(TIME), "-o", str(out), "--plot", str(png)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    assert list(table["cap"]) == [2, 4, 6]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    on_dask = tmp_path / "dask.json"
    result = CliRunner().invoke(main, ["curve", str(path), "--caps", "2,4,6", "--time-limit-per-point",
                                       str(TIME), "--dask", "local", "-o", str(on_dask)])
    assert result.exit_code == 0, result.output
    remote = pd.read_json(on_dask)
    assert remote["coverage_value"].tolist() == table["coverage_value"].tolist()
    worked = tmp_path / "work.csv"
    result = CliRunner().invoke(main, ["curve", str(path), "--caps", "2,4,6", "--time-limit-per-point", "120",
                                       "--work-limit-per-point", "0.2", "-o", str(worked)])
    assert result.exit_code == 0, result.output
    assert not pd.read_csv(worked)["stopped_by_clock"].any()
    bad = CliRunner().invoke(main, ["curve", str(path), "--caps", "2,x", "-o", str(tmp_path / "no.csv")])
    assert bad.exit_code == 2 and "caps" in bad.output
    assert not (tmp_path / "no.csv").exists()


def test_a_chain_never_ends_below_the_plan_it_was_handed() -> None:
    """The plan handed over is the warm start: a short search does not lose what it already had."""
    from ambassade_opt.scoring import kpis
    from ambassade_opt.solver import SolveOptions, solve
    from ambassade_opt.sweeps import deterministic_limits, solve_chain

    year = generate("S", seed=2)
    good = solve(year, SolveOptions(workers=1, **deterministic_limits(1.0))).plan
    handed = kpis(year, good).coverage_value
    rows = solve_chain(year, [{}], time_limit_per_point=0.2, hint=good)
    assert rows[0]["coverage_value"] >= handed
    assert rows[0]["start"] == "hint"


def test_what_if_on_a_scheduler_address_matches_in_process(year: Instance) -> None:
    from distributed import LocalCluster

    grid = {"policy.budget.annual": [1000.0, None], "policy.group_cap": [3, 6]}
    local = what_if(year, grid, time_limit_per_point=TIME, in_process=True, along="policy.group_cap")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        remote = what_if(year, grid, time_limit_per_point=TIME, along="policy.group_cap",
                         scheduler=cluster.scheduler_address)
    assert len(local) == 4
    assert same_results(local, remote)
    assert list(local["policy.group_cap"]) == [3, 6, 3, 6]
