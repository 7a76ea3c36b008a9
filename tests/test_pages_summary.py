"""Compact HTML summaries of a plan and a solve result (for notebooks' _repr_html_)."""

from __future__ import annotations

from _html_checks import elements, parse_strict, visible_text
from _tiny_plans import plan_dict, plan_of

from ambassade_opt.model import Instance
from ambassade_opt.pages import plan_summary_html, result_summary_html
from ambassade_opt.records import SolverRecord, StageRecord
from ambassade_opt.scoring import kpis
from ambassade_opt.solver import SolveOptions, solve


def test_plan_summary_shows_status_stages_and_kpis(tiny: Instance) -> None:
    plan = plan_of(plan_dict())
    plan.kpis = kpis(tiny, plan)
    plan.solver = SolverRecord(stages=[
        StageRecord(name="coverage", sense="max", objective=28.0, bound=30.0, gap=0.0667, status="feasible",
                    stopped_by="wall"),
        StageRecord(name="<rotation>", sense="min", objective=14.0, bound=14.0, gap=0.0, status="optimal"),
    ])
    html = plan_summary_html(plan)
    tree = parse_strict(f"<!DOCTYPE html><html><head><title>t</title></head><body>{html}</body></html>")
    text = visible_text(html)
    assert "feasible" in text and "9 / 12 (75 %)" in text and "28 / 36" in text
    assert "6.67 %" in text and "wall" in text
    assert "<rotation>" in text and "<rotation>" not in html  # escaped
    assert len(elements(tree, "table")) == 2
    assert "1 135 of 1 800" in text


def test_plan_summary_without_solver_record(tiny: Instance) -> None:
    html = plan_summary_html(plan_of(plan_dict()))
    assert "feasible" in visible_text(html)
    assert html.count("<table") == 1


def test_result_summary(tiny: Instance) -> None:
    result = solve(tiny, SolveOptions(workers=1, seed=0, time_limit=10))
    html = result_summary_html(result)
    parse_strict(f"<!DOCTYPE html><html><head><title>t</title></head><body>{html}</body></html>")
    text = visible_text(html)
    assert result.status in text
    assert all(stage.name in text for stage in result.stages)
    assert "missions covered" in text
