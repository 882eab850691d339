"""`sim.sweep`: many runs of the model in parallel, streamed to disk as they finish.

Why this shape: the plan is checked first, then the output and the back end, and only then is
anything written; runs go out in chunks (so small runs are not drowned in process overhead) and
come back in any order, and whole runs are written in batches, so a sweep holds little in memory,
survives a crash with `resume=True`, and gives the same table with any number of processes.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.backends import Backend, InlineBackend, open_backend
from sim.analysis.errors import SweepError
from sim.analysis.evaluate import ChunkResult, Context
from sim.analysis.grid import Grid, RunSpec, resolve
from sim.analysis.output import check, discard, frame_or_empty, new_meta, prepare, write_meta
from sim.analysis.plan import Plan, load_plan, make_plan
from sim.analysis.progress import Progress
from sim.analysis.store import MemorySink, Sink, chunk_token, read_results, sort_columns
from sim.choices import default_jobs
from sim.errors import OrgsimError
from sim.outputs import refuse

MAX_CHUNK = 50            # runs per task at most (a task is the unit of lost work on a crash)
INLINE_CHUNK = 8          # runs per task in one process (its table and progress step)
SHARE_PER_SLOT = 3        # a task takes at most 1/(3 x processes) of the runs still to hand out
FLUSH_ROWS = 200_000      # write a batch once it holds this many rows (per-quarter + worker)


@dataclass
class SweepResult:
    """What a sweep did, and its tables (read back from disk, or kept in memory)."""

    path: Path | None
    workers_path: Path | None
    runs: int
    skipped: int
    ran: int
    seconds: float
    strategies: tuple[str, ...] = ()
    _rows: MemorySink | None = field(default=None, repr=False)
    _people: MemorySink | None = field(default=None, repr=False)

    @property
    def runs_per_second(self) -> float:
        return self.ran / self.seconds if self.seconds > 0 else 0.0

    def table(self) -> pd.DataFrame:
        """The per-quarter table of every run, one row per run and quarter, sorted."""
        frame = read_results(self.path) if self.path else self._rows.table()
        return frame.sort_values(sort_columns(frame), kind="stable").reset_index(drop=True)

    def workers(self) -> pd.DataFrame:
        """Per-worker, end-of-quarter records (if the sweep kept them), sorted."""
        if self.workers_path:
            return read_results(self.workers_path)
        if self._people is None:
            raise SweepError("this sweep kept no worker records (pass workers_out)")
        frame = self._people.table()
        return frame.sort_values(sort_columns(frame), kind="stable").reset_index(drop=True)


class _Batches:
    """Collects finished chunks and writes them as one batch: worker records first, then rows,
    so a run whose rows are on disk always has its worker records too. Before a new sweep's
    first batch, `before_first` writes its metadata, so whatever is on disk can be resumed."""

    def __init__(self, rows: Sink, people: Sink | None, flush_seconds: float,
                 before_first: Callable[[], None] | None = None) -> None:
        self.rows, self.people, self.flush_seconds = rows, people, flush_seconds
        self.before_first = before_first
        self.results: list[ChunkResult] = []
        self.size = 0
        self.last = time.monotonic()
        self.written = 0

    def add(self, result: ChunkResult) -> None:
        self.results.append(result)
        self.size += len(result.rows) + (len(result.workers) if result.workers is not None
                                         else 0)
        if self.size >= FLUSH_ROWS or time.monotonic() - self.last >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        self.last = time.monotonic()
        if not self.results:
            return
        ids = [i for r in self.results for i in r.run_ids]
        token = chunk_token(ids)
        if self.before_first is not None:
            self.before_first()
            self.before_first = None
        if self.people is not None:
            _write(self.people, frame_or_empty([r.workers for r in self.results],
                                               self.people.columns), token)
        _write(self.rows, frame_or_empty([r.rows for r in self.results], self.rows.columns),
               token)
        self.written += len(ids)
        self.results, self.size = [], 0


def _write(sink: Sink, frame: pd.DataFrame, token: str) -> None:
    """Append to a sink; a full disk or a vanished folder is one sentence naming the file."""
    try:
        sink.write(frame, token)
    except OSError as exc:
        raise refuse(sink.path or "results", "write the results", exc) from None


def _chunks(specs: Iterator[RunSpec], sizes: Iterator[int]) -> Iterator[list[RunSpec]]:
    while chunk := list(islice(specs, next(sizes))):
        yield chunk


def chunk_sizes(runs: int, slots: int, inline: bool) -> Iterator[int]:
    """Runs per task: `INLINE_CHUNK` at a time in-process (a table per run cost a fifth of a
    small run); else shrinking as the sweep nears its end.

    Why shrinking (guided self-scheduling): large early tasks spread a task's fixed costs over
    many runs, and single-run tasks at the end leave no process idle while another finishes
    a long last task (with equal tasks of 13 runs, one of 2 processes sat idle 0.3-0.4 s at
    the end of 200 runs; now under 0.1 s). Never ends, so runs the count missed still get
    tasks."""
    left = runs
    while True:
        size = INLINE_CHUNK if inline else math.ceil(left / (slots * SHARE_PER_SLOT))
        size = max(1, min(MAX_CHUNK, size))
        left -= size
        yield size


def _save_meta(rows: Sink, meta: dict[str, Any], grid: Grid, done: int) -> None:
    meta["runs_done"] = done
    meta["complete"] = done == grid.size
    meta["updated"] = datetime.now(UTC).isoformat(timespec="seconds")
    write_meta(rows.path, meta)


def _plan(plan: Plan | str | Path | None, grid_keywords: dict[str, Any]) -> Plan:
    given = {k: v for k, v in grid_keywords.items() if v is not None}
    if plan is None:
        return make_plan(**given)
    if given:
        raise SweepError(f"give a plan or grid keywords ({', '.join(given)}), not both")
    return plan if isinstance(plan, Plan) else load_plan(plan)


def sweep(plan: Plan | str | Path | None = None, *,
          levels: Iterable[str] | str | None = None,
          strategies: Iterable[str] | str | None = None,
          decisions: Iterable[str | Path] | None = None,
          seeds: Any = None,
          params: Mapping[str, Any] | None = None,
          out: str | Path | None = None,
          workers_out: str | Path | bool | None = None,
          jobs: int | None = None,
          scheduler: str | None = None,
          resume: bool = False,
          overwrite: bool = False,
          progress: bool | None = None,
          flush_seconds: float = 5.0,
          connect_timeout: float = 10.0) -> SweepResult:
    """Run the full factorial of a plan and stream one row per run and quarter to `out`.

    The grid comes from a `Plan`, a TOML plan file, or the keywords (levels, strategies --
    names or `mix:SHARE` --, decision log paths, seeds as a count / "10..19" / list, and
    params mapping level parameters to values or "start:stop:step"). `out` is a `.parquet`
    dataset folder or a `.csv` file (None keeps the table in memory); `workers_out` adds
    per-worker records (True to keep them in memory). `jobs` worker processes (default: all
    cores) or a Dask `scheduler` ("tcp://HOST:PORT" or "local") run the chunks. Worker
    processes are forked, or start from a fork server when this process runs threads (as in
    a notebook); scripts should keep the usual `if __name__ == "__main__":` guard. `resume`
    skips runs already in `out`; `overwrite` replaces it; without either an existing `out` is
    refused.
    """
    plan = _plan(plan, {"levels": levels, "strategies": strategies, "decisions": decisions,
                        "seeds": seeds, "params": params})
    out = out if out is not None else plan.out
    workers_out = workers_out if workers_out is not None else plan.workers_out
    grid = resolve(plan)
    ctx = Context(grid.levels, grid.logs, grid.param_columns, workers=bool(workers_out))
    jobs = default_jobs() if jobs is None else jobs
    path = Path(out) if out is not None else None
    if path is None and workers_out not in (None, False, True):
        raise SweepError("workers_out must be True (kept in memory) when out is None")
    if path is not None and workers_out is True:
        raise SweepError("--workers-out needs a file path (.parquet or .csv)")
    people_path = Path(workers_out) if path is not None and workers_out else None
    meta, old = None, None
    if path is not None:
        meta = new_meta(grid, ctx, path, people_path)
        old = check(path, people_path, meta, resume, overwrite)
    with open_backend(jobs, scheduler, connect_timeout) as backend:
        if path is None:
            rows, people, done = MemorySink(ctx.columns), \
                (MemorySink(ctx.worker_columns) if workers_out else None), set()
        else:
            rows, people, done = prepare(path, people_path, ctx, meta, old, overwrite)
        return _execute(grid, ctx, backend, rows, people, done, meta, old is not None,
                        progress, flush_seconds)


def _execute(grid: Grid, ctx: Context, backend: Backend, rows: Sink, people: Sink | None,
             done: set[str], meta: dict[str, Any] | None, resumed: bool,
             progress: bool | None, flush_seconds: float) -> SweepResult:
    start = time.perf_counter()
    skipped = len(done)
    todo = (spec for spec in grid.runs() if spec.run_id not in done)
    sizes = chunk_sizes(grid.size - skipped, backend.slots, isinstance(backend, InlineBackend))
    bar = Progress(grid.size, skipped, progress)
    # A new sweep's metadata is written just before its first runs, never earlier; if it
    # fails before a run is on disk, what it began to write is removed (nothing is left).
    batches = _Batches(rows, people, flush_seconds,
                       None if meta is None or resumed
                       else lambda: _save_meta(rows, meta, grid, skipped))
    finished = False
    try:
        for result in backend.run(_chunks(todo, sizes), ctx):
            batches.add(result)
            bar.advance(len(result.run_ids))
            if result.error is not None:
                raise result.error
        batches.flush()
        finished = True
    finally:
        try:
            if not finished:
                batches.flush()      # keep the whole runs finished before the failure
        finally:
            bar.close()
            rows.close()
            if people is not None:
                people.close()
            if meta is not None:
                if finished or resumed or batches.written:
                    _save_meta(rows, meta, grid, skipped + batches.written)
                else:
                    with contextlib.suppress(OrgsimError):   # keep the first error's sentence
                        discard(rows.path, people.path if people is not None else None)
    return SweepResult(
        path=rows.path, workers_path=people.path if people is not None else None,
        runs=grid.size, skipped=skipped, ran=batches.written,
        seconds=time.perf_counter() - start, strategies=grid.strategies,
        _rows=rows if isinstance(rows, MemorySink) else None,
        _people=people if isinstance(people, MemorySink) else None,
    )
