"""What a command is doing, on standard error: a live table on a terminal, plain lines otherwise.

One :class:`ProgressDisplay` per command run. It takes two kinds of news:

* :meth:`ProgressDisplay.step` — a generic step ("reading year.json", "writing plan.json");
* :meth:`ProgressDisplay.solver` — the solver's :class:`~ambassade_opt.solver.ProgressEvent`
  (pass it as ``SolveOptions(progress=display.solver)``); events may come from solver threads.

On a terminal the solver's stages are a live table (rich, started with the first solver event) and
steps are printed above it. Without a terminal (a pipe, a log file, CI) every step and every stage
change is one line
``[  12.3 s] coverage: improving: value 297.0, bound 300.0``; improvements of one stage are printed
at most every ``plain_interval`` seconds (default 2), so a log stays short, and nothing is
printed before the command has run ``plain_delay`` seconds (default 1; the lines held
until then come out at that moment), so a quick command — or one refused at once for bad input —
prints only its answer. ``quiet`` prints nothing at all.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING

import click

from .console import is_unicode

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.live import Live

    from ..solver import ProgressEvent

STATES = {"build": "built", "greedy": "constructive plan", "bound": "LP bound", "start": "solving",
          "solution": "improving", "done": "done"}


def stderr_console() -> Console:
    """A rich console on standard error that never fails on a character the encoding lacks."""
    from rich.console import Console

    console = Console(stderr=True, highlight=False, safe_box=True)
    return console


class ProgressDisplay:
    """Progress of one command on stderr (see the module docstring); a context manager."""

    def __init__(self, title: str, *, quiet: bool = False, live: bool | None = None,
                 plain_delay: float = 1.0, plain_interval: float = 2.0) -> None:
        if not (plain_delay >= 0 and plain_interval >= 0):
            raise ValueError("plain_delay and plain_interval are seconds >= 0")
        self.title, self.quiet = title, quiet
        self.plain_delay, self.plain_interval = plain_delay, plain_interval
        self._console: Console | None = None if quiet else stderr_console()
        terminal = self._console is not None and self._console.is_terminal
        self._use_live = (live if live is not None else terminal) and not quiet
        self._live: Live | None = None
        self._rows: dict[str, dict[str, str]] = {}
        self._last_line: dict[str, float] = {}
        self._lock = threading.Lock()
        self._t0 = time.monotonic()
        self._held: list[str] | None = []  # lines that wait for the delay
        self._timer: threading.Timer | None = None

    # -- context ---------------------------------------------------------------------------
    def __enter__(self) -> ProgressDisplay:
        if not self.quiet:
            self._timer = threading.Timer(self.plain_delay, self._release)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._live is not None:
            with self._lock:
                self._live.update(self._render(), refresh=True)
            self._live.__exit__(kind, exc, tb)
            self._live = None

    # -- news ------------------------------------------------------------------------------
    def step(self, message: str) -> None:
        """Say what the command is doing now (one line)."""
        if self.quiet:
            return
        with self._lock:
            line = f"[{self.elapsed():7.1f} s] {message}"
            if self._live is not None:
                self._live.console.print(line, markup=False, highlight=False)
            else:
                self._plain(line)

    def solver(self, event: ProgressEvent) -> None:
        """Take one solver event: the ``progress`` callback of ``SolveOptions``."""
        if self.quiet:
            return
        with self._lock:
            row = self._rows.setdefault(event.stage, {})
            if event.value is not None:
                row["value"] = f"{event.value:,.1f}"
            if event.bound is not None:
                row["bound"] = f"{event.bound:,.1f}"
            row["seconds"] = f"{event.seconds:.1f}"
            row["state"] = STATES.get(event.kind, event.kind)
            if event.message:
                row["note"] = event.message
            if self._use_live and self._live is None:
                self._start_live()
            if self._live is not None:
                self._live.update(self._render())
            elif self._plain_due(event):
                self._plain(self._plain_line(event.stage, row))

    def elapsed(self) -> float:
        return time.monotonic() - self._t0

    def print(self, text: str) -> None:
        """A line of output for people (a summary), on stderr, unless quiet."""
        if self.quiet:
            return
        with self._lock:
            console = self._live.console if self._live is not None else None
            if console is not None:
                console.print(text, markup=False, highlight=False)
            else:
                self._held = None  # the answer is there: progress held back is no longer news
                click.echo(text, err=True)

    def _start_live(self) -> None:
        from rich.live import Live

        assert self._console is not None
        self._flush_held()
        self._live = Live(self._render(), console=self._console, refresh_per_second=4, transient=False)
        self._live.__enter__()

    # -- plain lines -----------------------------------------------------------------------
    def _plain(self, line: str) -> None:
        """Print ``line`` (the lock is held), or hold it while the command is young."""
        if self._held is not None and self.elapsed() < self.plain_delay:
            self._held.append(line)
            return
        self._flush_held()
        click.echo(line, err=True)

    def _flush_held(self) -> None:
        held, self._held = self._held, None
        for line in held or []:
            click.echo(line, err=True)

    def _release(self) -> None:
        """The delay is over: print what was held (runs on the timer's thread)."""
        with self._lock:
            self._flush_held()

    # -- rendering -------------------------------------------------------------------------
    def _plain_due(self, event: ProgressEvent) -> bool:
        if event.kind != "solution":
            return True
        now = time.monotonic()
        if now - self._last_line.get(event.stage, -1e9) < self.plain_interval:
            return False
        self._last_line[event.stage] = now
        return True

    def _plain_line(self, stage: str, row: dict[str, str]) -> str:
        figures = ", ".join(f"{key} {row[key]}" for key in ("value", "bound") if key in row)
        note = f" ({row['note']})" if row.get("note") else ""
        return f"[{self.elapsed():7.1f} s] {stage}: {row['state']}{': ' + figures if figures else ''}{note}"

    def _render(self) -> RenderableType:
        from rich import box
        from rich.table import Table

        assert self._console is not None
        lines = box.SIMPLE_HEAD if is_unicode(self._console.encoding) else box.ASCII
        table = Table(title=self.title, box=lines)
        for col in ("stage", "state", "value", "bound", "seconds", "note"):
            table.add_column(col, justify="right" if col in ("value", "bound", "seconds") else "left")
        for name, r in self._rows.items():
            table.add_row(name, r.get("state", ""), r.get("value", ""), r.get("bound", ""),
                          r.get("seconds", ""), r.get("note", ""))
        return table
