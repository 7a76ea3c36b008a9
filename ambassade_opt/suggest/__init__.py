"""Ranked replacements for one mission or one freed seat, fast enough to use on the phone.

No solver runs here. For a mission (or the seat someone just left) every eligible person is costed
against the published plan (:mod:`.options`): **match** points (ambassadors; staff have none),
**money** (what the budget pays more, minus what the moves save), **rotation delta** (change of the
fair-rotation penalty), **moves** (missions the person must leave because a rule keeps them off the
target otherwise, and whether that leaves the mission uncovered), the **coverage** value those
moves lose and the target gains, and the **budget headroom** left. Ranking: feasible choices first;
then the least coverage lost to moves, no move before moves; then match (best first), smaller
rotation delta, lower cost, id. A choice is *feasible* when applying it with
:func:`apply_suggestion`, moves included, keeps every hard rule. Where the mission needs more than
one person, each suggestion names the ``team`` and ``staff`` that complete it, among people who
need no move.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import numpy as np

from ..compile import compile_year
from ..compiled import ProblemData, eur
from ..errors import InputError
from ..model import Instance, Mission
from ..plan import Assignment, Plan
from ..rules.money import headroom, quarters
from ..rules.seats import seats_of
from ..rules.state import PlanState
from ..scoring import refuse_broken_plan
from .apply import apply_suggestion
from .model import Move, Suggestion
from .options import Costing, Option


def _target(instance: Instance, mission_id: str) -> Mission:
    for m in instance.missions:
        if m.id == mission_id:
            return m
    raise InputError([("mission", f"unknown mission {mission_id!r}")])


def _replan_now(plan: Plan) -> datetime | None:
    record = plan.run.replan
    try:
        return None if record is None or record.now is None else datetime.fromisoformat(record.now)
    except ValueError:
        return None


def _seats(target: Mission, plan: Plan, seat: str | None) -> tuple[list[str], str | None, bool]:
    """(people staying on the target, its staff, whether the seat to fill is the staff pair's)."""
    assignment = plan.assignment_of().get(target.id)
    present = list(dict.fromkeys(assignment.ambassadors)) if assignment is not None else []
    staff_now = assignment.staff if assignment is not None else None
    staff_seat = False
    if seat is not None:
        if seat in target.pinned_ambassadors or seat == target.pinned_staff:
            raise InputError([("seat", f"{seat!r} is pinned on {target.id!r}: change the pin first")])
        if seat in present:
            present.remove(seat)
        elif seat == staff_now:
            staff_seat, staff_now = True, None
        else:
            raise InputError([("seat", f"{seat!r} is not on mission {target.id!r} in the plan")])
    elif assignment is not None and len(present) >= (most := seats_of(target)[1]):
        raise InputError([("mission", f"{target.id!r} already has its {most} seats filled; "
                                      "name the seat to replace")])
    if target.origin == "ambassador_initiative" and not target.approved:
        raise InputError(
            [("mission", f"{target.id!r} is an initiative that is not approved: it cannot be staffed")]
        )
    return present, staff_now, staff_seat


def suggest(
    instance: Instance,
    plan: Plan,
    mission_id: str,
    *,
    top: int = 5,
    seat: str | None = None,
    now: datetime | None = None,
    problem: ProblemData | None = None,
) -> list[Suggestion]:
    """The ``top`` best choices for ``mission_id`` (or for the seat ``seat`` leaves on it).

    ``seat``: the id of a person now on the mission whose place is to be filled (an ambassador or
    the staff pair); without it, the mission gets one more ambassador (a covered mission with a
    free seat) or its first people (an uncovered mission). ``now``: missions that started before it
    are never proposed as moves; by default, the ``now`` of the re-plan that made ``plan``, if any.
    A plan that names people or missions ``instance`` does not know, or that breaks a hard rule of
    it (another year's plan, a plan edited by hand), is bad input: advice built on it would be wrong.
    """
    now = now if now is not None else _replan_now(plan)
    target = _target(instance, mission_id)
    refuse_broken_plan(instance, plan)
    present, staff_now, staff_seat = _seats(target, plan, seat)
    problem = problem if problem is not None else compile_year(instance)
    base = [a for a in plan.assignments if a.mission != mission_id]
    if present or staff_now is not None:
        base.append(Assignment(mission=mission_id, ambassadors=present, staff=staff_now))
    state = PlanState.of_assignments(problem, base)
    m = problem.mission_position[mission_id]
    amb, staff = problem.ambassador_position, problem.staff_position
    costing = Costing(state, m, [amb[a] for a in present], -1 if staff_now is None else staff[staff_now], now)
    skip = {*present, *([seat] if seat else [])}
    if staff_seat:
        people = [
            s
            for s in problem.spair_staff[problem.staff_pairs_of_mission(m)].tolist()
            if problem.staff_ids[s] not in skip
        ]
        options = [costing.evaluate(Option(s, True), [], allow_moves=True) for s in people]
    else:
        pairs = problem.pairs_of_mission(m)
        by_match = [
            int(problem.pair_amb[p])
            for p in pairs[np.lexsort((problem.pair_amb[pairs], -problem.pair_match[pairs]))]
        ]
        people = [a for a in by_match if problem.ambassador_ids[a] not in skip]
        options = [costing.evaluate(Option(a, False), by_match, allow_moves=True) for a in people]
    annual, quarterly = headroom(problem, state.plan)
    found = sorted((_finish(problem, o, m, seat, annual, quarterly) for o in options), key=rank)
    return found[: max(top, 0)]


def _finish(
    problem: ProblemData, o: Option, m: int, seat: str | None, annual: int | None, quarterly: list[int] | None
) -> Suggestion:
    q = int(quarters(problem)[m])
    ids = problem.staff_ids if o.staff else problem.ambassador_ids
    match = None
    if not o.staff:
        p = problem.pair_index(o.person, m)
        match = int(problem.pair_match[p]) if p >= 0 else None
    return Suggestion(
        mission=problem.mission_ids[m],
        seat=seat,
        person=ids[o.person],
        role="staff" if o.staff else "ambassador",
        match=match,
        money_eur=round(eur(o.money), 2),
        rotation_delta=o.rotation,
        coverage_lost=o.coverage_lost,
        coverage_gained=o.coverage_gained,
        moves=o.moves,
        team=[problem.ambassador_ids[a] for a in o.team],
        staff=None if o.staff or o.staff_member < 0 else problem.staff_ids[o.staff_member],
        budget_headroom_eur=None if annual is None else round(eur(annual - o.money), 2),
        quarter_headroom_eur=None if quarterly is None else round(eur(quarterly[q] - o.quarter_money[q]), 2),
        feasible=not o.blockers,
        blockers=o.blockers,
    )


def rank(s: Suggestion) -> tuple[bool, int, bool, int, int, float, str]:
    return (
        not s.feasible,
        s.coverage_lost,
        bool(s.moves),
        -(s.match or 0),
        s.rotation_delta,
        s.money_eur,
        s.person,
    )


def fill_uncovered(
    instance: Instance,
    assignments: Iterable[Assignment],
    mission_ids: Iterable[str],
    *,
    now: datetime | None = None,
    problem: ProblemData | None = None,
) -> list[Assignment]:
    """Cover as many of ``mission_ids`` (in the order given) as possible, moving nobody.

    Each mission gets, when the rules allow it, its required people and then the free eligible
    ambassadors of best match (the first of them chosen as :func:`suggest` ranks a choice that needs
    no move), with the least busy free staff member where a pair is needed. Returns the
    assignments, old and new; every one of them keeps the hard rules if the ones given did."""
    problem = problem if problem is not None else compile_year(instance)
    base = list(assignments)
    state = PlanState.of_assignments(problem, base)
    result = {a.mission: a for a in base}
    for mid in mission_ids:
        m = problem.mission_position[mid]
        if (
            state.plan.covered[m]
            or (now is not None and instance.missions[m].start < now)
            or state.mission_problems(m)
        ):
            continue
        costing = Costing(state, m, [], -1, now)
        pairs = problem.pairs_of_mission(m)
        order = np.lexsort((problem.pair_amb[pairs], -problem.pair_match[pairs]))
        people = [int(problem.pair_amb[p]) for p in pairs[order]]
        free = [
            a for a, ok in zip(people, state.free(m, np.array(people, dtype=np.int64)), strict=True) if ok
        ]
        for leader in free:
            option = costing.evaluate(Option(leader, False), free, allow_moves=False)
            if not option.blockers:
                team = [leader, *option.team]
                state.add(m, team, option.staff_member)
                result[mid] = Assignment(
                    mission=mid,
                    ambassadors=[problem.ambassador_ids[a] for a in team],
                    staff=None if option.staff_member < 0 else problem.staff_ids[option.staff_member],
                )
                break
    return [result[m.id] for m in instance.missions if m.id in result]


__all__ = ["Move", "Suggestion", "apply_suggestion", "fill_uncovered", "suggest"]
