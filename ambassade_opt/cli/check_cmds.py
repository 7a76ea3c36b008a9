"""``ambassade-opt check`` (is a plan valid?) and ``ambassade-opt report`` (what does it achieve?)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import InputError
from ..model import Instance
from ..plan import Plan
from .app import main
from .outputs import InputPath, OutputPath, write_folder_output, write_text_output
from .progress import ProgressDisplay


@main.command("check")
@click.argument("instance", type=InputPath())
@click.argument("plan", type=InputPath(dir_okay=False))
@click.option("-q", "--quiet", is_flag=True, help="no summary line on stderr")
def check_cmd(instance: Path, plan: Path, quiet: bool) -> None:
    """Check PLAN against every hard rule of INSTANCE.

    Exit 0 when valid; 1 with the violations listed one per line; 2 for bad input.
    """
    from ..scoring import validate

    inst = Instance.load(instance)
    the_plan = Plan.load(plan)
    violations = validate(inst, the_plan)
    for v in violations:
        click.echo(f"{v.rule}: {v.message}")
    if not quiet:
        assigned = len(the_plan.assignments)
        if violations:
            click.echo(f"{plan}: {len(violations)} violation(s)", err=True)
        else:
            click.echo(f"{plan}: valid — {assigned} of {len(inst.missions)} missions covered", err=True)
    if violations:
        raise SystemExit(1)


@main.command("report")
@click.argument("instance", type=InputPath())
@click.argument("plan", type=InputPath(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv-folder", "html"]), default="text",
              show_default=True,
              help="csv-folder writes one CSV per table into the -o folder; html one self-contained page")
@click.option("--lang", type=click.Choice(["fr", "nl", "en"]), default="fr", show_default=True,
              help="language of the html page (numbers and dates the Belgian way in fr and nl)")
@click.option("-o", "--output", type=OutputPath(), default="-", show_default=True,
              help="file to write (- for stdout); a folder for csv-folder")
@click.option("--include-personal", is_flag=True,
              help="name ambassadors and staff in the tables (personal data: keep the output private)")
@click.option("--width", type=click.IntRange(min=60, max=1000), default=100, show_default=True,
              help="text width")
@click.option("--csv-dialect", type=click.Choice(["excel-be", "rfc4180"]), default="excel-be",
              show_default=True, help="csv-folder for Excel in Belgium (; BOM, decimal commas) or RFC 4180")
@click.option("-q", "--quiet", is_flag=True, help="no progress on stderr")
def report_cmd(instance: Path, plan: Path, fmt: str, lang: str, output: str, include_personal: bool,
               width: int, csv_dialect: str, quiet: bool) -> None:
    """A readable report of PLAN for INSTANCE: coverage, loads, spend, why missions are left out.

    CSV tables escape text that a spreadsheet would run as a formula (a leading ``'``).
    """
    from ..report import frames_csv_texts, plan_frames, render_report, report_data

    if fmt == "csv-folder" and output == "-":
        raise InputError([("--output", "csv-folder needs a folder: -o FOLDER")])
    if fmt != "csv-folder" and Path(output).is_dir():
        raise InputError([("--output", f"{output} is a folder; --format {fmt} writes a file")])
    if fmt == "csv-folder" and Path(output).exists() and not Path(output).is_dir():
        raise InputError([("--output", f"{output} exists and is not a folder")])
    if fmt == "html" and include_personal:
        raise InputError([("--include-personal", "the html page shows ambassadors by id only")])
    with ProgressDisplay("report", quiet=quiet) as display:
        display.step(f"reading {instance} and {plan}")
        inst = Instance.load(instance)
        the_plan = Plan.load(plan)
        display.step(f"building the {fmt} report")
        if fmt == "text":
            text = render_report(inst, the_plan, width=width)
        elif fmt == "html":
            from ..pages import render_report_page

            text = render_report_page(inst, the_plan, lang=lang)
        elif fmt == "json":
            data = report_data(inst, the_plan).model_dump(mode="json")
            text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        else:
            frames = plan_frames(inst, the_plan, include_personal=include_personal)
            display.step(f"writing {len(frames)} tables to {output}")
            write_folder_output(output, frames_csv_texts(frames, csv_dialect))
            return
        if output != "-":
            display.step(f"writing {output}")
        write_text_output(output, text)
