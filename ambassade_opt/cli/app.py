"""The ``ambassade-opt`` command group and its error contract.

Bad input exits 2 with a message naming the field and the problem, never a traceback, and no
output file is written (outputs go through :func:`ambassade_opt.files.write_text_atomic`).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import InputError
from ..files import write_text_atomic

# command name -> module of this package that defines it. A module is imported only when one of its
# commands runs (or help lists them), so `ambassade-opt suggest` does not pay for the solver,
# governance or plotting imports of the other commands.
COMMAND_MODULES: dict[str, str] = {
    "generate": "generate_cmd",
    "validate-instance": "instance_cmds",
    "convert": "instance_cmds",
    "schema": "instance_cmds",
    "plan": "plan_cmds",
    "demo": "plan_cmds",
    "check": "check_cmds",
    "report": "check_cmds",
    "govern": "govern_cmd",
    "agenda": "agenda_cmd",
    "replan": "replan_cmds",
    "suggest": "replan_cmds",
    "admit": "analyst_cmds",
    "curve": "analyst_cmds",
}


class AppGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMAND_MODULES) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(f"{__package__}.{COMMAND_MODULES[cmd_name]}")
        return self.commands.get(cmd_name)

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
