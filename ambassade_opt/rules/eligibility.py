"""Rule 1, eligibility: language, competence, charter, trainings, availability."""

from __future__ import annotations

from ..model import Ambassador, Instance, Mission, Staff, touched_dates
from .core import PlanView, Violation

RULE = "eligibility"
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def unavailability(person: Ambassador | Staff, mission: Mission) -> str | None:
    """Why ``person`` cannot be there, in words, or None when available on every touched date."""
    for day in touched_dates(mission.start, mission.end):
        if person.available_weekdays is not None and day.weekday() not in person.available_weekdays:
            return f"does not take missions on {WEEKDAY_NAMES[day.weekday()]}s ({day.isoformat()})"
        if any(r.contains(day) for r in person.unavailable):
            return f"is unavailable on {day.isoformat()}"
    return None


def eligibility_problems(instance: Instance, ambassador: Ambassador, mission: Mission) -> list[str]:
    """Every reason why ``ambassador`` may not take ``mission``; empty when eligible."""
    problems: list[str] = []
    if mission.language not in ambassador.languages:
        problems.append(f"does not speak {mission.language}")
    if mission.intervention not in ambassador.competences:
        problems.append(f"is not competent for {mission.intervention}")
    if not ambassador.charter_signed:
        problems.append("has not signed the charter")
    missing = sorted(set(instance.policy.required_trainings(mission)) - set(ambassador.trainings))
    if missing:
        problems.append(f"lacks training {', '.join(missing)}")
    absent = unavailability(ambassador, mission)
    if absent is not None:
        problems.append(absent)
    return problems


def is_eligible(instance: Instance, ambassador: Ambassador, mission: Mission) -> bool:
    return not eligibility_problems(instance, ambassador, mission)


def violations(view: PlanView) -> list[Violation]:
    out: list[Violation] = []
    for mission_id, people in view.ambassadors_on.items():
        mission = view.missions[mission_id]
        for aid in people:
            for problem in eligibility_problems(view.instance, view.ambassadors[aid], mission):
                out.append(Violation(rule=RULE, mission=mission_id, person=aid,
                                     message=f"{mission_id}: ambassador {aid} {problem}"))
    return out
