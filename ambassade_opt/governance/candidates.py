"""Who may be a guest at a support-group meeting."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ..errors import InputError
from ..model import Instance, Meeting, Mission, is_available
from ..plan import Plan
from .support_group import volunteers


def busy_missions(instance: Instance, plan: Plan | None) -> dict[str, list[Mission]]:
    """Missions of each ambassador in ``plan`` (empty without a plan). Unknown ids are bad input."""
    busy: dict[str, list[Mission]] = {}
    if plan is None:
        return busy
    missions = {m.id: m for m in instance.missions}
    ambassadors = {a.id for a in instance.ambassadors}
    problems = []
    for i, asg in enumerate(plan.assignments):
        mission = missions.get(asg.mission)
        if mission is None:
            problems.append((f"plan.assignments[{i}].mission", f"unknown mission {asg.mission!r}"))
            continue
        for j, aid in enumerate(asg.ambassadors):
            if aid not in ambassadors:
                problems.append((f"plan.assignments[{i}].ambassadors[{j}]", f"unknown ambassador {aid!r}"))
                continue
            busy.setdefault(aid, []).append(mission)
    if problems:
        raise InputError(problems)
    return busy


def overlaps(mission: Mission, meeting: Meeting) -> bool:
    """The two intervals intersect (no travel buffer: the meeting is not a mission)."""
    return mission.start < meeting.end and meeting.start < mission.end


def meeting_candidates(instance: Instance, meeting: Meeting, members: Collection[str],
                       busy: Mapping[str, list[Mission]]) -> list[str]:
    """Volunteers with the charter signed, available on the meeting (every touched date and its
    weekday), not in the support group, not on a mission overlapping it. Sorted ids."""
    out = []
    for a in volunteers(instance):
        if a.id in members or not is_available(a, meeting.start, meeting.end):
            continue
        if any(overlaps(m, meeting) for m in busy.get(a.id, ())):
            continue
        out.append(a.id)
    return sorted(out)
