"""``ambassade-opt replan`` (changes during the year) and ``ambassade-opt suggest`` (on the phone)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from ..errors import InputError
from ..model import Instance
from ..plan import Plan
from .app import main
from .outputs import InputPath, OutputFile, write_text_output
from .params import (
    DEFAULT_TIME_LIMIT,
    SEED,
    SHARE,
    TIME_LIMIT,
    TIME_LIMIT_HELP,
    WORK_LIMIT,
    WORK_LIMIT_HELP,
    WORKERS,
)
from .progress import ProgressDisplay
from .solving import conclude_plan, run_long


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


@main.command("replan")
@click.argument("instance", type=InputPath())
@click.argument("plan", type=InputPath(dir_okay=False))
@click.argument("changes", type=InputPath(dir_okay=False))
@click.option("-o", "--output", type=OutputFile(), required=True,
              help="new plan JSON to write (with its diff), - for stdout")
@click.option("--instance-out", type=OutputFile(), default=None,
              help="write the changed instance here (the new plan is checked against it)")
@click.option("--now", "now_text", default=None,
              help="missions that started before this local time are frozen (default: the changes "
                   "file's now; none: nothing frozen)")
@click.option("--time-limit", type=TIME_LIMIT, default=DEFAULT_TIME_LIMIT, show_default=True,
              help=TIME_LIMIT_HELP)
@click.option("--work-limit", type=WORK_LIMIT, default=None, help=WORK_LIMIT_HELP)
@click.option("--seed", type=SEED, default=0, show_default=True)
@click.option("--workers", type=WORKERS, default=None,
              help="CP-SAT workers (default: the machine's cores); 1 gives a reproducible plan")
@click.option("--start", type=click.Choice(["published", "greedy"]), default="published", show_default=True,
              help="start the search from the published plan (keeps promises) or from the solver's "
                   "greedy plan (more coverage in a short time, most promises broken)")
@click.option("--coverage-tolerance", type=SHARE, default=None,
              help="share of coverage value the re-plan may give up to keep published assignments "
                   "(default 0.01: keep ≥ 99 % of the best coverage found, promises first; 0: coverage "
                   "strictly first)")
@click.option("-q", "--quiet", is_flag=True, help="no progress and no summary on stderr")
def replan_cmd(instance: Path, plan: Path, changes: Path, output: str, instance_out: str | None,
               now_text: str | None, time_limit: float, work_limit: float | None, seed: int,
               workers: int | None, start: str, coverage_tolerance: float | None,
               quiet: bool) -> None:
    """Apply CHANGES to INSTANCE and re-plan, keeping PLAN wherever possible.

    Missions that started before --now keep exactly their published people. The new plan lists in
    ``diff`` every mission whose people (or time) changed, and why.
    """
    from ..changes import Changes
    from ..replan import replan
    from ..solver import SolveOptions

    now = _parse_now(now_text)
    with ProgressDisplay("Re-planning", quiet=quiet) as display:
        display.step(f"reading {instance}, {plan} and {changes}")
        inst = Instance.load(instance)
        published = Plan.load(plan)
        wanted = Changes.load(changes)
        display.step(f"applying {len(wanted.changes)} change(s) and re-planning, time limit {time_limit:g} s")
        result, stopped = run_long(lambda stop: replan(
            inst, published, wanted, now=now, start=start,  # type: ignore[arg-type]
            options=SolveOptions(time_limit=time_limit, work_limit=work_limit, seed=seed, workers=workers,
                                 progress=display.solver, **stop),
            coverage_tolerance=coverage_tolerance))

    def write_instance() -> None:
        if instance_out is not None:
            write_text_output(instance_out, result.instance.to_json())

    # The changed instance is written first: the plan refers to it.
    conclude_plan(result.plan, result.solve.conflicts, output, stopped=stopped, display=display,
                  before_write=write_instance)
    display.print(result.summary())


@main.command("suggest")
@click.argument("instance", type=InputPath())
@click.argument("plan", type=InputPath(dir_okay=False))
@click.option("--mission", required=True, help="the mission to staff or re-staff")
@click.option("--seat", default=None, help="id of the person leaving the mission: suggest who replaces them")
@click.option("--top", type=click.IntRange(min=1, max=1000), default=5, show_default=True)
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
        write_text_output("-", json.dumps([o.model_dump(mode="json") for o in options], indent=1) + "\n")
        return
    if not options:
        click.echo(f"{mission}: nobody eligible")
        return
    for rank, option in enumerate(options, 1):
        click.echo(f"{rank}. {option.summary()}")
