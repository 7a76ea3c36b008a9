"""Dask clusters for the work that outgrows one process: a client from what the caller gives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import Client


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
    while it searches).
    """
    import distributed

    # distributed is only partly typed: its constructors are called through plain callables.
    make_client: Callable[..., Any] = distributed.Client
    make_cluster: Callable[..., Any] = distributed.LocalCluster
    if isinstance(scheduler, distributed.Client):
        yield scheduler
        return
    if isinstance(scheduler, str):
        with make_client(scheduler) as client:
            yield client
        return
    with make_cluster(
        n_workers=n_workers,
        threads_per_worker=threads_per_worker,
        processes=processes,
        dashboard_address=None,
    ) as cluster, make_client(cluster) as client:
        yield client


__all__ = ["dask_client"]
