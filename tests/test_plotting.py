"""The plots draw without error and show what they claim (bars, labels, lines)."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from ambassade_opt.model import AXES, LEVELS, Instance
from ambassade_opt.plan import Assignment, Plan, Unassigned
from ambassade_opt.plotting import (
    calendar_grid,
    plot_calendar,
    plot_coverage_by,
    plot_coverage_curve,
    plot_loads,
    plot_sortition,
    plot_spend,
    spend_by_quarter,
)


@pytest.fixture(autouse=True)
def _close_figures() -> object:
    yield None
    plt.close("all")


@pytest.fixture
def plan(tiny: Instance) -> Plan:
    assignments = [
        Assignment(mission="M01", ambassadors=["A02", "A03"], staff="S01"),
        Assignment(mission="M02", ambassadors=["A01", "A04"]),
        Assignment(mission="M05", ambassadors=["A04"]),
        Assignment(mission="M10", ambassadors=["A04"]),
    ]
    covered = {a.mission for a in assignments}
    left_out = [Unassigned(mission=m.id, reason="-") for m in tiny.missions if m.id not in covered]
    return Plan(status="feasible", assignments=assignments, unassigned=left_out)


def curve_frame() -> pd.DataFrame:
    rows = []
    for budget in (1000.0, 2000.0):
        for cap in (2, 4, 6):
            value = cap * (3 if budget > 1500 else 2)
            rows.append({"cap": cap, "budget": budget, "coverage_value": value, "coverage_value_max": 40,
                         "coverage_share": value / 40, "covered_promote": cap, "covered_inform": 1,
                         "covered_defend": cap // 2})
    return pd.DataFrame(rows)


def test_every_plot_draws_on_the_given_axes(tiny: Instance, plan: Plan) -> None:
    fig, axes = plt.subplots(2, 3)
    record = {"meetings": [{"meeting": "G1", "method": "sortition", "guests": ["A01"], "seed": 1,
                            "probabilities": {"A01": 0.5, "A02": 0.5}}]}
    drawn = [
        plot_coverage_curve(curve_frame(), ax=axes[0, 0]),
        plot_loads(tiny, plan, ax=axes[0, 1]),
        plot_coverage_by(tiny, plan, "axis", ax=axes[0, 2]),
        plot_spend(tiny, plan, ax=axes[1, 0]),
        plot_calendar(tiny, plan, ax=axes[1, 1]),
        plot_sortition(record, ax=axes[1, 2]),
    ]
    assert drawn == list(axes.flat)
    fig.canvas.draw()


def test_every_plot_makes_its_own_figure_without_an_axes(tiny: Instance, plan: Plan) -> None:
    for ax in (plot_loads(tiny, plan), plot_spend(tiny, plan), plot_calendar(tiny, plan),
               plot_coverage_by(tiny, plan), plot_coverage_curve(curve_frame())):
        assert isinstance(ax, Axes)
        ax.figure.canvas.draw()


def test_loads_one_bar_per_ambassador_with_their_maximum(tiny: Instance, plan: Plan) -> None:
    ax = plot_loads(tiny, plan)
    bars = ax.patches
    assert len(bars) == len(tiny.ambassadors)
    heights = [b.get_height() for b in bars]
    assert heights == sorted(heights, reverse=True)
    assert heights[0] == 3  # A04 has three missions
    assert ax.get_xticklabels()[0].get_text() == "A04"
    limits = ax.collections[0].get_offsets()[:, 1]
    assert limits[0] == tiny.ambassador("A04").max_missions
    assert ax.get_ylabel() == "missions"
    active = plot_loads(tiny, plan, active_only=True, metric="hours")
    assert len(active.patches) == 4
    assert "hours" in active.get_ylabel()
    # Names stay out of the picture: ticks are ids.
    assert "Lotte" not in {t.get_text() for t in ax.get_xticklabels()}


@pytest.mark.parametrize(("by", "groups", "label"),
                         [("axis", AXES, "representation axis"), ("level", LEVELS, "level")])
def test_coverage_by_has_two_bars_per_group(
    tiny: Instance, plan: Plan, by: str, groups: tuple[str, ...], label: str
) -> None:
    ax = plot_coverage_by(tiny, plan, by)  # type: ignore[arg-type]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(groups)
    assert len(ax.patches) == 2 * len(groups)
    totals = [b.get_height() for b in ax.patches[: len(groups)]]
    assert sum(totals) == len(tiny.missions)
    covered = [b.get_height() for b in ax.patches[len(groups):]]
    assert sum(covered) == len(plan.assignments)
    assert ax.get_xlabel() == label


def test_coverage_by_region_and_sector(tiny: Instance, plan: Plan) -> None:
    regions = sorted({m.region for m in tiny.missions})
    ax = plot_coverage_by(tiny, plan, "region", value=True)
    assert [t.get_text() for t in ax.get_xticklabels()] == regions
    assert sum(b.get_height() for b in ax.patches[: len(regions)]) == sum(m.priority for m in tiny.missions)
    assert ax.get_ylabel() == "priority points"
    ax = plot_coverage_by(tiny, plan, "sector")
    assert len(ax.get_xticklabels()) >= 1
    with pytest.raises(ValueError, match="breakdown"):
        plot_coverage_by(tiny, plan, "colour")  # type: ignore[arg-type]


def test_spend_stacks_remuneration_and_expenses_per_quarter(tiny: Instance, plan: Plan) -> None:
    pay, fees = spend_by_quarter(tiny, plan)
    ax = plot_spend(tiny, plan)
    assert len(ax.patches) == 8
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Q1", "Q2", "Q3", "Q4"]
    tops = [ax.patches[4 + q].get_y() + ax.patches[4 + q].get_height() for q in range(4)]
    assert np.allclose(tops, pay + fees)
    # M01 (Q1): debate, 2.5 h + prep; two ambassadors, BXL mission from BXL and WAL.
    assert fees[0] > 0 and pay.sum() > 0
    assert ax.get_ylabel() == "EUR"
    assert any(line.get_linestyle() == "--" for line in ax.lines)  # annual budget / 4


def test_calendar_grid_counts_every_mission_once(tiny: Instance, plan: Plan) -> None:
    missions = calendar_grid(tiny, plan, "missions")
    assert missions.shape[0] == 7 and missions.shape[1] in (53, 54)
    assert np.nansum(missions) == len(tiny.missions)
    assert np.nansum(calendar_grid(tiny, plan, "covered")) == len(plan.assignments)
    share = calendar_grid(tiny, plan, "share")
    assert np.nanmin(share) >= 0 and np.nanmax(share) <= 1
    # 2027-03-06 is a Saturday with two missions (M02 covered, M12 not).
    assert share[5, (pd.Timestamp("2027-03-06") - pd.Timestamp("2026-12-28")).days // 7] == 0.5
    ax = plot_calendar(tiny, plan)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert len(ax.get_xticklabels()) == 12
    assert len(ax.images) == 1


def test_sortition_bars_from_a_governance_file(tmp_path: Path) -> None:
    record = {
        "support_group": {"members": ["S01"]},
        "meetings": [
            {"meeting": "G1", "method": "competence", "guests": ["A03"]},
            {"meeting": "G2", "method": "sortition", "guests": ["A02", "A05"], "seed": 7,
             "pool_digest": "x", "probabilities": {"A01": 0.5, "A02": 0.5, "A05": 1.0, "A07": 0.0},
             "distribution": []},
        ],
    }
    path = tmp_path / "gov.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    ax = plot_sortition(path)
    assert len(ax.patches) == 4
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A05", "A01", "A02", "A07"]
    colors = [tuple(np.round(b.get_facecolor(), 3)) for b in ax.patches]
    assert colors[0] == colors[2] != colors[1]  # drawn A05 and A02 stand out
    assert ax.lines[0].get_ydata()[0] == pytest.approx(2 / 3)  # 2 guests over 3 with a chance
    assert "seed 7" in ax.get_title()
    with pytest.raises(ValueError, match="no sortition"):
        plot_sortition(record, meeting="G1")


def test_coverage_curve_one_line_per_budget_and_axis_lines() -> None:
    curve = curve_frame()
    ax = plot_coverage_curve(curve)
    assert len(ax.lines) == 2
    assert list(ax.lines[0].get_xdata()) == [2, 4, 6]
    assert np.allclose(ax.lines[1].get_ydata(), curve[curve.budget == 2000.0].coverage_share * 100)
    assert ax.get_xlabel().startswith("group cap")
    by_budget = plot_coverage_curve(curve, x="budget", share=False)
    assert len(by_budget.lines) == 3 and by_budget.get_xlabel().startswith("annual budget")
    single = curve[curve.budget == 1000.0]
    axes_lines = plot_coverage_curve(single, by_axis=True)
    assert [t.get_text() for t in axes_lines.get_legend().get_texts()] == ["promote", "inform", "defend"]
    with pytest.raises(ValueError, match="does not vary"):
        plot_coverage_curve(single.drop(columns=["budget"]), x="budget")


def test_sortition_from_a_real_governance_result(tiny: Instance, plan: Plan) -> None:
    from ambassade_opt.governance import govern

    gov = govern(tiny, plan, seed=3)
    draws = [m for m in gov.meetings if m.method == "sortition"]
    assert draws
    first = draws[0]
    assert first.audit is not None
    for source in (gov, gov.to_dict(), first, first.audit):
        ax = plot_sortition(source, first.meeting)
        assert len(ax.patches) == len(first.audit.probabilities)
        heights = sorted((b.get_height() for b in ax.patches), reverse=True)
        assert heights == sorted(first.audit.probabilities.values(), reverse=True)
        assert sum(heights) == pytest.approx(len(first.guests))
        plt.close(ax.figure)
