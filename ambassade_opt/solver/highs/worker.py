"""HiGHS MIPs in a child process that can be killed: the time limit stays a promise even when HiGHS
does not keep its own.

HiGHS's MIP heuristics that solve sub-MIPs of their own (root reduced cost, RINS, RENS) can stay in
a nested presolve far past any time limit (HiGHS issues #2226 and #3074), and a thread inside this
process cannot be stopped. In a child process they stay on: a call not answered by its deadline is
abandoned, the child killed and a new one started for the next call; the caller goes on from its
current solution. The child is a fresh interpreter (``subprocess``, never ``fork``: the parent
holds OR-Tools and HiGHS thread pools; not ``multiprocessing``'s spawn, which re-runs the caller's
``__main__``) that loads :mod:`.run` by its path. One worker (:func:`shared_worker`) serves every
call of the process and is closed at exit; if no child can start, :class:`WorkerUnavailable`
tells the caller to solve in-process. An abandoned call is the one event that makes a seeded
one-worker run depend on the clock.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import math
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import IO, Any, Protocol

import numpy as np

from ..params import WorkerParams
from .run import MATRIX_FIELDS, receive, send

log = logging.getLogger(__name__)
RUN_MODULE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run.py")


class WorkerUnavailable(RuntimeError):
    """The child process cannot be started (or is busy with another thread): solve in-process."""


@dataclass
class ProgramResult:
    """One HiGHS run: its status text, objective value and dual bound (in the program's maximised
    sense), seconds, solution (column values) and simplex iterations (a deterministic measure of
    the work done, unlike seconds)."""

    status: str
    value: float | None
    bound: float | None
    seconds: float
    solution: np.ndarray | None
    simplex_iterations: int = 0


class MatrixHolder(Protocol):
    n_cols: int
    cost: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    csc_start: np.ndarray
    csc_index: np.ndarray
    csc_value: np.ndarray


class _Child:
    """One child process and the thread that reads its answers into a queue."""

    def __init__(self, cached: int) -> None:
        paths = [p for p in sys.path if p]
        here = RUN_MODULE
        bootstrap = (
            "import sys, importlib.util as u\n"
            f"sys.path[:] = {paths!r}\n"
            f"spec = u.spec_from_file_location('_ambassade_opt_highs_worker', {here!r})\n"
            "module = u.module_from_spec(spec)\n"
            "sys.modules[spec.name] = module\n"
            "spec.loader.exec_module(module)\n"
            f"module.serve_stdio({int(cached)})\n"
        )
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-c", bootstrap],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.answers: queue.Queue[Any] = queue.Queue()
        self.ready = False
        self.loaded: set[int] = set()  # tokens of the programs the child holds
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        try:
            while True:
                message = receive(stream)
                self.answers.put(message)
                if message is None:
                    return
        except Exception:  # a broken stream is the end of this child
            self.answers.put(None)

    def send(self, message: object) -> bool:
        try:
            assert self.process.stdin is not None
            send(self.process.stdin, message)
            return True
        except (OSError, ValueError):
            return False

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def close(self, wait: float = 1.0) -> None:
        if self.process.poll() is None and self.send(("exit",)):
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=wait)
        self.kill()


class ProgramHandle:
    """A program registered with a worker: its matrix goes to the child once, under ``token``."""

    _tokens = itertools.count(1)

    def __init__(self, program: MatrixHolder) -> None:
        self.token = next(ProgramHandle._tokens)
        self.program = program
        self.matrix: dict[str, Any] = {name: getattr(program, name) for name in MATRIX_FIELDS}


class HighsWorker:
    """HiGHS runs in a child process, each with a hard deadline (see the module's docstring)."""

    def __init__(self, params: WorkerParams | None = None) -> None:
        self.params = params or WorkerParams()
        self._child: _Child | None = None
        self._lock = threading.Lock()
        self._calls = itertools.count(1)
        self._failures = 0
        self.unavailable_reason: str | None = None
        self.abandoned_calls = 0  # calls that missed their deadline (child killed)
        self.restarts = 0

    @property
    def available(self) -> bool:
        return self.unavailable_reason is None

    @property
    def pid(self) -> int | None:
        return None if self._child is None else self._child.process.pid

    def start(self) -> None:
        """Start the child in the background if none runs (the caller goes on while it imports)."""
        if not self.available or (self._child is not None and self._child.process.poll() is None):
            return
        try:
            self._child = _Child(self.params.cached_programs)
        except OSError as exc:
            self._give_up(f"cannot start a child process: {exc}")

    def _give_up(self, reason: str) -> None:
        log.warning("HiGHS worker unavailable (%s): MIPs run in-process without nested heuristics", reason)
        self.unavailable_reason = reason
        if self._child is not None:
            self._child.kill()
            self._child = None

    def _lost(self, why: str) -> None:
        """The child died or missed a deadline: kill it, start the next one in the background."""
        assert self._child is not None
        self._child.kill()
        self._child = None
        self._failures += 1
        if self._failures >= self.params.max_failures:
            self._give_up(f"{why} {self._failures} times in a row")
            return
        self.restarts += 1
        self.start()

    def _wait_ready(self, child: _Child, deadline: float) -> bool | None:
        """True when the child has started; False if it cannot start (worker given up); None if it
        is still starting at the deadline."""
        while not child.ready:
            timeout = min(deadline, child.started + self.params.startup_seconds) - time.perf_counter()
            try:
                message = child.answers.get(timeout=max(timeout, 0.0))
            except queue.Empty:
                if time.perf_counter() >= child.started + self.params.startup_seconds:
                    self._give_up(f"no answer {self.params.startup_seconds:.0f} s after start")
                    return False
                return None
            if message is None or message[0] != "ready":
                self._give_up("the child stopped while starting" if message is None else str(message[1]))
                return False
            child.ready = True
        return True

    def solve(
        self,
        handle: ProgramHandle,
        col_lower: np.ndarray,
        col_upper: np.ndarray,
        *,
        time_limit: float,
        deadline: float | None = None,
        threads: int | None = 1,
        seed: int = 0,
        start: np.ndarray | None = None,
        node_limit: int | None = None,
        stop: threading.Event | None = None,
    ) -> ProgramResult | None:
        """The MIP of ``handle``'s program with these column bounds, with every HiGHS heuristic.

        None when the call was abandoned: no answer by ``deadline`` (a ``time.perf_counter()``
        reading; default: :meth:`deadline` of the time limit), the child died, or ``stop`` was set
        (Ctrl-C). Raises
        :class:`WorkerUnavailable` when no child can run (solve in-process instead)."""
        if deadline is None:
            deadline = self.deadline(time_limit)
        if not self._lock.acquire(blocking=False):
            raise WorkerUnavailable("the worker is busy with another thread")
        try:
            child = self._ready_child(deadline)
            if child is None:
                return None
            call_id = next(self._calls)
            call = {
                "col_lower": np.asarray(col_lower, dtype=np.float64),
                "col_upper": np.asarray(col_upper, dtype=np.float64),
                "integer": True,
                "time_limit": time_limit,
                "threads": threads,
                "seed": seed,
                "start": start,
                "node_limit": node_limit,
            }
            matrix = None if handle.token in child.loaded else handle.matrix
            if not child.send(("solve", call_id, handle.token, matrix, call)):
                self._lost("the child's input closed")
                return None
            child.loaded.add(handle.token)
            return self._answer(child, call_id, deadline, time_limit, stop)
        finally:
            self._lock.release()

    def _ready_child(self, deadline: float) -> _Child | None:
        """The running child, started if need be and ready for a call; None when it is still
        starting at ``deadline`` (the call is lost, counted as abandoned; the child is kept).
        :class:`WorkerUnavailable` when no child can run. Called with the lock held."""
        self.start()
        child = self._child
        if child is None:
            raise WorkerUnavailable(self.unavailable_reason or "no child process")
        ready = self._wait_ready(child, deadline)
        if ready is False:
            raise WorkerUnavailable(self.unavailable_reason or "no child process")
        if ready is None:
            self.abandoned_calls += 1
            return None  # still importing: this call is lost, the child is kept
        return child

    def _answer(
        self, child: _Child, call_id: int, deadline: float, time_limit: float, stop: threading.Event | None
    ) -> ProgramResult | None:
        """The child's answer to call ``call_id``; None when the call is abandoned (no answer by
        ``deadline``, ``stop`` set: the child is killed and the next one started) or the child
        stopped or failed. ``stop`` is polled every 0.1 s. Called with the lock held."""
        while True:
            try:
                left = deadline - time.perf_counter()
                wait = 0.1 if stop is not None else (None if math.isinf(left) else max(left, 0.0))
                message = child.answers.get(timeout=wait if wait is None else min(wait, max(left, 0.0)))
            except queue.Empty:
                interrupted = stop is not None and stop.is_set()
                if time.perf_counter() < deadline and not interrupted:
                    continue
                self.abandoned_calls += 1
                log.info(
                    "a HiGHS call was abandoned (%s, limit %.1f s): new child",
                    "interrupted" if interrupted else "missed its deadline",
                    time_limit,
                )
                self._lost("interrupted" if interrupted else "missed a deadline")
                return None
            if message is None:
                self._lost("the child stopped")
                return None
            if message[1] != call_id:
                continue  # an answer to an earlier, abandoned call (never expected: it was killed)
            self._failures = 0
            if message[0] == "error":
                log.warning("HiGHS failed in the worker: %s", message[2])
                return None
            return ProgramResult(**message[2])

    def deadline(self, time_limit: float, end: float = math.inf) -> float:
        """:func:`hard_deadline` with this worker's grace."""
        return hard_deadline(time_limit, end, self.params)

    def close(self) -> None:
        with self._lock:
            if self._child is not None:
                self._child.close()
                self._child = None

    def __enter__(self) -> HighsWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_workers: dict[int, HighsWorker] = {}
_shared_lock = threading.Lock()


def shared_worker() -> HighsWorker:
    """This thread's worker, created on first use and closed at exit: one child per thread that
    solves, so that solves in parallel threads (a Dask worker's) never fall back on in-process
    HiGHS because another thread holds the child — which would make their plans depend on timing."""
    key = threading.get_ident()
    with _shared_lock:
        worker = _workers.get(key)
        if worker is None:
            worker = _workers[key] = HighsWorker()
            atexit.register(worker.close)
        return worker


def hard_deadline(time_limit: float, end: float = math.inf, params: WorkerParams | None = None) -> float:
    """When to give up a call of ``time_limit`` seconds started now: its limit plus the grace, and
    never later than ``end`` (the caller's own time limit) plus the grace seconds
    (``time.perf_counter()`` readings)."""
    p = params or WorkerParams()
    now = time.perf_counter()
    return min(now + time_limit * (1.0 + p.grace_share), end) + p.grace_seconds
