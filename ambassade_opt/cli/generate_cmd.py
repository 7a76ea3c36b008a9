"""``ambassade-opt generate``: write a seeded synthetic mission year (DOMAIN.md section 7)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..synthetic import SIZES, generate
from .app import main, write_output


def _size(ctx: click.Context, param: click.Parameter, value: str) -> str:
    key = value.strip().upper()
    if key not in SIZES:
        raise click.BadParameter(f"{value!r} is not a size; choose one of {', '.join(SIZES)}")
    return key


@main.command("generate")
@click.option("--size", metavar="S|M|L|XL", default="S", show_default=True, callback=_size,
              help="S 40×150, M 250×1,200, L 1,500×8,000, XL 6,000×40,000 (ambassadors × missions)")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="same seed, same bytes")
@click.option("--year", type=click.IntRange(1900, 9998), default=2027, show_default=True)
@click.option("-o", "--output", required=True, help="file to write (atomically), - for stdout")
def generate_cmd(size: str, seed: int, year: int, output: str) -> None:
    """Generate a synthetic mission year that looks real, and write it as JSON."""
    if output != "-":
        folder = Path(output).parent
        if not folder.is_dir():
            raise InputError([("output", f"{output}: the folder {str(folder)!r} does not exist")])
        if Path(output).is_dir():
            raise InputError([("output", f"{output} is a folder, not a file")])
    instance = generate(size, seed=seed, year=year)
    write_output(output, instance.to_json())
    if output != "-":
        click.echo(
            f"{output}: {size} year {year}, seed {seed} — {len(instance.ambassadors)} ambassadors, "
            f"{len(instance.staff)} staff, {len(instance.missions)} missions, "
            f"{len(instance.meetings)} meetings",
            err=True,
        )
