"""Pins that no plan can honour (rule 9 against rules 1–8), each named with the rule it breaks.

The pins alone force part of the plan: every pinned mission covered, with its pinned people. That
part is built mission by mission in a :class:`~.state.PlanState`, asking each rule what it asks of
any plan: can the mission be covered at all, can each pinned person join it given the pins before
(an overlap, a cap), can the partial team stay (seats, group cap, budgets: more people only cost
more). Every problem found is reported, not only the first.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compiled import ProblemData
from .core import RuleName
from .eligibility import eligibility_problems
from .pair import staff_problems
from .registry import RULES
from .state import PlanState

# Rule 9's own "can never be covered" (a pinned person who cannot take the mission) is the
# eligibility, seats or pair problem reported below under the rule it breaks: not twice.
_OTHER_RULES = tuple(rule for rule in RULES if rule.name != "pinned")


@dataclass(frozen=True)
class PinProblem:
    """A pin that breaks a rule: the mission, the pinned person (None: the pins as a whole)."""

    rule: RuleName
    mission: str
    person: str | None
    message: str


def pin_problems(problem: ProblemData) -> list[PinProblem]:
    """Every pin that breaks a hard rule whatever else the plan does (see the module docstring)."""
    inst = problem.instance
    state = PlanState(problem)
    out: list[PinProblem] = []
    for m, mission in enumerate(inst.missions):
        people, staff = state.required(m)
        if not mission.pinned_ambassadors and mission.pinned_staff is None:
            continue
        first = mission.pinned_ambassadors[0] if mission.pinned_ambassadors else mission.pinned_staff
        for rule, text in state.mission_problems(m, _OTHER_RULES):
            out.append(PinProblem(rule, mission.id, first, f"pin on {mission.id}: {text}"))
        for aid in mission.pinned_ambassadors:
            a = problem.ambassador_position[aid]
            for text in eligibility_problems(inst, inst.ambassador(aid), mission):
                out.append(PinProblem("eligibility", mission.id, aid, f"pinned ambassador {aid} {text}"))
            out += _obstacles(state, m, a, False)
        if mission.pinned_staff is not None:
            for text in staff_problems(inst.staff_member(mission.pinned_staff), mission):
                out.append(
                    PinProblem(
                        "pair",
                        mission.id,
                        mission.pinned_staff,
                        f"pinned staff {mission.pinned_staff} {text}",
                    )
                )
            out += _obstacles(state, m, problem.staff_position[mission.pinned_staff], True)
        for rule, text in state.team_problems(m, people, staff, partial=True):
            out.append(PinProblem(rule, mission.id, first, f"pins on {mission.id}: {text}"))
        state.add(m, people, staff)
    return _unique(out)


def _obstacles(state: PlanState, m: int, person: int, staff: bool) -> list[PinProblem]:
    """A pinned person blocked by the pins before: the pin, and the earlier pins it collides with."""
    problem = state.problem
    ids = problem.staff_ids if staff else problem.ambassador_ids
    who, mission = ids[person], problem.mission_ids[m]
    out = []
    for o in state.obstacles(m, person, staff):
        others = [problem.mission_ids[n] for n in o.release]
        with_ = f" (with the pins on {', '.join(others)})" if others else ""
        out.append(PinProblem(o.rule, mission, who, f"pin of {who} on {mission}: {o.text}{with_}"))
        out += [
            PinProblem(o.rule, n, who, f"pin of {who} on {n}: {o.text} with the pin on {mission}")
            for n in others
        ]
    return out


def _unique(problems: list[PinProblem]) -> list[PinProblem]:
    seen: set[tuple[str, str, str | None]] = set()
    out = []
    for p in problems:
        key = (p.rule, p.mission, p.person)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
