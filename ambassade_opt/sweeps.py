"""What-if grids: solve the year under many policy variants, locally or on a Dask cluster.

A grid names instance fields by dotted path (``policy.group_cap``, ``policy.budget.annual``,
``policy.max_per_month``, ``policy.compensation.hourly_rate``...) and the values to try; every
combination is one *point*. Points are grouped into *chains*: within a chain they are solved one
after the other along a relaxing parameter (a higher cap or budget keeps the previous plan
feasible), each warm-started from the previous point's plan (``SolveOptions.hint``; see
:func:`solve_chain`). Chains are independent, so they are what Dask runs in parallel.

The chains are fixed by the grid and the arguments alone — never by the number of workers — and
every solve is single-threaded and seeded (CP-SAT's deterministic time then bounds each stage), so a
sweep gives the same numbers in-process, on a :class:`~distributed.LocalCluster`, or on any
scheduler address. Only the ``seconds`` column differs.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from .clusters import dask_client
from .errors import InputError
from .model import AXES, Instance
from .plan import Plan

if TYPE_CHECKING:
    from distributed import Client

    from .solver import SolveResult

Overrides = dict[str, Any]
Row = dict[str, Any]
# Columns that measure the run rather than the result: left out when comparing two sweeps.
TIMING_COLUMNS: tuple[str, ...] = ("seconds",)
# Objective stages of a lexicographic solve without stability costs (DOMAIN.md section 4).
PLAN_STAGES: tuple[str, ...] = ("coverage", "rotation", "match", "cost")


# --------------------------------------------------------------------------------------------
# Points


def apply_overrides(instance: Instance, overrides: Mapping[str, Any]) -> Instance:
    """A validated copy of ``instance`` with each dotted path set to its value.

    ``{"policy.group_cap": 30, "policy.budget.annual": 20000}``; a path that does not exist, or a
    value the model refuses, is an :class:`InputError` naming the path.
    """
    data = instance.model_dump(mode="json")
    problems: list[tuple[str, str]] = []
    for path, value in overrides.items():
        parts = path.split(".")
        node: Any = data
        for i, part in enumerate(parts[:-1]):
            if not isinstance(node, dict) or part not in node or not isinstance(node[part], dict):
                problems.append((path, f"{'.'.join(parts[: i + 1])} is not a section of the instance"))
                break
            node = node[part]
        else:
            if not isinstance(node, dict) or parts[-1] not in node:
                problems.append((path, "no such field in the instance"))
            else:
                node[parts[-1]] = value
    if problems:
        raise InputError(problems)
    try:
        return Instance.model_validate(data)
    except InputError:
        raise
    except Exception as exc:  # pydantic's ValidationError: name the fields, as for any input
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):
            raise InputError.from_pydantic(exc, source="what-if overrides") from None
        raise


def grid_points(grid: Mapping[str, Sequence[Any]]) -> list[Overrides]:
    """Every combination of the grid's values, the last path varying fastest."""
    if not grid:
        return [{}]
    paths = list(grid)
    for path in paths:
        if len(grid[path]) == 0:
            raise InputError([(path, "no value to try")])
    return [dict(zip(paths, combo, strict=True)) for combo in itertools.product(*(grid[p] for p in paths))]


def chains_along(
    points: Sequence[Overrides], along: str | None, segments: int = 1
) -> list[list[Overrides]]:
    """Group points into warm-start chains.

    Points that differ only in ``along`` form one chain, in increasing order of ``along`` (None,
    "no limit", is the loosest and comes last); each chain is then cut into at most
    ``segments`` contiguous pieces, so that even a one-parameter sweep has work to spread.
    Without ``along`` every point is its own chain.
    """
    if segments < 1:
        raise ValueError("segments must be at least 1")
    if along is None:
        return [[dict(p)] for p in points]
    groups: dict[str, list[Overrides]] = {}
    for p in points:
        if along not in p:
            raise InputError([(along, "is not a swept path of this grid")])
        key = repr(sorted((k, repr(v)) for k, v in p.items() if k != along))
        groups.setdefault(key, []).append(dict(p))
    chains: list[list[Overrides]] = []
    for group in groups.values():
        group.sort(key=lambda p: (p[along] is None, p[along] if p[along] is not None else 0))
        size = math.ceil(len(group) / min(segments, len(group)))
        chains.extend(group[i : i + size] for i in range(0, len(group), size))
    return chains


# --------------------------------------------------------------------------------------------
# Solving


