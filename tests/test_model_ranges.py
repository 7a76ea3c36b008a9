"""Ranges on every number a year can hold: values beyond them are refused at validation with the
field named (they used to pass and then overflow the solver), values at them plan fine."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ambassade_opt import solve
from ambassade_opt.changes import Changes
from ambassade_opt.errors import InputError
from ambassade_opt.model import (
    MAX_COUNT,
    MAX_EUROS,
    MAX_HOURLY_RATE_EUR,
    MAX_OBJECTIVE_WEIGHT,
    MAX_SEED,
    MAX_YEAR_HOURS,
    Instance,
)
from ambassade_opt.schema import json_schema
from ambassade_opt.solver import SolveOptions

Raw = dict[str, Any]

# (where, the largest value allowed there, what setting it means)
FIELDS: list[tuple[str, float]] = [
    ("ambassadors[0].max_missions", MAX_COUNT),
    ("ambassadors[0].max_hours", MAX_YEAR_HOURS),
    ("ambassadors[0].max_per_month", MAX_COUNT),
    ("ambassadors[0].history.missions_last_year", MAX_COUNT),
    ("staff[0].max_missions", MAX_COUNT),
    ("missions[0].seats_max", MAX_COUNT),
    ("missions[0].preparation_hours", MAX_YEAR_HOURS),
    ("missions[0].expenses_eur", MAX_EUROS),
    ("meetings[0].guest_seats", MAX_COUNT),
    ("policy.group_cap", MAX_COUNT),
    ("policy.max_per_month", MAX_COUNT),
    ("policy.travel.same_region.expense_eur", MAX_EUROS),
    ("policy.travel.other_region.expense_eur", MAX_EUROS),
    ("policy.compensation.hourly_rate", MAX_HOURLY_RATE_EUR),
    ("policy.compensation.hourly_rate_by_intervention.talk", MAX_HOURLY_RATE_EUR),
    ("policy.compensation.max_remuneration_per_ambassador", MAX_EUROS),
    ("policy.budget.annual", MAX_EUROS),
    ("policy.budget.quarterly[2]", MAX_EUROS),
    ("policy.support_group.max_partners", MAX_COUNT),
    ("policy.sortition.quotas.home_region.BXL[1]", MAX_COUNT),
    ("policy.sortition.seed", MAX_SEED),
    ("policy.objective.weights.cost", MAX_OBJECTIVE_WEIGHT),
]


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for part in path.replace("]", "").replace("[", ".").split("."):
        steps.append(int(part) if part.isdigit() else part)
    return steps


def put(raw: Raw, path: str, value: Any) -> None:
    *head, last = _steps(path)
    node: Any = raw
    for step in head:
        if isinstance(node, dict) and step not in node:
            node[step] = {}
        node = node[step]
    node[last] = value


def prepared(tiny_raw: Raw, path: str) -> Raw:
    """The tiny year, with room for the field at ``path`` to be set on its own."""
    policy = tiny_raw["policy"]
    if path.startswith("policy.sortition.quotas"):
        policy["sortition"] = {"quotas": {"home_region": {"BXL": [0, 1]}}}
    if path == "policy.budget.quarterly[2]":
        policy["budget"] = {"quarterly": [1.0, 1.0, 1.0, 1.0]}
    return tiny_raw


def refusal(raw: Raw) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        Instance.from_json(json.dumps(raw))
    return dict(info.value.problems)


@pytest.mark.parametrize(("path", "maximum"), FIELDS)
def test_just_above_the_maximum_is_refused_with_the_field_named(
    tiny_raw: Raw, path: str, maximum: float
) -> None:
    raw = prepared(tiny_raw, path)
    put(raw, path, maximum)
    if path.endswith("max_partners"):
        raw["policy"]["support_group"]["min_partners"] = 1
    Instance.from_json(json.dumps(raw))  # the maximum itself is fine
    above = maximum + 1 if isinstance(maximum, int) else maximum * 1.5
    put(raw, path, above)
    found = refusal(raw)
    assert path in found, found
    assert "less than or equal to" in found[path]


@pytest.mark.parametrize("huge", [1e300, 2**63, 10**25])
@pytest.mark.parametrize(
    "path", ["ambassadors[0].max_hours", "missions[0].seats_max", "policy.budget.annual"]
)
def test_overflowing_numbers_are_refused(tiny_raw: Raw, path: str, huge: float) -> None:
    put(tiny_raw, path, huge)
    assert path in refusal(tiny_raw)


def test_a_400_digit_integer_is_refused_by_the_reader_with_its_place(tiny_raw: Raw) -> None:
    text = json.dumps(tiny_raw).replace('"max_missions": 6', '"max_missions": ' + "9" * 400, 1)
    with pytest.raises(InputError) as info:
        Instance.from_json(text)
    assert info.value.problems[0][0].endswith(".max_missions")
    assert "400 digits" in info.value.problems[0][1]


def test_changes_have_the_same_ranges() -> None:
    text = json.dumps({"format_version": 1, "changes": [
        {"kind": "set_seats", "mission": "M01", "seats_min": 1, "seats_max": MAX_COUNT + 1}]})
    with pytest.raises(InputError, match=r"changes\[0\]"):
        Changes.from_json(text)


def test_the_schema_carries_the_maxima() -> None:
    schema = json.dumps(json_schema("instance"))
    for maximum in (MAX_COUNT, MAX_YEAR_HOURS, MAX_EUROS, MAX_HOURLY_RATE_EUR, MAX_SEED):
        assert f'"maximum": {maximum}' in schema


def _at_the_maxima(raw: Raw, expenses: float, weighted: bool) -> Raw:
    for a in raw["ambassadors"]:
        a.update(max_missions=MAX_COUNT, max_hours=MAX_YEAR_HOURS, max_per_month=MAX_COUNT,
                 history={"missions_last_year": MAX_COUNT})
    for m in raw["missions"]:
        m.update(preparation_hours=5.0, seats_max=MAX_COUNT, expenses_eur=expenses, paid=True)
    for g in raw["meetings"]:
        g["guest_seats"] = MAX_COUNT
    raw["policy"].update(
        group_cap=MAX_COUNT, max_per_month=MAX_COUNT,
        compensation={"hourly_rate": MAX_HOURLY_RATE_EUR, "max_remuneration_per_ambassador": MAX_EUROS},
        budget={"annual": MAX_EUROS, "quarterly": [MAX_EUROS] * 4},
        sortition={"seed": MAX_SEED},
    )
    if weighted:
        raw["policy"]["objective"] = {
            "mode": "weighted", "weights": {"coverage": MAX_OBJECTIVE_WEIGHT, "cost": 1e-9, "rotation": 1e-3}}
    return raw


@pytest.mark.slow
@pytest.mark.parametrize(("expenses", "weighted"), [(1e5, False), (1e5, True), (MAX_EUROS, True)])
def test_a_year_at_the_maxima_plans_without_overflow(
    tiny_raw: Raw, expenses: float, weighted: bool
) -> None:
    inst = Instance.from_json(json.dumps(_at_the_maxima(tiny_raw, expenses, weighted)))
    result = solve(inst, SolveOptions(time_limit=5, workers=1))
    assert result.plan.status in ("optimal", "feasible")
    if expenses < MAX_EUROS:
        assert result.plan.assignments
    else:  # each mission costs more than the whole budget
        assert not result.plan.assignments
        assert any("budget" in u.reason for u in result.plan.unassigned)
