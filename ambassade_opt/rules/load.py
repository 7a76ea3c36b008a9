"""Rule 5, load: missions, hours and missions per calendar month within each person's limits."""

from __future__ import annotations

from collections import Counter

from .core import HOURS_TOLERANCE, PlanView, Violation

RULE = "load"


def violations(view: PlanView) -> list[Violation]:
    policy = view.instance.policy
    out: list[Violation] = []
    for aid, missions in view.missions_of_ambassador.items():
        a = view.ambassadors[aid]
        if len(missions) > a.max_missions:
            out.append(Violation(rule=RULE, person=aid,
                                 message=f"ambassador {aid}: {len(missions)} missions > "
                                         f"max_missions {a.max_missions}"))
        hours = sum(m.workload_hours for m in missions)
        if hours > a.max_hours + HOURS_TOLERANCE:
            out.append(Violation(rule=RULE, person=aid,
                                 message=f"ambassador {aid}: {hours:.2f} h > max_hours {a.max_hours:g}"))
        cap = policy.month_cap(a)
        if cap is not None:
            per_month = Counter((m.start.year, m.start.month) for m in missions)
            for (year, month), count in sorted(per_month.items()):
                if count > cap:
                    out.append(Violation(
                        rule=RULE, person=aid,
                        message=f"ambassador {aid}: {count} missions in {year}-{month:02d} > "
                                f"{cap} per month"))
    for sid, missions in view.missions_of_staff.items():
        s = view.staff[sid]
        if len(missions) > s.max_missions:
            out.append(Violation(rule=RULE, person=sid,
                                 message=f"staff {sid}: {len(missions)} missions > "
                                         f"max_missions {s.max_missions}"))
    return out
