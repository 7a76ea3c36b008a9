"""Which training of which person unlocks which uncovered missions (rule 1)."""

from __future__ import annotations

from typing import Any

from _tiny_plans import plan_dict

from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan
from ambassade_opt.rules.eligibility import is_eligible
from ambassade_opt.training import Candidate, candidates


def _untrained(tiny_raw: dict[str, Any], *people: str, training: str = "initial") -> Instance:
    for a in tiny_raw["ambassadors"]:
        if a["id"] in people:
            a["trainings"] = [t for t in a["trainings"] if t != training]
    return Instance.model_validate(tiny_raw)


def _plan_without(*missions: str) -> Plan:
    raw = plan_dict()
    raw["assignments"] = [a for a in raw["assignments"] if a["mission"] not in missions]
    raw["unassigned"] += [{"mission": m, "reason": "test"} for m in missions]
    return Plan.model_validate(raw)


def test_one_missing_training_unlocks_the_uncovered_missions(tiny_raw: dict[str, Any]) -> None:
    year = _untrained(tiny_raw, "A02")
    found = candidates(year, _plan_without("M02", "M03"))
    # A02 speaks fr and nl and does booths and one-to-ones: only `initial` keeps them out.
    assert found == [Candidate(person="A02", training="initial", unlocks=("M02", "M12", "M03"), estimate=7)]
    for mission in found[0].unlocks:
        assert not is_eligible(year, year.ambassador("A02"), year.mission(mission))


def test_covered_missions_and_unapproved_initiatives_are_left_out(tiny_raw: dict[str, Any]) -> None:
    year = _untrained(tiny_raw, "A02")
    assert candidates(year, _plan_without()) == [
        Candidate(person="A02", training="initial", unlocks=("M12",), estimate=2)]
    # M11 is A02's unapproved initiative, a talk in French: nobody is trained for an initiative in waiting.
    year = _untrained(tiny_raw, "A07", training="public_speaking")
    assert all("M11" not in c.unlocks for c in candidates(year, _plan_without("M11")))


def test_two_missing_trainings_or_another_obstacle_unlock_nothing(tiny_raw: dict[str, Any]) -> None:
    for a in tiny_raw["ambassadors"]:
        if a["id"] == "A05":  # lacks both trainings of a debate
            a["trainings"] = []
        if a["id"] == "A08":  # lacks one, but is away on the day
            a["trainings"] = ["initial"]
            a["unavailable"] = [{"start": "2027-02-11", "end": "2027-02-11"}]
    year = Instance.model_validate(tiny_raw)
    found = candidates(year, _plan_without("M01"))
    assert all("M01" not in c.unlocks for c in found)
    assert [(c.person, c.unlocks) for c in found] == [("A08", ("M08",))], "A08 is free for M08 in October"


def test_best_estimate_first_then_ids(tiny_raw: dict[str, Any]) -> None:
    year = _untrained(tiny_raw, "A02", "A04")
    found = candidates(year, _plan_without("M02", "M03", "M10"))
    assert [(c.person, c.estimate) for c in found] == [("A02", 7), ("A04", 7)]
    assert found[1].unlocks == ("M02", "M12", "M10")
