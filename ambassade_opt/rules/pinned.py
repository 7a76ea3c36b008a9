"""Rule 9, pins: pinned ambassadors and pinned staff are in their mission's assignment.

A pinned mission must therefore be covered. Pins never override rules 1–8; :func:`pin_conflicts`
finds, before any solve, the pins that no plan can honour, naming the pin and the rule it breaks.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..model import Instance, Mission
from ..plan import Assignment
from .core import HOURS_TOLERANCE, PlanView, Violation

RULE = "pinned"


def violations(view: PlanView) -> list[Violation]:
    out: list[Violation] = []
    for mission_id, mission in view.missions.items():
        if not mission.pinned_ambassadors and mission.pinned_staff is None:
            continue
        asg = view.assignment.get(mission_id)
        if asg is None:
            out.append(Violation(rule=RULE, mission=mission_id,
                                 message=f"{mission_id}: has pinned people but is unassigned"))
            continue
        for aid in mission.pinned_ambassadors:
            if aid not in asg.ambassadors:
                out.append(Violation(rule=RULE, mission=mission_id, person=aid,
                                     message=f"{mission_id}: pinned ambassador {aid} missing"))
        if mission.pinned_staff is not None and asg.staff != mission.pinned_staff:
            out.append(Violation(rule=RULE, mission=mission_id, person=mission.pinned_staff,
                                 message=f"{mission_id}: pinned staff {mission.pinned_staff} missing"))
    return out


def pin_conflicts(instance: Instance) -> list[Violation]:
    """Pins that break a hard rule whatever else the plan does.

    Checks the part of the plan the pins alone force: each pinned mission staffed by its pinned
    people (rules 1, 3, 8 and seats_max), and all pins together (overlap, load, group cap, money).
    Each violation's rule is the rule that the pin breaks, its message names the pin.
    """
    from . import eligibility, money, overlap, pair

    policy = instance.policy
    out: list[Violation] = []
    ambassadors = {a.id: a for a in instance.ambassadors}
    staff = {s.id: s for s in instance.staff}
    pinned = [m for m in instance.missions if m.pinned_ambassadors or m.pinned_staff is not None]
    by_ambassador: dict[str, list[Mission]] = defaultdict(list)
    by_staff: dict[str, list[Mission]] = defaultdict(list)
    for m in pinned:
        for aid in m.pinned_ambassadors:
            by_ambassador[aid].append(m)
            for problem in eligibility.eligibility_problems(instance, ambassadors[aid], m):
                out.append(Violation(rule="eligibility", mission=m.id, person=aid,
                                     message=f"pin {aid} on {m.id}: the ambassador {problem}"))
        if len(m.pinned_ambassadors) > m.seats_max:
            out.append(Violation(rule="seats", mission=m.id,
                                 message=f"{m.id}: {len(m.pinned_ambassadors)} pinned ambassadors > "
                                         f"seats_max {m.seats_max}"))
        if m.pinned_staff is not None:
            by_staff[m.pinned_staff].append(m)
            for problem in pair.staff_problems(staff[m.pinned_staff], m):
                out.append(Violation(rule="pair", mission=m.id, person=m.pinned_staff,
                                     message=f"pin {m.pinned_staff} on {m.id}: the staff member {problem}"))
        if m.origin == "ambassador_initiative" and not m.approved:
            out.append(Violation(rule="initiative", mission=m.id,
                                 message=f"{m.id}: pinned people on an unapproved initiative"))
    for kind, table in (("ambassador", by_ambassador), ("staff", by_staff)):
        for person, missions in table.items():
            for m1, m2 in overlap.conflicting_pairs(missions, policy.travel):
                out.append(Violation(rule="overlap", mission=m1.id, other_mission=m2.id, person=person,
                                     message=f"{kind} {person} is pinned on {m1.id} and {m2.id}, "
                                             "which overlap"))
    for aid, missions in by_ambassador.items():
        a = ambassadors[aid]
        if len(missions) > a.max_missions:
            out.append(Violation(rule="load", person=aid,
                                 message=f"ambassador {aid} is pinned on {len(missions)} missions > "
                                         f"max_missions {a.max_missions}"))
        hours = sum(m.workload_hours for m in missions)
        if hours > a.max_hours + HOURS_TOLERANCE:
            out.append(Violation(rule="load", person=aid,
                                 message=f"ambassador {aid} is pinned on {hours:.2f} h > "
                                         f"max_hours {a.max_hours:g}"))
        cap = policy.month_cap(a)
        if cap is not None:
            for (year, month), count in Counter((m.start.year, m.start.month) for m in missions).items():
                if count > cap:
                    out.append(Violation(rule="load", person=aid,
                                         message=f"ambassador {aid} is pinned on {count} missions in "
                                                 f"{year}-{month:02d} > {cap} per month"))
    for sid, missions in by_staff.items():
        if len(missions) > staff[sid].max_missions:
            out.append(Violation(rule="load", person=sid,
                                 message=f"staff {sid} is pinned on {len(missions)} missions > "
                                         f"max_missions {staff[sid].max_missions}"))
    if policy.group_cap is not None and len(by_ambassador) > policy.group_cap:
        out.append(Violation(rule="group_cap",
                             message=f"{len(by_ambassador)} distinct pinned ambassadors > "
                                     f"group_cap {policy.group_cap}"))
    # Money: the pinned people alone already cost this much; more seats only cost more.
    forced = [Assignment(mission=m.id, ambassadors=list(m.pinned_ambassadors), staff=m.pinned_staff)
              for m in pinned]
    for v in money.violations(PlanView.build(instance, forced)):
        out.append(v.model_copy(update={"message": f"pins alone: {v.message}"}))
    return out

