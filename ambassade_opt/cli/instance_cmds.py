"""Commands about an instance itself: validating it, converting it, exporting schemas."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..model import Instance
from .app import main
from .outputs import InputPath, OutputFile, OutputPath, write_folder_output, write_text_output
from .progress import ProgressDisplay


@main.command("validate-instance")
@click.argument("instance", type=InputPath())
def validate_instance(instance: Path) -> None:
    """Check that INSTANCE (JSON file or folder of CSV sheets) is a valid mission year."""
    inst = Instance.load(instance)
    click.echo(
        f"{instance}: valid — {len(inst.ambassadors)} ambassadors, {len(inst.staff)} staff, "
        f"{len(inst.missions)} missions, {len(inst.meetings)} meetings in {inst.year}"
    )


@main.command("convert")
@click.argument("instance", type=InputPath())
@click.option("-o", "--output", type=OutputPath(), required=True,
              help="JSON file (- for stdout) or folder of CSV sheets to write")
@click.option("--to", "target", type=click.Choice(["json", "csv"]), default=None,
              help="output format [default: JSON for -, a .json name or an existing file such as "
                   "/dev/null; otherwise the other format than the input's]")
@click.option("-q", "--quiet", is_flag=True, help="no progress and no summary on stderr")
def convert(instance: Path, output: str, target: str | None, quiet: bool) -> None:
    """Convert INSTANCE between a JSON file and a folder of CSV sheets.

    The input is validated completely first; nothing is written when it has a problem.
    """
    from ..csv_sheets import folder_texts

    if target is None:
        target = _guess_target(instance, output)
    if target == "json" and Path(output).is_dir():
        raise InputError([("--output", f"{output} is a folder; JSON is written to a file")])
    if target == "csv" and output == "-":
        raise InputError([("--output", "a folder of CSV sheets cannot be written to standard output")])
    if target == "csv" and Path(output).exists() and not Path(output).is_dir():
        raise InputError([("--output", f"{output} exists and is not a folder: cannot write sheets there")])
    with ProgressDisplay("convert", quiet=quiet) as display:
        display.step(f"reading {instance}")
        inst = Instance.load(instance)
    if target == "json":
        write_text_output(output, inst.to_json())
        return
    write_folder_output(output, folder_texts(inst))
    display.print(f"{output}: wrote {len(inst.ambassadors)} ambassadors, {len(inst.missions)} missions")


def _guess_target(instance: Path, output: str) -> str:
    out = Path(output)
    if output == "-" or out.suffix.lower() == ".json" or (out.exists() and not out.is_dir()):
        return "json"
    return "json" if instance.is_dir() else "csv"


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
