"""The cluster back end: chunks of runs sent to a Dask distributed scheduler.

Why Dask: it is an existing, widely deployed engine that already schedules, retries and moves
data between many machines; orgsim only needs `submit` and `as_completed`. It is an optional
extra (`pip install 'orgsim[cluster]'`); the workers need orgsim installed too.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from sim.analysis.backends import Backend, Chunk
from sim.analysis.errors import SweepError
from sim.analysis.evaluate import ChunkResult, Context, run_chunk
from sim.safefile import quote

ADDRESS = re.compile(r"^(tcp|tls)://[^/\s]+:\d+$")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise SweepError("--scheduler needs Dask distributed: install the cluster extra with "
                         "pip install 'orgsim[cluster]'") from None
    return distributed


class DaskBackend(Backend):
    """`--scheduler tcp://HOST:PORT` (an existing cluster) or `--scheduler local`."""

    def __init__(self, scheduler: str, jobs: int, connect_timeout: float) -> None:
        distributed = _distributed()
        self.distributed = distributed
        self.cluster = None
        if scheduler == "local":
            self.cluster = distributed.LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
            self.client = distributed.Client(self.cluster, set_as_default=False)
        else:
            if not ADDRESS.match(scheduler):
                raise SweepError(f"--scheduler: expected tcp://HOST:PORT or 'local', "
                                 f"got {quote(scheduler)}")
            self.client = self._connect(scheduler, connect_timeout)
        try:
            self.client.wait_for_workers(1, timeout=connect_timeout)
        except TimeoutError:
            self.close()
            raise SweepError(f"the Dask scheduler at {scheduler} has no workers (waited "
                             f"{connect_timeout:g} s); start some with: dask worker "
                             f"{scheduler}") from None
        self.slots = max(1, sum(self.client.nthreads().values()))

    def _connect(self, address: str, timeout: float) -> Any:
        quiet = logging.getLogger("distributed")
        level = quiet.level
        quiet.setLevel(logging.CRITICAL)  # its retry warnings would bury our one sentence
        try:
            return self.distributed.Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError):
            raise SweepError(f"cannot reach the Dask scheduler at {address} (waited "
                             f"{timeout:g} s); is it running, and is the address right?"
                             ) from None
        finally:
            quiet.setLevel(level)

    def run(self, chunks: Iterable[Chunk], ctx: Context) -> Iterator[ChunkResult]:
        client = self.client
        shared = client.scatter(ctx, broadcast=True)
        source = iter(chunks)
        running = self.distributed.as_completed(loop=client.loop, with_results=True)
        for chunk in source:
            running.add(client.submit(run_chunk, chunk, shared, pure=False))
            if running.count() >= 2 * self.slots:
                break
        for future, result in running:
            future.release()
            chunk = next(source, None)
            if chunk is not None:
                running.add(client.submit(run_chunk, chunk, shared, pure=False))
            yield result

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
