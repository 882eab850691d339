"""Sweep speed and memory: `python benchmarks/bench_sweep.py [--runs 200] [--big 2000]`.

Prints, in one run:
- how loaded the machine is: its load average, and its own 2-process ceiling: how much faster
  two copies of a fixed pure-CPU loop finish than one done twice (2.0 on 2 idle cores; less
  while other work shares them), so the ratios below can be read beside what the machine gave;
- the same for this very work: two independent 1-process sweeps begun at the same moment, in
  runs per second beside one alone (two processes running the model share caches and memory
  bandwidth, which the loop does not show: on a shared virtual machine each slowed by a third);
- runs per second for RUNS runs of knowledge_team (4 archetypes x RUNS/4 seeds) through
  `sim.analysis.sweep` with --jobs 1 and --jobs 2, written to a Parquet dataset, and the ratio
  (the goal: at least 1.6 times faster with 2 processes on 2 cores);
- the same runs through `mesa.batch_run` with 1 and 2 processes (it keeps only the last step's
  model reporters, in memory; the sweep writes every quarter to disk), and the sweep's speed
  over batch_run's (the goal: above 1);
- the peak resident memory of a whole `orgsim sweep` process tree for RUNS and BIG runs, which
  should stay flat because results stream to disk.

Each speed is measured in a fresh process (so none inherits another's warm-up; start-up counts,
imports do not), REPEAT times in rotating order; figures are medians, ratios the median of each
round's ratio (a round's measurements are close in time, so they share the machine's load).
CPU times are of the whole process tree. Note that `import mesa` makes `spawn` the default start
method, so batch_run's worker processes each import Python, Mesa and orgsim afresh.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEVEL = "knowledge_team"
STRATEGIES = ("leader", "manager", "balanced", "adaptive")
KINDS = ("sweep", "batch_run")
LOOP = 4_000_000            # iterations of the pure-CPU loop (~0.3 s on one core)
START_DELAY = 3.0           # seconds for both processes of a pair to import before they begin


# ----- one measurement, in a fresh process ------------------------------------------------------
def _sweep(runs: int, jobs: int) -> int:
    """A sweep of RUNS runs to a Parquet dataset; the runs it did."""
    from sim.analysis.sweep import sweep

    with tempfile.TemporaryDirectory() as tmp:
        result = sweep(levels=[LEVEL], strategies=list(STRATEGIES),
                       seeds=runs // len(STRATEGIES), out=Path(tmp) / "r.parquet", jobs=jobs,
                       progress=False)
    return result.ran


def _batch_run(runs: int, jobs: int) -> int:
    """mesa.batch_run over the same runs; the runs it did."""
    import mesa

    import sim

    steps = sim.load_level(LEVEL).quarters * 13
    results = mesa.batch_run(sim.OrgModel, parameters={
        "level": LEVEL, "strategy": list(STRATEGIES),
        "seed": list(range(runs // len(STRATEGIES)))},
        number_processes=jobs, iterations=1, max_steps=steps, data_collection_period=-1,
        display_progress=False)
    return len(results)


def _tree_cpu() -> float:
    """CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_here(kind: str, runs: int, jobs: int, start_at: float = 0.0) -> dict[str, float]:
    """Seconds and CPU seconds of one sweep or batch_run (its modules imported first), begun
    at the wall-clock time `start_at` if given (so that two processes work at once), and the
    wall-clock time it ended."""
    work = {"sweep": _sweep, "batch_run": _batch_run}[kind]
    import mesa  # noqa: F401 - imports are not what is measured

    import sim.analysis.sweep
    import sim.model  # noqa: F401

    time.sleep(max(0.0, start_at - time.time()))
    cpu, start = _tree_cpu(), time.perf_counter()
    done = work(runs, jobs)
    seconds, cpu = time.perf_counter() - start, _tree_cpu() - cpu
    assert done == runs // len(STRATEGIES) * len(STRATEGIES), done
    return {"runs": done, "seconds": seconds, "cpu": cpu, "ended": time.time()}


@dataclass(frozen=True)
class Speed:
    """Runs per second, CPU per run, and cores kept busy (CPU seconds per second: below the
    processes asked for when the machine is shared or processes wait)."""

    runs_per_second: float
    cpu_ms_per_run: float
    cores: float


def _command(kind: str, runs: int, jobs: int, start_at: float = 0.0) -> list[str]:
    return [sys.executable, __file__, "--measure", kind, "--jobs", str(jobs), "--runs",
            str(runs), "--start-at", repr(start_at)]


_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def measure(kind: str, runs: int, jobs: int) -> Speed:
    """One measurement in a fresh Python process."""
    done = subprocess.run(_command(kind, runs, jobs), env=_ENV, check=True,
                          capture_output=True, text=True)
    figures = json.loads(done.stdout.splitlines()[-1])
    return Speed(figures["runs"] / figures["seconds"], 1000 * figures["cpu"] / figures["runs"],
                 figures["cpu"] / figures["seconds"])


def measure_pair(runs: int) -> Speed:
    """Two 1-process sweeps in two fresh processes, begun at the same moment: the runs both
    did per second until the later one ended. Beside one process alone, this is what the
    machine gives two processes for this very work (shared caches and memory, other load),
    which a pure-CPU loop does not show."""
    start_at = time.time() + START_DELAY
    processes = [subprocess.Popen(_command("sweep", runs, 1, start_at), env=_ENV,
                                  stdout=subprocess.PIPE, text=True) for _ in range(2)]
    figures = [json.loads(p.communicate()[0].splitlines()[-1]) for p in processes]
    if any(p.returncode for p in processes):
        raise SystemExit("a sweep of the pair failed")
    seconds = max(f["ended"] for f in figures) - start_at
    done, cpu = sum(f["runs"] for f in figures), sum(f["cpu"] for f in figures)
    return Speed(done / seconds, 1000 * cpu / done, cpu / seconds)


