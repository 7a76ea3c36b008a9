"""Plots say what they show: legends with the right colours, nothing hidden behind a legend,
titles per mode, readable labels, and colour never the only cue (issue 15)."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Plan
from ambassade_opt.plotting import (
    calendar_grid,
    plot_calendar,
    plot_coverage_by,
    plot_coverage_curve,
    plot_loads,
    plot_spend,
)


@pytest.fixture(autouse=True)
def _close_figures() -> object:
    yield None
    plt.close("all")


def year_plan(raw: dict[str, Any]) -> tuple[Instance, Plan]:
    instance = Instance.model_validate(raw)
    plan = Plan(status="feasible", assignments=[
        Assignment(mission="M01", ambassadors=["A02", "A03"], staff="S01"),
        Assignment(mission="M02", ambassadors=["A01", "A04"]),
        Assignment(mission="M05", ambassadors=["A04"]),
        Assignment(mission="M10", ambassadors=["A04"]),
    ])
    return instance, plan


def texts(ax: Any) -> list[str]:
    return [t.get_text() for t in ax.figure.findobj(Text) if t.get_text()]


def test_loads_legend_shows_each_kind_of_bar_in_its_own_colour(tiny_raw: dict[str, Any]) -> None:
    for a in tiny_raw["ambassadors"]:
        if a["id"] == "A04":
            a["max_missions"] = 3  # the heaviest bar is at its maximum
    instance, plan = year_plan(tiny_raw)
    ax = plot_loads(instance, plan)
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert bars[0].get_height() == 3
    heavy = {(to_hex(b.get_facecolor()), b.get_hatch()) for b in bars[:1]}
    light = {(to_hex(b.get_facecolor()), b.get_hatch()) for b in bars[1:] if b.get_height() > 0}
    assert len(heavy) == len(light) == 1 and heavy != light
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    handles = legend.legend_handles
    shown = {label: (to_hex(h.get_facecolor()), h.get_hatch())
             for label, h in zip(labels, handles, strict=True) if label != "personal maximum"}
    assert shown["missions planned"] in light
    assert shown["missions planned: at their maximum"] in heavy
    assert "personal maximum" in labels


@pytest.mark.parametrize("quarterly", [[250.0, 450.0, 250.0, 450.0], [250.0, 450.0, 250.0, 500.0],
                                       [300.0, 500.0, 200.0, 900.0]])
def test_spend_legend_hides_no_budget_tick(tiny_raw: dict[str, Any], quarterly: list[float]) -> None:
    # Spend per quarter 505, 170, 0, 250: with a high Q4 budget, the top right is free of bars.
    tiny_raw["policy"]["budget"] = {"annual": None, "quarterly": quarterly}
    instance, plan = year_plan(tiny_raw)
    ax = plot_spend(instance, plan)
    ax.figure.canvas.draw()
    box = ax.get_legend().get_window_extent()
    ticks = ax.collections[0].get_offsets()
    assert [float(y) for y in ticks[:, 1]] == quarterly
    half = np.sqrt(ax.collections[0].get_sizes()[0]) / 2 * ax.figure.dpi / 72  # the "_" mark's half width
    for x, y in ticks:
        px, py = ax.transData.transform((x, y))
        covered = box.x0 < px + half and px - half < box.x1 and box.y0 <= py <= box.y1
        assert not covered, f"the budget tick of quarter {int(x) + 1} is under the legend"
    for bar in ax.patches:
        px, py = ax.transData.transform((bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height()))
        assert not box.contains(px, py)
    assert all(ax.get_window_extent().contains(*ax.transData.transform(p)) for p in ticks)


def test_calendar_titles_name_what_each_mode_counts(tiny: Instance) -> None:
    _, plan = year_plan(tiny.model_dump(mode="json"))
    titles = {mode: plot_calendar(tiny, plan, value=mode).get_title()  # type: ignore[arg-type]
              for mode in ("share", "covered", "uncovered", "missions")}
    assert len(set(titles.values())) == 4
    assert "covered or not" not in " ".join(titles.values())
    assert "share" in titles["share"] and "uncovered" in titles["uncovered"]
    assert "covered per day" in titles["covered"] and titles["missions"].endswith("missions per day")


def test_calendar_is_colour_blind_safe_with_a_second_cue(tiny: Instance) -> None:
    _, plan = year_plan(tiny.model_dump(mode="json"))
    ax = plot_calendar(tiny, plan)
    colours = [to_hex(c) for c in ax.images[0].get_cmap()(np.linspace(0, 1, 5))]
    assert colours == ["#d55e00", "#e69f00", "#f0e442", "#56b4e9", "#0072b2"]  # Okabe–Ito, no red/green
    share = calendar_grid(tiny, plan, "share")
    partly = int(np.sum(np.nan_to_num(share, nan=1.0) < 1.0))
    none = int(np.sum(np.nan_to_num(share, nan=1.0) == 0.0))
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert partly > none > 0 and len(hatched) == partly
    crosses = [c for c in ax.collections if len(c.get_offsets())]
    assert sum(len(c.get_offsets()) for c in crosses) == none
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["a mission left uncovered", "no mission covered"]


def test_curve_legend_says_no_limit_for_an_unlimited_budget() -> None:
    budgets = pd.array([None, None, 5000.0, 5000.0], dtype="Float64")
    curve = pd.DataFrame({"cap": [5, 10, 5, 10], "budget": budgets,
                          "coverage_value": [10, 20, 8, 12], "coverage_value_max": [40] * 4,
                          "coverage_share": [0.25, 0.5, 0.2, 0.3]})
    ax = plot_coverage_curve(curve)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert sorted(labels) == ["coverage (annual budget: 5,000 EUR)", "coverage (annual budget: no limit)"]
    assert not any("<NA>" in t or "nan" in t.lower() for t in texts(ax))


def test_labels_are_words_not_snake_case(tiny_raw: dict[str, Any]) -> None:
    for m in tiny_raw["missions"]:
        m["sectors"] = ["performing_arts"] if m["id"] in ("M01", "M02") else m.get("sectors", [])
    instance, plan = year_plan(tiny_raw)
    by_sector = plot_coverage_by(instance, plan, "sector")
    assert "performing arts" in [t.get_text() for t in by_sector.get_xticklabels()]
    curve = pd.DataFrame({"cap": [5, 10], "budget": [1000.0, 1000.0], "coverage_value": [1, 2],
                          "coverage_value_max": [4, 4], "coverage_share": [0.25, 0.5],
                          "covered_promote": [1, 1], "covered_one_to_one": [0, 1]})
    drawn = [by_sector, plot_coverage_by(instance, plan, "axis"), plot_loads(instance, plan),
             plot_spend(instance, plan), plot_calendar(instance, plan),
             plot_coverage_curve(curve, by_axis=True)]
    for ax in drawn:
        ax.figure.canvas.draw()
        assert [t for t in texts(ax) if "_" in t] == []
