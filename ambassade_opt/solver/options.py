"""What a caller asks of a solve: :class:`SolveOptions`, and the :class:`ProgressEvent` it gets back."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..objectives import MatchWeights
from ..plan import Assignment, Plan
from .extras import Requirement
from .params import SolveParams

ObjectiveMode = Literal["lexicographic", "weighted"]
# The command line's default, and the API's: a solve never runs unbounded unless asked to.
DEFAULT_TIME_LIMIT = 60.0


class ProgressEvent(BaseModel):
    """One step of a solve, for progress displays. ``value``/``bound`` are in the stage's own units."""

    model_config = ConfigDict(frozen=True)

    stage: str
    kind: Literal["build", "greedy", "bound", "start", "solution", "done"]
    value: float | None = None
    bound: float | None = None
    seconds: float = 0.0
    message: str = ""


class SolveOptions(BaseModel):
    """Options of :func:`ambassade_opt.solver.solve`.

    * ``time_limit``: wall seconds for the whole solve, the model build included (None: every
      stage runs to proven optimality);
    * ``workers=1`` makes the search deterministic: work limits (CP-SAT's deterministic time,
      HiGHS node counts, simplex iterations) replace the clock, so the same instance and seed give
      the same plan, byte for byte (wall-clock timings are then left out of the plan file unless
      ``timings=True``); the clock only stops a search that would overrun ``time_limit``, and the
      plan then says so (``stopped_by: "wall"``);
    * ``work_limit``: the amount of that deterministic work, in nominal seconds shared among the
      stages like the time limit (default: the time limit); a separate knob, so that a sweep can be
      reproducible on a busy machine while ``time_limit`` still bounds its wall time;
    * ``mode``/``weights``: the objective order (default: the instance's ``policy.objective``);
    * ``match_weights``: the points of the match objective;
    * ``hint``: a plan to start from; ``fixed``: missions kept exactly as given (None: kept
      uncovered); ``stability``: (mission id, person id) → points lost if the plan drops that
      published pair (a stage right after coverage); ``preferred``: ambassador id → points, the
      active ones' points maximised right after (a selection stage); ``requirements``: more
      constraints, as data
      (:mod:`.extras`);
    * ``progress``: called with each :class:`ProgressEvent`; ``stop``: set it (e.g. on Ctrl-C)
      and the solve returns the best plan found so far;
    * ``params``: the tuning of every part (:class:`~.params.SolveParams`).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    time_limit: float | None = Field(default=DEFAULT_TIME_LIMIT, gt=0, allow_inf_nan=False)
    work_limit: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    workers: int | None = Field(default=None, ge=1, le=256)
    mode: ObjectiveMode | None = None
    weights: dict[str, float] | None = None
    match_weights: MatchWeights = MatchWeights()
    progress: Callable[[ProgressEvent], None] | None = None
    stop: threading.Event | None = None
    hint: Plan | None = None
    fixed: dict[str, Assignment | None] = {}
    stability: dict[tuple[str, str], int] = {}
    preferred: dict[str, int] = {}
    requirements: Sequence[Requirement] = ()
    timings: bool | None = None  # None: in the plan unless the run is deterministic (workers == 1)
    params: SolveParams = SolveParams()

    @property
    def deterministic(self) -> bool:
        return self.workers == 1

    def include_timings(self) -> bool:
        return self.timings if self.timings is not None else not self.deterministic

    def with_(self, **changes: Any) -> SolveOptions:
        """A validated copy with some options changed."""
        return SolveOptions.model_validate({**self.__dict__, **changes})
