"""Rule 8, initiative: an ambassador's own proposal is staffed only if approved, with its proposer.

An ``ambassador_initiative`` mission that is not ``approved`` is never covered (``y = 0``); an
approved one has its proposer on it exactly when it is covered (``x[proposer, m] = y[m]``), so a
proposer who may not take it (rule 1) keeps it uncovered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..compiled import BoolArray, IntArray, ProblemData
from .base import Rule, Tracker
from .core import Violation
from .eligibility import eligibility_problems
from .encoding import CpSatSink, RowSink
from .view import PlanView

if TYPE_CHECKING:
    from .state import Assignments


@dataclass(frozen=True)
class InitiativeData:
    staffable: BoolArray  # False for an initiative that is not approved
    proposer: IntArray  # ambassador index of an initiative's proposer, −1 otherwise


def _proposer_pairs(problem: ProblemData) -> tuple[IntArray, IntArray, IntArray]:
    """(missions, their proposer's pair or −1) of the approved initiatives, and the missions that
    can never be covered (unapproved, or a proposer without a pair)."""
    d = problem.part(InitiativeData)
    ms = np.nonzero(d.staffable & (d.proposer >= 0))[0]
    pairs = np.array([problem.pair_index(int(d.proposer[m]), int(m)) for m in ms], dtype=np.int64)
    never = np.concatenate([np.nonzero(~d.staffable)[0], ms[pairs < 0]]).astype(np.int64)
    return ms[pairs >= 0], pairs[pairs >= 0], never


class _Tracker(Tracker):
    rule = "initiative"

    def team_problem(self, m: int, people: IntArray, staff: int, partial: bool) -> str | None:
        d = self.problem.part(InitiativeData)
        mission = self.problem.instance.missions[m]
        if not d.staffable[m]:
            return f"unapproved initiative (proposed by {mission.proposed_by})"
        if d.proposer[m] >= 0 and not partial and int(d.proposer[m]) not in people.tolist():
            return f"the initiative would go without its proposer {mission.proposed_by}"
        return None


class Initiative(Rule):
    name = "initiative"
    number = 8
    title = "initiative"

    def compile(self, problem: ProblemData) -> InitiativeData:
        position = problem.ambassador_position
        missions = problem.instance.missions
        return InitiativeData(
            np.array(
                [not (m.origin == "ambassador_initiative" and not m.approved) for m in missions],
                dtype=np.bool_,
            ),
            np.array(
                [
                    position[m.proposed_by] if m.origin == "ambassador_initiative" and m.proposed_by else -1
                    for m in missions
                ],
                dtype=np.int64,
            ),
        )

    def violations(self, view: PlanView) -> list[Violation]:
        out: list[Violation] = []
        for mission_id, asg in view.assignment.items():
            mission = view.missions[mission_id]
            if mission.origin != "ambassador_initiative":
                continue
            if not mission.approved:
                out.append(
                    Violation(
                        rule="initiative",
                        mission=mission_id,
                        message=f"{mission_id}: unapproved initiative is staffed",
                    )
                )
            if mission.proposed_by not in asg.ambassadors:
                out.append(
                    Violation(
                        rule="initiative",
                        mission=mission_id,
                        person=mission.proposed_by,
                        message=f"{mission_id}: initiative staffed without its proposer "
                        f"{mission.proposed_by}",
                    )
                )
        return out

    def cp_sat(self, sink: CpSatSink) -> None:
        ms, pairs, never = _proposer_pairs(sink.problem)
        for m in never.tolist():
            sink.linear([int(sink.y[m])], [1], 0, 0)
        for m, p in zip(ms.tolist(), pairs.tolist(), strict=True):  # x = y
            sink.linear([int(sink.x[p]), int(sink.y[m])], [1, -1], 0, 0)

    def never_covered(self, problem: ProblemData) -> BoolArray:
        out = np.zeros(problem.n_mis, dtype=np.bool_)
        out[_proposer_pairs(problem)[2]] = True
        return out

    def highs(self, sink: RowSink) -> None:
        ms, pairs, never = _proposer_pairs(sink.problem)
        sink.fix(sink.y[never], 0.0)
        n = len(ms)
        if n:
            sink.rows(
                np.repeat(np.arange(n), 2),
                np.stack([sink.x[pairs], sink.y[ms]], 1).ravel(),
                np.tile([1.0, -1.0], n),
                0.0,
                0.0,
                n,
            )

    def tracker(self, problem: ProblemData, plan: Assignments) -> Tracker:
        return _Tracker(problem, plan)

    def mission_problem(self, problem: ProblemData, m: int) -> str | None:
        mission = problem.instance.missions[m]
        if mission.origin != "ambassador_initiative":
            return None
        if not mission.approved:
            return f"unapproved initiative (proposed by {mission.proposed_by})"
        if mission.proposed_by is not None:
            problems = eligibility_problems(
                problem.instance, problem.instance.ambassador(mission.proposed_by), mission
            )
            if problems:
                return f"proposer {mission.proposed_by} cannot take it ({problems[0]})"
        return None

    def required(self, problem: ProblemData, m: int) -> tuple[IntArray, int]:
        proposer = int(problem.part(InitiativeData).proposer[m])
        return np.array([proposer] if proposer >= 0 else [], dtype=np.int64), -1


RULE = Initiative()
