"""DataFrame views: shapes, types, values on the tiny year, and personal data kept out."""

from __future__ import annotations

import pandas as pd
import pytest

from ambassade_opt import frames
from ambassade_opt.model import LEVELS, Instance


def test_one_row_per_entity(tiny: Instance) -> None:
    views = frames.all_frames(tiny)
    assert len(views["ambassadors"]) == 8 and len(views["staff"]) == 3
    assert len(views["missions"]) == 12 and len(views["meetings"]) == 3
    assert list(views["missions"]["id"]) == [m.id for m in tiny.missions]
    assert len(views["links"]) == sum(len(a.links) for a in tiny.ambassadors)
    assert len(views["unavailability"]) == 2
    assert views["interests"].to_dict("records") == [{"ambassador": "A02", "mission": "M03", "interest": 2}]


def test_names_and_motivations_only_on_request(tiny: Instance) -> None:
    for personal in frames.PERSONAL_COLUMNS:
        assert personal not in frames.ambassadors(tiny).columns
    assert "name" not in frames.staff(tiny).columns
    names = {a.name for a in tiny.ambassadors} | {s.name for s in tiny.staff}
    for view in frames.all_frames(tiny).values():
        cells = {str(v) for column in view.columns for v in view[column]}
        assert not names & cells
    with_names = frames.ambassadors(tiny, include_personal=True)
    assert list(with_names["name"]) == [a.name for a in tiny.ambassadors]
    assert "motivation" in with_names.columns
    assert list(frames.staff(tiny, include_personal=True)["name"]) == ["Nadia", "Koen", "Elise"]


def test_pseudonyms_are_keyed_stable_and_join(tiny: Instance) -> None:
    views = frames.all_frames(tiny, pseudonym_key="secret")
    people = set(views["ambassadors"]["id"]) | set(views["staff"]["id"])
    assert all(p.startswith("P-") for p in people) and len(people) == 11
    assert set(views["links"]["ambassador"]) <= people
    assert set(views["unavailability"]["person"]) <= people
    assert set(views["memberships"]["person"]) <= people
    assert set(views["missions"]["proposed_by"].dropna()) <= people
    again = frames.ambassadors(tiny, pseudonym_key="secret")["id"]
    assert list(again) == list(views["ambassadors"]["id"])
    other = frames.ambassadors(tiny, pseudonym_key="other")["id"]
    assert not set(other) & set(again)
    original = {a.id for a in tiny.ambassadors} | {s.id for s in tiny.staff}
    person_columns = [
        ("ambassadors", "id"),
        ("staff", "id"),
        ("links", "ambassador"),
        ("unavailability", "person"),
        ("interests", "ambassador"),
        ("memberships", "person"),
        ("missions", "proposed_by"),
        ("missions", "pinned_staff"),
    ]
    for view, column in person_columns:
        assert not original & set(views[view][column].dropna()), (view, column)


def test_types(tiny: Instance) -> None:
    missions = frames.missions(tiny)
    assert isinstance(missions["level"].dtype, pd.CategoricalDtype)
    assert list(missions["level"].cat.categories) == list(LEVELS)
    assert pd.api.types.is_datetime64_any_dtype(missions["start"])
    assert str(missions["expenses_eur"].dtype) == "Float64" and missions["expenses_eur"].isna().all()
    assert str(missions["paid"].dtype) == "boolean"
    ambassadors = frames.ambassadors(tiny)
    assert str(ambassadors["max_per_month"].dtype) == "Int64" and ambassadors["max_per_month"].isna().all()
    assert ambassadors["charter_signed"].dtype == bool
    assert ambassadors["languages"].iloc[0] == ["nl", "en"]


def test_values_follow_the_policy(tiny: Instance) -> None:
    missions = frames.missions(tiny).set_index("id")
    assert missions.loc["M01", "hours"] == pytest.approx(2.5)
    assert missions.loc["M01", "workload_hours"] == pytest.approx(5.5)
    assert missions.loc["M01", "remuneration_eur"] == pytest.approx(40.0 * 5.5)
    assert missions.loc["M09", "remuneration_eur"] == pytest.approx(45.0 * 2.0)  # media rate
    assert not missions.loc["M02", "is_paid"] and missions.loc["M02", "remuneration_eur"] == 0
    assert missions.loc["M09", "required_trainings"] == ["initial", "media"]
    assert missions.loc["M02", "required_trainings"] == ["initial"]
    assert list(missions["quarter"]) == [1, 1, 1, 2, 2, 2, 3, 4, 4, 4, 4, 1]
    ambassadors = frames.ambassadors(tiny).set_index("id")
    assert ambassadors.loc["A03", "unavailable_days"] == 62
    assert ambassadors.loc["A01", "month_cap"] == 2


def test_policy_tables(tiny: Instance) -> None:
    travel = frames.travel(tiny).set_index(["from_region", "to_region"])
    assert travel.loc[("BXL", "VL"), "buffer_minutes"] == 60 == travel.loc[("VL", "BXL"), "buffer_minutes"]
    assert travel.loc[("WAL", "VL"), "expense_eur"] == 35.0
    assert travel.loc[("WAL", "WAL"), "buffer_minutes"] == 30
    assert len(travel) == 9
    quotas = frames.quotas(tiny)
    assert quotas.to_dict("records")[0] == {"feature": "home_region", "value": "BXL", "min": 0, "max": 1}
    reqs = frames.training_requirements(tiny)
    assert set(reqs[reqs["intervention"] == "talk"]["training"]) == {"initial", "public_speaking"}
    langs = frames.memberships(tiny)
    assert set(langs[(langs["person"] == "A08") & (langs["field"] == "languages")]["value"]) == {
        "fr",
        "nl",
        "en",
    }


def test_empty_instance_has_the_same_columns(tiny: Instance) -> None:
    empty = Instance.model_validate(
        {"format_version": 1, "name": "empty", "year": 2027, "ambassadors": [], "missions": []}
    )
    full, none = frames.all_frames(tiny), frames.all_frames(empty)
    for name, view in none.items():
        assert view.empty, name
        assert list(view.columns) == list(full[name].columns), name
