"""The year as it is lived (DOMAIN.md section 9): ``settle``, ``close-year`` and ``train``.

Paths are declared with the types of :mod:`.outputs` (checked before any work, never an output
over an input); bad input (unreadable or invalid files, reports that do not match the plan)
exits 2 with every problem located, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError
from ..model import Instance
from ..plan import Plan
from .app import main
from .outputs import (
    InputPath,
    OutputFile,
    OutputPath,
    write_bytes_output,
    write_folder_output,
    write_text_output,
)
from .params import SEED, TIME_LIMIT, WORKERS, BoundedInt
from .progress import ProgressDisplay
from .solving import run_long

if TYPE_CHECKING:
    from ..actuals import Actuals

MAX_TRAININGS = 10_000


def _load_actuals(path: Path, instance: Instance, plan: Plan) -> Actuals:
    """Reports (JSON, a folder of sheets or a workbook) checked against the year and the plan."""
    from ..actuals import check_actuals, load_actuals

    loaded = load_actuals(path)
    check_actuals(instance, plan, loaded.actuals, source=loaded.source, render_loc=loaded.render_loc)
    return loaded.actuals


def _year_and_plan(instance: Path, plan: Path) -> tuple[Instance, Plan]:
    inst = Instance.load(instance)
    published = Plan.load(plan)
    published.check_references(inst)
    return inst, published


@main.command("settle")
@click.argument("instance", type=InputPath())
@click.argument("plan", type=InputPath(dir_okay=False))
@click.argument("actuals", type=InputPath())
@click.option("-o", "--output", type=OutputPath(allow_stdout=False), required=True,
              help="folder for remuneration.csv, expenses.csv, totals.csv and to_review.csv (with "
                   "--format xlsx: a workbook name ending in .xlsx, or a folder for settlement.xlsx)")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--csv-dialect", type=click.Choice(["excel-be", "rfc4180"]), default="excel-be",
              show_default=True,
              help="excel-be: for Excel in Belgium (; BOM, 1234,50, DD/MM/YYYY); rfc4180: for programs")
@click.option("-q", "--quiet", is_flag=True, help="no progress and no summary on stderr")
def settle_cmd(instance: Path, plan: Path, actuals: Path, output: str, fmt: str, csv_dialect: str,
               quiet: bool) -> None:
    """What SMart pays for the missions of PLAN, from the mission reports ACTUALS (a JSON file, a
    folder of sheets or an .xlsx workbook): rule 7 with what was reported, caps and budget
    applied, every deviation to review. Amounts are exact to the cent; every total is the sum of
    its rows."""
    from ..settlement import settle
    from ..settlement.output import table_files

    target = Path(output)
    if fmt == "csv" and target.exists() and not target.is_dir():
        raise InputError([("--output", f"{output} exists and is not a folder: CSV tables go in a folder")])
    with ProgressDisplay("settle", quiet=quiet) as display:
        display.step(f"reading {instance}, {plan} and {actuals}")
        inst, published = _year_and_plan(instance, plan)
        reports = _load_actuals(actuals, inst, published)
        display.step(f"settling {len(reports.reports)} mission report(s)")
        result = settle(inst, published, reports)
    folder, files = table_files(result.tables(), output, fmt, csv_dialect)  # type: ignore[arg-type]
    if fmt == "xlsx" and target.suffix.lower() == ".xlsx":
        write_bytes_output(output, files[target.name])
        written = [target]
    else:
        written = write_folder_output(str(folder), files)
    if not quiet:
        year = result.total()
        click.echo(f"paid {year.paid} EUR of {year.amount} EUR reported (planned {year.planned} EUR); "
                   f"{year.not_paid} EUR above a cap or the budget; {len(result.to_review)} item(s) to "
                   f"review; wrote {', '.join(str(p) for p in written)}", err=True)


@main.command("close-year")
@click.argument("instance", type=InputPath())
@click.argument("plan", type=InputPath(dir_okay=False))
@click.option("--actuals", "actuals_path", type=InputPath(), default=None,
              help="mission reports (JSON, a folder of sheets or a workbook): history counts the "
                   "missions held")
@click.option("--governance", "governance_paths", type=InputPath(dir_okay=False), multiple=True,
              help="this year's governance file(s) (repeat the option): who was drawn by lot")
@click.option("--year", "next_year", type=BoundedInt(1901, 9998), required=True,
              help="the year of the new instance")
@click.option("-o", "--output", type=OutputFile(), required=True,
              help="next year's instance JSON, - for stdout")
@click.option("-q", "--quiet", is_flag=True, help="no progress and no summary on stderr")
def close_year_cmd(instance: Path, plan: Path, actuals_path: Path | None, governance_paths: tuple[Path, ...],
                   next_year: int, output: str, quiet: bool) -> None:
    """Next year's instance from INSTANCE and its PLAN: the same people and policy, each
    ambassador's missions this year as history, the sortition cycle carried over, no missions."""
    from ..close_year import close_year
    from ..governance.file_format import GovernanceFile

    with ProgressDisplay("close-year", quiet=quiet) as display:
        display.step(f"reading {instance} and {plan}")
        inst, published = _year_and_plan(instance, plan)
        reports = None
        if actuals_path is not None:
            display.step(f"reading {actuals_path}")
            reports = _load_actuals(actuals_path, inst, published)
        files = [GovernanceFile.load(g) for g in governance_paths]
        result = close_year(inst, published, year=next_year, actuals=reports, governance=files)
    write_text_output(output, result.instance.to_json())
    if not quiet:
        click.echo(result.summary(), err=True)


