"""Where chunks of runs execute: in this process, in local worker processes, or on a cluster.

Why one interface: the sweep hands chunks to a back end and takes results back in whatever order
they finish; it never knows which back end it talks to (the EMA Workbench's evaluator idea), and
since a run depends only on its own parameters, every back end gives the same numbers.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from sim.analysis.errors import SweepError
from sim.analysis.evaluate import ChunkResult, Context, run_chunk
from sim.analysis.grid import RunSpec
from sim.safefile import quote

Chunk = list[RunSpec]


class Backend(ABC):
    """Runs chunks and yields their results as they finish, keeping few chunks in flight."""

    #: How many chunks can run at once (used to size chunks).
    slots: int = 1

    @abstractmethod
    def run(self, chunks: Iterable[Chunk], ctx: Context) -> Iterator[ChunkResult]:
        """Results of all chunks, in order of completion."""

    def close(self) -> None:  # noqa: B027 - an optional hook, not abstract
        """Stop any processes or connections this back end started."""

    def abort(self) -> None:
        """Stop at once, dropping work in flight (after an error, Ctrl-C or SIGTERM)."""
        self.close()

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


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


def warm_context() -> multiprocessing.context.BaseContext:
    """A context whose worker processes start with the model imported and its compiled week
    loaded: forked from this process once it has them, or from a fork server that preloads
    them; spawned workers load them themselves."""
    context = multiprocessing.get_context(start_method())
    method = context.get_start_method()
    if method == "fork":
        import sim.analysis.warmed  # noqa: F401  (loads the kernels here, for every child)
    elif method == "forkserver":
        context.set_forkserver_preload(["sim.analysis.evaluate", "sim.analysis.warmed"])
    return context


#: How often a worker checks that the sweep's process is still there (where prctl is missing).
WATCH_SECONDS = 1.0
#: More worker processes than this is a typo, not a plan (each holds the model in memory).
MAX_JOBS = 256
_PR_SET_PDEATHSIG = 1


def _ask_kernel_to_kill_orphans() -> None:
    """Linux: have the kernel SIGKILL this process when the process that started it dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):   # no libc or no prctl: the watchdog still works
        pass


def _running(pid: int) -> bool:
    """True while process `pid` runs (a zombie, dead but not yet reaped, does not count)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except OSError:                       # no /proc (not Linux), or the process is gone
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _orphaned(sweep: int, parent: int) -> bool:
    return os.getppid() != parent or not _running(sweep)


def _watch(sweep: int, parent: int) -> None:
    """End this worker soon after the sweep's process ends (checked every WATCH_SECONDS)."""
    while not _orphaned(sweep, parent):
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def die_with_parent(sweep: int) -> None:
    """Worker initializer: the worker ends when the sweep's process ends, whatever the signal
    (SIGKILL cannot be caught, so the sweep cannot clean up; the worker must).

    Forked or spawned workers are children of the sweep: the kernel kills them at once
    (prctl PR_SET_PDEATHSIG on Linux). Workers of a fork server are its children, and the fork
    server lives as long as they do, so a watchdog thread checks the sweep's process itself;
    it is also the fallback where prctl is missing. SIGTERM gets its default action back: a
    forked worker inherits the command line's SIGTERM handler, which would keep it alive."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    if parent == sweep:
        _ask_kernel_to_kill_orphans()
    if _orphaned(sweep, parent):          # the sweep died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(sweep, parent), daemon=True,
                     name="orgsim-sweep-watch").start()


def warm_pool(jobs: int, initializer: Callable[..., object] | None = None,
              initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of `jobs` worker processes from `warm_context`, started now (forked ones all at
    once), with this process's objects out of their garbage collector's reach.

    Why frozen: a forked worker shares this process's memory until it writes to a page, and a
    collection writes to the header of every object it examines, so each worker's first
    collections copied the pages of every module it inherited: its first task of a sweep ran
    a third slower per run than its later ones. Objects frozen at the fork (`gc.freeze`, as
    Python's documentation advises before a fork) are never examined in the workers; this
    process unfreezes them once the workers run, so its own collections are as before."""
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=warm_context(),
                               initializer=initializer, initargs=initargs)
    gc.freeze()
    try:
        pool.submit(int)                # starts every worker process at once
    finally:
        gc.unfreeze()
    return pool


