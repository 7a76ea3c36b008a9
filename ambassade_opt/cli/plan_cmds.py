"""``ambassade-opt plan`` (a year → a certified plan) and ``ambassade-opt demo``."""

from __future__ import annotations

from pathlib import Path

import click

from ..model import Instance
from .app import input_path, main, write_output


@main.command("plan")
@click.argument("instance", callback=input_path)
@click.option("-o", "--output", required=True, help="plan JSON to write, - for stdout")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="seconds for the whole solve (model build excluded)")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="CP-SAT workers (default: the machine's cores); 1 gives a reproducible plan")
@click.option("--mode", type=click.Choice(["lexicographic", "weighted"]), default=None,
              help="objective mode (default: the instance's policy.objective.mode)")
@click.option("--timings/--no-timings", default=None,
              help="put wall-clock timings in the plan file (default: yes, except with --workers 1, "
                   "where the file is kept byte-identical across runs)")
@click.option("-q", "--quiet", is_flag=True, help="no summary on stderr")
def plan_cmd(instance: Path, output: str, time_limit: float, seed: int, workers: int | None,
             mode: str | None, timings: bool | None, quiet: bool) -> None:
    """Plan the mission year INSTANCE: every hard rule, then coverage, rotation, match and cost."""
    from ..solver import SolveOptions, solve

    inst = Instance.load(instance)
    result = solve(inst, SolveOptions(time_limit=time_limit, seed=seed, workers=workers,
                                      mode=mode, timings=timings))
    if result.status == "infeasible":
        click.echo("error: no plan exists — a pin or frozen assignment breaks a hard rule:", err=True)
        for c in result.conflicts:
            who = f", {c.person}" if c.person else ""
            click.echo(f"  mission {c.mission}{who}: {c.rule}: {c.message}", err=True)
        raise SystemExit(1)
    write_output(output, result.plan.to_json())
    if not quiet:
        click.echo(result.summary(), err=True)
