"""Plan a mission year: every hard rule, then coverage, rotation, match and cost (see :mod:`.solve`)."""

from __future__ import annotations

from .assess import assess, constructive_plan
from .extras import (
    ActiveBetween,
    ChangesAtMost,
    CoverageAtLeast,
    CoverageAtMost,
    ForbidPairs,
    KeepPairs,
    LinearRow,
    Requirement,
)
from .options import DEFAULT_TIME_LIMIT, ProgressEvent, SolveOptions
from .params import (
    BlockParams,
    CpSatParams,
    EngineParams,
    LnsParams,
    SolveParams,
    StageShares,
    StartParams,
    WorkerParams,
)
from .planner import solve
from .result import PinConflict, SolveResult, StageResult

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "ActiveBetween",
    "BlockParams",
    "ChangesAtMost",
    "CoverageAtLeast",
    "CoverageAtMost",
    "CpSatParams",
    "EngineParams",
    "ForbidPairs",
    "KeepPairs",
    "LinearRow",
    "LnsParams",
    "PinConflict",
    "ProgressEvent",
    "Requirement",
    "SolveOptions",
    "SolveParams",
    "SolveResult",
    "StageResult",
    "StageShares",
    "StartParams",
    "WorkerParams",
    "assess",
    "constructive_plan",
    "solve",
]
