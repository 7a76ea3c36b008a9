"""Rule 2, seats: a mission gets no ambassador, or between ``seats_min`` and ``seats_max``.

No partial staffing: with y the "covered" variable and x the mission's pairs,
``seats_min · y ≤ Σ x ≤ seats_max · y``. A mission with fewer eligible people than
``seats_min`` is never covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..compiled import BoolArray, IntArray, ProblemData
from ..model import Mission
from .base import Rule, Tracker
from .core import Violation
from .encoding import CpSatSink, RowSink
from .view import PlanView

if TYPE_CHECKING:
    from .state import Assignments

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Up to this many eligible pairs CP-SAT also gets x ≤ y for every pair: it keeps the LP relaxation
# tight (y cannot be a fraction of one seat); propagation is the same without, so large years skip it.
PER_PAIR_ROWS_MAX_PAIRS = 150_000


@dataclass(frozen=True)
class SeatsData:
    seats_min: IntArray
    seats_max: IntArray


def minimum(problem: ProblemData) -> IntArray:
    """``seats_min`` of every mission: the fewest ambassadors that cover it."""
    return problem.part(SeatsData).seats_min


def maximum(problem: ProblemData) -> IntArray:
    """``seats_max`` of every mission."""
    return problem.part(SeatsData).seats_max


def seats_of(mission: Mission) -> tuple[int, int]:
    """The fewest and the most ambassadors ``mission`` takes when it is covered."""
    return mission.seats_min, mission.seats_max


def _need(mission_min: int, mission_max: int) -> str:
    return f"{mission_min}" if mission_min == mission_max else f"{mission_min}..{mission_max}"


class _Tracker(Tracker):
    rule = "seats"

    def team_problem(self, m: int, people: IntArray, staff: int, partial: bool) -> str | None:
        data = self.problem.part(SeatsData)
        low, high = int(data.seats_min[m]), int(data.seats_max[m])
        if len(people) > high:
            return f"{len(people)} ambassadors for {high} seats"
        if not partial and len(people) < low:
            return f"{len(people)} ambassadors, it needs {_need(low, high)}"
        return None


class Seats(Rule):
    name = "seats"
    number = 2
    title = "seats"

    def compile(self, problem: ProblemData) -> SeatsData:
        missions = problem.instance.missions
        return SeatsData(
            np.array([m.seats_min for m in missions], dtype=np.int64),
            np.array([m.seats_max for m in missions], dtype=np.int64),
        )

    def violations(self, view: PlanView) -> list[Violation]:
        out: list[Violation] = []
        for mission_id, asg in view.assignment.items():
            mission = view.missions[mission_id]
            # Unknown ids are still seats the plan claims; the structure check names them.
            taken = len(set(asg.ambassadors))
            if not mission.seats_min <= taken <= mission.seats_max:
                out.append(
                    Violation(
                        rule="seats",
                        mission=mission_id,
                        message=f"{mission_id}: {taken} ambassadors, needs "
                        f"{_need(mission.seats_min, mission.seats_max)}",
                    )
                )
        return out

    def cp_sat(self, sink: CpSatSink) -> None:
        problem = sink.problem
        data = problem.part(SeatsData)
        low, high = data.seats_min.tolist(), data.seats_max.tolist()
        per_pair = problem.n_pairs <= PER_PAIR_ROWS_MAX_PAIRS
        bounds = problem.mission_offsets.tolist()
        x, y = sink.x, sink.y.tolist()
        for m in range(problem.n_mis):
            lits = x[bounds[m] : bounds[m + 1]]
            if len(lits) < low[m]:
                sink.linear([y[m]], [1], 0, 0)
                if len(lits):
                    sink.linear(lits, np.ones(len(lits), dtype=np.int64), 0, 0)
                continue
            # Σ x − k·y, in two rows: ≥ 0 with k = seats_min, ≤ 0 with k = the most seats it can get
            with_y = np.append(lits, y[m])
            ones = np.ones(len(with_y), dtype=np.int64)
            ones[-1] = -low[m]
            sink.linear(with_y, ones, 0, INT64_MAX)
            ones[-1] = -min(high[m], len(lits))
            sink.linear(with_y, ones, INT64_MIN, 0)
            if per_pair:
                sink.implications(lits.tolist(), [y[m]] * len(lits))

    def never_covered(self, problem: ProblemData) -> BoolArray:
        return np.diff(problem.mission_offsets) < minimum(problem)

    def highs(self, sink: RowSink) -> None:
        problem = sink.problem
        data = problem.part(SeatsData)
        n_cand = np.diff(problem.mission_offsets)
        sink.fix(sink.y[self.never_covered(problem)], 0.0)
        with_pairs = np.nonzero(n_cand > 0)[0]
        row_of = np.full(problem.n_mis, -1, dtype=np.int64)
        row_of[with_pairs] = np.arange(len(with_pairs))
        pm, P = problem.pair_mis, problem.n_pairs
        for coeff_y, lo, hi in ((data.seats_min, 0.0, np.inf), (data.seats_max, -np.inf, 0.0)):
            rows = np.concatenate([row_of[pm], row_of[with_pairs]])
            cols = np.concatenate([sink.x, sink.y[with_pairs]])
            vals = np.concatenate([np.ones(P), -coeff_y[with_pairs].astype(np.float64)])
            sink.rows(rows, cols, vals, lo, hi, len(with_pairs))
        # x ≤ y per pair: a fraction of a seat cannot cover a fraction of a mission
        sink.rows(
            np.repeat(np.arange(P), 2),
            np.stack([sink.x, sink.y[pm]], 1).ravel(),
            np.tile([1.0, -1.0], P),
            -np.inf,
            0.0,
            P,
        )

    def tracker(self, problem: ProblemData, plan: Assignments) -> Tracker:
        return _Tracker(problem, plan)


RULE = Seats()
