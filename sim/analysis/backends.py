"""Where chunks of runs execute: in this process, in local worker processes, or on a cluster.

Why one interface: the sweep hands chunks to a back end and takes results back in whatever order
they finish; it never knows which back end it talks to (the EMA Workbench's evaluator idea), and
since a run depends only on its own parameters, every back end gives the same numbers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from sim.analysis.errors import SweepError
from sim.analysis.evaluate import ChunkResult, Context, run_chunk
from sim.analysis.grid import RunSpec

Chunk = list[RunSpec]


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Backend(ABC):
    """Runs chunks and yields their results as they finish, keeping few chunks in flight."""

    #: How many chunks can run at once (used to size chunks).
    slots: int = 1

    @abstractmethod
    def run(self, chunks: Iterable[Chunk], ctx: Context) -> Iterator[ChunkResult]:
        """Results of all chunks, in order of completion."""

    def close(self) -> None:  # noqa: B027 - an optional hook, not abstract
        """Stop any processes or connections this back end started."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InlineBackend(Backend):
    """`--jobs 1`: run in this process (no start-up cost, easiest to debug)."""

    def run(self, chunks: Iterable[Chunk], ctx: Context) -> Iterator[ChunkResult]:
        for chunk in chunks:
            yield run_chunk(chunk, ctx)


def start_method() -> str:
    """How to start worker processes: on Linux, fork while this process has a single thread
    (instant, the model already imported), else a fork server (forking a threaded process can
    deadlock; macOS system libraries are not fork-safe), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class PoolBackend(Backend):
    """`--jobs N`: N worker processes, all started now, before any thread of ours exists."""

    def __init__(self, jobs: int) -> None:
        self.slots = jobs
        context = multiprocessing.get_context(start_method())
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload(["sim.analysis.evaluate"])
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
        self.pool.submit(int)           # starts every worker process at once

    def run(self, chunks: Iterable[Chunk], ctx: Context) -> Iterator[ChunkResult]:
        pending: set[Future[ChunkResult]] = set()
        source = iter(chunks)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * self.slots:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                else:
                    pending.add(self.pool.submit(run_chunk, chunk, ctx))
            if not pending:
                return
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def open_backend(jobs: int, scheduler: str | None = None,
                 connect_timeout: float = 10.0) -> Backend:
    """The back end for `--jobs` and `--scheduler` (checked and connected now)."""
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise SweepError(f"--jobs must be a whole number of 1 or more, got {jobs!r}")
    if scheduler is not None:
        from sim.analysis.cluster import DaskBackend

        return DaskBackend(scheduler, jobs, connect_timeout)
    return InlineBackend() if jobs == 1 else PoolBackend(jobs)
