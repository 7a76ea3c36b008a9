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


@main.command("demo")
@click.option("--size", type=click.Choice(["S", "M", "L"]), default="S", show_default=True,
              help="synthetic year size (S 40 × 150, M 250 × 1,200, L 1,500 × 8,000)")
@click.option("--seed", type=int, default=2027, show_default=True)
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=20.0, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=None)
@click.option("-o", "--output", default=None, help="also write the plan JSON here")
def demo_cmd(size: str, seed: int, time_limit: float, workers: int | None, output: str | None) -> None:
    """Plan a built-in synthetic mission year with a live progress display, then print the report."""
    from rich.console import Console
    from rich.live import Live
    from rich.table import Table

    from ..report import render_report
    from ..solver import ProgressEvent, SolveOptions, solve
    from ..synthetic import generate

    console = Console(stderr=True)
    inst = generate(size, seed=seed)
    console.print(f"[bold]{inst.name}[/]: {len(inst.ambassadors)} ambassadors, {len(inst.staff)} staff, "
                  f"{len(inst.missions)} missions; time limit {time_limit:g} s")
    rows: dict[str, dict[str, str]] = {}

    def table() -> Table:
        t = Table(title="Planning (lexicographic: coverage → rotation → match → cost)")
        for col in ("stage", "state", "value", "bound", "seconds", "note"):
            t.add_column(col, justify="right" if col in ("value", "bound", "seconds") else "left")
        for name, r in rows.items():
            t.add_row(name, r.get("state", ""), r.get("value", ""), r.get("bound", ""), r.get("seconds", ""),
                      r.get("note", ""))
        return t

    with Live(table(), console=console, refresh_per_second=4, transient=False) as live:

        def progress(event: ProgressEvent) -> None:
            row = rows.setdefault(event.stage, {})
            if event.value is not None:
                row["value"] = f"{event.value:,.1f}"
            if event.bound is not None:
                row["bound"] = f"{event.bound:,.1f}"
            row["seconds"] = f"{event.seconds:.1f}"
            row["state"] = {"build": "built", "greedy": "constructive plan", "bound": "LP bound",
                            "start": "solving", "solution": "improving", "done": "done"}[event.kind]
            if event.message:
                row["note"] = event.message
            live.update(table())

        options = SolveOptions(time_limit=time_limit, seed=seed, workers=workers, progress=progress)
        result = solve(inst, options)
    console.print()  # the live table leaves the cursor on its last line when not on a terminal
    console.print(result.summary())
    if output:
        write_output(output, result.plan.to_json())
    click.echo(render_report(inst, result.plan))
