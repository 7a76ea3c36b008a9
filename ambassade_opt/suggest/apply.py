"""Applying a suggestion: the seat freed, the moves made, the people added, with a diff."""

from __future__ import annotations

from ..model import Instance
from ..plan import Assignment, DiffEntry, Plan, Unassigned
from .model import Suggestion


def apply_suggestion(instance: Instance, plan: Plan, suggestion: Suggestion) -> Plan:
    """The plan with ``suggestion`` applied (seat freed, moves made, people added), with a diff.

    The result is no longer a proven optimum: its status becomes ``feasible`` (or stays
    ``infeasible``/``unknown``); its KPIs are recomputed.
    """
    before = {a.mission: a for a in plan.assignments}
    after: dict[str, Assignment | None] = {mid: a.model_copy(deep=True) for mid, a in before.items()}
    why = _make_changes(after, suggestion)

    order = [m.id for m in instance.missions]
    assignments = [a for mid in order if (a := after.get(mid)) is not None]
    old_reasons = {u.mission: u.reason for u in plan.unassigned}
    unassigned = [
        Unassigned(mission=mid, reason=why.get(mid) or old_reasons.get(mid, "not covered"))
        for mid in order
        if after.get(mid) is None
    ]
    diff = list(plan.diff or [])
    for mid in sorted(why, key=order.index):
        old, new = before.get(mid), after.get(mid)
        diff.append(DiffEntry(mission=mid, before=_view(old), after=_view(new), why=why[mid]))
    result = Plan(
        status="feasible" if plan.status == "optimal" else plan.status,
        assignments=assignments,
        unassigned=unassigned,
        solver=plan.solver,
        run=plan.run,
        diff=diff,
    )
    from ..scoring import kpis

    result.kpis = kpis(instance, result)
    return result


def _make_changes(after: dict[str, Assignment | None], suggestion: Suggestion) -> dict[str, str]:
    """Apply ``suggestion`` to ``after`` (mission -> its assignment, None: uncovered), in place:
    the seat freed, the moves made (a person taken off their mission, or the mission left
    uncovered), the person, their team and staff member added to the target mission. Returns why
    each mission changed, in plain words."""
    why: dict[str, str] = {}
    target = suggestion.mission
    if suggestion.seat is not None:
        _drop(after, target, suggestion.seat)
        why[target] = f"{suggestion.seat} replaced by {suggestion.person}"
    for mv in suggestion.moves:
        if mv.effect == "mission_uncovered":
            after[mv.mission] = None
            why[mv.mission] = f"{mv.person} moved to {target} ({mv.why}); mission left uncovered"
        else:
            _drop(after, mv.mission, mv.person)
            why[mv.mission] = f"{mv.person} moved to {target} ({mv.why})"
    asg = after.get(target) or Assignment(mission=target, ambassadors=[], staff=None)
    newcomers = [suggestion.person] if suggestion.role == "ambassador" else []
    asg.ambassadors = [*asg.ambassadors, *newcomers, *suggestion.team]
    if suggestion.role == "staff":
        asg.staff = suggestion.person
    elif suggestion.staff is not None:
        asg.staff = suggestion.staff
    after[target] = asg
    why.setdefault(target, f"{suggestion.person} added")
    return why


def _drop(after: dict[str, Assignment | None], mid: str, person: str) -> None:
    """Take ``person`` (an ambassador or the staff member) off mission ``mid``, if it is covered."""
    asg = after.get(mid)
    if asg is None:
        return
    if asg.staff == person:
        asg.staff = None
    asg.ambassadors = [x for x in asg.ambassadors if x != person]


def _view(asg: Assignment | None) -> dict[str, object] | None:
    return None if asg is None else {"ambassadors": list(asg.ambassadors), "staff": asg.staff}
