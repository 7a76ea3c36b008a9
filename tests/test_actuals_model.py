"""Mission reports on their own: the typed model, its JSON, its schema, what a file gets wrong alone."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from ambassade_opt.actuals import Actuals
from ambassade_opt.errors import InputError
from ambassade_opt.schema import json_schema


def _raw(*reports: dict[str, Any], year: int = 2027) -> dict[str, Any]:
    return {"format_version": 1, "year": year, "reports": list(reports)}


GOOD = _raw(
    {"mission": "M01", "held": True, "people": [{"id": "A08", "hours": 6, "expenses_eur": 12.5},
                                                {"id": "S01"}],
     "evaluation": {"rating": 4, "audience": 60, "notes": "full room", "follow_up": "send the slides"}},
    {"mission": "M02", "held": False},
    {"mission": "M05", "held": True, "people": [{"id": "A04", "hours": 4.5, "substitute_for": "A01"}]},
)


def test_defaults_and_round_trip() -> None:
    actuals = Actuals.from_json(json.dumps(GOOD))
    called_off = actuals.report_of()["M02"]
    assert called_off.people == [] and called_off.evaluation.rating is None
    assert actuals.reports[0].people[1].hours is None and actuals.reports[0].people[1].expenses_eur == 0.0
    assert Actuals.from_json(actuals.to_json()) == actuals
    assert Actuals.of(GOOD) == actuals


def test_the_schema_accepts_a_good_file_and_names_every_field() -> None:
    schema = json_schema("actuals")
    jsonschema.validate(json.loads(Actuals.of(GOOD).to_json()), schema)
    person = schema["$defs"]["ReportedPerson"]["properties"]
    assert set(person) == {"id", "hours", "expenses_eur", "substitute_for"}
    assert set(schema["$defs"]["Evaluation"]["properties"]) == {"rating", "audience", "notes", "follow_up"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_raw({"mission": "M01", "held": True, "colour": "red"}), schema)


@pytest.mark.parametrize(("report", "where", "words"), [
    ({"mission": "M01", "held": True, "people": [{"id": "A01", "hours": -1}]},
     "reports[0].people[0].hours", "greater than or equal to 0"),
    ({"mission": "M01", "held": True, "evaluation": {"rating": 6}}, "reports[0].evaluation.rating", "5"),
    ({"mission": "M01", "held": "yes"}, "reports[0].held", "boolean"),
    ({"mission": "M01"}, "reports[0].held", "required field is missing"),
    ({"mission": "M01", "held": True, "people": [{"id": "A01", "expense": 3}]},
     "reports[0].people[0].expense", "unknown field"),
    ({"mission": "", "held": True}, "reports[0].mission", "empty"),
])
def test_each_report_checks_its_fields(report: dict[str, Any], where: str, words: str) -> None:
    with pytest.raises(InputError) as exc:
        Actuals.from_json(json.dumps(_raw(report)), source="actuals.json")
    problems = dict(exc.value.problems)
    assert where in problems, problems
    assert words in problems[where]
    assert "actuals.json" in str(exc.value)


def test_what_a_file_gets_wrong_on_its_own_is_located() -> None:
    raw = _raw(
        {"mission": "M01", "held": True, "people": [
            {"id": "A08", "hours": 3}, {"id": "A08", "hours": 2}, {"id": "A03", "substitute_for": "A03"}]},
        {"mission": "M02", "held": False, "people": [{"id": "A02", "hours": 1, "expenses_eur": 9}]},
        {"mission": "M01", "held": True},
        {"mission": "M05", "held": True, "people": [{"id": "A04", "substitute_for": "A01"},
                                                     {"id": "A07", "substitute_for": "A01"}]},
    )
    with pytest.raises(InputError) as exc:
        Actuals.of(raw)
    problems = dict(exc.value.problems)
    assert set(problems) == {"reports[0].people[1].id", "reports[0].people[2].substitute_for",
                             "reports[1].people[0].hours", "reports[2].mission",
                             "reports[3].people[1].substitute_for"}
    assert "listed twice" in problems["reports[0].people[1].id"]
    assert "called off" in problems["reports[1].people[0].hours"]
    assert "one report per mission" in problems["reports[2].mission"]
    assert "already replaced" in problems["reports[3].people[1].substitute_for"]


def test_not_json_and_wrong_version_are_bad_input() -> None:
    with pytest.raises(InputError):
        Actuals.from_json("{not json")
    with pytest.raises(InputError) as exc:
        Actuals.from_json(json.dumps({**GOOD, "format_version": 2}))
    assert "format_version" in dict(exc.value.problems)


def test_frame_has_a_row_per_report_and_person() -> None:
    frame = Actuals.of(GOOD).frame()
    assert len(frame) == 4
    assert frame.loc[frame["mission"] == "M02", "person"].isna().all()
    assert frame["expenses_eur"].sum() == 12.5
    assert list(frame.loc[frame["mission"] == "M01", "rating"]) == [4, 4]
