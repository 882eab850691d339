"""Start-up time: `python benchmarks/bench_startup.py [--repeats 5]`.

Prints, as medians of REPEATS fresh processes each, the wall time and the CPU time (the child's
user + system) of:
- `python -c "import sim"`, beside `import sim.analysis` (all that `import sim` loaded before
  issue 12: the model, Mesa, pandas and the analysis);
- `orgsim --help`, `orgsim levels` and `orgsim strategies` (issue 12's aim: under 0.5 s each),
  and for contrast `orgsim run --help`, each beside the same command with sim.analysis and
  sim.workshop imported first (what building every sub-command's parser used to load);
- `orgsim run`: a whole level (knowledge_team, 12 people, 12 quarters) with the kernels built
  ahead of time for this machine (sim/prebuilt.py), beside the same with them loaded from
  numba's JIT cache (`ORGSIM_JIT=jit`: numba's import and CPU target before the first week);
- `python -c pass`: the interpreter alone, the floor of every figure.

Every process imports this checkout (PYTHONPATH), so the script measures the code it sits in.
Numbers depend on the machine and on what else runs on it: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
#: The aim for the quick commands, in seconds of wall time.
AIM = 0.5
#: What every sub-command's parser loaded before issue 12.
OLD_IMPORTS = "import sim.analysis, sim.workshop"


def orgsim(*args: str) -> list[str]:
    """The `orgsim` console script beside this interpreter (else `python -m sim.cli`)."""
    script = Path(sys.executable).with_name("orgsim")
    entry = [str(script)] if script.is_file() else ["-m", "sim.cli"]
    return [sys.executable, *entry, *args]


def after_old_imports(*args: str) -> list[str]:
    """The same command with the modules the old parsers loaded imported first."""
    code = f"import sys; {OLD_IMPORTS}; from sim.cli import main; sys.exit(main({list(args)!r}))"
    return [sys.executable, "-c", code]


def measure(argv: list[str], repeats: int,
            env: dict[str, str] | None = None) -> tuple[float, float]:
    """Median wall and CPU seconds of `argv` over `repeats` fresh processes (output discarded),
    with `env` added to the environment."""
    walls, cpus = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=ROOT, env={**ENV, **(env or {})},
                                   stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if status != 0:
            raise SystemExit(f"{' '.join(argv)} failed (status {status})")
    return statistics.median(walls), statistics.median(cpus)


@dataclass(frozen=True)
class Row:
    """A command beside its baseline; `aimed`: issue 12's aim applies to it."""

    label: str
    command: list[str]
    baseline_label: str
    baseline: list[str]
    aimed: bool = False
    baseline_env: dict[str, str] | None = None


def rows() -> list[Row]:
    """`import sim` and the commands, each beside its baseline."""
    quick = (["--help"], ["levels"], ["strategies"])
    return [
        Row('python -c "import sim"', [sys.executable, "-c", "import sim"],
            "import sim.analysis (the old import sim)",
            [sys.executable, "-c", "import sim.analysis"]),
        *(Row(f"orgsim {' '.join(cmd)}", orgsim(*cmd), f"the same after {OLD_IMPORTS}",
              after_old_imports(*cmd), aimed=cmd in quick)
          for cmd in (*quick, ["run", "--help"])),
        Row("orgsim run (a level)", orgsim("run"),
            "the same, kernels from numba's JIT cache", orgsim("run"),
            baseline_env={"ORGSIM_JIT": "jit"}),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="fresh processes per figure")
    n = parser.parse_args(argv).repeats

    floor_wall, floor_cpu = measure([sys.executable, "-c", "pass"], n)
    print(f"start-up, medians of {n} fresh processes, wall / CPU seconds ({os.cpu_count()} "
          f"cores; python -c pass: {floor_wall:.3f} / {floor_cpu:.3f})\n")
    print(f"{'command':<24} {'wall':>6} {'CPU':>6}   {'baseline, same run':<50} {'wall':>6} "
          f"{'CPU':>6}   aim < {AIM} s")
    for row in rows():
        wall, cpu = measure(row.command, n)
        base_wall, base_cpu = measure(row.baseline, n, row.baseline_env)
        aim = ("meets" if wall < AIM else "MISSES") if row.aimed else ""
        print(f"{row.label:<24} {wall:>6.3f} {cpu:>6.3f}   {row.baseline_label:<50} "
              f"{base_wall:>6.3f} {base_cpu:>6.3f}   {aim}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
