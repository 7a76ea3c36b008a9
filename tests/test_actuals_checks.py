"""Mission reports against the year and its plan (tests/data/tiny_year.json and the hand plan)."""

from __future__ import annotations

from typing import Any

import pytest
from _tiny_plans import plan_dict

from ambassade_opt.actuals import Actuals, actuals_problems, check_actuals
from ambassade_opt.errors import InputError, format_loc
from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan

# The hand plan: M01 A08+S01, M02 A02+A04, M03 A02, M04 A08+S03, M05 A01, M06 A03+S01, M07 A07,
# M09 A03, M10 A04; M08, M11, M12 left out.


@pytest.fixture
def plan() -> Plan:
    return Plan.model_validate(plan_dict())


def _problems(tiny: Instance, plan: Plan, *reports: dict[str, Any], year: int = 2027) -> dict[str, str]:
    actuals = Actuals.of({"format_version": 1, "year": year, "reports": list(reports)})
    return {format_loc(loc): msg for loc, msg in actuals_problems(tiny, plan, actuals)}


def test_a_year_as_planned_has_no_problem(tiny: Instance, plan: Plan) -> None:
    reports = [{"mission": a.mission, "held": True, "people": [{"id": p} for p in a.ambassadors]}
               for a in plan.assignments]
    assert _problems(tiny, plan, *reports) == {}


def test_unknown_missions_and_people_and_the_year(tiny: Instance, plan: Plan) -> None:
    problems = _problems(
        tiny, plan,
        {"mission": "M404", "held": True},
        {"mission": "M01", "held": True, "people": [{"id": "A99"}, {"id": "S01", "hours": 3}]},
        year=2026,
    )
    assert problems == {
        "year": "2026 is not the year of the instance (2027)",
        "reports[0].mission": "unknown mission 'M404'",
        "reports[1].people[0].id": "unknown person 'A99'",
        "reports[1].people[1].hours": "'S01' is a staff member: hours are reported for ambassadors only",
    }


@pytest.mark.parametrize(("person", "words"), [
    ({"id": "A04", "substitute_for": "A03"}, "'A03' was not planned on M05 (planned: A01)"),
    ({"id": "A04", "substitute_for": "A77"}, "unknown person 'A77'"),
    ({"id": "S02", "substitute_for": "A01"}, "'S02' is a staff member and 'A01' an ambassador"),
])
def test_a_substitute_replaces_someone_planned_of_the_same_kind(
        tiny: Instance, plan: Plan, person: dict[str, Any], words: str) -> None:
    problems = _problems(tiny, plan, {"mission": "M05", "held": True, "people": [person]})
    assert words in problems["reports[0].people[0].substitute_for"], problems


def test_a_substitute_was_not_planned_there_and_the_replaced_is_absent(tiny: Instance, plan: Plan) -> None:
    problems = _problems(
        tiny, plan,
        {"mission": "M02", "held": True, "people": [{"id": "A02"}, {"id": "A04", "substitute_for": "A02"}]},
        {"mission": "M05", "held": True, "people": [{"id": "A01"}, {"id": "A04", "substitute_for": "A01"}]},
        {"mission": "M08", "held": True, "people": [{"id": "A05", "substitute_for": "A08"}]},
    )
    assert "planned on M02 themselves" in problems["reports[0].people[1].substitute_for"]
    assert "reported on this mission too" in problems["reports[1].people[1].substitute_for"]
    assert "the plan left the mission out" in problems["reports[2].people[0].substitute_for"]


def test_staff_replace_staff(tiny: Instance, plan: Plan) -> None:
    assert _problems(tiny, plan, {"mission": "M01", "held": True, "people": [
        {"id": "A08"}, {"id": "S02", "substitute_for": "S01"}]}) == {}


def test_what_is_only_unusual_is_not_an_error(tiny: Instance, plan: Plan) -> None:
    """Someone unplanned, a report for a mission the plan left out, a no-show: for the review."""
    assert _problems(
        tiny, plan,
        {"mission": "M05", "held": True, "people": [{"id": "A01"}, {"id": "A04", "hours": 9}]},
        {"mission": "M08", "held": True, "people": [{"id": "A05", "expenses_eur": 300}]},
        {"mission": "M02", "held": True, "people": [{"id": "A02"}]},
    ) == {}


def test_check_actuals_raises_with_every_problem_and_checks_the_plan(tiny: Instance, plan: Plan) -> None:
    actuals = Actuals.of({"format_version": 1, "year": 2027, "reports": [
        {"mission": "M404", "held": True}, {"mission": "M01", "held": True, "people": [{"id": "X"}]}]})
    with pytest.raises(InputError) as exc:
        check_actuals(tiny, plan, actuals, source="actuals.json")
    assert len(exc.value.problems) == 2 and "actuals.json" in str(exc.value)
    other = Plan.model_validate({**plan_dict(), "assignments": [
        {"mission": "M77", "ambassadors": ["A01"], "staff": None}]})
    with pytest.raises(InputError) as exc:
        check_actuals(tiny, other, Actuals.of({"format_version": 1, "year": 2027}))
    assert "unknown mission 'M77'" in str(exc.value)
