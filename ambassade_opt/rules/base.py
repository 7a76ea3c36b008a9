"""The shape of a hard rule: one class per rule module, four faces of the same rule.

Every rule of DOMAIN.md section 3 is a :class:`Rule` in its own module, and each face reads the
rule's data from that module only:

* :meth:`Rule.violations` — the check of a finished plan, from the instance and the plan alone
  (floats, dates, ids: never the solver's integers), for :func:`ambassade_opt.validate`;
* :meth:`Rule.cp_sat` and :meth:`Rule.highs` — its encodings in the two back-ends' variables
  (see :mod:`.encoding`);
* :meth:`Rule.tracker` — the incremental test "can this person take this mission, given the plan
  so far, and if not, why (in plain words)", used by the constructive plan, the local search, the
  explanations, the suggestions and the pin checks (see :mod:`.state`);
* :meth:`Rule.compile` — the rule's own arrays, compiled once (read back with
  ``problem.part(...)``), and :meth:`Rule.mission_problem`, why a mission can never be covered.

A new rule is one new module with a :class:`Rule` subclass, registered in :mod:`.registry`, and
its test file ``tests/rules/test_<rule>.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from ..compiled import BoolArray, IntArray, ProblemData
from .core import RuleName, Violation
from .encoding import CpSatSink, RowSink

if TYPE_CHECKING:
    from .state import Assignments
    from .view import PlanView


def _none() -> IntArray:
    return np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class MissionRow:
    """A condition every plan meets on the covered missions alone: Σ coeffs · y[missions] ≤ upper
    (for bounds that do not look at people)."""

    missions: IntArray
    coeffs: np.ndarray
    upper: float


@dataclass(frozen=True)
class PersonBlock:
    """Candidates that a rule keeps off a mission, given the plan so far.

    ``mask`` is over the candidates asked about; ``reason`` is a plural phrase ("at their yearly
    maximum") that explanations count people under."""

    rule: RuleName
    reason: str
    mask: BoolArray


@dataclass(frozen=True)
class Obstacle:
    """Why one person cannot take a mission now, in plain words, and what would make room.

    ``release``: missions of that person whose leaving can lift the obstacle (empty: nothing the
    person leaves helps); ``all_of``: every one of them must go (an overlap), else leaving some
    of them is enough (a cap) and the obstacle is asked again after each one. ``short`` names the
    limit for move reasons ("max_missions 3")."""

    rule: RuleName
    text: str
    short: str
    release: tuple[int, ...] = ()
    all_of: bool = False


class Tracker:
    """A rule's running totals over a plan being built or edited, and its incremental tests.

    ``book`` is called for every mission added (sign +1) or removed (sign −1) with its ambassadors
    and staff member (−1: none); the tests then answer against the plan so far. A test that does
    not apply to a rule keeps its default (nothing blocked)."""

    rule: ClassVar[RuleName]

    def __init__(self, problem: ProblemData, plan: Assignments) -> None:
        self.problem = problem
        self.plan = plan

    def book(self, m: int, people: IntArray, staff: int, sign: int) -> None:
        """Take mission ``m``'s people in (sign +1) or out (sign −1) of the running totals."""

    def blocks(self, m: int, people: IntArray) -> list[PersonBlock]:
        """Which of ``people`` (ambassadors, not on ``m``) this rule keeps off ``m``, and why."""
        return []

    def staff_blocks(self, m: int, staff: IntArray) -> list[PersonBlock]:
        """Which of ``staff`` this rule keeps off ``m`` as its staff pair, and why."""
        return []

    def obstacle(self, m: int, person: int, staff: bool) -> Obstacle | None:
        """Why ``person`` (an ambassador, or a staff member if ``staff``) cannot join ``m`` now."""
        return None

    def team_problem(self, m: int, people: IntArray, staff: int, partial: bool) -> str | None:
        """Why ``m`` cannot be added with exactly this team (``partial``: the team may still grow,
        so only what more people cannot mend counts); None when this rule allows it."""
        return None


class Rule:
    """One hard rule of DOMAIN.md section 3 (see the module docstring)."""

    name: ClassVar[RuleName]
    number: ClassVar[int]
    title: ClassVar[str]

    @property
    def label(self) -> str:
        """How messages name the rule: ``overlap (rule 4)``."""
        return f"{self.name} (rule {self.number})"

    def compile(self, problem: ProblemData) -> object | None:
        """The rule's own arrays (stored under their type in ``problem.parts``), or None."""
        return None

    def violations(self, view: PlanView) -> list[Violation]:
        raise NotImplementedError

    def cp_sat(self, sink: CpSatSink) -> None:
        """The rule as CP-SAT constraints (none by default: rule 1 lives in the pair lists)."""

    def highs(self, sink: RowSink) -> None:
        """The rule as rows of the HiGHS program (none by default)."""

    def tracker(self, problem: ProblemData, plan: Assignments) -> Tracker | None:
        """The incremental test, or None when the rule has nothing to track."""
        return None

    def mission_problem(self, problem: ProblemData, m: int) -> str | None:
        """Why this rule lets no plan cover mission ``m`` at all, or None."""
        return None

    def never_covered(self, problem: ProblemData) -> BoolArray:
        """Missions this rule lets no plan cover (vectorised; :meth:`mission_problem` says why)."""
        return np.zeros(problem.n_mis, dtype=np.bool_)

    def mission_rows(self, problem: ProblemData) -> list[MissionRow]:
        """Conditions on the covered missions alone that every plan meets (none by default)."""
        return []

    def required(self, problem: ProblemData, m: int) -> tuple[IntArray, int]:
        """Ambassadors and staff member (−1: none) that ``m`` cannot be covered without."""
        return _none(), -1

    def must_cover(self, problem: ProblemData, m: int) -> bool:
        """Must every plan cover ``m``? (A pinned mission.)"""
        return False