def point_row(instance: Instance, result: SolveResult) -> dict[str, Any]:
    """The figures of one solved point: its status and coverage bound, then :func:`plan_figures`,
    then whether the wall clock stopped a stage."""
    first = result.stages[0] if result.stages else None
    return {
        "status": result.status,
        "coverage_bound": None if first is None or first.bound is None else float(first.bound),
        **plan_figures(instance, result.plan),
        # the wall clock, not the work limit, stopped a stage: this row may differ on another run
        "stopped_by_clock": any(s.stopped_by == "wall" for s in result.stages),
    }


def plan_figures(instance: Instance, plan: Plan) -> dict[str, Any]:
    """What a plan achieves for ``instance``: coverage, per axis, money and fairness."""
    from .scoring import kpis

    k = kpis(instance, plan)
    row: dict[str, Any] = {
        "coverage_value": int(k.coverage_value),
        "coverage_value_max": int(k.coverage_value_max),
        "coverage_share": float(k.coverage_value_ratio),
        "missions_covered": int(k.covered),
    }
    for axis in AXES:
        row[f"covered_{axis}"] = int(k.covered_by_axis.get(axis, 0))
    row.update({
        "active_ambassadors": int(k.active_ambassadors),
        "spend_eur": float(k.spend),
        "remuneration_eur": float(k.remuneration),
        "expenses_eur": float(k.expenses),
        "gini_loads": float(k.gini_active_load),
        "rotation": int(k.rotation_penalty),
        "max_load": int(k.max_load),
        "match_total": int(k.match_total),
    })
    return row


# The share of a point's wall seconds given as deterministic work: the work limit decides, with room
# for a busy machine (and a short point's fixed costs: worker start, model build) before the wall
# limit would.
WORK_SHARE = 0.25


def deterministic_limits(time_limit: float, work_limit: float | None = None) -> dict[str, Any]:
    """SolveOptions fields for one point of a sweep: ``time_limit`` wall seconds at most, and a work
    limit (default: a quarter as many nominal seconds) which, with one worker, decides on an idle or a
    busy machine alike, so that a sweep's table does not depend on where it ran (a point the wall
    clock cut says so in its stages' ``stopped_by``). A ``work_limit`` far below ``time_limit``
    leaves the clock out even on a very busy machine."""
    work = WORK_SHARE * time_limit if work_limit is None else work_limit
    return {"time_limit": time_limit, "work_limit": work}


@dataclass(frozen=True)
class PointResult:
    """One solved point: its overrides, its table row, and its plan (None when the solve found none)."""

    overrides: Overrides
    row: Row
    plan: Plan | None


def solve_chain(instance: Instance, chain: Sequence[Overrides], **options: Any) -> list[Row]:
    """The rows of :func:`solve_chain_points` (same arguments)."""
    return [point.row for point in solve_chain_points(instance, chain, **options)]


def solve_chain_points(
    instance: Instance,
    chain: Sequence[Overrides],
    *,
    time_limit_per_point: float,
    work_limit_per_point: float | None = None,
    seed: int = 0,
    use_hints: bool = True,
    hint: Plan | None = None,
    stop: threading.Event | None = None,
    on_row: Callable[[Row], None] | None = None,
) -> list[PointResult]:
    """Solve the points of one chain in order; the previous point's plan is the fallback start.

    Each point after the first is warm-started from the previous point's plan
    (``SolveOptions.hint``); the planner starts from whichever is better, that plan or its own
    constructive start, so along a relaxing limit — where the previous plan is still a plan —
    coverage does not go down as long as CP-SAT gets far enough to take the hint up (the planner
    does not return an unverified hint as a plan). ``start`` says how each point began.

    Runs wherever it is called: in-process or inside a Dask worker (it only needs the package).
    ``time_limit_per_point``: wall seconds per point; ``work_limit_per_point``: its deterministic
    work (see :func:`deterministic_limits`), so the rows do not depend on how busy the machine is.
    ``stop`` (in-process runs): once set, the point being solved stops and is left out, and the
    chain ends; ``on_row`` is called with each row as soon as it is computed.
    """
    from .solver import SolveOptions, solve

    points: list[PointResult] = []
    previous = hint
    limits = deterministic_limits(time_limit_per_point, work_limit_per_point)
    for overrides in chain:
        if stop is not None and stop.is_set():
            break
        variant = apply_overrides(instance, overrides)
        warm = previous if use_hints else None
        started = time.perf_counter()
        options = SolveOptions(seed=seed, workers=1, hint=warm, timings=False, stop=stop, **limits)
        result = solve(variant, options)
        seconds = time.perf_counter() - started
        if stop is not None and stop.is_set():
            break  # cut short: its figures are not those of the point
        start = "cold" if warm is None else "hint"
        row = {**overrides, **point_row(variant, result), "start": start, "seconds": round(seconds, 3)}
        found = result.plan if result.status in ("optimal", "feasible") else None
        points.append(PointResult(dict(overrides), row, found))
        if on_row is not None:
            on_row(row)
        previous = found if found is not None else previous
    return points


