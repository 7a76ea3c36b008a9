"""Exit codes of ``ambassade-opt`` (DOMAIN.md section 10) and what happens on a crash.

| code | meaning |
|---|---|
| 0 | done |
| 1 | ``check`` found violations |
| 2 | bad input (a file, a field, an option, an output that cannot be written) |
| 3 | infeasible: no plan keeps every pin; the plan file is written with the conflicting pins |
| 70 | internal error (a bug): a one-line message says where the traceback was saved |
| 130 | interrupted (Ctrl-C): the best plan found so far is written when there is one |
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from enum import IntEnum

import click


class Exit(IntEnum):
    DONE = 0
    VIOLATIONS = 1
    BAD_INPUT = 2
    INFEASIBLE = 3
    CRASH = 70  # EX_SOFTWARE of sysexits.h: distinct from every answer above
    INTERRUPTED = 130  # 128 + SIGINT, as shells report it


# Set to 1 to print the traceback of an internal error instead of saving it to a file.
TRACEBACK_ENV = "AMBASSADE_OPT_TRACEBACK"


def report_crash(exc: BaseException) -> int:
    """Tell the user an internal error happened, keep the traceback, and return :attr:`Exit.CRASH`.

    The traceback goes to a new file in the temporary folder (or to stderr when
    ``AMBASSADE_OPT_TRACEBACK=1``); the message names the exception type and that file.
    """
    text = "".join(traceback.format_exception(exc))
    headline = f"internal error (a bug in ambassade-opt, not a problem with your input): {type(exc).__name__}"
    if os.environ.get(TRACEBACK_ENV) == "1":
        click.echo(text, err=True, nl=False)
        click.echo(headline, err=True)
        return Exit.CRASH
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        fd, name = tempfile.mkstemp(prefix=f"ambassade-opt-crash-{stamp}-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(f"ambassade-opt {' '.join(sys.argv[1:])}\n\n{text}")
    except OSError:
        click.echo(text, err=True, nl=False)
        click.echo(headline, err=True)
        return Exit.CRASH
    click.echo(f"{headline}.\nThe traceback is saved in {name}; please send it with the command you ran "
               f"(or set {TRACEBACK_ENV}=1 to print it).", err=True)
    return Exit.CRASH
