"""How long do `orgsim validate` and `orgsim balance` take? Issue 12's two whole-command goals,
each beside a baseline commit measured in the same run, and whether balance's report is the same.

    python benchmarks/bench_balance.py [--baseline REF] [--budget RUNS] [--jobs 2] [--rounds 1]

Each command runs in a fresh process with today's sim, then with the baseline's (its sim/ and
levels/ from git, built and warmed first), in turn, so that a busy spell on the machine hits
both alike. Wall time and the CPU time of the command and its worker processes are printed;
balance's two JSON reports are compared without their run counts, optimiser text and seconds
(what a faster search may change), so a speed-up that changed the report shows as DIFFERENT.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_model import ROOT, baseline  # a sibling script: its git helpers

GOALS = {"validate": 60.0, "balance": 120.0}
#: What a faster search may change in balance's report; everything else must stay.
VOLATILE = ("second", "runs", "optimiser")


def timed(code: Path, argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of `python -m sim.cli ARGV` (and its children) with the sim in
    `code` first on the path. Any exit status counts: validate exits 1 when a check fails."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sim.cli", *argv], env=env, cwd=tempfile.gettempdir(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def warm(code: Path) -> None:
    """Build and load the compiled week of the sim in `code` once, untimed, and check that a
    child with `code` first on its path imports that sim (not an installed one)."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    played = subprocess.run(
        [sys.executable, "-c", "import sim; sim.OrgModel('tutorial', seed=0).run(); "
                               "print(sim.__file__)"],
        env=env, cwd=tempfile.gettempdir(), check=True, capture_output=True, text=True)
    if Path(played.stdout.splitlines()[-1]).resolve().parent.parent != code.resolve():
        raise RuntimeError(f"a child process did not import the sim in {code}")


def stable(report: Any) -> Any:
    """The report without what a faster search may change (`VOLATILE`)."""
    if isinstance(report, dict):
        return {k: stable(v) for k, v in report.items() if not any(w in k for w in VOLATILE)}
    if isinstance(report, list):
        return [stable(v) for v in report]
    return report


def total_runs(report: Any) -> int:
    """Every run the report counts (its searches' and measures' `runs` fields)."""
    if isinstance(report, dict):
        return sum(v if k == "runs" else total_runs(v) for k, v in report.items())
    if isinstance(report, list):
        return sum(total_runs(v) for v in report)
    return 0


def measure(code: Path, args: argparse.Namespace, out: Path) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if not args.no_validate:
        figures["validate"] = timed(code, ["validate"])
    balance = ["balance", "--jobs", str(args.jobs), "--json", str(out), "--quiet"]
    if args.budget is not None:
        balance += ["--budget", str(args.budget)]
    figures["balance"] = timed(code, balance)
    report = json.loads(out.read_text())
    figures["report"], figures["runs"] = stable(report), total_runs(report)
    return figures


def line(label: str, now: list[tuple[float, float]], before: list[tuple[float, float]],
         goal: float) -> str:
    def median(values: list[tuple[float, float]]) -> tuple[float, float]:
        return (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
    wall, cpu = median(now)
    text = f"{label:<44} {wall:8.1f} {cpu:8.1f}"
    if before:
        b_wall, b_cpu = median(before)
        text += f"   {b_wall:8.1f} {b_cpu:8.1f} (x{b_wall / wall:.2f} faster)"
    return text + f"   {'meets' if wall < goal else 'MISSES'} goal < {goal:.0f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="REF", help="git commit to compare with")
    parser.add_argument("--budget", type=int, help="balance's --budget (default: its own)")
    parser.add_argument("--jobs", type=int, default=2, help="balance's --jobs (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each, in turn")
    parser.add_argument("--no-validate", action="store_true", help="time balance only")
    args = parser.parse_args(argv)
    base = baseline(args.baseline) if args.baseline else None
    if args.baseline and base is None:
        print(f"the baseline {args.baseline} is not at hand (git?): measuring today's code only")
    codes = [ROOT] + ([Path(base.name)] if base is not None else [])
    results: dict[Path, list[dict[str, Any]]] = {code: [] for code in codes}
    with tempfile.TemporaryDirectory(prefix="orgsim_bench_balance_") as scratch:
        for code in codes:
            warm(code)
        for round_ in range(args.rounds):
            for i, code in enumerate(codes):
                out = Path(scratch) / f"report-{round_}-{i}.json"
                results[code].append(measure(code, args, out))
    if base is not None:
        base.cleanup()
    now, before = results[ROOT], results[codes[-1]] if base is not None else []
    budget = "default budget" if args.budget is None else f"budget {args.budget}"
    print(f"issue 12, whole commands (seconds; medians of {args.rounds} round(s), each command "
          f"in a fresh process; {os.cpu_count()} cores)")
    heading = f"{'':<44} {'wall':>8} {'CPU':>8}"
    if before:
        heading += f"   {'baseline ' + args.baseline + ', same run':>30}"
    print(heading)
    if not args.no_validate:
        print(line("orgsim validate", [r["validate"] for r in now],
                   [r["validate"] for r in before], GOALS["validate"]))
    print(line(f"orgsim balance, {budget}, --jobs {args.jobs}", [r["balance"] for r in now],
               [r["balance"] for r in before], GOALS["balance"]))
    runs = f"runs {now[0]['runs']:,}"
    if before:
        same = all(r["report"] == before[0]["report"] for r in now + before)
        runs += f" (baseline {before[0]['runs']:,}); report " + \
            ("the same as the baseline's" if same else "DIFFERENT from the baseline's")
    print(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
