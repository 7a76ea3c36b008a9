"""Plan a mission year with CP-SAT: every hard rule, fair rotation, budget and staff pairs."""

from __future__ import annotations

from .engine import solve
from .options import ProgressEvent, SolveOptions
from .result import PinConflict, SolveResult, StageResult
from .variables import ModelContext

# SolveOptions names ModelContext (extra_constraints) only for type checkers: resolve it now.
SolveOptions.model_rebuild(_types_namespace={"ModelContext": ModelContext})

__all__ = [
    "ModelContext", "PinConflict", "ProgressEvent", "SolveOptions", "SolveResult", "StageResult", "solve",
]
