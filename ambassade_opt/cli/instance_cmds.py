"""Commands about an instance itself: validating it, exporting schemas."""

from __future__ import annotations

import json

import click

from ..model import Instance
from .app import input_path, main, write_output


@main.command("validate-instance")
@click.argument("instance", callback=input_path)
def validate_instance(instance: object) -> None:
    """Check that INSTANCE (JSON file or folder of CSV sheets) is a valid mission year."""
    inst = Instance.load(instance)  # type: ignore[arg-type]
    click.echo(
        f"{instance}: valid — {len(inst.ambassadors)} ambassadors, {len(inst.staff)} staff, "
        f"{len(inst.missions)} missions, {len(inst.meetings)} meetings in {inst.year}"
    )


@main.command("schema")
@click.option("--what", type=click.Choice(["instance", "plan"]), default="instance", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="file to write, - for stdout")
def schema(what: str, output: str) -> None:
    """Print the JSON Schema of an instance or a plan, for other services."""
    from ..plan import Plan

    model = {"instance": Instance, "plan": Plan}[what]
    write_output(output, json.dumps(model.model_json_schema(), indent=1) + "\n")
