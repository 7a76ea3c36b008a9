"""The year as it is lived (DOMAIN.md section 9): ``settle``, ``close-year`` and ``train``.

Bad input (unreadable or invalid files, reports that do not match the plan, an output that
would overwrite an input) exits 2 with every problem located, and nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError
from ..model import Instance
from ..plan import Plan
from .app import input_path, main, write_output

if TYPE_CHECKING:
    from ..actuals import Actuals


def _refuse_overwriting_inputs(option: str, output: str, inputs: Sequence[Path]) -> None:
    """An output never replaces an input (and its folder must exist), checked before any work."""
    if output == "-":
        return
    target = Path(output)
    for path in inputs:
        if target.exists() and path.exists() and os.path.samefile(target, path):
            raise InputError([(option, f"{output} is an input of this command: it would be overwritten")])
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError([(option, f"{output}: the folder {folder} does not exist")])


def _load_actuals(path: Path, instance: Instance, plan: Plan) -> Actuals:
    """Reports (JSON, a folder of sheets or a workbook) checked against the year and the plan."""
    from ..actuals import check_actuals
    from ..actuals.sheets import load_actuals

    loaded = load_actuals(path)
    check_actuals(instance, plan, loaded.actuals, source=loaded.source, render_loc=loaded.render_loc)
    return loaded.actuals


def _year_and_plan(instance: Path, plan: Path) -> tuple[Instance, Plan]:
    inst = Instance.load(instance)
    published = Plan.load(plan)
    published.check_references(inst)
    return inst, published


@main.command("settle")
@click.argument("instance", callback=input_path)
@click.argument("plan", callback=input_path)
@click.argument("actuals", callback=input_path)
@click.option("-o", "--output", required=True,
              help="folder for remuneration.csv, expenses.csv, totals.csv and to_review.csv "
                   "(with --format xlsx: a workbook file name ending in .xlsx, or a folder for "
                   "settlement.xlsx)")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="no summary on stderr")
def settle_cmd(instance: Path, plan: Path, actuals: Path, output: str, fmt: str, quiet: bool) -> None:
    """What SMart pays for the missions of PLAN, from the mission reports ACTUALS (a JSON file, a
    folder of sheets or an .xlsx workbook): rule 7 with what was reported, caps and budget
    applied, every deviation to review. Amounts are exact to the cent; every total is the sum of its rows."""
    from ..settlement import settle

    inst, published = _year_and_plan(instance, plan)
    reports = _load_actuals(actuals, inst, published)
    _refuse_overwriting_inputs("--output", output, [instance, plan, actuals])
    result = settle(inst, published, reports)
    written = result.write(output, fmt)  # type: ignore[arg-type]
    if not quiet:
        year = result.total()
        click.echo(f"paid {year.paid} EUR of {year.amount} EUR reported (planned {year.planned} EUR); "
                   f"{year.not_paid} EUR above a cap or the budget; {len(result.to_review)} item(s) to "
                   f"review; wrote {', '.join(str(p) for p in written)}", err=True)


@main.command("close-year")
@click.argument("instance", callback=input_path)
@click.argument("plan", callback=input_path)
@click.option("--actuals", "actuals_path", default=None, type=click.Path(),
              help="mission reports (JSON, a folder of sheets or a workbook): history counts the "
                   "missions held")
@click.option("--governance", "governance_paths", multiple=True, type=click.Path(),
              help="this year's governance file(s) (repeat the option): who was drawn by lot")
@click.option("--year", "next_year", type=int, required=True, help="the year of the new instance")
@click.option("-o", "--output", required=True, help="next year's instance JSON, - for stdout")
@click.option("-q", "--quiet", is_flag=True, help="no summary on stderr")
def close_year_cmd(instance: Path, plan: Path, actuals_path: str | None, governance_paths: tuple[str, ...],
                   next_year: int, output: str, quiet: bool) -> None:
    """Next year's instance from INSTANCE and its PLAN: the same people and policy, each
    ambassador's missions this year as history, the sortition cycle carried over, no missions."""
    from ..close_year import close_year
    from ..governance.file_format import GovernanceFile

    inst, published = _year_and_plan(instance, plan)
    reports = None
    inputs = [instance, plan]
    if actuals_path is not None:
        path = input_path(None, None, actuals_path)
        reports, inputs = _load_actuals(path, inst, published), [*inputs, path]
    files = []
    for g in governance_paths:
        path = input_path(None, None, g)
        files.append(GovernanceFile.load(path))
        inputs.append(path)
    _refuse_overwriting_inputs("--output", output, inputs)
    result = close_year(inst, published, year=next_year, actuals=reports, governance=files)
    write_output(output, result.instance.to_json())
    if not quiet:
        click.echo(result.summary(), err=True)


@main.command("train")
@click.argument("instance", callback=input_path)
@click.option("--plan", "plan_path", default=None, type=click.Path(),
              help="the year's plan (default: plan it now)")
@click.option("--max-trainings", type=click.IntRange(min=0), required=True,
              help="at most this many trainings")
@click.option("-o", "--output", required=True, help="training.json to write, - for stdout")
@click.option("--instance-out", default=None, help="also write the year with the trainings added")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              help="seconds per re-plan that measures a training")
@click.option("--final-time-limit", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True,
              help="seconds for the final plan (and for the plan of the year, if none given)")
@click.option("--measure-top", type=click.IntRange(min=1), default=3, show_default=True,
              help="candidates measured by re-planning at each step")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="CP-SAT workers; 1 gives a reproducible training plan")
@click.option("-q", "--quiet", is_flag=True, help="no progress or summary on stderr")
def train_cmd(instance: Path, plan_path: str | None, max_trainings: int, output: str,
              instance_out: str | None, time_limit: float, final_time_limit: float, measure_top: int,
              seed: int, workers: int, quiet: bool) -> None:
    """Whom to give which training, and by when, so that more of the year INSTANCE is covered;
    gains are measured by re-planning, and the plan reaching coverage_after comes with the file.
    Also lists the profiles to recruit: missions nobody can take."""
    from ..training import TrainingOptions, training_plan

    inst = Instance.load(instance)
    published = None
    inputs = [instance]
    if plan_path is not None:
        path = input_path(None, None, plan_path)
        published = Plan.load(path)
        published.check_references(inst)
        inputs.append(path)
    _refuse_overwriting_inputs("--output", output, inputs)
    if instance_out is not None:
        _refuse_overwriting_inputs("--instance-out", instance_out, inputs)
    options = TrainingOptions(measure_top=measure_top, time_limit=time_limit,
                              final_time_limit=final_time_limit, seed=seed, workers=workers)
    result = training_plan(inst, published, max_trainings=max_trainings, options=options,
                           progress=None if quiet else (lambda line: click.echo(line, err=True)))
    text = result.to_json()
    trained_text = result.trained_instance(inst).to_json() if instance_out is not None else None
    if instance_out is not None and trained_text is not None:
        write_output(instance_out, trained_text)
    write_output(output, text)
    if not quiet:
        click.echo(result.summary(), err=True)
