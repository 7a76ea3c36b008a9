"""``ambassade-opt replan`` (changes during the year) and ``ambassade-opt suggest`` (on the phone)."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import click

from ..errors import InputError
from ..model import Instance
from ..plan import Plan
from .app import input_path, main, write_output


def _parse_now(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        now = datetime.fromisoformat(value)
    except ValueError:
        raise InputError([("--now", f"{value!r} is not an ISO date-time such as 2027-07-01T00:00")]) from None
    if now.tzinfo is not None:
        raise InputError([("--now", "must be a local time (Europe/Brussels) without a UTC offset")])
    return now


def _writable(option: str, path: str) -> None:
    """Refuse an output whose folder is missing, before anything is written."""
    if path == "-":
        return
    folder = Path(path).parent if str(Path(path).parent) else Path(".")
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise InputError([(option, f"{path}: the folder does not exist or is not writable")])


@main.command("replan")
@click.argument("instance", callback=input_path)
@click.argument("plan", callback=input_path)
@click.argument("changes", callback=input_path)
@click.option("-o", "--output", required=True, help="new plan JSON to write (with its diff), - for stdout")
@click.option("--instance-out", default=None, help="write the changed instance here (the new plan is "
                                                   "checked against it)")
@click.option("--now", "now_text", default=None,
              help="missions that started before this local time are frozen (default: the changes "
                   "file's now; none: nothing frozen)")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="seconds for the whole solve (model build excluded)")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="CP-SAT workers (default: the machine's cores); 1 gives a reproducible plan")
@click.option("--start", type=click.Choice(["published", "greedy"]), default="published", show_default=True,
              help="start the search from the published plan (keeps promises) or from the solver's "
                   "greedy plan (more coverage in a short time, most promises broken)")
@click.option("--coverage-tolerance", type=click.FloatRange(min=0, max=1, max_open=True), default=0.0,
              show_default=True,
              help="share of coverage value the re-plan may give up to keep published assignments "
                   "(0: coverage strictly first; 0.01 keeps ≥ 99 % of the best coverage found)")
@click.option("-q", "--quiet", is_flag=True, help="no summary on stderr")
def replan_cmd(instance: Path, plan: Path, changes: Path, output: str, instance_out: str | None,
               now_text: str | None, time_limit: float, seed: int, workers: int | None, start: str,
               coverage_tolerance: float, quiet: bool) -> None:
    """Apply CHANGES to INSTANCE and re-plan, keeping PLAN wherever possible.

    Missions that started before --now keep exactly their published people. The new plan lists in
    ``diff`` every mission whose people (or time) changed, and why.
    """
    from ..changes import Changes
    from ..replan import replan
    from ..solver import SolveOptions

    now = _parse_now(now_text)
    inst = Instance.load(instance)
    published = Plan.load(plan)
    wanted = Changes.load(changes)
    _writable("--output", output)
    if instance_out is not None:
        _writable("--instance-out", instance_out)
    result = replan(inst, published, wanted, now=now, start=start,  # type: ignore[arg-type]
                    options=SolveOptions(time_limit=time_limit, seed=seed, workers=workers),
                    coverage_tolerance=coverage_tolerance)
    if result.plan.status == "infeasible":
        click.echo("error: no plan exists — a pin or frozen assignment breaks a hard rule:", err=True)
        for c in result.solve.conflicts:
            who = f", {c.person}" if c.person else ""
            click.echo(f"  mission {c.mission}{who}: {c.rule}: {c.message}", err=True)
        raise SystemExit(1)
    # Both texts exist before either file is touched: nothing is half-written.
    plan_text = result.plan.to_json()
    instance_text = result.instance.to_json() if instance_out is not None else None
    if instance_out is not None and instance_text is not None:
        write_output(instance_out, instance_text)
    write_output(output, plan_text)
    if not quiet:
        click.echo(result.summary(), err=True)


@main.command("suggest")
@click.argument("instance", callback=input_path)
@click.argument("plan", callback=input_path)
@click.option("--mission", required=True, help="the mission to staff or re-staff")
@click.option("--seat", default=None, help="id of the person leaving the mission: suggest who replaces them")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True)
@click.option("--now", "now_text", default=None, help="missions that started before this are never moved")
@click.option("--json", "as_json", is_flag=True, help="print the suggestions as JSON")
def suggest_cmd(instance: Path, plan: Path, mission: str, seat: str | None, top: int, now_text: str | None,
                as_json: bool) -> None:
    """Rank the best people for one mission (or one freed seat) of PLAN, without re-solving."""
    from ..suggest import suggest

    now = _parse_now(now_text)
    inst = Instance.load(instance)
    published = Plan.load(plan)
    options = suggest(inst, published, mission, top=top, seat=seat, now=now)
    if as_json:
        write_output("-", json.dumps([o.model_dump(mode="json") for o in options], indent=1) + "\n")
        return
    if not options:
        click.echo(f"{mission}: nobody eligible")
        return
    for rank, option in enumerate(options, 1):
        click.echo(f"{rank}. {option.summary()}")
