"""What every engine shares: the context of a solve, one stage's task, and its outcome.

An engine (CP-SAT, whole-stage HiGHS MIP, neighbourhood search) gets a :class:`StageTask` —
optimise one objective, keeping the levels of the earlier stages and the callers' requirements,
from the best plan so far, within a budget — and returns a :class:`StageOutcome`. The stage loop
(:mod:`..stages`) chains engines and keeps the best; :meth:`SolveContext.accept` is the one
acceptance test every plan found by HiGHS passes: the independent checker finds no broken rule,
and the requirements, the levels and the frozen past hold.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np

from ...compiled import ProblemData
from ...compiled.solution import PlanArrays
from ...model import Instance
from ...objectives import Objective, RotationUnits
from ...plan import Assignment
from ...rules import check
from ..clock import Clock
from ..extras import LinearRow, holds
from ..frozen import Frozen
from ..highs.program import ProgramBuilder
from ..highs.worker import HighsWorker
from ..options import ProgressEvent, SolveOptions
from ..params import SolveParams

log = logging.getLogger(__name__)
StoppedBy = Literal["wall", "deterministic", "interrupt"]


@dataclass
class Emitter:
    """Progress events, timed from the start of the solve."""

    callback: Callable[[ProgressEvent], None] | None
    t0: float = field(default_factory=time.perf_counter)

    def __call__(
        self, stage: str, kind: str, value: float | None = None, bound: float | None = None, message: str = ""
    ) -> None:
        if self.callback is not None:
            self.callback(
                ProgressEvent(
                    stage=stage,
                    kind=kind,
                    value=value,
                    bound=bound,
                    seconds=time.perf_counter() - self.t0,
                    message=message,
                )
            )


@dataclass
class SolveContext:
    """Everything the engines of one solve share."""

    instance: Instance
    problem: ProblemData
    options: SolveOptions
    frozen: Frozen
    units: RotationUnits
    requirements: list[LinearRow]
    clock: Clock
    emit: Emitter
    worker: HighsWorker | None = None  # HiGHS in a child process (None: in this process)
    builders: dict[bool, ProgramBuilder] = field(default_factory=dict)  # with units or not, per solve
    lp_seconds: float = 0.0  # how long the coverage LP took (inf: not solved in time)
    clock_cut: bool = False  # the clock, not a work count, cut a step of a one-worker run

    @property
    def params(self) -> SolveParams:
        return self.options.params

    @property
    def deterministic(self) -> bool:
        return self.options.deterministic

    def accept(self, plan: PlanArrays, levels: Sequence[LinearRow]) -> bool:
        """Does ``plan`` keep every hard rule (the independent checker), the requirements, the levels
        of the earlier stages and the frozen past?"""
        if not self.keeps_frozen(plan):
            return False
        if not holds(self.problem, [*self.requirements, *levels], plan, self.units):
            return False
        broken = check(self.instance, assignments_of(self.problem, plan))
        if broken:
            log.warning("a plan breaks a rule (%s); kept the previous plan", broken[0])
        return not broken

    def keeps_frozen(self, plan: PlanArrays) -> bool:
        p_idx, p_val, s_idx, s_val = self.frozen.fixings(self.problem)
        covered = plan.covered(self.problem)
        blocked = np.array(sorted(self.frozen.blocked), dtype=np.int64)
        kept = np.array(sorted(self.frozen.pairs), dtype=np.int64)
        return bool(
            np.array_equal(plan.pair_on[p_idx], p_val.astype(np.bool_))
            and np.array_equal(plan.staff_on[s_idx], s_val.astype(np.bool_))
            and not covered[blocked].any()
            and covered[kept].all()
        )


def assignments_of(problem: ProblemData, plan: PlanArrays) -> list[Assignment]:
    """A plan in ids, missions in instance order, people in pair order."""
    on = np.nonzero(plan.pair_on)[0]
    staff_of = {
        int(problem.spair_mis[q]): problem.staff_ids[int(problem.spair_staff[q])]
        for q in np.nonzero(plan.staff_on)[0].tolist()
    }
    people: dict[int, list[str]] = {}
    for p in on.tolist():
        people.setdefault(int(problem.pair_mis[p]), []).append(
            problem.ambassador_ids[int(problem.pair_amb[p])]
        )
    return [
        Assignment(mission=problem.mission_ids[m], ambassadors=people[m], staff=staff_of.get(m))
        for m in sorted(people)
    ]


@dataclass
class StageTask:
    """Optimise ``objective`` keeping ``levels`` (earlier stages), from ``start`` (the best plan so
    far, maybe an unchecked hint) or ``trusted`` (a plan known to keep everything), within ``wall``
    seconds, or ``work`` nominal seconds of deterministic work in one-worker runs."""

    index: int
    objective: Objective
    levels: list[LinearRow]
    start: PlanArrays | None
    trusted: PlanArrays | None
    wall: float | None
    work: float | None


@dataclass
class StageOutcome:
    """What an engine found: a plan (None: nothing better than the start it was given), its value
    and the stage's bound (both in the objective's integer units), and why it stopped."""

    engine: str
    plan: PlanArrays | None = None
    value: float | None = None
    bound: float | None = None
    proven: bool = False
    infeasible: bool = False
    stopped_by: StoppedBy | None = None
    checked: bool = False  # the plan passed SolveContext.accept


class Engine(Protocol):
    name: str

    def solve(self, task: StageTask) -> StageOutcome: ...
