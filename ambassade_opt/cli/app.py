"""The ``ambassade-opt`` command group and its error contract.

Bad input exits 2 with a message naming the field and the problem, never a traceback, and no
output file is written (paths are declared and written through :mod:`.outputs`). Exit codes are
those of :mod:`.exits`: an unexpected exception is reported as an internal error (exit 70) with the
traceback saved to a file, Ctrl-C exits 130. Standard output and error never fail on a character
the console cannot show (it is replaced).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..clusters import SchedulerUnreachable
from ..errors import InputError
from .console import safe_console_streams
from .exits import Exit, report_crash
from .interrupt import Interrupted
from .outputs import AppCommand, OutputError, check_input, write_text_output

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
    "settle": "year_cmds",
    "close-year": "year_cmds",
    "train": "year_cmds",
}


class AppGroup(click.Group):
    command_class = AppCommand

    def main(self, *args: Any, **kwargs: Any) -> Any:
        safe_console_streams()
        return super().main(*args, **kwargs)

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
            ctx.exit(Exit.BAD_INPUT)
        except OutputError as exc:
            click.echo(f"error: {exc}; nothing was written there", err=True)
            ctx.exit(Exit.BAD_INPUT)
        except SchedulerUnreachable as exc:
            click.echo(f"error: --dask: {exc}; nothing was written", err=True)
            ctx.exit(Exit.BAD_INPUT)
        except BrokenPipeError:  # e.g. `ambassade-opt report ... | head`
            sys.stderr.close()
            ctx.exit(0)
        except Interrupted as exc:
            click.echo(str(exc), err=True)
            ctx.exit(Exit.INTERRUPTED)
        except KeyboardInterrupt:
            click.echo("\ninterrupted: nothing was written", err=True)
            ctx.exit(Exit.INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug: say so, keep the traceback, exit with its own code
            ctx.exit(report_crash(exc))


@click.group(cls=AppGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ambassade-opt")
def main() -> None:
    """Plan SMart's ambassador missions: who goes where, fairly, within budget."""


def input_path(ctx: click.Context | None, param: click.Parameter | None, value: str) -> Path:
    """Callback form of :class:`.outputs.InputPath` (kept for older commands; prefer the type,
    which also takes part in the input/output overlap check)."""
    check_input(value, param)
    return Path(value)


def write_output(path: str, text: str) -> None:
    """``-`` writes to standard output; anything else is written atomically (see :mod:`.outputs`)."""
    write_text_output(path, text)
