"""``ambassade-opt generate``: write a seeded synthetic mission year (DOMAIN.md section 7)."""

from __future__ import annotations

import click

from ..synthetic import SIZES, generate
from .app import main
from .outputs import OutputFile, write_text_output
from .params import SEED
from .progress import ProgressDisplay


def _size(ctx: click.Context, param: click.Parameter, value: str) -> str:
    key = value.strip().upper()
    if key not in SIZES:
        raise click.BadParameter(f"{value!r} is not a size; choose one of {', '.join(SIZES)}")
    return key


@main.command("generate")
@click.option("--size", metavar="S|M|L|XL", default="S", show_default=True, callback=_size,
              help="S 40×150, M 250×1,200, L 1,500×8,000, XL 6,000×40,000 (ambassadors × missions)")
@click.option("--seed", type=SEED, default=0, show_default=True,
              help="same seed, same bytes")
@click.option("--year", type=click.IntRange(1900, 9998), default=2027, show_default=True)
@click.option("-o", "--output", type=OutputFile(), required=True,
              help="file to write (atomically), - for stdout")
@click.option("-q", "--quiet", is_flag=True, help="no progress and no summary on stderr")
def generate_cmd(size: str, seed: int, year: int, output: str, quiet: bool) -> None:
    """Generate a synthetic mission year that looks real, and write it as JSON."""
    with ProgressDisplay("generate", quiet=quiet) as display:
        display.step(f"generating the {size} year {year} (seed {seed})")
        instance = generate(size, seed=seed, year=year)
    write_text_output(output, instance.to_json())
    if output != "-" and not quiet:
        click.echo(
            f"{output}: {size} year {year}, seed {seed} — {len(instance.ambassadors)} ambassadors, "
            f"{len(instance.staff)} staff, {len(instance.missions)} missions, "
            f"{len(instance.meetings)} meetings",
            err=True,
        )
