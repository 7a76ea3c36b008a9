"""Years too large for one model, planned block by block (see :mod:`.search`)."""

from __future__ import annotations

from .executors import Executor, InProcess, LocalProcesses, OnDask
from .partition import Block, sweep_blocks
from .search import plan_by_blocks

__all__ = ["Block", "Executor", "InProcess", "LocalProcesses", "OnDask", "plan_by_blocks", "sweep_blocks"]
