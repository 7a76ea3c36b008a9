"""``ambassade-opt plan`` (a year → a certified plan) and ``ambassade-opt demo``."""

from __future__ import annotations

import math
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import InputError
from ..model import Instance, read_input_bytes
from .app import main
from .interrupt import Interrupted
from .outputs import InputPath, OutputFile, write_text_output
from .params import (
    DEFAULT_TIME_LIMIT,
    SEED,
    TIME_LIMIT,
    TIME_LIMIT_HELP,
    WORK_LIMIT,
    WORK_LIMIT_HELP,
    WORKERS,
    BoundedInt,
)
from .progress import ProgressDisplay
from .solving import conclude_plan, solve_in_cli

if TYPE_CHECKING:
    from ..solver import SolveParams

STAGES_TITLE = "Planning (lexicographic: coverage → rotation → match → cost)"
QUIET_HELP = "no progress and no summary on stderr"


def describe(inst: Instance) -> str:
    return (f"{inst.name}: {len(inst.ambassadors)} ambassadors, {len(inst.staff)} staff, "
            f"{len(inst.missions)} missions")


def read_params(path: Path) -> SolveParams:
    """The tuning parameters of a TOML file, read as every input is: a regular file of bounded size,
    UTF-8, well-formed, every number finite; then checked by :meth:`SolveParams.from_dict`. Every
    problem is an :class:`InputError` naming ``--params`` or the parameter."""
    from ..solver import SolveParams

    data = read_input_bytes(path)
    try:
        table = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError([("--params", f"{path}: not UTF-8 text (byte {exc.start})")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError([("--params", f"{path}: not TOML: {exc}")]) from None
    problems = [(where, f"{value} is not a finite number") for where, value in _numbers(table)
                if isinstance(value, float) and not math.isfinite(value)]
    if problems:
        raise InputError(problems)
    return SolveParams.from_dict(table)


def _numbers(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Every leaf of a TOML table with its dotted key."""
    out: list[tuple[str, Any]] = []
    for key, value in table.items():
        where = f"{prefix}{key}"
        out.extend(_numbers(value, f"{where}.") if isinstance(value, dict) else [(where, value)])
    return out


@main.command("plan")
@click.argument("instance", type=InputPath())
@click.option("-o", "--output", type=OutputFile(), required=True, help="plan JSON to write, - for stdout")
@click.option("--time-limit", type=TIME_LIMIT, default=DEFAULT_TIME_LIMIT, show_default=True,
              help=TIME_LIMIT_HELP)
@click.option("--work-limit", type=WORK_LIMIT, default=None, help=WORK_LIMIT_HELP)
@click.option("--seed", type=SEED, default=0, show_default=True)
@click.option("--workers", type=WORKERS, default=None,
              help="CP-SAT workers (default: the machine's cores); 1 gives a reproducible plan")
@click.option("--mode", type=click.Choice(["lexicographic", "weighted"]), default=None,
              help="objective mode (default: the instance's policy.objective.mode)")
@click.option("--timings/--no-timings", default=None,
              help="put wall-clock timings in the plan file (default: yes, except with --workers 1, "
                   "where the file is kept byte-identical across runs)")
@click.option("--dask", "dask", metavar="local|ADDRESS", default=None,
              help="plan a large year block by block on a Dask cluster: 'local' (this machine's "
                   "processes) or a scheduler address")
@click.option("--memory-limit", type=BoundedInt(1, 2**24), default=None, metavar="MB",
              help="memory the run may use (default: 80 % of the machine's); a year that needs more "
                   "is refused before anything is built (exit 2)")
@click.option("--params", "params_file", type=InputPath(dir_okay=False), default=None,
              help="tuning parameters, a TOML file of SolveParams tables")
@click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)
def plan_cmd(instance: Path, output: str, time_limit: float, work_limit: float | None, seed: int,
             workers: int | None, mode: str | None, timings: bool | None, dask: str | None,
             memory_limit: int | None, params_file: Path | None, quiet: bool) -> None:
    """Plan the mission year INSTANCE: every hard rule, then coverage, rotation, match and cost.

    A year too large for one model is planned block by block, on this machine or with --dask on a
    cluster. Exit 0 with a plan; 2 for bad input or a year too large for the memory the run may
    use; 3 when pins break a hard rule (the plan file is still written, status infeasible, with
    the conflicts); 130 on Ctrl-C (the best plan found so far is written).
    """
    from ..solver import SolveParams

    params = SolveParams() if params_file is None else read_params(params_file)
    if memory_limit is not None:
        params = params.with_(blocks=replace(params.blocks, memory_mb=memory_limit))
    with ProgressDisplay(STAGES_TITLE, quiet=quiet) as display:
        display.step(f"reading {instance}")
        inst = Instance.load(instance)
        display.step(f"{describe(inst)}; solving, time limit {time_limit:g} s")
        result, stopped = solve_in_cli(inst, display, time_limit=time_limit, work_limit=work_limit,
                                       seed=seed, workers=workers, mode=mode, timings=timings,
                                       params=params, client=dask)
    conclude_plan(result.plan, result.conflicts, output, stopped=stopped, display=display)
    display.print(result.summary())


@main.command("demo")
@click.option("--size", type=click.Choice(["S", "M", "L"]), default="S", show_default=True,
              help="synthetic year size (S 40 × 150, M 250 × 1,200, L 1,500 × 8,000)")
@click.option("--seed", type=SEED, default=2027, show_default=True)
@click.option("--time-limit", type=TIME_LIMIT, default=20.0, show_default=True)
@click.option("--workers", type=WORKERS, default=None)
@click.option("-o", "--output", type=OutputFile(), default=None, help="also write the plan JSON here")
@click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP + " (the report is still printed)")
def demo_cmd(size: str, seed: int, time_limit: float, workers: int | None, output: str | None,
             quiet: bool) -> None:
    """Plan a built-in synthetic mission year with a live progress display, then print the report."""
    from ..report import render_report
    from ..synthetic import generate

    with ProgressDisplay(STAGES_TITLE, quiet=quiet) as display:
        display.step(f"generating the {size} year (seed {seed})")
        inst = generate(size, seed=seed)
        display.step(f"{describe(inst)}; solving, time limit {time_limit:g} s")
        result, stopped = solve_in_cli(inst, display, time_limit=time_limit, seed=seed, workers=workers)
    display.print(result.summary())
    has_plan = result.plan.status in ("optimal", "feasible")
    if output and has_plan:
        write_text_output(output, result.plan.to_json())
    if has_plan or not stopped:
        write_text_output("-", render_report(inst, result.plan))
    if stopped:
        raise Interrupted("interrupted: the report shows the best plan found so far" if has_plan
                          else "interrupted before any plan was found: nothing was written")
