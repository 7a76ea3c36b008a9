"""Extension points other helpers rely on: hint, fixed, stability, requirements, weighted mode."""

from __future__ import annotations

import pytest

from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment
from ambassade_opt.solver import (
    ActiveBetween,
    CoverageAtMost,
    EngineParams,
    ProgressEvent,
    SolveOptions,
    SolveParams,
    solve,
)
from tests.solver_helpers import mission, year

# Each back-end translates the requirements itself: HiGHS on the whole stage (the default on small
# years), CP-SAT alone, and the neighbourhood search.
BACKENDS = {
    "highs-mip": SolveParams(),
    "cp-sat": SolveParams(engines=EngineParams(highs=False)),
    "highs-lns": SolveParams(engines=EngineParams(whole_mip_max_pairs=0)),
}

A = [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}]


def test_fixed_assignment_is_kept_exactly_and_forced_unassigned_stays_out(tiny: Instance) -> None:
    base = solve(tiny, workers=1)
    covered = base.plan.assignment_of()
    some, blocked = sorted(covered)[:2]
    res = solve(tiny, SolveOptions(workers=1, fixed={some: covered[some], blocked: None}))
    assert res.plan.assignment_of()[some] == covered[some]
    assert blocked not in res.plan.assignment_of()
    assert res.stages[0].objective == base.stages[0].objective - tiny.mission(blocked).priority or \
        res.stages[0].objective <= base.stages[0].objective


def test_fixed_ineligible_assignment_is_representable() -> None:
    inst = year([{"id": "A1", "languages": ["nl"]}, {"id": "A2"}], [mission("M1", 1)])
    res = solve(inst, SolveOptions(workers=1, fixed={"M1": Assignment(mission="M1", ambassadors=["A1"])}))
    assert res.plan.assignment_of()["M1"].ambassadors == ["A1"]


def test_stability_keeps_previous_people_over_rotation() -> None:
    # Rotation alone prefers A2 (A1 did 5 missions last year); stability of A1 on M1 wins (stage 2).
    people = [{"id": "A1", "history": {"missions_last_year": 5}}, {"id": "A2"}]
    inst = year(people, [mission("M1", 1)])
    plain = solve(inst, workers=1)
    assert plain.plan.assignment_of()["M1"].ambassadors == ["A2"]
    kept = solve(inst, SolveOptions(workers=1, stability={("M1", "A1"): 100}))
    assert kept.plan.assignment_of()["M1"].ambassadors == ["A1"]
    assert [s.name for s in kept.stages][:2] == ["coverage", "stability"]
    assert kept.stages[1].objective == 0


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_requirements_are_kept_by_every_backend(backend: str) -> None:
    inst = year(A, [mission("M1", 1), mission("M2", 3)])
    only_a3_may_work = ActiveBetween(people=("A1", "A2"), low=0, high=0)
    res = solve(inst, SolveOptions(workers=1, requirements=[only_a3_may_work], params=BACKENDS[backend]))
    assert res.status == "optimal"
    assert {a for asg in res.plan.assignments for a in asg.ambassadors} == {"A3"}
    assert len(res.plan.assignments) == 2  # A3 can do both


def test_hint_is_accepted_and_plan_stays_optimal(tiny: Instance) -> None:
    first = solve(tiny, workers=1)
    again = solve(tiny, SolveOptions(workers=1, hint=first.plan))
    assert again.status == "optimal"
    assert again.stages[0].objective == first.stages[0].objective


def test_weighted_mode_is_one_stage_and_valid(tiny: Instance) -> None:
    res = solve(tiny, SolveOptions(workers=1, mode="weighted", weights={"coverage": 100, "match": 1}))
    assert [s.name for s in res.stages] == ["weighted"]
    lex = solve(tiny, workers=1)
    covered = sum(tiny.mission(a.mission).priority for a in res.plan.assignments)
    assert covered == lex.stages[0].objective  # coverage dominates with these weights here


def test_progress_events_cover_every_stage(tiny: Instance) -> None:
    events: list[ProgressEvent] = []
    solve(tiny, SolveOptions(workers=1, progress=events.append))
    done = [e.stage for e in events if e.kind == "done"]
    assert done == ["coverage", "rotation", "match", "cost"]
    assert any(e.kind == "greedy" for e in events)


def test_time_limit_is_respected(tiny: Instance) -> None:
    res = solve(tiny, SolveOptions(time_limit=2.0, workers=2))
    assert res.solve_seconds <= 2.0 * 1.1 + 0.5


def test_with_requirements_a_short_solve_starts_from_the_callers_hint(tiny: Instance) -> None:
    """Constructive plans ignore callers' constraints; the caller's hint keeps them. With a budget too
    short for CP-SAT, the plan must come from the hint, not be lost (the last pass of a tolerant
    re-plan relies on it)."""
    best = solve(tiny, SolveOptions(workers=1, seed=0)).plan
    capped = best.model_copy(update={"assignments": best.assignments[:2]})
    priority = {m.id: m.priority for m in tiny.missions}
    cap = sum(priority[a.mission] for a in capped.assignments)

    res = solve(tiny, SolveOptions(workers=1, seed=0, time_limit=0.3, hint=capped,
                                   requirements=[CoverageAtMost(cap)]))
    assert res.status != "unknown"
    assert res.plan.kpis.coverage_value == cap
