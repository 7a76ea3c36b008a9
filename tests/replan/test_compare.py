"""Why a re-plan changed each assignment: one reason per kind of change (DOMAIN.md section 8).

The comparison is tested on hand-made published and new plans of the tiny year, so that each case
shows exactly one change and its reason; tests/replan/test_replan.py shows the same reasons coming
out of real re-plans.
"""

from __future__ import annotations

from typing import Any

import pytest

from ambassade_opt.changes import Changes, apply_changes
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, DiffEntry, Plan, Unassigned
from ambassade_opt.replan.compare import compare, untouched_pairs
from ambassade_opt.replan.result import PairChange
from tests.conftest import TINY_PATH

# The published plan: the future (from July) part of the tiny year's optimal plan.
PUBLISHED = [
    Assignment(mission="M07", ambassadors=["A07"]),
    Assignment(mission="M09", ambassadors=["A03"]),
    Assignment(mission="M10", ambassadors=["A04"]),
    Assignment(mission="M06", ambassadors=["A03"], staff="S01"),
]


@pytest.fixture(scope="module")
def year() -> Instance:
    return Instance.load(TINY_PATH)


def _plan(*assignments: Assignment, unassigned: dict[str, str] | None = None) -> Plan:
    return Plan(status="feasible", assignments=list(assignments),
                unassigned=[Unassigned(mission=m, reason=r) for m, r in (unassigned or {}).items()])


def _after(**changed: list[str] | None) -> Plan:
    """The published plan with the ambassadors of some missions replaced (None: not covered)."""
    out = []
    for a in PUBLISHED:
        if a.mission not in changed:
            out.append(a)
        elif changed[a.mission] is not None:
            out.append(a.model_copy(update={"ambassadors": changed[a.mission]}))
    return _plan(*out)


def _compare(year: Instance, after: Plan, *items: dict[str, Any]) -> tuple[list[PairChange], list[DiffEntry]]:
    changes = Changes.of(*items)
    return compare(year, apply_changes(year, changes), _plan(*PUBLISHED), after, changes, set())


def _whys(pairs: list[PairChange]) -> dict[tuple[str, str, str], str]:
    return {(p.mission, p.person, p.status): p.why for p in pairs if p.status != "kept"}


def _diff(diff: list[DiffEntry]) -> dict[str, str]:
    return {d.mission: d.why for d in diff}


def test_a_cancellation_names_the_person_and_the_dates(year: Instance) -> None:
    cancel = {"kind": "unavailable", "person": "A07", "start": "2027-07-17", "end": "2027-07-17"}
    pairs, diff = _compare(year, _after(M07=["A02"]), cancel)
    assert _whys(pairs) == {("M07", "A07", "dropped"): "A07 unavailable 2027-07-17..2027-07-17",
                            ("M07", "A02", "added"): "replaces A07"}
    assert _diff(diff) == {"M07": "A07 unavailable 2027-07-17..2027-07-17"}


def test_a_decline_says_who_declined(year: Instance) -> None:
    pairs, diff = _compare(year, _after(M07=["A02"]),
                           {"kind": "set_interest", "person": "A07", "mission": "M07", "level": -2})
    assert _whys(pairs) == {("M07", "A07", "dropped"): "A07 declined it",
                            ("M07", "A02", "added"): "replaces A07"}
    assert _diff(diff) == {"M07": "A07 declined it"}


def test_a_decline_that_leaves_the_mission_uncovered_says_both(year: Instance) -> None:
    after = _after(M09=None)
    after.unassigned.append(Unassigned(mission="M09", reason="not covered: nobody can do media in French"))
    decline = {"kind": "set_interest", "person": "A03", "mission": "M09", "level": -2}
    pairs, diff = _compare(year, after, decline)
    assert _whys(pairs) == {("M09", "A03", "dropped"): "A03 declined it"}
    assert _diff(diff) == {"M09": "A03 declined it; no longer covered (nobody can do media in French)"}


