"""Analyst commands: ``admit`` (who joins the group) and ``curve`` ("how many ambassadors?")."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Literal

import click

from ..errors import InputError
from ..model import Instance, read_input_bytes
from .app import main
from .exits import Exit
from .interrupt import Interrupted
from .outputs import InputPath, OutputFile, write_bytes_output, write_text_output
from .params import BUDGETS, CAPS, HEADCOUNT, SCORE, SEED, TIME_LIMIT, TIME_LIMIT_HELP, WORK_LIMIT, WORKERS
from .progress import ProgressDisplay
from .solving import run_long

# A curve of more points than this is a typo, not an analysis (each point is a whole solve).
MAX_CURVE_POINTS = 1000


def _parse_quota(text: str) -> tuple[str, str, int, int]:
    """``feature=value:min:max``, e.g. ``home_region=WAL:2:8``."""
    try:
        feature, rest = text.split("=", 1)
        value, low, high = rest.rsplit(":", 2)
        return feature.strip(), value.strip(), int(low), int(high)
    except ValueError:
        raise InputError([("quota", f"{text!r}: expected FEATURE=VALUE:MIN:MAX")]) from None


@main.command("admit")
@click.argument("instance", type=InputPath())
@click.option("--cap", "group_cap", type=HEADCOUNT, required=True, help="how many people to admit at most")
@click.option("--min-score", type=SCORE, default=None, help="minimum selection_score (0-100)")
@click.option("--quota", "quota_texts", multiple=True,
              help="FEATURE=VALUE:MIN:MAX on the admitted pool, e.g. home_region=WAL:2:8 (repeatable)")
@click.option("--quotas", "quotas_file", type=InputPath(dir_okay=False), default=None,
              help='JSON file {feature: {value: [min, max]}}')
@click.option("-o", "--output", type=OutputFile(), default="-", show_default=True,
              help="admission JSON, - for stdout")
@click.option("--plan-out", type=OutputFile(allow_stdout=False), default=None,
              help="also write the year plan")
@click.option("--time-limit", type=TIME_LIMIT, default=10.0, show_default=True, help=TIME_LIMIT_HELP)
@click.option("--seed", type=SEED, default=0, show_default=True)
@click.option("--workers", type=WORKERS, default=1, show_default=True, help="1 = reproducible")
@click.option("-q", "--quiet", is_flag=True, help="no progress and no summary on stderr")
def admit_cmd(
    instance: Path,
    group_cap: int,
    min_score: float | None,
    quota_texts: tuple[str, ...],
    quotas_file: Path | None,
    output: str,
    plan_out: str | None,
    time_limit: float,
    seed: int,
    workers: int,
    quiet: bool,
) -> None:
    """Choose at most --cap candidates of INSTANCE so that the year plan covers the most.

    Quotas no pool within the cap can meet are bad input (exit 2, with the smallest fix); when
    no plan keeps the cap, the quotas and the pins together, the admission is written with status
    infeasible (exit 3).
    """
    from ..admit import admit

    quotas = _quotas(quotas_file, quota_texts)
    with ProgressDisplay("Admission", quiet=quiet) as display:
        display.step(f"reading {instance}")
        inst = Instance.load(instance)
        display.step(f"choosing at most {group_cap} of {len(inst.ambassadors)} candidates, "
                     f"time limit {time_limit:g} s")
        result, stopped = run_long(
            lambda stop: admit(inst, group_cap, min_selection_score=min_score, quotas=quotas,
                               time_limit=time_limit, seed=seed, workers=workers, progress=display.solver,
                               **stop),
            graceful=True)
    if plan_out is not None:
        write_text_output(plan_out, result.plan.to_json())
    write_text_output(output, result.to_json(include_plan=False))
    display.print(result.summary())
    if stopped:
        raise Interrupted("interrupted: the best admission found so far is written")
    if result.status == "infeasible":
        click.echo("error: no plan of the year keeps the cap, the quotas and the pins together; the "
                   "admission written has status infeasible and admits nobody", err=True)
        raise click.exceptions.Exit(Exit.INFEASIBLE)


def _quotas(quotas_file: Path | None, quota_texts: tuple[str, ...]) -> dict[str, dict[str, list[int]]]:
    quotas: dict[str, dict[str, list[int]]] = {}
    if quotas_file is not None:
        from ..formats.json_strict import read_json

        loaded = read_json(read_input_bytes(quotas_file), source=str(quotas_file))
        if not isinstance(loaded, dict) or not all(isinstance(v, dict) for v in loaded.values()):
            raise InputError([("--quotas", f"{quotas_file}: expected {{feature: {{value: [min, max]}}}}")])
        quotas = loaded
    for text in quota_texts:
        feature, value, low, high = _parse_quota(text)
        quotas.setdefault(feature, {})[value] = [low, high]
    return quotas


@main.command("curve")
@click.argument("instance", type=InputPath())
@click.option("--caps", type=CAPS, default=None,
              help="caps to try: 10,20,30 or 10:40:5 (default: the instance's)")
@click.option("--budgets", type=BUDGETS, default=None,
              help="annual budgets to try, same syntax; 'none' = unlimited")
@click.option("--time-limit-per-point", type=TIME_LIMIT, default=5.0, show_default=True,
              help="wall seconds per point, the model build included")
@click.option("--work-limit-per-point", type=WORK_LIMIT, default=None,
              help="deterministic work per point, in nominal seconds (default: a quarter of the time limit): "
                   "the table then depends on the seed, not the machine, unless a point's time "
                   "limit stops it first (its row says stopped_by_clock)")
@click.option("--seed", type=SEED, default=0, show_default=True)
@click.option("--segments", type=click.IntRange(1, 64), default=2, show_default=True,
              help="warm-start chains per budget (the work units Dask spreads)")
@click.option("--dask", "dask", default=None,
              help="'local' for a local Dask cluster, or a scheduler address; default: in-process")
@click.option("-o", "--output", type=OutputFile(), default="-", show_default=True,
              help=".csv or .json table, - for stdout")
@click.option("--plot", "plot_path", type=OutputFile(allow_stdout=False), default=None,
              help="also save a PNG")
@click.option("-q", "--quiet", is_flag=True, help="no progress on stderr")
def curve_cmd(
    instance: Path,
    caps: list[int | None] | None,
    budgets: list[float | None] | None,
    time_limit_per_point: float,
    work_limit_per_point: float | None,
    seed: int,
    segments: int,
    dask: str | None,
    output: str,
    plot_path: str | None,
    quiet: bool,
) -> None:
    """Coverage of INSTANCE's year against the group cap (and the budget): how many ambassadors?"""
    from ..curves import coverage_curve

    points = len(caps or [None]) * len(budgets or [None])
    if points > MAX_CURVE_POINTS:
        raise InputError([("--caps", f"{points:,} points (caps × budgets); at most {MAX_CURVE_POINTS:,}")])
    with ProgressDisplay("Coverage curve", quiet=quiet) as display:
        display.step(f"reading {instance}")
        inst = Instance.load(instance)
        display.step(f"{points} point(s), at most {points * time_limit_per_point:g} s of solver time")
        # Ctrl-C keeps the points computed so far in-process; a Dask cluster's tasks cannot be stopped.
        table, stopped = run_long(
            lambda stop: coverage_curve(inst, caps, budgets, time_limit_per_point=time_limit_per_point,
                                        work_limit_per_point=work_limit_per_point, seed=seed, client=dask,
                                        segments=segments, progress=display.step, **stop),
            graceful=dask is None)
    if stopped and table.empty:
        raise Interrupted("interrupted before any point was computed: nothing was written")
    if output.endswith(".json"):
        text = table.to_json(orient="records", indent=1) + "\n"
    else:
        text = table.to_csv(index=False)
    if plot_path is not None:
        write_bytes_output(plot_path, _plot_png(table))
    write_text_output(output, text)
    if stopped:
        raise Interrupted("interrupted: the points computed so far are written")


def _plot_png(table: Any) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from ..plotting import plot_coverage_curve

    x: Literal["cap", "budget"] = "cap" if (table["cap"].nunique(dropna=False) > 1
                                            or table["budget"].nunique(dropna=False) <= 1) else "budget"
    ax = plot_coverage_curve(table, x=x)
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    picture = io.BytesIO()
    figure.savefig(picture, format="png", dpi=120)
    return picture.getvalue()