# ----- the machine's own ceiling ----------------------------------------------------------------
def _loop() -> None:
    total = 0
    for i in range(LOOP):
        total += i * i


def _wall(processes: int) -> float:
    """Seconds for `processes` forked copies of the loop, started together, to finish."""
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    copies = [context.Process(target=_loop) for _ in range(processes)]
    for copy in copies:
        copy.start()
    for copy in copies:
        copy.join()
    return time.perf_counter() - start


def ceiling() -> float:
    """How much more work two processes get done than one, now, on this machine (2.0 at best
    on 2 idle cores)."""
    return 2 * _wall(1) / _wall(2)


# ----- the report -------------------------------------------------------------------------------
def _rounds(runs: int, repeat: int) -> list[dict[tuple[str, int] | str, object]]:
    """REPEAT rounds of every measurement and the ceiling, each round in a rotated order."""
    tasks: list[tuple[str, Callable[[], object]]] = [("ceiling", ceiling)]
    tasks += [((kind, jobs), lambda k=kind, j=jobs: measure(k, runs, j))
              for kind in KINDS for jobs in (1, 2)]
    tasks.append(("pair", lambda: measure_pair(runs)))
    rounds = []
    for r in range(repeat):
        order = tasks[r % len(tasks):] + tasks[:r % len(tasks)]
        rounds.append({key: task() for key, task in order})
    return rounds


def _median(values: list[float], digits: int = 2) -> str:
    """The median, and the range when there are several values."""
    spread = f" ({min(values):.{digits}f}-{max(values):.{digits}f})" if len(values) > 1 else ""
    return f"{statistics.median(values):.{digits}f}{spread}"


def _speeds(rounds: list[dict], kind: str) -> str:
    parts = []
    for jobs, label in ((1, "1 process "), (2, "2 processes")):
        speeds = [r[(kind, jobs)] for r in rounds]
        parts.append(f"{label} {statistics.median(s.runs_per_second for s in speeds):5.1f} "
                     f"runs/s ({statistics.median(s.cpu_ms_per_run for s in speeds):3.0f} ms "
                     f"CPU/run, {statistics.median(s.cores for s in speeds):.2f} cores busy)")
    return "   ".join(parts)


def _ratios(rounds: list[dict], top: tuple[str, int], bottom: tuple[str, int]) -> list[float]:
    return [r[top].runs_per_second / r[bottom].runs_per_second for r in rounds]


def report_speed(runs: int, repeat: int) -> None:
    """The speed lines: load, ceiling, sweep and batch_run, and their ratios beside the goals."""
    load = os.getloadavg()
    rounds = _rounds(runs, repeat)
    scaling = _ratios(rounds, ("sweep", 2), ("sweep", 1))
    share = [ratio / r["ceiling"] for ratio, r in zip(scaling, rounds, strict=True)]
    print(f"machine: load average {load[0]:.2f} before, {os.getloadavg()[0]:.2f} after; its "
          f"own 2-process ceiling (a pure-CPU loop, 2 copies at once vs 1): "
          f"{_median([r['ceiling'] for r in rounds])}")
    print(f"orgsim sweep     {_speeds(rounds, 'sweep')}")
    pair = [r["pair"].runs_per_second / r[("sweep", 1)].runs_per_second for r in rounds]
    reached = [ratio / p for ratio, p in zip(scaling, pair, strict=True)]
    print(f"two 1-process sweeps at once / one alone: {_median(pair)} (what the machine gives "
          f"two processes for this work; {_median([r['pair'].cpu_ms_per_run for r in rounds], 0)}"
          f" ms CPU/run); the 2-process sweep reaches {_median([100 * x for x in reached], 0)} "
          f"% of it")
    print(f"mesa.batch_run   {_speeds(rounds, 'batch_run')}")
    print(f"sweep, 2 processes / 1: {_median(scaling)}  (goal >= 1.6; "
          f"{_median([100 * s for s in share], 0)} % of the machine's ceiling in the same round; "
          f"batch_run's {_median(_ratios(rounds, ('batch_run', 2), ('batch_run', 1)))})")
    print(f"sweep / batch_run: 2 processes "
          f"{_median(_ratios(rounds, ('sweep', 2), ('batch_run', 2)))}, 1 process "
          f"{_median(_ratios(rounds, ('sweep', 1), ('batch_run', 1)))}  (goal > 1)")
    print(f"[medians (and ranges) of {repeat} rounds, each measurement in a fresh process]")


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


def report_memory(runs: int, big: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small, small_s = peak_memory(runs, 2, Path(tmp))
        large, large_s = peak_memory(big, 2, Path(tmp))
    print(f"peak RSS (largest process of the sweep, --jobs 2): {runs} runs "
          f"{small:.0f} MiB ({small_s:.0f} s), {big} runs {large:.0f} MiB "
          f"({large_s:.0f} s): ratio {large / small:.2f} (flat is about 1)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs for the speed test")
    parser.add_argument("--big", type=int, default=2000,
                        help="runs for the memory test (0 to skip it)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the speed test")
    parser.add_argument("--measure", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_here(args.measure, args.runs, args.jobs, args.start_at)))
        return
    import mesa

    import sim

    print(f"orgsim {sim.__version__}, mesa {mesa.__version__}, {os.cpu_count()} cores; "
          f"{args.runs} runs of {LEVEL} ({', '.join(STRATEGIES)})")
    report_speed(args.runs, args.repeat)
    if args.big:
        report_memory(args.runs, args.big)


if __name__ == "__main__":
    main()
