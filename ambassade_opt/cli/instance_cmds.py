"""Commands about an instance itself: validating it, converting it, exporting schemas."""

from __future__ import annotations

from pathlib import Path

import click

from ..csv_sheets import CSV_DIALECTS
from ..errors import InputError
from ..model import Instance
from .app import main
from .outputs import (
    InputPath,
    OutputFile,
    OutputPath,
    write_bytes_output,
    write_folder_output,
    write_text_output,
)
from .progress import ProgressDisplay


@main.command("validate-instance")
@click.argument("instance", type=InputPath())
def validate_instance(instance: Path) -> None:
    """Check that INSTANCE (JSON file, folder of CSV sheets or .xlsx workbook) is a valid mission year."""
    inst = Instance.load(instance)
    click.echo(
        f"{instance}: valid — {len(inst.ambassadors)} ambassadors, {len(inst.staff)} staff, "
        f"{len(inst.missions)} missions, {len(inst.meetings)} meetings in {inst.year}"
    )


@main.command("convert")
@click.argument("instance", type=InputPath())
@click.option("-o", "--output", type=OutputPath(), required=True,
              help="JSON file (- for stdout), .xlsx workbook, or folder of CSV sheets to write")
@click.option("--to", "target", type=click.Choice(["json", "csv", "xlsx"]), default=None,
              help="output format [default: from the output's name: JSON for -, a .json name or an "
                   "existing file such as /dev/null, a workbook for .xlsx; otherwise CSV sheets, or "
                   "JSON when the input is a folder or a workbook]")
@click.option("--csv-dialect", type=click.Choice(CSV_DIALECTS), default="excel-be", show_default=True,
              help="CSV sheets for Excel in Belgium (; UTF-8 with BOM, decimal commas, DD/MM/YYYY) "
                   "or RFC 4180 (, ISO dates) for programs")
@click.option("-q", "--quiet", is_flag=True, help="no progress and no summary on stderr")
def convert(instance: Path, output: str, target: str | None, csv_dialect: str, quiet: bool) -> None:
    """Convert INSTANCE between a JSON file, an Excel workbook and a folder of CSV sheets.

    The input is validated completely first; nothing is written when it has a problem. Text that a
    spreadsheet would run as a formula is escaped in CSV (a leading ') and kept as text in
    workbooks; the output reads back to the same instance.
    """
    from ..csv_sheets import folder_texts, workbook_data

    if target is None:
        target = _guess_target(instance, output)
    _check_target(target, output)
    with ProgressDisplay("convert", quiet=quiet) as display:
        display.step(f"reading {instance}")
        inst = Instance.load(instance)
    if target == "json":
        write_text_output(output, inst.to_json())
        return
    if target == "xlsx":
        write_bytes_output(output, workbook_data(inst))
    else:
        write_folder_output(output, folder_texts(inst, csv_dialect))
    display.print(f"{output}: wrote {len(inst.ambassadors)} ambassadors, {len(inst.missions)} missions")


def _check_target(target: str, output: str) -> None:
    """Refuse, before any work, an output that cannot hold the target format."""
    what = {"json": "JSON is written to a file", "xlsx": "a workbook is written to a file"}
    if target in what and Path(output).is_dir():
        raise InputError([("--output", f"{output} is a folder; {what[target]}")])
    if target != "json" and output == "-":
        kind = "a workbook" if target == "xlsx" else "a folder of CSV sheets"
        raise InputError([("--output", f"{kind} cannot be written to standard output")])
    if target == "csv" and Path(output).exists() and not Path(output).is_dir():
        raise InputError([("--output", f"{output} exists and is not a folder: cannot write sheets there")])


def _guess_target(instance: Path, output: str) -> str:
    out = Path(output)
    if out.suffix.lower() == ".xlsx":
        return "xlsx"
    if output == "-" or out.suffix.lower() == ".json" or (out.exists() and not out.is_dir()):
        return "json"
    return "json" if instance.is_dir() or instance.suffix.lower() == ".xlsx" else "csv"


@main.command("schema")
@click.option("--what", default="instance", show_default=True,
              help="document kind: instance, policy, plan, changes, ... (see --list)")
@click.option("--list", "list_only", is_flag=True, help="list the document kinds and exit")
@click.option("-o", "--output", type=OutputFile(), default="-", show_default=True,
              help="file to write, - for stdout")
def schema(what: str, list_only: bool, output: str) -> None:
    """Print the JSON Schema of an instance, a plan or another document, for other services."""
    from ..schema import schema_entries, schema_text

    if list_only:
        for entry in schema_entries():
            click.echo(f"{entry.name}: {entry.description}")
        return
    write_text_output(output, schema_text(what))
