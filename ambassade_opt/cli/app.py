"""The ``ambassade-opt`` command group and its error contract.

Bad input exits 2 with a message naming the field and the problem, never a traceback, and no
output file is written (outputs go through :func:`ambassade_opt.files.write_text_atomic`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import InputError
from ..files import write_text_atomic


class AppGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"error: {exc.render()}", err=True)
            ctx.exit(2)
        except BrokenPipeError:  # e.g. `ambassade-opt report ... | head`
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=AppGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ambassade-opt")
def main() -> None:
    """Plan SMart's ambassador missions: who goes where, fairly, within budget."""


def input_path(ctx: click.Context | None, param: click.Parameter | None, value: str) -> Path:
    """An input that must exist; a missing file is bad input (exit 2), named by the parameter."""
    path = Path(value)
    if not path.exists():
        name = param.name if param is not None and param.name else "input"
        raise InputError([(name, f"{value}: no such file or folder")])
    return path


def write_output(path: str, text: str) -> None:
    """``-`` writes to standard output; anything else is written atomically."""
    if path == "-":
        click.echo(text, nl=False)
    else:
        write_text_atomic(path, text)
