"""Ctrl-C during a solve: stop the search, keep the best plan found so far, exit 130.

The solver cannot see a signal itself: Python runs signal handlers in the main thread only, and
only between bytecodes, while a CP-SAT or HiGHS solve sits in C++ for many seconds. So a long
computation runs in a worker thread (:func:`run_in_thread`) while the main thread waits in short
slices, and :func:`ctrl_c_stops` installs a SIGINT handler for that time:

* first Ctrl-C: sets the ``threading.Event`` given to the solver (``SolveOptions.stop``); the
  solve returns as soon as it can with the best plan found so far, which the command writes
  before exiting 130 (:class:`Interrupted`);
* second Ctrl-C (or the first, when the solver has no ``stop``): aborts at once — exit 130 and
  nothing written.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

import click

from .exits import Exit

T = TypeVar("T")


def solver_can_stop() -> bool:
    """Whether :class:`~ambassade_opt.solver.SolveOptions` takes a ``stop`` event."""
    from ..solver import SolveOptions

    return "stop" in SolveOptions.model_fields


def stop_option(stop: threading.Event) -> dict[str, Any]:
    """``{"stop": stop}`` for ``SolveOptions(...)`` when the solver supports it, else ``{}``."""
    return {"stop": stop} if solver_can_stop() else {}


class Interrupted(Exception):
    """The command was stopped by Ctrl-C after writing what it had (exit 130)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


@contextmanager
def ctrl_c_stops(graceful: bool | None = None) -> Iterator[threading.Event]:
    """Within the block, Ctrl-C sets the yielded event (``graceful``) or aborts.

    ``graceful`` defaults to :func:`solver_can_stop`. Outside the main thread (where signals cannot
    be handled) the event is yielded unchanged and Ctrl-C keeps its usual effect.
    """
    stop = threading.Event()
    if graceful is None:
        graceful = solver_can_stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum: int, frame: object) -> None:
        if stop.is_set() or not graceful:
            # The abort is under way: one more Ctrl-C must not interrupt it half-way.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            raise KeyboardInterrupt
        stop.set()
        click.echo("\nstopping: the best plan found so far will be written "
                   "(Ctrl-C again to abort without writing)", err=True)

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def run_in_thread(work: Callable[[], T], *, name: str = "ambassade-opt-work") -> T:
    """Run ``work`` in a worker thread while the main thread stays free to take signals.

    Returns what ``work`` returns and raises what it raises. If the main thread is interrupted
    (:class:`KeyboardInterrupt`) while ``work`` is still running, the process ends at once with
    exit code 130: the solver's native threads cannot be stopped from here, and nothing has been
    written yet.

    The main thread waits on an event that the worker sets when ``work`` ends, not on
    ``Thread.join``: a join interrupted by a signal handler may mark a running thread as stopped
    (CPython's bpo-45274 handling in 3.11), after which ``is_alive()`` wrongly says the work ended.
    """
    box: dict[str, Any] = {}
    ended = threading.Event()

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:
            box["error"] = exc
        finally:
            ended.set()

    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    try:
        while not ended.wait(0.1):
            pass
    except KeyboardInterrupt:
        if not ended.is_set():
            abort_now()
        raise
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def abort_now() -> None:
    """End the process with exit 130 after one line on stderr (buffers flushed, nothing written)."""
    click.echo("\ninterrupted: nothing was written", err=True)
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):
            stream.flush()
    os._exit(Exit.INTERRUPTED)