def test_an_interest_that_is_not_a_decline_is_named_only_for_its_person(year: Instance) -> None:
    pairs, diff = _compare(year, _after(M07=["A07", "A02"], M06=[]),
                           {"kind": "set_interest", "person": "A02", "mission": "M07", "level": 2},
                           {"kind": "set_interest", "person": "A03", "mission": "M06", "level": -1})
    assert _whys(pairs) == {("M07", "A02", "added"): "A02's interest set to 2",
                            ("M06", "A03", "dropped"): "A03's interest set to -1"}
    assert _diff(diff) == {"M07": "A02's interest set to 2", "M06": "A03's interest set to -1"}


def test_an_approved_initiative_is_named(year: Instance) -> None:
    after = _plan(*PUBLISHED, Assignment(mission="M11", ambassadors=["A02"]))
    pairs, diff = _compare(year, after, {"kind": "approve_mission", "mission": "M11", "approved": True})
    assert _whys(pairs) == {("M11", "A02", "added"): "initiative approved"}
    assert _diff(diff) == {"M11": "initiative approved"}


def test_an_initiative_no_longer_approved_is_named(year: Instance) -> None:
    after = _after(M10=None)
    after.unassigned.append(Unassigned(mission="M10", reason="unapproved initiative (proposed by A04)"))
    pairs, diff = _compare(year, after, {"kind": "approve_mission", "mission": "M10", "approved": False})
    assert _whys(pairs) == {("M10", "A04", "dropped"): "initiative not approved"}
    assert _diff(diff) == {"M10": "initiative not approved; no longer covered (unapproved initiative "
                                  "(proposed by A04))"}


def test_new_removed_moved_and_reseated_missions(year: Instance, tiny_raw: dict[str, Any]) -> None:
    extra = dict(tiny_raw["missions"][6], id="M30", start="2027-09-15T10:00", end="2027-09-15T13:00")
    after = _plan(Assignment(mission="M07", ambassadors=["A07", "A02"]), PUBLISHED[1], PUBLISHED[3],
                  Assignment(mission="M30", ambassadors=["A02"]))
    pairs, diff = _compare(
        year, after,
        {"kind": "add_mission", "mission": extra},
        {"kind": "move_mission", "mission": "M30", "start": "2027-09-16T10:00", "end": "2027-09-16T13:00"},
        {"kind": "remove_mission", "mission": "M10"},
        {"kind": "set_seats", "mission": "M07", "seats_min": 2, "seats_max": 2},
        {"kind": "move_mission", "mission": "M09", "start": "2027-11-10T08:00", "end": "2027-11-10T09:00"},
    )
    assert _whys(pairs) == {
        ("M07", "A02", "added"): "seats changed to 2..2",
        ("M09", "A03", "moved"): "mission moved",
        ("M10", "A04", "dropped"): "mission removed",
        ("M30", "A02", "added"): "new mission",  # a new mission that moved is still just new
    }
    assert _diff(diff) == {"M07": "seats changed to 2..2", "M09": "mission moved", "M10": "mission removed",
                           "M30": "new mission"}
    m09 = next(d for d in diff if d.mission == "M09")
    assert (m09.before or {})["start"] == "2027-11-03T08:00"
    assert (m09.after or {})["start"] == "2027-11-10T08:00"
    assert "start" not in (next(d for d in diff if d.mission == "M30").after or {})


def test_a_mission_moved_and_reseated_gives_each_reason_once(year: Instance) -> None:
    pairs, diff = _compare(
        year, _after(M07=["A07", "A02"]),
        {"kind": "move_mission", "mission": "M07", "start": "2027-07-18T12:00", "end": "2027-07-18T20:00"},
        {"kind": "set_seats", "mission": "M07", "seats_min": 2, "seats_max": 2},
    )
    assert _whys(pairs) == {("M07", "A07", "moved"): "mission moved",
                            ("M07", "A02", "added"): "mission moved; seats changed to 2..2"}
    assert _diff(diff) == {"M07": "mission moved; seats changed to 2..2"}


