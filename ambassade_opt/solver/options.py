"""What a caller can ask of a solve (see team INTERFACES.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..plan import Assignment, Plan

if TYPE_CHECKING:
    from .variables import ModelContext

ObjectiveMode = Literal["lexicographic", "weighted"]
STAGES: tuple[str, ...] = ("coverage", "stability", "rotation", "match", "cost")


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

    ``time_limit`` bounds the whole solve (all stages) in seconds, model build excluded; ``None``
    lets every stage run to proven optimality. With ``workers=1`` the search is deterministic:
    CP-SAT's deterministic time replaces the wall clock as the per-stage limit, so the same instance
    and seed give the same plan, byte for byte (wall-clock timings are then left out of the plan
    file unless ``timings=True``).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    time_limit: float | None = Field(default=None, gt=0)
    seed: int = 0
    workers: int | None = Field(default=None, ge=1)
    mode: ObjectiveMode | None = None
    weights: dict[str, float] | None = None
    progress: Callable[[ProgressEvent], None] | None = None
    hint: Plan | None = None
    fixed: dict[str, Assignment | None] = {}
    stability: dict[tuple[str, str], int] = {}
    extra_constraints: list[Callable[[ModelContext], None]] = []
    timings: bool | None = None  # None: in the plan unless the run is deterministic (workers == 1)
    greedy_hint: bool = True
    lp_bound: bool = True
    # HiGHS where it applies: the whole stage as a MIP on small years, a neighbourhood search of
    # sub-MIPs on larger ones (see solver/engine.py and the benchmark); False: CP-SAT alone
    mip_coverage: bool = True
    # Half of the time goes to the first stage, which the lexicographic order puts above all others;
    # the rest polish. (On the M benchmark, 0.4 and 0.5 gave the same coverage within noise.)
    stage_shares: dict[str, float] = {"coverage": 0.5, "stability": 0.15, "rotation": 0.15,
                                      "match": 0.15, "cost": 0.05}
    cp_sat_parameters: dict[str, Any] = {}

    @property
    def deterministic(self) -> bool:
        return self.workers == 1

    def include_timings(self) -> bool:
        return self.timings if self.timings is not None else not self.deterministic
