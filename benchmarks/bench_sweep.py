"""Sweep speed and memory: `python benchmarks/bench_sweep.py [--runs 200] [--big 2000]`.

Prints, in one run:
- runs per second for RUNS runs of knowledge_team (4 archetypes x RUNS/4 seeds) through
  `sim.analysis.sweep` with --jobs 1 and --jobs 2, written to a Parquet dataset, and the ratio
  (the aim: at least 1.6 times faster with 2 processes on 2 cores);
- the same runs through `mesa.batch_run` with 1 and 2 processes, for comparison (it keeps only
  the last step's model reporters, in memory; the sweep writes every quarter to disk);
- the peak resident memory of a whole `orgsim sweep` process tree for RUNS and BIG runs, which
  should stay flat because results stream to disk.

Numbers depend on the machine and on what else runs on it: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mesa

import sim
from sim.analysis.sweep import sweep

ROOT = Path(__file__).resolve().parent.parent
LEVEL = "knowledge_team"
STRATEGIES = ("leader", "manager", "balanced", "adaptive")


def bench_sweep(runs: int, jobs: int, folder: Path) -> float:
    """Runs per second of a sweep to a Parquet dataset, start-up included."""
    seeds = runs // len(STRATEGIES)
    start = time.perf_counter()
    result = sweep(levels=[LEVEL], strategies=list(STRATEGIES), seeds=seeds,
                   out=folder / f"jobs{jobs}.parquet", jobs=jobs, progress=False)
    seconds = time.perf_counter() - start
    assert result.ran == seeds * len(STRATEGIES)
    return result.ran / seconds


def bench_batch_run(runs: int, processes: int) -> float:
    """Runs per second of mesa.batch_run over the same runs."""
    seeds = runs // len(STRATEGIES)
    steps = sim.load_level(LEVEL).quarters * 13
    start = time.perf_counter()
    results = mesa.batch_run(sim.OrgModel, parameters={"level": LEVEL,
                                                       "strategy": list(STRATEGIES),
                                                       "seed": list(range(seeds))},
                             number_processes=processes, iterations=1, max_steps=steps,
                             data_collection_period=-1, display_progress=False)
    seconds = time.perf_counter() - start
    assert len(results) == seeds * len(STRATEGIES)
    return len(results) / seconds


def peak_memory(runs: int, jobs: int, folder: Path) -> tuple[float, float]:
    """Peak RSS (MiB) of the largest process in a whole `orgsim sweep` tree, and its seconds."""
    seeds = runs // len(STRATEGIES)
    out = Path(tempfile.mkdtemp(dir=folder)) / "memory.parquet"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "sweep", "--level", LEVEL, "--strategy",
         ",".join(STRATEGIES), "--seeds", str(seeds), "--jobs", str(jobs), "--quiet",
         "--out", str(out)], env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"the sweep of {runs} runs failed (status {status})")
    return usage.ru_maxrss / 1024, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs for the speed test")
    parser.add_argument("--big", type=int, default=2000, help="runs for the memory test")
    args = parser.parse_args()
    print(f"orgsim {sim.__version__}, mesa {mesa.__version__}, {os.cpu_count()} cores; "
          f"{args.runs} runs of {LEVEL} ({', '.join(STRATEGIES)})")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one = bench_sweep(args.runs, 1, folder)
        two = bench_sweep(args.runs, 2, folder)
        print(f"orgsim sweep     --jobs 1: {one:6.1f} runs/s   --jobs 2: {two:6.1f} runs/s   "
              f"ratio {two / one:.2f} (aim >= 1.6)")
        b_one = bench_batch_run(args.runs, 1)
        b_two = bench_batch_run(args.runs, 2)
        print(f"mesa.batch_run   1 process: {b_one:6.1f} runs/s   2 processes: "
              f"{b_two:6.1f} runs/s   ratio {b_two / b_one:.2f}")
        small, small_s = peak_memory(args.runs, 2, folder)
        big, big_s = peak_memory(args.big, 2, folder)
        print(f"peak RSS (largest process of the sweep, --jobs 2): {args.runs} runs "
              f"{small:.0f} MiB ({small_s:.0f} s), {args.big} runs {big:.0f} MiB "
              f"({big_s:.0f} s): ratio {big / small:.2f} (flat is about 1)")


if __name__ == "__main__":
    main()