def test_new_people_are_named_as_new(year: Instance, tiny_raw: dict[str, Any]) -> None:
    newcomer = dict(tiny_raw["ambassadors"][6], id="A20", name="New", interests={})
    staff = dict(tiny_raw["staff"][0], id="S20", name="Newstaff")
    after = _after(M07=["A07", "A20"])
    after.assignments[3] = PUBLISHED[3].model_copy(update={"staff": "S20"})
    pairs, diff = _compare(year, after, {"kind": "add_ambassador", "ambassador": newcomer},
                           {"kind": "add_staff", "staff": staff})
    assert _whys(pairs) == {("M07", "A20", "added"): "new ambassador",
                            ("M06", "S01", "dropped"): "replaced by S20 (new staff member)",
                            ("M06", "S20", "added"): "replaces S01"}
    assert _diff(diff) == {"M07": "new ambassador", "M06": "replaced by S20 (new staff member)"}


def test_a_change_without_a_cause_among_the_changes_is_re_optimised(year: Instance) -> None:
    elsewhere = {"kind": "unavailable", "person": "A07", "start": "2027-12-01", "end": "2027-12-02"}
    pairs, diff = _compare(year, _after(M07=["A02"]), elsewhere)
    assert _whys(pairs) == {("M07", "A07", "dropped"): "re-optimised",
                            ("M07", "A02", "added"): "replaces A07"}
    assert _diff(diff) == {"M07": "re-optimised"}


def _untouched(year: Instance, *items: dict[str, Any]) -> set[tuple[str, str]]:
    changes = Changes.of(*items)
    return set(untouched_pairs(apply_changes(year, changes), _plan(*PUBLISHED), changes, set()))


ALL_PAIRS = {("M07", "A07"), ("M09", "A03"), ("M10", "A04"), ("M06", "A03"), ("M06", "S01")}


@pytest.mark.parametrize(("change", "touched"), [
    ({"kind": "set_interest", "person": "A07", "mission": "M07", "level": -2}, {("M07", "A07")}),
    ({"kind": "set_interest", "person": "A02", "mission": "M07", "level": -2}, set()),  # not on it
    ({"kind": "set_interest", "person": "A07", "mission": "M07", "level": 2}, set()),
    ({"kind": "approve_mission", "mission": "M10", "approved": False}, {("M10", "A04")}),
    ({"kind": "unavailable", "person": "S01", "start": "2027-06-19", "end": "2027-06-19"},
     {("M06", "A03"), ("M06", "S01")}),  # the whole team of a touched mission
    ({"kind": "set_seats", "mission": "M09", "seats_min": 1, "seats_max": 2}, {("M09", "A03")}),
])
def test_untouched_pairs_leave_out_what_a_change_touches(year: Instance, change: dict[str, Any],
                                                         touched: set[tuple[str, str]]) -> None:
    assert _untouched(year, change) == ALL_PAIRS - touched


def test_a_team_re_formed_names_the_teammate_who_left(year: Instance) -> None:
    after = _after(M06=None)
    after.unassigned.append(Unassigned(mission="M06", reason="not covered: no staff member free"))
    cancel = {"kind": "unavailable", "person": "S01", "start": "2027-06-19", "end": "2027-06-19"}
    pairs, diff = _compare(year, after, cancel)
    assert _whys(pairs) == {("M06", "A03", "dropped"): "teammate S01 unavailable 2027-06-19..2027-06-19",
                            ("M06", "S01", "dropped"): "S01 unavailable 2027-06-19..2027-06-19"}
    assert _diff(diff) == {"M06": "S01 unavailable 2027-06-19..2027-06-19; no longer covered "
                                  "(no staff member free)"}
