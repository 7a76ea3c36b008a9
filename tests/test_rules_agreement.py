"""Our validator and the independent conformance checker must agree on every verdict."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from _tiny_plans import ALL_MISSIONS, instance_of, plan_dict, valid_table
from conftest import run_checker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ambassade_opt.plan import Plan
from ambassade_opt.scoring import kpis, validate

AMBASSADORS = [*(f"A{i:02d}" for i in range(1, 9)), "A99"]  # A99: an unknown id
STAFF = ["S01", "S02", "S03", "S99"]


def _verdicts(raw: dict[str, Any], plan: dict[str, Any]) -> tuple[bool, bool, dict[str, Any], dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        inst_path, plan_path = Path(tmp) / "year.json", Path(tmp) / "plan.json"
        inst_path.write_text(json.dumps(raw), encoding="utf-8")
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        figures = run_checker(inst_path, plan_path)
    inst = instance_of(raw)
    ours = Plan.model_validate(plan)
    return validate(inst, ours) == [], figures["exit_code"] == 0, figures, kpis(inst, ours)


CORRUPTIONS: dict[str, Any] = {
    "valid": lambda t: None,
    "wrong language": lambda t: t.__setitem__("M03", (["A04"], None)),
    "too few seats": lambda t: t.__setitem__("M02", (["A02"], None)),
    "no staff": lambda t: t.__setitem__("M01", (["A08"], None)),
    "overlap": lambda t: t.__setitem__("M12", (["A02"], None)),
    "unapproved": lambda t: t.__setitem__("M11", (["A02"], None)),
    "proposer missing": lambda t: t.__setitem__("M10", (["A01"], None)),
    "group cap": lambda t: t.__setitem__("M05", (["A05"], None)),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_hand_corruptions_agree(tiny_raw: dict[str, Any], name: str) -> None:
    table = valid_table()
    CORRUPTIONS[name](table)
    ours, theirs, _, _ = _verdicts(tiny_raw, plan_dict(table))
    assert ours is theirs
    assert ours is (name == "valid")


def test_figures_agree_on_the_valid_plan(tiny_raw: dict[str, Any]) -> None:
    _, _, figures, ours = _verdicts(tiny_raw, plan_dict())
    for key in (
        "missions",
        "covered",
        "coverage_value",
        "coverage_value_max",
        "rotation_penalty",
        "match_total",
        "spend",
        "active_ambassadors",
        "max_load",
        "gini_active_load",
        "covered_by_axis",
    ):
        expected = figures[key]
        got = {k: v for k, v in ours[key].items() if v} if key == "covered_by_axis" else ours[key]
        assert got == expected, key


@st.composite
def perturbed(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    table = valid_table()
    # Dropping a mission keeps a plan valid; the other moves usually break it: a mix of both verdicts.
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["drop", "drop", "drop", "add", "remove", "staff", "cover", "swap"]))
        mission = draw(st.sampled_from(ALL_MISSIONS))
        people, staff = table.get(mission, ([], None))
        if op == "add":
            people = [*people, draw(st.sampled_from(AMBASSADORS))]
        elif op == "remove" and people:
            people = people[:-1]
        elif op == "staff":
            staff = draw(st.sampled_from([None, *STAFF]))
        elif op == "swap" and people:
            people = [draw(st.sampled_from(AMBASSADORS)), *people[1:]]
        if op == "drop":
            table.pop(mission, None)
        elif op == "cover" and mission not in table:
            table[mission] = ([draw(st.sampled_from(AMBASSADORS))], draw(st.sampled_from([None, *STAFF])))
        elif mission in table or op in ("add", "staff"):
            table[mission] = (list(dict.fromkeys(people)), staff)
    policy: dict[str, Any] = {
        "group_cap": draw(st.sampled_from([6, 6, None, 5, 7])),
        "max_per_month": draw(st.sampled_from([2, 2, None, 1])),
        "budget": {
            "annual": draw(st.sampled_from([1800.0, 1800.0, None, 1000.0, 1135.0])),
            "quarterly": draw(
                st.sampled_from([None, None, [275.0, 500.0, 10.0, 350.0], [300.0, 400.0, 100.0, 400.0]])
            ),
        },
    }
    return policy, table


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=perturbed())
def test_random_perturbations_agree(
    tiny_raw: dict[str, Any], case: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    policy, table = case
    raw = json.loads(json.dumps(tiny_raw))
    raw["policy"]["group_cap"] = policy["group_cap"]
    raw["policy"]["max_per_month"] = policy["max_per_month"]
    raw["policy"]["budget"] = policy["budget"]
    ours, theirs, figures, _ = _verdicts(raw, plan_dict(table))
    assert ours is theirs, figures
