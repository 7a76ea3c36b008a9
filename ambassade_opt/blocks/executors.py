"""Where the blocks of a sweep are solved: in this process, in a pool of local processes, or on a
Dask cluster. Each returns the outcomes in the order of the tasks, so that the merge — and with it
the plan — does not depend on where or in what order the blocks ran."""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
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

    def run(self, tasks: Sequence[tuple[BlockTask, int]], settings: BlockSettings) -> list[BlockOutcome]:
        """Solve each (task, seed); the outcomes in the tasks' order."""
        ...

    def close(self) -> None: ...


class InProcess:
    """One block after the other, here."""

    name = "in-process"
    workers = 1

    def run(self, tasks: Sequence[tuple[BlockTask, int]], settings: BlockSettings) -> list[BlockOutcome]:
        return [solve_block(task, seed, settings) for task, seed in tasks]

    def close(self) -> None:
        return None


class LocalProcesses:
    """``workers`` processes of this machine (started once, spawned: no state is inherited)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.name = f"{workers} local processes"
        self._pool: ProcessPoolExecutor | None = None

    def run(self, tasks: Sequence[tuple[BlockTask, int]], settings: BlockSettings) -> list[BlockOutcome]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        futures: list[Future[BlockOutcome]] = [
            self._pool.submit(solve_block, task, seed, settings) for task, seed in tasks]
        return [f.result() for f in futures]

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

    def run(self, tasks: Sequence[tuple[BlockTask, int]], settings: BlockSettings) -> list[BlockOutcome]:
        futures = [self.client.submit(solve_block, task, seed, settings, pure=False) for task, seed in tasks]
        out: list[BlockOutcome] = self.client.gather(futures)  # type: ignore[no-untyped-call]
        return out

    def close(self) -> None:
        return None


def _describe(client: Any) -> str:
    try:
        return f"{len(client.scheduler_info().get('workers', {}))} workers"
    except Exception:  # an address the client no longer reaches: just say Dask
        return "scheduler"
