"""close_year: next year's instance, history from reports or the plan, the sortition cycle carried over."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from _tiny_plans import plan_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ambassade_opt.actuals import Actuals
from ambassade_opt.close_year import close_year
from ambassade_opt.errors import InputError
from ambassade_opt.governance.file_format import GovernanceFile
from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan
from ambassade_opt.synthetic.actuals import ActualsParams, synthetic_actuals

PLAN = Plan.model_validate(plan_dict())
# Planned seats: A01 1 (M05), A02 2 (M02, M03), A03 2 (M06, M09), A04 2 (M02, M10), A07 1, A08 2.
PLANNED = {"A01": 1, "A02": 2, "A03": 2, "A04": 2, "A05": 0, "A06": 0, "A07": 1, "A08": 2}


def _gov(*meetings: tuple[str, str, list[str]],
         members: tuple[str, ...] = ("S01", "S02", "A04")) -> GovernanceFile:
    return GovernanceFile.model_validate({
        "support_group": {"members": list(members)},
        "meetings": [{"meeting": m, "method": method, "guests": guests} for m, method, guests in meetings]})


def test_without_reports_the_plan_counts(tiny: Instance) -> None:
    nxt = close_year(tiny, PLAN, year=2028)
    assert {a.id: a.history.missions_last_year for a in nxt.instance.ambassadors} == PLANNED
    assert nxt.missions_last_year == PLANNED and (nxt.from_plan, nxt.from_reports) == (9, 0)


def test_the_next_instance_is_the_same_people_without_the_year(tiny: Instance) -> None:
    nxt = close_year(tiny, PLAN, year=2028).instance
    assert (nxt.year, nxt.name) == (2028, "Tiny hand-made year (2028)")
    assert nxt.missions == [] and nxt.meetings == []
    assert nxt.policy == tiny.policy
    assert [a.id for a in nxt.ambassadors] == [a.id for a in tiny.ambassadors]
    assert all(a.unavailable == [] and a.interests == {} for a in nxt.ambassadors)
    assert all(s.unavailable == [] for s in nxt.staff)
    before = tiny.ambassador("A03").model_dump(exclude={"unavailable", "interests", "history"})
    assert nxt.ambassador("A03").model_dump(exclude={"unavailable", "interests", "history"}) == before
    assert Instance.from_json(nxt.to_json()) == nxt
    named = close_year(tiny.model_copy(update={"name": "Ambassadors 2027"}), PLAN, year=2028)
    assert named.instance.name == "Ambassadors 2028"


def test_held_reports_count_where_given(tiny: Instance) -> None:
    actuals = Actuals.of({"format_version": 1, "year": 2027, "reports": [
        {"mission": "M02", "held": False},  # A02 and A04 lose one each
        {"mission": "M05", "held": True, "people": [{"id": "A04", "substitute_for": "A01"}]},
        {"mission": "M06", "held": True, "people": [{"id": "S01"}]},  # A03 did not come
        {"mission": "M08", "held": True, "people": [{"id": "A05"}]},  # not planned, but there
    ]})
    nxt = close_year(tiny, PLAN, year=2028, actuals=actuals)
    expected = dict(PLANNED, A01=0, A02=1, A03=1, A04=2, A05=1)
    assert nxt.missions_last_year == expected
    assert (nxt.from_reports, nxt.from_plan) == (4, 6)


def test_the_sortition_cycle_carries_over(tiny: Instance) -> None:
    # Volunteers who can be drawn (not in the support group): A01, A02, A05, A07.
    nxt = close_year(tiny, PLAN, year=2028, governance=[_gov(("G01", "sortition", ["A01", "A02"]),
                                                             ("G02", "competence", ["A05"]))])
    assert nxt.drawn_this_cycle == ["A01", "A02"] and nxt.cycles_restarted == 0
    assert [a.id for a in nxt.instance.ambassadors if a.history.drawn_this_cycle] == ["A01", "A02"]


def test_the_cycle_restarts_once_every_volunteer_was_drawn(tiny: Instance) -> None:
    late = _gov(("G03", "sortition", ["A05", "A07"]))
    early = _gov(("G01", "sortition", ["A01", "A02"]))
    nxt = close_year(tiny, PLAN, year=2028, governance=[late, early])  # taken in date order
    assert nxt.drawn_this_cycle == [] and nxt.cycles_restarted == 1
    raw = tiny.model_dump(mode="json")
    for amb in raw["ambassadors"]:
        amb["history"]["drawn_this_cycle"] = amb["id"] in ("A05", "A07")
    carried = close_year(Instance.model_validate(raw), PLAN, year=2028, governance=[early])
    assert carried.cycles_restarted == 1 and carried.drawn_this_cycle == []
    started = close_year(Instance.model_validate(raw), PLAN, year=2028, governance=[])
    assert started.drawn_this_cycle == ["A05", "A07"]


@pytest.mark.parametrize(("kwargs", "where"), [
    ({"year": 2027}, "year"),
    ({"year": 2028, "governance": [_gov(("G09", "sortition", ["A01"]))]},
     "governance[0].meetings[0].meeting"),
    ({"year": 2028, "governance": [_gov(("G01", "sortition", ["A99"]))]},
     "governance[0].meetings[0].guests[0]"),
    ({"year": 2028, "governance": [_gov(("G01", "sortition", ["A01"])),
                                   _gov(("G01", "sortition", ["A02"]))]},
     "governance[1].meetings[0].meeting"),
])
def test_bad_input(tiny: Instance, kwargs: dict[str, Any], where: str) -> None:
    with pytest.raises(InputError) as exc:
        close_year(tiny, PLAN, **kwargs)
    assert where in dict(exc.value.problems)


def test_reports_and_plan_are_checked(tiny: Instance) -> None:
    bad = Actuals.of({"format_version": 1, "year": 2027, "reports": [{"mission": "M77", "held": True}]})
    with pytest.raises(InputError):
        close_year(tiny, PLAN, year=2028, actuals=bad)
    stranger = Plan.model_validate({**plan_dict(), "assignments": [
        {"mission": "M01", "ambassadors": ["A77"], "staff": None}]})
    with pytest.raises(InputError):
        close_year(tiny, stranger, year=2028)


rates = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@pytest.fixture(scope="module")
def s_year() -> tuple[Instance, Plan]:
    from ambassade_opt.solver import SolveOptions, solve
    from ambassade_opt.synthetic import generate

    year = generate("S", seed=8)
    return year, solve(year, SolveOptions(time_limit=3, workers=1, seed=0)).plan


def _history_counts_the_missions_held(year: Instance, plan: Plan, seed: int, params: ActualsParams) -> None:
    actuals = synthetic_actuals(year, plan, seed=seed, params=params).actuals
    nxt = close_year(year, plan, year=2028, actuals=actuals)
    assert Instance.from_json(nxt.instance.to_json()) == nxt.instance, "a valid instance"
    assert nxt.instance.year == 2028 and nxt.instance.missions == [] and nxt.instance.meetings == []
    frame = actuals.frame()
    ambassadors = {a.id for a in year.ambassadors}
    present = frame[frame["held"] & frame["person"].isin(ambassadors)]
    expected: Counter[str] = Counter(present["person"])
    unreported = set(plan.assignment_of()) - set(frame["mission"])
    expected.update(aid for asg in plan.assignments if asg.mission in unreported for aid in asg.ambassadors)
    assert {a.id: a.history.missions_last_year for a in nxt.instance.ambassadors} == {
        a.id: expected.get(a.id, 0) for a in year.ambassadors}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), params=st.builds(
    ActualsParams, called_off=rates, missing_report=rates, no_show=rates, substitute=rates,
    unplanned=rates, uncovered_report=rates))
def test_history_counts_the_missions_held(tiny: Instance, seed: int, params: ActualsParams) -> None:
    _history_counts_the_missions_held(tiny, PLAN, seed, params)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), params=st.builds(
    ActualsParams, called_off=rates, missing_report=rates, no_show=rates, substitute=rates,
    unplanned=rates, uncovered_report=rates))
def test_history_counts_the_missions_held_on_a_synthetic_year(s_year: tuple[Instance, Plan], seed: int,
                                                               params: ActualsParams) -> None:
    _history_counts_the_missions_held(*s_year, seed, params)
