"""Rule 3, staff pair: one fitting staff member where ``needs_staff_pair``, nobody elsewhere.

A staff member fits mission *m* when their service is in ``m.staff_services`` (any service if
empty), they speak ``m.language`` and they are available on every date *m* touches. Compiled,
fitting is the list of staff pairs; the rule is then ``Σ_q z[q] = y[m]`` for a mission that needs
a pair (so a mission without a fitting staff member is never covered), and no staff variable at
all elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..compiled import BoolArray, IntArray, MissionDays, PeopleCalendar, ProblemData, Vocabulary, pad
from ..model import Instance, Mission, Staff
from .base import PersonBlock, Rule, Tracker
from .core import Violation
from .eligibility import unavailability
from .encoding import CpSatSink, RowSink
from .view import PlanView

if TYPE_CHECKING:
    from .state import Assignments


def staff_problems(staff: Staff, mission: Mission) -> list[str]:
    """Every reason why ``staff`` cannot be the pair of ``mission``; empty when they can."""
    problems: list[str] = []
    if mission.staff_services and staff.service not in mission.staff_services:
        problems.append(f"is in {staff.service}, not in {', '.join(mission.staff_services)}")
    if mission.language not in staff.languages:
        problems.append(f"does not speak {mission.language}")
    absent = unavailability(staff, mission)
    if absent is not None:
        problems.append(absent)
    return problems


@dataclass(frozen=True)
class PairData:
    needs: BoolArray  # the mission needs a staff pair


def pair_needed(mission: Mission) -> bool:
    """Does a covered ``mission`` take a staff member?"""
    return mission.needs_staff_pair


def needs_pair(problem: ProblemData) -> BoolArray:
    """Which missions need a staff pair."""
    return problem.part(PairData).needs


def staff_pairs(instance: Instance, days: MissionDays) -> tuple[IntArray, IntArray]:
    """(staff, mission) index arrays of every fitting staff pair, sorted by (mission, staff)."""
    staff = instance.staff
    cols = np.array([i for i, m in enumerate(instance.missions) if m.needs_staff_pair], dtype=np.int64)
    if not staff or len(cols) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    services = Vocabulary([s.service for s in staff])
    s_service = np.array([services.code(s.service) for s in staff], dtype=np.int64)
    allowed = services.incidence([instance.missions[m].staff_services for m in cols.tolist()])
    any_service = np.array([not instance.missions[m].staff_services for m in cols.tolist()], dtype=np.bool_)
    languages = Vocabulary()
    speaks = languages.incidence([s.languages for s in staff])
    m_lang = np.array([languages.code(instance.missions[m].language) for m in cols.tolist()], dtype=np.int64)
    speaks = pad(speaks, max(len(languages), 1))
    ok = (allowed[:, s_service].T | any_service[None, :]) & speaks[:, m_lang]
    ok &= PeopleCalendar.of(staff, instance.year).available(days.subset(cols))
    mis_local, st = np.nonzero(ok.T)
    return st.astype(np.int64), cols[mis_local].astype(np.int64)


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


class _Tracker(Tracker):
    rule = "pair"

    def staff_blocks(self, m: int, staff: IntArray) -> list[PersonBlock]:
        fits = np.array(
            [self.problem.staff_pair_index(int(s), m) >= 0 for s in staff.tolist()], dtype=np.bool_
        ).reshape(len(staff))
        return [PersonBlock(self.rule, "cannot be its pair", ~fits)] if (~fits).any() else []

    def team_problem(self, m: int, people: IntArray, staff: int, partial: bool) -> str | None:
        needs = bool(self.problem.part(PairData).needs[m])
        if needs and staff < 0 and not partial:
            return "needs a staff pair, none assigned"
        if not needs and staff >= 0:
            return "has a staff member but needs no staff pair"
        if staff >= 0 and len(people) == 0 and not partial:
            return "has a staff member but no ambassador"
        return None


class Pair(Rule):
    name = "pair"
    number = 3
    title = "staff pair"

    def compile(self, problem: ProblemData) -> PairData:
        return PairData(np.array([m.needs_staff_pair for m in problem.instance.missions], dtype=np.bool_))

    def violations(self, view: PlanView) -> list[Violation]:
        out: list[Violation] = []
        for mission_id, asg in view.assignment.items():
            mission = view.missions[mission_id]
            if not mission.needs_staff_pair:
                if asg.staff is not None:
                    out.append(
                        Violation(
                            rule="pair",
                            mission=mission_id,
                            person=asg.staff,
                            message=f"{mission_id}: staff {asg.staff} on a mission without a staff pair",
                        )
                    )
                continue
            if asg.staff is None:
                out.append(
                    Violation(
                        rule="pair",
                        mission=mission_id,
                        message=f"{mission_id}: needs a staff pair, none assigned",
                    )
                )
                continue
            if not asg.ambassadors:
                out.append(
                    Violation(
                        rule="pair",
                        mission=mission_id,
                        person=asg.staff,
                        message=f"{mission_id}: staff {asg.staff} on a mission without ambassadors",
                    )
                )
            staff = view.staff.get(asg.staff)
            if staff is None:
                continue  # the structure check reports the unknown id
            for problem in staff_problems(staff, mission):
                out.append(
                    Violation(
                        rule="pair",
                        mission=mission_id,
                        person=staff.id,
                        message=f"{mission_id}: staff {staff.id} {problem}",
                    )
                )
        return out

    def cp_sat(self, sink: CpSatSink) -> None:
        problem = sink.problem
        needs = problem.part(PairData).needs.tolist()
        bounds = problem.staff_mission_offsets.tolist()
        y = sink.y.tolist()
        for m in range(problem.n_mis):
            if not needs[m]:
                continue  # no staff variable exists for such a mission
            lits = sink.z[bounds[m] : bounds[m + 1]]
            if len(lits):  # Σ z − y = 0
                coeffs = np.ones(len(lits) + 1, dtype=np.int64)
                coeffs[-1] = -1
                sink.linear(np.append(lits, y[m]), coeffs, 0, 0)
            else:
                sink.linear([y[m]], [1], 0, 0)

    def never_covered(self, problem: ProblemData) -> BoolArray:
        return problem.part(PairData).needs & (np.diff(problem.staff_mission_offsets) == 0)  # type: ignore[no-any-return]

    def highs(self, sink: RowSink) -> None:
        problem = sink.problem
        needs = problem.part(PairData).needs
        has_staff = np.diff(problem.staff_mission_offsets) > 0
        sink.fix(sink.y[self.never_covered(problem)], 0.0)
        missions = np.nonzero(needs & has_staff)[0]
        row_of = np.full(problem.n_mis, -1, dtype=np.int64)
        row_of[missions] = np.arange(len(missions))
        rows = np.concatenate([row_of[problem.spair_mis], np.arange(len(missions))])
        cols = np.concatenate([sink.z, sink.y[missions]])
        vals = np.concatenate([np.ones(problem.n_staff_pairs), -np.ones(len(missions))])
        sink.rows(rows, cols, vals, 0.0, 0.0, len(missions))

    def tracker(self, problem: ProblemData, plan: Assignments) -> Tracker:
        return _Tracker(problem, plan)

    def mission_problem(self, problem: ProblemData, m: int) -> str | None:
        mission = problem.instance.missions[m]
        if not mission.needs_staff_pair or len(problem.staff_pairs_of_mission(m)):
            return None
        services = _or_list(mission.staff_services) if mission.staff_services else "any service"
        in_service = [
            s
            for s in problem.instance.staff
            if not mission.staff_services or s.service in mission.staff_services
        ]
        if not in_service:
            return f"needs a staff pair from {services}, there is no such staff member"
        if not any(mission.language in s.languages for s in in_service):
            return f"needs a staff pair from {services}, none available (none speaks {mission.language})"
        return (
            f"needs a staff pair from {services}, none available "
            f"(none is free on {mission.start.date().isoformat()})"
        )


RULE = Pair()
