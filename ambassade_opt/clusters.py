"""Dask clusters for the work that outgrows one process: a client from what the caller gives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import Client


class SchedulerUnreachable(Exception):
    """The Dask scheduler address given is not an address, or no scheduler answers there (bad
    input: the command line exits 2)."""

    def __init__(self, address: str, reason: str) -> None:
        self.address, self.reason = address, reason
        super().__init__(f"{address!r}: cannot connect to a Dask scheduler: {reason}")


@contextmanager
def dask_client(
    scheduler: Client | str | None = None,
    *,
    n_workers: int = 1,
    threads_per_worker: int = 2,
    processes: bool = False,
) -> Iterator[Client]:
    """A Dask client: ``scheduler`` itself if it is a Client, a connection to that address if it
    is a string, else a private :class:`~distributed.LocalCluster` of ``n_workers`` workers
    (processes or threads of this process), closed on exit.

    The default local cluster is one in-process worker with two threads (CP-SAT releases the GIL
    while it searches). An address that is not one, or where no scheduler answers, raises
    :class:`SchedulerUnreachable`.
    """
    import distributed

    # distributed is only partly typed: its constructors are called through plain callables.
    make_client: Callable[..., Any] = distributed.Client
    make_cluster: Callable[..., Any] = distributed.LocalCluster
    if isinstance(scheduler, distributed.Client):
        yield scheduler
        return
    if isinstance(scheduler, str):
        try:
            client = make_client(scheduler)
        except (ValueError, OSError) as exc:  # not an address, nobody there, a time-out
            raise SchedulerUnreachable(scheduler, str(exc)) from None
        with client:
            yield client
        return
    with make_cluster(
        n_workers=n_workers,
        threads_per_worker=threads_per_worker,
        processes=processes,
        dashboard_address=None,
    ) as cluster, make_client(cluster) as client:
        yield client


__all__ = ["SchedulerUnreachable", "dask_client"]