#: The signals whose handlers raise in the main thread (Ctrl-C; SIGTERM, see `sim.cli`).
HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends, then act as they would have (main thread
    only; elsewhere nothing changes).

    Why: a signal's handler raises wherever the main thread is, and inside a pool's own calls
    (`submit`, and `map` handing out its tasks) that can be just after a lock was taken and
    before the `with` that releases it begins (CPython bpo-29988). The lock then stays taken,
    the pool's thread waits on it for ever, and the process with it at exit: a SIGTERM-ed
    sweep hung so once in 160 on a loaded machine, its thread waiting on the queue of work
    ids in `flag_executor_shutting_down`."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    # A handler installed outside Python (getsignal gives None) could not be put back: left be.
    previous = {held: signal.signal(held, lambda signum, frame: caught.append(signum))
                for held in HELD_SIGNALS if signal.getsignal(held) is not None}
    try:
        yield
    finally:
        for held, handler in previous.items():
            signal.signal(held, handler)
        if caught:
            signal.raise_signal(caught[0])      # its own handler acts now, outside the pool


def map_in(pool: ProcessPoolExecutor, fn: Callable[[Any], Any], items: Iterable[Any],
           chunksize: int = 1) -> Iterator[Any]:
    """`pool.map(fn, items, chunksize=...)`, its tasks handed out with signals held
    (`signals_held`); the results in order, as they come."""
    with signals_held():
        return pool.map(fn, items, chunksize=chunksize)


class PoolBackend(Backend):
    """`--jobs N`: N worker processes, all started now, before any thread of ours exists."""

    def __init__(self, jobs: int) -> None:
        self.slots = jobs
        self.pool = warm_pool(jobs, die_with_parent, (os.getpid(),))

    def run(self, chunks: Iterable[Chunk], ctx: Context) -> Iterator[ChunkResult]:
        """Results as the chunks finish, each future handed over by its done-callback.

        Why not `concurrent.futures.wait`: it takes every pending future's lock in a plain
        loop, and Ctrl-C or SIGTERM (raised where the main thread is) could land between two
        of them and leave a lock taken; the pool's own thread would then block on it for
        ever, and the process with it at exit. A queue's `get` is left whole by an
        exception, and each chunk is submitted, its callback added, with signals held
        (`signals_held`)."""
        finished: queue.SimpleQueue[Future[ChunkResult]] = queue.SimpleQueue()
        pending = 0
        source = iter(chunks)
        exhausted = False
        while True:
            while not exhausted and pending < 2 * self.slots:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                else:
                    with signals_held():
                        self.pool.submit(run_chunk, chunk, ctx).add_done_callback(finished.put)
                    pending += 1
            if not pending:
                return
            future = finished.get()
            pending -= 1
            yield future.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """End the workers now instead of letting them finish their chunks."""
        # The executor's own list of processes (Python 3.14 adds terminate_workers()).
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        # A worker may die halfway through sending a result, and the pool's thread would wait
        # for the rest for ever (and this process with it, at exit): with this process's end
        # of the results pipe closed, the workers' deaths close the pipe, and the thread reads
        # the end of the pipe instead. No worker starts after this, so none needs that end.
        writer = getattr(getattr(self.pool, "_result_queue", None), "_writer", None)
        # The pool's thread, which `shutdown` forgets: see the end.
        manager = getattr(self.pool, "_executor_manager_thread", None)
        self.pool.shutdown(wait=False, cancel_futures=True)
        if writer is not None:
            writer.close()
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
        # Let the pool's thread finish closing its pipes now. Else, when this process exits
        # at once, Python's exit hook for pools (`_python_exit`, which does not take the pool's
        # lock) may write to the thread's wake-up pipe as the thread closes it: "Exception
        # ignored in: <module 'threading'>... Bad file descriptor" (1 run in 20 of a loaded
        # machine's SIGTERM-ed sweeps).
        if manager is not None:
            manager.join(5)


def open_backend(jobs: int, scheduler: str | None = None,
                 connect_timeout: float = 10.0) -> Backend:
    """The back end for `--jobs` and `--scheduler` (checked and connected now)."""
    if not isinstance(jobs, int) or isinstance(jobs, bool) or not 1 <= jobs <= MAX_JOBS:
        raise SweepError(f"--jobs must be a whole number from 1 to {MAX_JOBS}, got "
                         f"{quote(jobs)}")
    if scheduler is not None:
        from sim.analysis.cluster import DaskBackend

        return DaskBackend(scheduler, jobs, connect_timeout)
    return InlineBackend() if jobs == 1 else PoolBackend(jobs)
