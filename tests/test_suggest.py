"""Ranked replacements: every feasible suggestion, moves included, keeps the plan valid."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Plan, Unassigned
from ambassade_opt.scoring import match_points, validate
from ambassade_opt.suggest import apply_suggestion, suggest


def _empty_plan(instance: Instance) -> Plan:
    return Plan(status="feasible", unassigned=[Unassigned(mission=m.id, reason="not planned yet")
                                               for m in instance.missions])


def _greedy(instance: Instance) -> Plan:
    """Fill a year mission by mission with the first suggestion: each step must stay valid."""
    plan = _empty_plan(instance)
    for m in instance.missions:
        try:
            options = suggest(instance, plan, m.id, top=1)
        except InputError:
            continue  # an unapproved initiative
        if options and options[0].feasible:
            plan = apply_suggestion(instance, plan, options[0])
            assert validate(instance, plan) == [], f"first suggestion for {m.id} broke the plan"
    return plan


@pytest.fixture
def tiny_plan(tiny: Instance) -> Plan:
    return _greedy(tiny)


def test_first_suggestions_build_a_valid_plan(tiny: Instance, tiny_plan: Plan) -> None:
    covered = {a.mission for a in tiny_plan.assignments}
    assert len(covered) >= 8
    assert tiny_plan.kpis.covered == len(covered)
    assert {u.mission for u in tiny_plan.unassigned} | covered == {m.id for m in tiny.missions}


def test_every_feasible_suggestion_applies_validly(tiny: Instance, tiny_plan: Plan) -> None:
    checked = with_moves = 0
    for m in tiny.missions:
        asg = tiny_plan.assignment_of().get(m.id)
        seats: list[str | None] = [None] if asg is None else [*asg.ambassadors, asg.staff]
        for seat in seats:
            if asg is not None and seat is None:
                continue
            try:
                options = suggest(tiny, tiny_plan, m.id, top=50, seat=seat)
            except InputError:
                continue
            for option in options:
                if option.feasible:
                    new_plan = apply_suggestion(tiny, tiny_plan, option)
                    assert validate(tiny, new_plan) == [], option.summary()
                    checked += 1
                    with_moves += bool(option.moves)
    assert checked >= 10
    assert with_moves >= 1, "the tiny year has overlaps: some choices need a move"


def test_ranking_puts_feasible_first_then_match(tiny: Instance, tiny_plan: Plan) -> None:
    for m in tiny.missions:
        try:
            options = suggest(tiny, tiny_plan, m.id, top=50) if m.id not in tiny_plan.assignment_of() else []
        except InputError:
            continue
        feasible = [o.feasible for o in options]
        assert feasible == sorted(feasible, reverse=True)
        plain = [o for o in options if o.feasible and not o.moves and not o.coverage_lost]
        assert [o.match for o in plain] == sorted((o.match for o in plain), key=lambda x: -(x or 0))
        for o in options:
            assert o.match == match_points(tiny, tiny.ambassador(o.person), m)


def test_freed_seat_is_refilled_by_someone_else(tiny: Instance, tiny_plan: Plan) -> None:
    asg = next(a for a in tiny_plan.assignments if a.mission == "M01")
    seat = asg.ambassadors[0]
    options = suggest(tiny, tiny_plan, "M01", seat=seat)
    assert options and seat not in {o.person for o in options}
    best = options[0]
    assert best.feasible
    new_plan = apply_suggestion(tiny, tiny_plan, best)
    assert seat not in new_plan.assignment_of()["M01"].ambassadors
    assert validate(tiny, new_plan) == []
    assert new_plan.diff is not None and new_plan.diff[-1].mission == "M01"
    assert new_plan.diff[-1].before == {"ambassadors": [seat], "staff": asg.staff}


def test_a_staff_seat_gets_staff(tiny: Instance, tiny_plan: Plan) -> None:
    asg = next(a for a in tiny_plan.assignments if a.staff is not None)
    options = suggest(tiny, tiny_plan, asg.mission, seat=asg.staff)
    assert all(o.role == "staff" and o.match is None for o in options)
    assert {o.person for o in options} <= {s.id for s in tiny.staff} - {asg.staff}


def test_a_move_that_uncovers_a_mission_is_reported(tiny: Instance) -> None:
    # M02 (VL booth 10:00-17:00, 2 seats) and M12 (VL booth 16:00-21:00) overlap on 6 March.
    plan = Plan(status="feasible", assignments=[Assignment(mission="M02", ambassadors=["A02", "A04"])],
                unassigned=[Unassigned(mission=m.id, reason="-") for m in tiny.missions if m.id != "M02"])
    options = suggest(tiny, plan, "M12", top=50)
    movers = [o for o in options if o.moves]
    assert movers, [o.summary() for o in options]
    for o in movers:
        assert o.moves[0].mission == "M02" and o.moves[0].effect == "mission_uncovered"
        assert o.coverage_lost == tiny.mission("M02").priority
        if o.feasible:
            new_plan = apply_suggestion(tiny, plan, o)
            assert "M02" not in new_plan.assignment_of()
            assert validate(tiny, new_plan) == []


def test_the_frozen_past_is_never_moved(tiny: Instance) -> None:
    plan = Plan(status="feasible", assignments=[Assignment(mission="M02", ambassadors=["A02", "A04"])],
                unassigned=[Unassigned(mission=m.id, reason="-") for m in tiny.missions if m.id != "M02"])
    options = suggest(tiny, plan, "M12", top=50, now=datetime(2027, 3, 6, 12, 0))
    assert all(not o.moves for o in options)
    assert all(not o.feasible for o in options if o.person in {"A02", "A04"})


def test_bad_requests_are_input_errors(tiny: Instance, tiny_plan: Plan) -> None:
    with pytest.raises(InputError, match="unknown mission 'M404'"):
        suggest(tiny, tiny_plan, "M404")
    with pytest.raises(InputError, match="not on mission"):
        suggest(tiny, tiny_plan, "M01", seat="A07")
    with pytest.raises(InputError, match="not approved"):
        suggest(tiny, tiny_plan, "M11")
    full = next(a for a in tiny_plan.assignments if len(a.ambassadors) == tiny.mission(a.mission).seats_max)
    with pytest.raises(InputError, match="seats filled"):
        suggest(tiny, tiny_plan, full.mission)


def test_suggest_is_deterministic(tiny: Instance, tiny_plan: Plan) -> None:
    first = [suggest(tiny, tiny_plan, m.id) for m in tiny.missions if m.id not in {"M11"}
             and m.id not in tiny_plan.assignment_of()]
    again = [suggest(tiny, tiny_plan, m.id) for m in tiny.missions if m.id not in {"M11"}
             and m.id not in tiny_plan.assignment_of()]
    assert first == again


def test_fill_uncovered_keeps_everyone_and_stays_valid(tiny: Instance, tiny_plan: Plan) -> None:
    from ambassade_opt.suggest import fill_uncovered

    kept = [a for a in tiny_plan.assignments if a.mission in {"M01", "M02"}]
    order = sorted((m for m in tiny.missions if m.id not in {"M01", "M02"}), key=lambda m: -m.priority)
    filled = fill_uncovered(tiny, kept, [m.id for m in order])
    assert validate(tiny, filled) == []
    by_mission = {a.mission: a for a in filled}
    assert all(by_mission[a.mission] == a for a in kept), "nobody already placed is moved"
    assert len(filled) > len(kept)
    frozen = fill_uncovered(tiny, kept, [m.id for m in order], now=datetime(2027, 12, 31))
    assert frozen == kept, "missions that started before now are left alone"


def _plan_of(instance: Instance, assignments: list[Assignment]) -> Plan:
    covered = {a.mission for a in assignments}
    left = [Unassigned(mission=m.id, reason="-") for m in instance.missions if m.id not in covered]
    return Plan(status="feasible", assignments=assignments, unassigned=left)


def test_a_plan_that_breaks_a_hard_rule_is_refused(tiny: Instance, tiny_plan: Plan) -> None:
    """Advice built on a broken plan would be wrong: the plan is bad input, its violations listed."""
    kept = [a for a in tiny_plan.assignments if a.mission != "M02"]
    broken = _plan_of(tiny, [*kept, Assignment(mission="M02", ambassadors=["A02", "A04", "A06"])])
    violations = validate(tiny, broken)
    with pytest.raises(InputError) as err:
        suggest(tiny, broken, "M08")
    assert err.value.problems[0] == ("plan", f"breaks {len(violations)} hard rule(s) of this year (is it "
                                     "another year's plan, or edited by hand?): fix it or re-plan first")
    assert ("plan (seats)", "M02: 3 ambassadors, needs 2") in err.value.problems
    assert len(err.value.problems) == 1 + len(violations)
    assert validate(tiny, _plan_of(tiny, kept)) == []
    suggest(tiny, _plan_of(tiny, kept), "M08")  # the same plan without the broken mission is used


def test_another_years_plan_is_refused_even_with_the_same_ids() -> None:
    from ambassade_opt.suggest import fill_uncovered
    from ambassade_opt.synthetic import generate

    this_year, other_year = generate("S", seed=1), generate("S", seed=2)
    assert [m.id for m in this_year.missions] == [m.id for m in other_year.missions]
    other_plan = _plan_of(other_year, fill_uncovered(other_year, [], [m.id for m in other_year.missions]))
    assert validate(other_year, other_plan) == []
    with pytest.raises(InputError, match="another year's plan"):
        suggest(this_year, other_plan, this_year.missions[0].id)


def test_cli_suggest_refuses_a_broken_plan_with_exit_2(tiny: Instance, tiny_plan: Plan,
                                                       tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ambassade_opt.cli import main

    year = tmp_path / "year.json"
    tiny.save(year)
    kept = [a for a in tiny_plan.assignments if a.mission != "M02"]
    path = tmp_path / "plan.json"
    _plan_of(tiny, [*kept, Assignment(mission="M02", ambassadors=["A02", "A04", "A06"])]).save(path)
    result = CliRunner().invoke(main, ["suggest", str(year), str(path), "--mission", "M08"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "M02: 3 ambassadors, needs 2" in result.stderr


def test_a_mission_listed_twice_is_refused_a_plan_without_reasons_is_not(tiny: Instance,
                                                                         tiny_plan: Plan) -> None:
    twice = tiny_plan.model_copy(update={"assignments": [*tiny_plan.assignments, tiny_plan.assignments[0]]})
    with pytest.raises(InputError, match="is listed 2 times"):
        suggest(tiny, twice, "M08")
    bare = Plan(status="feasible", assignments=tiny_plan.assignments)  # no unassigned list: programs do that
    assert suggest(tiny, bare, "M08", top=1) is not None
