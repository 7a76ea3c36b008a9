"""ReplanParams: the promise costs and the passes' time shares, validated, and used by a re-plan."""

from __future__ import annotations

from datetime import datetime

import pytest

from ambassade_opt.changes import Changes
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.replan import ReplanParams, replan, stability_cost
from ambassade_opt.solver import SolveOptions, solve

NOW = datetime(2027, 7, 1)


def test_the_defaults_are_valid_and_the_documented_costs() -> None:
    params = ReplanParams()
    assert (params.base, params.urgency, params.horizon_days) == (10, 90, 60)
    assert stability_cost(datetime(2027, 7, 1, 9), NOW, params) == 100
    assert stability_cost(datetime(2027, 12, 1), NOW, params) == 10


@pytest.mark.parametrize(("changes", "field"), [
    ({"base": 0}, "replan.base"),
    ({"urgency": -1}, "replan.base"),
    ({"horizon_days": 0}, "replan.base"),
    ({"first_share": 1.0}, "replan.first_share"),
    ({"tolerant_shares": (0.5, 0.45)}, "replan.first_share"),
])
def test_bad_values_are_input_errors_naming_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InputError, match=field.replace(".", r"\.")):
        ReplanParams(**changes)  # type: ignore[arg-type]


def test_other_costs_change_what_a_promise_is_worth() -> None:
    params = ReplanParams(base=3, urgency=0)
    assert stability_cost(datetime(2027, 7, 1, 9), NOW, params) == 3
    assert stability_cost(datetime(2027, 7, 1, 9), None, ReplanParams(base=7)) == 7


def test_a_replan_records_the_costs_it_used(tiny: Instance) -> None:
    options = SolveOptions(time_limit=5, workers=1, seed=0)
    published = solve(tiny, options).plan
    changes = Changes.of({"kind": "unavailable", "person": "A07", "start": "2027-07-01", "end": "2027-12-31"},
                         now=NOW)
    params = ReplanParams(base=4, urgency=20, horizon_days=30)
    record = replan(tiny, published, changes, options=options, params=params).plan.run.replan
    assert record is not None
    assert (record.stability.base, record.stability.urgency, record.stability.horizon_days) == (4, 20, 30)
