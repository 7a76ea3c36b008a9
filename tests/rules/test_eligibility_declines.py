"""Rule 1's declines everywhere a plan is made: a volunteer is never sent where they said no.

Random declines (interest −2) on the tiny year and an S year — most of them on pairs that a plan
made without them uses, so that each one has to be worked around — and every plan that comes out
of the solver, its greedy start, its local search, ``suggest`` and ``fill_uncovered``, and a
re-plan (its published start included) is checked three ways: no declined pair in it, our
``validate``, and the independent conformance checker.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
from conftest import TINY_PATH, run_checker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ambassade_opt.changes import Changes
from ambassade_opt.compile import compile_year
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Plan, Unassigned
from ambassade_opt.replan import replan
from ambassade_opt.replan.start import start_plan
from ambassade_opt.scoring import validate
from ambassade_opt.solver import SolveOptions, solve
from ambassade_opt.solver.engines.base import assignments_of
from ambassade_opt.solver.greedy import greedy_plan
from ambassade_opt.solver.local_search import improve_rotation
from ambassade_opt.suggest import fill_uncovered, suggest
from ambassade_opt.suggest.apply import apply_suggestion
from ambassade_opt.synthetic import generate

FAST = SolveOptions(time_limit=3, workers=1, seed=0)
MID_YEAR = datetime(2027, 7, 1)
YEARS = ["tiny", "S"]
Pair = tuple[str, str]  # (mission, ambassador)


def _examples(n_tiny: int, n_s: int) -> dict[str, int]:
    return {"tiny": n_tiny, "S": n_s}


@cache
def _year(name: str) -> Instance:
    return Instance.load(TINY_PATH) if name == "tiny" else generate("S", seed=5)


@cache
def _plan(name: str) -> Plan:
    """The plan of the year before anyone declined."""
    return solve(_year(name), FAST).plan


def _draw_declines(data: st.DataObject, year: Instance, plan: Plan, *, future: bool) -> list[Pair]:
    """Declines: 1–6 of the plan's pairs, and up to 10 pairs at random (eligible or not). Pins are
    left out (a pin on a declined mission is infeasible, tested with the pins); with ``future``,
    only missions from mid-year on (the past cannot be declined any more)."""
    missions = [m for m in year.missions if not future or m.start >= MID_YEAR]
    pinned = {(m.id, aid) for m in missions for aid in m.pinned_ambassadors}
    kept = {m.id for m in missions}
    planned = sorted({(a.mission, aid) for a in plan.assignments for aid in a.ambassadors
                      if a.mission in kept} - pinned)
    hit = data.draw(st.lists(st.sampled_from(planned), min_size=1, max_size=6, unique=True), label="hit")
    anywhere = st.tuples(st.sampled_from(sorted(kept)), st.sampled_from([a.id for a in year.ambassadors]))
    more = data.draw(st.lists(anywhere, max_size=10, unique=True), label="more")
    return sorted((set(hit) | set(more)) - pinned)


def _declined(year: Instance, pairs: list[Pair]) -> Instance:
    raw = year.model_dump(mode="json")
    people = {a["id"]: a for a in raw["ambassadors"]}
    for mid, aid in pairs:
        people[aid]["interests"][mid] = -2
    return Instance.model_validate(raw)


def _assert_respected(year: Instance, assignments: list[Assignment], pairs: list[Pair]) -> None:
    sent = {(a.mission, aid) for a in assignments for aid in a.ambassadors}
    assert not sent & set(pairs), f"sent where they declined: {sorted(sent & set(pairs))}"
    assert validate(year, assignments) == []
    covered = {a.mission for a in assignments}
    plan = Plan(status="feasible", assignments=assignments,
                unassigned=[Unassigned(mission=m.id, reason="not covered") for m in year.missions
                            if m.id not in covered])
    with tempfile.TemporaryDirectory() as tmp:
        year.save(Path(tmp) / "year.json")
        plan.save(Path(tmp) / "plan.json")
        figures = run_checker(Path(tmp) / "year.json", Path(tmp) / "plan.json")
    assert figures["violations"] == 0, figures["violation_lines"]


def _settings(n: int) -> settings:
    return settings(max_examples=n, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("name", YEARS)
def test_solve_never_sends_anyone_where_they_declined(name: str) -> None:
    @_settings(_examples(8, 3)[name])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        pairs = _draw_declines(data, _year(name), _plan(name), future=False)
        year = _declined(_year(name), pairs)
        result = solve(year, FAST)
        assert result.status in ("optimal", "feasible")
        _assert_respected(year, result.plan.assignments, pairs)

    run()


@pytest.mark.parametrize("name", YEARS)
def test_the_greedy_start_and_the_local_search_respect_declines(name: str) -> None:
    @_settings(_examples(15, 5)[name])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        pairs = _draw_declines(data, _year(name), _plan(name), future=False)
        year = _declined(_year(name), pairs)
        problem = compile_year(year)
        start = greedy_plan(problem)
        _assert_respected(year, assignments_of(problem, start), pairs)
        swapped = improve_rotation(problem, start, time_limit=None)
        _assert_respected(year, assignments_of(problem, swapped), pairs)

    run()


def _targets(year: Instance, plan: Plan, pairs: list[Pair]) -> list[str]:
    """Up to four declined missions that ``suggest`` can be asked about: approved if initiatives,
    with a seat to fill (a free one, or one of a person who is not pinned)."""
    on = plan.assignment_of()
    out = []
    for mid in sorted({mid for mid, _ in pairs}):
        m = year.mission(mid)
        if m.origin == "ambassador_initiative" and not m.approved:
            continue
        if mid in on and len(on[mid].ambassadors) >= m.seats_max and _seat(year, plan, mid) is None:
            continue
        out.append(mid)
    return out[:4]


def _seat(year: Instance, plan: Plan, mid: str) -> str | None:
    """The first person on ``mid`` who is not pinned there (None: a new seat, or uncovered)."""
    asg = plan.assignment_of().get(mid)
    pinned = set(year.mission(mid).pinned_ambassadors)
    return next((aid for aid in (asg.ambassadors if asg else []) if aid not in pinned), None)


@pytest.mark.parametrize("name", YEARS)
def test_suggest_and_fill_never_propose_a_declined_mission(name: str) -> None:
    @_settings(_examples(10, 4)[name])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        pairs = _draw_declines(data, _year(name), _plan(name), future=False)
        year = _declined(_year(name), pairs)
        problem = compile_year(year)
        plan = Plan(status="feasible", assignments=assignments_of(problem, greedy_plan(problem)))
        on = plan.assignment_of()
        for mid in _targets(year, plan, pairs):
            for s in suggest(year, plan, mid, top=100, seat=_seat(year, plan, mid), problem=problem):
                team = [s.person] if s.role == "ambassador" else []
                assert not {(mid, aid) for aid in [*team, *s.team]} & set(pairs), s.summary()
                if s.feasible:
                    _assert_respected(year, apply_suggestion(year, plan, s).assignments, pairs)
        uncovered = [m.id for m in year.missions if m.id not in on]
        _assert_respected(year, fill_uncovered(year, plan.assignments, uncovered, problem=problem), pairs)

    run()


@pytest.mark.parametrize("name", YEARS)
def test_a_replan_after_declines_sends_nobody_where_they_declined(name: str) -> None:
    @_settings(_examples(6, 2)[name])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        published = _plan(name)
        pairs = _draw_declines(data, _year(name), published, future=True)
        changes = Changes.of(*({"kind": "set_interest", "person": aid, "mission": mid, "level": -2}
                               for mid, aid in pairs), now=MID_YEAR)
        result = replan(_year(name), published, changes, options=FAST)
        assert result.plan.status in ("optimal", "feasible")
        _assert_respected(result.instance, result.plan.assignments, pairs)
        start = start_plan(result.instance, published, set(result.frozen), MID_YEAR)
        _assert_respected(result.instance, start.assignments, pairs)
        dropped = {(p.mission, p.person) for p in result.pairs if p.status == "dropped"}
        planned = {(a.mission, aid) for a in published.assignments for aid in a.ambassadors}
        assert planned & set(pairs) <= dropped

    run()
