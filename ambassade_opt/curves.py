""""How many ambassadors?" — coverage of the year against the group cap and the budget (R1).

:func:`coverage_curve` re-plans the year for each cap (and each annual budget) and tabulates what
the plan achieves: coverage value, missions covered per axis, spend, fairness. Caps are solved in
increasing order and each plan warm-starts the next one (a plan within cap k is still within cap
k + 1; see :func:`ambassade_opt.sweeps.solve_chain`), in a fixed number of chain segments that
Dask can run side by side; the table is the same with or without Dask. Coverage never goes down
as the cap or the budget rises: where a point's own search (a segment that starts cold, a search
cut short) found less than the next tighter point, that point's plan is kept
(:func:`carry_better_plans`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from .clusters import dask_client
from .errors import InputError
from .model import Instance
from .sweeps import (
    PointResult,
    Row,
    apply_overrides,
    chains_along,
    grid_points,
    plan_figures,
    run_chain_points,
)

if TYPE_CHECKING:
    from distributed import Client

CAP_PATH = "policy.group_cap"
BUDGET_PATH = "policy.budget.annual"


def coverage_curve(
    instance: Instance,
    caps: Sequence[int | None] | None = None,
    budgets: Sequence[float | None] | None = None,
    *,
    time_limit_per_point: float,
    work_limit_per_point: float | None = None,
    seed: int = 0,
    client: Client | str | None = None,
    segments: int = 2,
    use_hints: bool = True,
    progress: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
) -> pd.DataFrame:
    """One row per (budget, cap): the year planned under that cap and annual budget.

    ``caps`` / ``budgets``: values to try (None means "no limit"; an omitted list keeps the
    instance's own value). ``time_limit_per_point``: wall seconds per point, at most;
    ``work_limit_per_point``: the deterministic work of a point's one-worker solve, in nominal
    seconds (default: a quarter of its wall seconds), which decides the table wherever it runs unless the
    wall clock stops a point first (the row's ``stopped_by_clock`` then says so). ``client``:
    None runs in this process; a Dask Client, a scheduler address, or ``"local"`` (a private
    local cluster) spreads the chains over workers. ``segments``: how many warm-start chains each
    budget's caps are cut into — part of the definition of the computation, so it never depends
    on the number of workers.

    Columns: ``cap``, ``budget``, ``status``, ``coverage_value``, ``coverage_value_max``,
    ``coverage_share``, ``coverage_bound``, ``missions_covered``, ``covered_promote``,
    ``covered_inform``, ``covered_defend``, ``active_ambassadors``, ``spend_eur``,
    ``remuneration_eur``, ``expenses_eur``, ``gini_loads`` (Gini of the active ambassadors'
    loads), ``rotation`` (the rotation penalty of DOMAIN.md section 4), ``max_load``,
    ``match_total``, ``start`` (``cold``: first point of a chain, from the planner's own start;
    ``hint``: warm-started from the previous cap's plan; ``carried``: the plan of a smaller cap or
    budget, which covers more than this point's own search found — see
    :func:`carry_better_plans`), ``stopped_by_clock``, ``seconds``.

    ``progress``: called with one line per point computed (per chain with Dask). ``stop``
    (in-process runs only): set it (e.g. on Ctrl-C) and the curve returns the points finished so
    far (the point being solved is left out).
    """
    cap_values = list(caps) if caps is not None else [instance.policy.group_cap]
    budget_values = list(budgets) if budgets is not None else [instance.policy.budget.annual]
    _check_arguments(cap_values, budget_values, time_limit_per_point, work_limit_per_point)
    points = grid_points({BUDGET_PATH: budget_values, CAP_PATH: cap_values})
    chains = chains_along(points, CAP_PATH, segments)
    options = {"time_limit_per_point": time_limit_per_point, "work_limit_per_point": work_limit_per_point,
               "seed": seed, "use_hints": use_hints,
               "on_row": None if progress is None else (lambda row: progress(_point_line(row)))}
    if client is None:
        solved = run_chain_points(instance, chains, stop=stop, **options)  # type: ignore[arg-type]
    else:
        with dask_client(None if client == "local" else client) as dask:
            solved = run_chain_points(instance, chains, client=dask, **options)  # type: ignore[arg-type]
    return _table(carry_better_plans(instance, solved, {CAP_PATH: cap_values, BUDGET_PATH: budget_values}))


def _table(rows: Sequence[dict[str, object]]) -> pd.DataFrame:
    """The curve's table: ``cap`` and ``budget`` first, by budget then cap (no limit last)."""
    if not rows:
        return pd.DataFrame({"cap": pd.Series(dtype="Int64"), "budget": pd.Series(dtype="Float64")})
    frame = pd.DataFrame(rows).rename(columns={CAP_PATH: "cap", BUDGET_PATH: "budget"})
    frame["cap"] = frame["cap"].astype("Int64")
    frame["budget"] = frame["budget"].astype("Float64")
    frame = frame.sort_values(["budget", "cap"], kind="stable", na_position="last")
    columns = ["cap", "budget", *[c for c in frame.columns if c not in ("cap", "budget")]]
    return frame[columns].reset_index(drop=True)


def _check_arguments(cap_values: Sequence[int | None], budget_values: Sequence[float | None],
                     time_limit_per_point: float, work_limit_per_point: float | None) -> None:
    problems = []
    if time_limit_per_point <= 0:
        problems.append(("time_limit_per_point", "must be positive"))
    if work_limit_per_point is not None and work_limit_per_point <= 0:
        problems.append(("work_limit_per_point", "must be positive"))
    problems += [(f"caps[{i}]", f"{c!r} is not a whole number >= 0")
                 for i, c in enumerate(cap_values) if c is not None and (not isinstance(c, int) or c < 0)]
    problems += [(f"budgets[{i}]", f"{b!r} is not an amount >= 0")
                 for i, b in enumerate(budget_values)
                 if b is not None and (not isinstance(b, int | float) or b < 0)]
    if len(set(cap_values)) != len(cap_values):
        problems.append(("caps", "a cap is listed twice"))
    if len(set(budget_values)) != len(budget_values):
        problems.append(("budgets", "a budget is listed twice"))
    if problems:
        raise InputError(problems)


def _limit_order(value: int | float | None) -> tuple[bool, float]:
    """Tightest first; None (no limit) is the loosest."""
    return (value is None, value if value is not None else 0)


def carry_better_plans(instance: Instance, points: Sequence[PointResult],
                       grid: dict[str, Sequence[int | float | None]]) -> list[dict[str, object]]:
    """The rows of ``points`` such that coverage never goes down as a limit of ``grid`` loosens.

    A plan within a cap k (or a budget b) is a plan within any larger cap (budget): when the point
    just tighter along one path covers more than a point's own search found — a chain that
    started cold, a search cut short — its plan is the point's plan (checked with
    :func:`~ambassade_opt.scoring.validate` against the point's year), and the row says
    ``start = "carried"``, status ``feasible``; its coverage bound and time stay the point's own.
    Points are taken from the tightest, so a plan carries on as far as it is the best.
    """
    from .scoring import validate

    ordered = {path: sorted(values, key=_limit_order) for path, values in grid.items()}
    position = [tuple(ordered[path].index(p.overrides[path]) for path in grid) for p in points]
    by_position = {where: i for i, where in enumerate(position)}
    best = list(points)
    for i in sorted(range(len(points)), key=lambda i: (sum(position[i]), position[i])):
        here = position[i]
        for axis in (a for a in range(len(grid)) if here[a] > 0):
            neighbour = by_position.get((*here[:axis], here[axis] - 1, *here[axis + 1:]))
            current, other = best[i], None if neighbour is None else best[neighbour]
            if other is None or other.plan is None or \
                    other.row["coverage_value"] <= current.row["coverage_value"]:
                continue
            variant = apply_overrides(instance, current.overrides)
            if not validate(variant, other.plan):
                figures = plan_figures(variant, other.plan)
                row = {**current.row, **figures, "status": "feasible", "start": "carried"}
                best[i] = PointResult(current.overrides, row, other.plan)
    return [p.row for p in best]


def _point_line(row: Row) -> str:
    """One line of progress for a computed point."""
    cap = "none" if row[CAP_PATH] is None else row[CAP_PATH]
    budget = "none" if row[BUDGET_PATH] is None else f"{row[BUDGET_PATH]:g}"
    clock = ", cut by the clock" if row.get("stopped_by_clock") else ""
    return (f"cap {cap}, budget {budget}: coverage value {row['coverage_value']} / "
            f"{row['coverage_value_max']} ({row['status']}, {row['seconds']:.1f} s{clock})")


def smallest_cap_reaching(curve: pd.DataFrame, share: float, budget: float | None = None) -> int | None:
    """The smallest cap whose plan reaches ``share`` of the year's coverage value (at ``budget``,
    or the curve's only budget); None if no cap of the curve does."""
    part = curve if budget is None else curve[curve["budget"] == budget]
    if budget is None and part["budget"].nunique(dropna=False) > 1:
        raise ValueError("the curve has several budgets: say which one")
    reaching = part[(part["coverage_share"] >= share) & part["cap"].notna()]
    return None if reaching.empty else int(reaching["cap"].min())
