"""Where a re-plan starts: the published plan, repaired, then filled without moving anyone."""

from __future__ import annotations

from datetime import datetime

from ..model import Instance
from ..plan import Assignment, Plan
from ..rules import check
from ..rules.eligibility import eligibility_problems
from ..rules.pair import pair_needed, staff_problems
from ..rules.seats import seats_of
from ..suggest import fill_uncovered


def start_plan(changed: Instance, plan: Plan, frozen: set[str], now: datetime | None) -> Plan:
    """The solver's starting point: the published plan, repaired, then filled.

    Repaired: people who can no longer be on a mission leave it; a future mission whose remaining
    assignment breaks a rule (too few seats, a lost staff pair or proposer, a moved mission now
    overlapping, a cap) is emptied. Filled: uncovered future missions, highest priority first, get
    the best people who need no move (:func:`ambassade_opt.suggest.fill_uncovered`). Nobody who
    was kept is moved, so the start keeps every promise still possible.
    """
    ambassadors = {a.id: a for a in changed.ambassadors}
    staff = {s.id: s for s in changed.staff}
    missions = {m.id: m for m in changed.missions}
    kept: dict[str, Assignment] = {}
    for asg in plan.assignments:
        m = missions.get(asg.mission)
        if m is None:
            continue
        if m.id in frozen:
            kept[m.id] = asg
            continue
        people = [
            aid
            for aid in asg.ambassadors
            if aid in ambassadors and not eligibility_problems(changed, ambassadors[aid], m)
        ]
        pair = (
            asg.staff
            if pair_needed(m) and asg.staff in staff and not staff_problems(staff[asg.staff], m)
            else None
        )
        kept[m.id] = Assignment(mission=m.id, ambassadors=people[: seats_of(m)[1]], staff=pair)
    for _ in range(5):  # each round empties the missions a rule still objects to
        violations = check(changed, list(kept.values()))
        if not violations:
            break
        broken: set[str] = set()
        for v in violations:
            named = {x for x in (v.mission, v.other_mission) if x is not None and x not in frozen}
            if not named and v.person is not None:  # a cap of one person: drop their latest mission
                theirs = [
                    mid
                    for mid, a in kept.items()
                    if mid not in frozen and (v.person in a.ambassadors or v.person == a.staff)
                ]
                named = set(sorted(theirs, key=lambda mid: missions[mid].start)[-1:])
            broken |= named
        for mid in broken:
            kept.pop(mid, None)
    else:  # still broken: start from the frozen past only
        kept = {mid: a for mid, a in kept.items() if mid in frozen}
    remaining = sorted(
        (m for m in changed.missions if m.id not in kept and m.id not in frozen),
        key=lambda m: (-m.priority, m.start, m.id),
    )
    filled = fill_uncovered(changed, kept.values(), [m.id for m in remaining], now=now)
    return Plan(status="feasible", assignments=filled)
