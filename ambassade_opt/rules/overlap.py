"""Rule 4, no overlap: one person's missions, travel buffer included, never collide.

Missions ``m1.start <= m2.start`` conflict when ``m2.start < m1.end + buffer(m1.region,
m2.region)``. Each person's missions are sorted by start; scanning forward from ``m1`` stops at the
first ``m2`` starting at or after ``m1.end + the largest buffer``, since later ones start later
still. That keeps the check near linear in the plan size.
"""

from __future__ import annotations

from datetime import timedelta

from ..model import Mission, Travel
from .core import PlanView, Violation

RULE = "overlap"


def conflicts(first: Mission, second: Mission, travel: Travel) -> bool:
    """Do two missions collide for one person (in either order)?"""
    m1, m2 = (first, second) if first.start <= second.start else (second, first)
    return m2.start < m1.end + timedelta(minutes=travel.buffer_minutes(m1.region, m2.region))


def conflicting_pairs(missions: list[Mission], travel: Travel) -> list[tuple[Mission, Mission]]:
    """Every colliding pair among one person's missions, earlier-starting mission first."""
    ordered = sorted(missions, key=lambda m: (m.start, m.id))
    reach = timedelta(minutes=travel.max_buffer_minutes())
    pairs: list[tuple[Mission, Mission]] = []
    for i, m1 in enumerate(ordered):
        horizon = m1.end + reach
        for m2 in ordered[i + 1:]:
            if m2.start >= horizon:
                break
            if m2.start < m1.end + timedelta(minutes=travel.buffer_minutes(m1.region, m2.region)):
                pairs.append((m1, m2))
    return pairs


def violations(view: PlanView) -> list[Violation]:
    travel = view.instance.policy.travel
    out: list[Violation] = []
    for kind, table in (("ambassador", view.missions_of_ambassador), ("staff", view.missions_of_staff)):
        for person, missions in table.items():
            for m1, m2 in conflicting_pairs(missions, travel):
                buffer = travel.buffer_minutes(m1.region, m2.region)
                out.append(Violation(
                    rule=RULE, mission=m1.id, other_mission=m2.id, person=person,
                    message=(f"{kind} {person}: {m1.id} (ends {m1.end:%Y-%m-%d %H:%M}, {m1.region}) and "
                             f"{m2.id} (starts {m2.start:%H:%M}, {m2.region}) overlap with the "
                             f"{buffer} min travel buffer"),
                ))
    return out
