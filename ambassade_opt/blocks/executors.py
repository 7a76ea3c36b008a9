"""Where the blocks of a sweep are solved: in this process, in a pool of local processes, or on a
Dask cluster. Each returns the outcomes in the order of the tasks, so that the merge — and with it
the plan — does not depend on where or in what order the blocks ran. A block is started only
while ``until`` (a ``time.perf_counter()`` reading) has not passed and ``stop`` is not set; one not
started has no outcome (None)."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import TYPE_CHECKING, Any, Protocol

from .run import BlockOutcome, BlockSettings, solve_block
from .task import BlockTask

if TYPE_CHECKING:
    from distributed import Client


class Executor(Protocol):
    name: str

    @property
    def workers(self) -> int:
        """How many blocks run at once."""
        ...

    def run(self, tasks: Sequence[tuple[BlockTask, int]], settings: BlockSettings, until: float | None = None,
            stop: threading.Event | None = None) -> list[BlockOutcome | None]:
        """Solve each (task, seed); the outcomes in the tasks' order (see the module docstring)."""
        ...

    def close(self) -> None: ...


class InProcess:
    """One block after the other, here."""

    name = "in-process"
    workers = 1

    def run(self, tasks: Sequence[tuple[BlockTask, int]], settings: BlockSettings, until: float | None = None,
            stop: threading.Event | None = None) -> list[BlockOutcome | None]:
        out: list[BlockOutcome | None] = []
        for task, seed in tasks:
            out.append(solve_block(task, seed, settings) if _may_start(until, stop) else None)
        return out

    def close(self) -> None:
        return None


class LocalProcesses:
    """``workers`` processes of this machine (started once, spawned: no state is inherited)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.name = f"{workers} local processes"
        self._pool: ProcessPoolExecutor | None = None

    def run(self, tasks: Sequence[tuple[BlockTask, int]], settings: BlockSettings, until: float | None = None,
            stop: threading.Event | None = None) -> list[BlockOutcome | None]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        pool = self._pool
        return _in_flight(tasks, self.workers,
                          lambda task, seed: pool.submit(solve_block, task, seed, settings),
                          lambda running: wait(running, return_when=FIRST_COMPLETED), until, stop)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class OnDask:
    """The workers of a Dask cluster (the caller's client)."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.name = f"Dask ({_describe(client)})"

    @property
    def workers(self) -> int:
        try:
            info = self.client.scheduler_info()
            return max(1, int(sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())))
        except Exception:  # the scheduler is out of reach: count one
            return 1

    def run(self, tasks: Sequence[tuple[BlockTask, int]], settings: BlockSettings, until: float | None = None,
            stop: threading.Event | None = None) -> list[BlockOutcome | None]:
        import distributed

        client: Any = self.client
        first_done: Callable[..., Any] = distributed.wait  # distributed is only partly typed
        return _in_flight(tasks, self.workers,
                          lambda task, seed: client.submit(solve_block, task, seed, settings, pure=False),
                          lambda running: first_done(running, return_when="FIRST_COMPLETED"), until, stop)

    def close(self) -> None:
        return None


def _may_start(until: float | None, stop: threading.Event | None) -> bool:
    return (until is None or time.perf_counter() < until) and (stop is None or not stop.is_set())


def _in_flight(tasks: Sequence[tuple[BlockTask, int]], workers: int,
               submit: Callable[[BlockTask, int], Any], wait_one: Callable[[list[Any]], Any],
               until: float | None, stop: threading.Event | None) -> list[BlockOutcome | None]:
    """At most ``workers`` blocks at a time, each started while :func:`_may_start` allows; the
    outcomes in the tasks' order."""
    futures: list[Any] = []
    for task, seed in tasks:
        running = [f for f in futures if f is not None and not f.done()]
        if len(running) >= workers:
            wait_one(running)
        futures.append(submit(task, seed) if _may_start(until, stop) else None)
    return [None if f is None else f.result() for f in futures]


def _describe(client: Any) -> str:
    try:
        return f"{len(client.scheduler_info().get('workers', {}))} workers"
    except Exception:  # an address the client no longer reaches: just say Dask
        return "scheduler"