def run_chains(instance: Instance, chains: Sequence[Sequence[Overrides]], **options: Any) -> list[Row]:
    """The rows of :func:`run_chain_points` (same arguments)."""
    return [point.row for point in run_chain_points(instance, chains, **options)]


def run_chain_points(
    instance: Instance,
    chains: Sequence[Sequence[Overrides]],
    *,
    time_limit_per_point: float,
    work_limit_per_point: float | None = None,
    seed: int = 0,
    use_hints: bool = True,
    client: Client | None = None,
    stop: threading.Event | None = None,
    on_row: Callable[[Row], None] | None = None,
) -> list[PointResult]:
    """Solve every chain — in this process when ``client`` is None, else one Dask task per chain —
    and return the points in chain order (so the same sweep gives the same table either way).

    ``on_row`` sees each row when it is computed (in-process) or when its chain is done (Dask).
    ``stop`` applies to in-process runs (see :func:`solve_chain`): the rows computed before it was
    set are returned."""
    kwargs: dict[str, Any] = {"time_limit_per_point": time_limit_per_point, "seed": seed,
                              "work_limit_per_point": work_limit_per_point, "use_hints": use_hints}
    if client is None:
        results = []
        for chain in chains:
            results.append(solve_chain_points(instance, chain, stop=stop, on_row=on_row, **kwargs))
            if stop is not None and stop.is_set():
                break
    else:
        import distributed

        as_completed: Callable[..., Any] = distributed.as_completed  # distributed is only partly typed
        dask: Any = client
        # hash=False: a key of its own, so that a second sweep on this client never finds the first
        # sweep's copy released under it ("lost dependencies")
        shared = dask.scatter(instance, broadcast=True, hash=False)
        futures = [dask.submit(solve_chain_points, shared, list(chain), pure=False, **kwargs)
                   for chain in chains]
        if on_row is not None:
            for future in as_completed(futures):
                for point in future.result():
                    on_row(point.row)
        results = dask.gather(futures)
    return [point for points in results for point in points]


def what_if(
    instance: Instance,
    grid: Mapping[str, Sequence[Any]],
    *,
    time_limit_per_point: float,
    work_limit_per_point: float | None = None,
    seed: int = 0,
    along: str | None = None,
    segments: int = 1,
    use_hints: bool = True,
    scheduler: Client | str | None = None,
    in_process: bool = False,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Solve ``instance`` at every point of ``grid``; one row per point.

    ``time_limit_per_point``/``work_limit_per_point``: as in :func:`solve_chain`.
    ``along``: the relaxing path to warm-start along (e.g. ``"policy.group_cap"``), cut into
    ``segments`` pieces per chain. ``scheduler``: a Dask Client or scheduler address; default a
    local cluster; ``in_process=True`` runs without Dask. Columns: the swept paths, then
    status, coverage value / max / share / bound, missions covered (total and per axis), active
    ambassadors, spend, remuneration, expenses, Gini of the active loads, rotation penalty, max
    load, match total, seconds.
    """
    points = grid_points(grid)
    chains = chains_along(points, along, segments)
    if progress is not None:
        progress(f"{len(points)} points in {len(chains)} chains")
    run = partial(run_chains, instance, chains, time_limit_per_point=time_limit_per_point,
                  work_limit_per_point=work_limit_per_point, seed=seed, use_hints=use_hints)
    if in_process:
        rows = run()
    else:
        with dask_client(scheduler) as client:
            rows = run(client=client)
    frame = pd.DataFrame(rows)
    return frame.sort_values(list(grid), kind="stable", na_position="last").reset_index(drop=True)


def same_results(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    """Whether two sweeps agree on every figure (timing columns aside) of every point the work limit
    decided in both (a point the wall clock cut on a busy machine promises nothing); False when no
    point is left to compare."""
    columns = [c for c in left.columns if c not in TIMING_COLUMNS]
    same_columns = sorted(columns) == sorted(c for c in right.columns if c not in TIMING_COLUMNS)
    if not same_columns or len(left) != len(right):
        return False
    a, b = left[columns].reset_index(drop=True), right[columns].reset_index(drop=True)
    if "stopped_by_clock" in columns:
        decided = ~(a["stopped_by_clock"].astype(bool) | b["stopped_by_clock"].astype(bool))
        if not decided.any():
            return False
        a, b = a[decided], b[decided]
    return bool(a.equals(b))
