"""``solve``, the planner's front door: the whole year in one model when it fits, else block by
block (:mod:`ambassade_opt.blocks`), on this machine or on a Dask cluster — and a year that cannot
fit in the memory a run may use is refused before anything is built.

Memory is estimated from the year's eligible pairs (:func:`ambassade_opt.compile.estimate_pairs`,
a sample of rule 1): a process takes :data:`PROCESS_MB` with its libraries, and a whole-year model
about :data:`WHOLE_BYTES_PER_PAIR` bytes a pair
(CP-SAT's model or the HiGHS program, whichever the engines build); the block search about
:data:`FINAL_BYTES_PER_PAIR` a pair for its final check of the whole year, plus, in each process
that solves blocks, its libraries and a whole-year model of a block — its share of the pairs,
times :data:`CONTEXT_FACTOR` for the missions its people already hold.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .blocks import InProcess, LocalProcesses, OnDask, plan_by_blocks
from .blocks.search import UNSUPPORTED
from .clusters import dask_client
from .compile import estimate_pairs
from .errors import InputError
from .model import Instance
from .solver import SolveOptions, SolveResult
from .solver import solve as solve_whole

if TYPE_CHECKING:
    from distributed import Client

WHOLE_BYTES_PER_PAIR = 1_600
FINAL_BYTES_PER_PAIR = 200
PROCESS_MB = 200
CONTEXT_FACTOR = 4


@dataclass(frozen=True)
class Route:
    """How a year will be planned, and what that is expected to take."""

    kind: Literal["whole", "blocks"]
    pairs: int
    memory_mb: float
    budget_mb: float


def memory_budget_mb(options: SolveOptions) -> float:
    """What a run may use: ``params.blocks.memory_mb``, else 80 % of the machine's memory."""
    if options.params.blocks.memory_mb:
        return float(options.params.blocks.memory_mb)
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not a POSIX system: assume a laptop
        total = 8 * 2**30
    return 0.8 * total / 2**20


def _processes(options: SolveOptions, distributed: bool) -> int:
    return 0 if distributed else (options.workers or os.cpu_count() or 1)


def _block_mb(instance: Instance, options: SolveOptions, pairs: int) -> float:
    """What one process solving blocks holds (see the module docstring)."""
    p = options.params.blocks
    share = min(1.0, p.people_per_block / max(len(instance.ambassadors), 1)) * min(
        1.0, p.missions_per_block / max(len(instance.missions), 1))
    return PROCESS_MB + min(pairs, CONTEXT_FACTOR * share * pairs) * WHOLE_BYTES_PER_PAIR / 2**20


def choose_route(instance: Instance, options: SolveOptions, distributed: bool = False,
                 pairs: int | None = None) -> Route:
    """Whole year or blocks (see the module docstring); :class:`InputError` when neither fits.
    ``pairs``: the year's eligible pairs if known (default: estimated)."""
    pairs = estimate_pairs(instance) if pairs is None else pairs
    budget = memory_budget_mb(options)
    whole = PROCESS_MB + pairs * WHOLE_BYTES_PER_PAIR / 2**20
    blocks = pairs * FINAL_BYTES_PER_PAIR / 2**20 + _block_mb(instance, options, pairs) * max(
        _processes(options, distributed), 1)
    plain = not any(getattr(options, name) for name in UNSUPPORTED)
    if distributed and not plain:
        given = [name for name in UNSUPPORTED if getattr(options, name)]
        raise InputError([(name, "a year planned on a cluster (by blocks) takes no frozen missions, "
                                 "promises or extra constraints: plan it on one machine") for name in given])
    wants_blocks = distributed or pairs > options.params.blocks.above_pairs or whole > budget
    if plain and wants_blocks and blocks <= budget:
        return Route("blocks", pairs, blocks, budget)
    if not distributed and whole <= budget:
        return Route("whole", pairs, whole, budget)
    need = min(whole, blocks) if plain else whole
    # on a cluster the blocks take their memory there; this process still checks the whole year
    here_with_dask = PROCESS_MB + pairs * FINAL_BYTES_PER_PAIR / 2**20
    ways = ["plan it on a machine with more memory (--memory-limit, params.blocks.memory_mb)"]
    if plain and not distributed and here_with_dask <= budget:
        ways.append("plan it with --dask on a cluster")
    ways.append("plan a smaller year (one region or one half-year at a time)")
    raise InputError([("(year)", (
        f"too large for this run: {len(instance.ambassadors):,} ambassadors × {len(instance.missions):,} "
        f"missions, about {pairs:,} eligible pairs, need about {need / 1024:.1f} GB, and this run may "
        f"use {budget / 1024:.1f} GB. To plan it: {'; or '.join(ways)}"))])


def solve(instance: Instance, options: SolveOptions | None = None, *, client: Client | str | None = None,
          **overrides: Any) -> SolveResult:
    """Plan a mission year (see :class:`~ambassade_opt.solver.SolveOptions`). ``client``: a Dask
    ``Client``, a scheduler address, or ``"local"`` (a cluster of this machine's processes) to
    solve a large year's blocks there; the plan is the same wherever the blocks run."""
    opts = options or SolveOptions()
    if overrides:
        opts = opts.with_(**overrides)
    route = choose_route(instance, opts, distributed=client is not None)
    if route.kind == "whole":
        return solve_whole(instance, opts)
    if client is None:
        n = _processes(opts, False)
        return plan_by_blocks(instance, opts, executor=LocalProcesses(n) if n > 1 else InProcess())
    local = client == "local"
    with dask_client(None if local else client, n_workers=opts.workers or os.cpu_count() or 1,
                     threads_per_worker=1, processes=True) as dask:
        return plan_by_blocks(instance, opts, executor=OnDask(dask))


__all__ = ["Route", "choose_route", "memory_budget_mb", "solve"]