@main.command("train")
@click.argument("instance", type=InputPath())
@click.option("--plan", "plan_path", type=InputPath(dir_okay=False), default=None,
              help="the year's plan (default: plan it now)")
@click.option("--max-trainings", type=BoundedInt(0, MAX_TRAININGS), required=True,
              help="at most this many trainings")
@click.option("-o", "--output", type=OutputFile(), required=True, help="training.json to write, - for stdout")
@click.option("--instance-out", type=OutputFile(), default=None,
              help="also write the year with the trainings added (the plan in the file is valid for it)")
@click.option("--time-limit", type=TIME_LIMIT, default=10.0, show_default=True,
              help="seconds per re-plan that measures a training")
@click.option("--final-time-limit", type=TIME_LIMIT, default=30.0, show_default=True,
              help="seconds for the final plan (and for the plan of the year, if none given)")
@click.option("--measure-top", type=BoundedInt(1, 1000), default=3, show_default=True,
              help="candidates measured by re-planning at each step")
@click.option("--seed", type=SEED, default=0, show_default=True)
@click.option("--workers", type=WORKERS, default=1, show_default=True,
              help="CP-SAT workers; 1 gives a reproducible training plan")
@click.option("-q", "--quiet", is_flag=True, help="no progress and no summary on stderr")
def train_cmd(instance: Path, plan_path: Path | None, max_trainings: int, output: str,
              instance_out: str | None, time_limit: float, final_time_limit: float, measure_top: int,
              seed: int, workers: int, quiet: bool) -> None:
    """Whom to give which training, and by when, so that more of the year INSTANCE is covered;
    gains are measured by re-planning, and the plan reaching coverage_after comes with the file.
    Also lists the profiles to recruit: missions nobody can take."""
    from ..training import TrainingOptions, training_plan

    options = TrainingOptions(measure_top=measure_top, time_limit=time_limit,
                              final_time_limit=final_time_limit, seed=seed, workers=workers)
    with ProgressDisplay("train", quiet=quiet) as display:
        display.step(f"reading {instance}")
        inst = Instance.load(instance)
        published = None
        if plan_path is not None:
            display.step(f"reading {plan_path}")
            published = Plan.load(plan_path)
            published.check_references(inst)
        result, _ = run_long(lambda _stop: training_plan(inst, published, max_trainings=max_trainings,
                                                         options=options, progress=display.step),
                             graceful=False)
    text = result.to_json()
    trained_text = result.trained_instance(inst).to_json() if instance_out is not None else None
    if instance_out is not None and trained_text is not None:
        write_text_output(instance_out, trained_text)
    write_text_output(output, text)
    if not quiet:
        click.echo(result.summary(), err=True)

