"""How fast is the model? Prints the figures DESIGN.md section 6 sets targets for.

- worker-weeks per second at 100 / 1,000 / 10,000 workers over a year (52 weeks), with the time
  to build the model reported separately;
- one quarter (13 weeks) of a 50-worker team, median over many quarters, in ms;
- agent-steps per second of Mesa's own BoltzmannWealth example (n=10,000 on a 100x100 grid,
  10 steps) in the same run, and the ratio orgsim / Boltzmann per agent-step.

Run:  python benchmarks/bench_model.py [--profile]
--profile adds cProfile listings of a 50-worker quarter and a 10,000-worker year.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import pstats
import statistics
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import mesa

from sim import OrgModel

LEVEL, STRATEGY = "knowledge_team", "balanced"
WEEKS_PER_YEAR = 52
TARGETS = {"quarter_ms": 5.0, "year_10k_s": 1.0, "boltzmann_ratio": 30.0, "flat_growth": 1.25}


def build(team_size: int, quarters: int = 4, seed: int = 1) -> OrgModel:
    return OrgModel(LEVEL, strategy=STRATEGY, seed=seed, team_size=team_size, quarters=quarters)


def year(team_size: int, repeats: int) -> tuple[float, float]:
    """Median seconds to build a model and to run it for 52 weeks."""
    inits, runs = [], []
    for seed in range(repeats):
        start = time.perf_counter()
        model = build(team_size, seed=seed)
        built = time.perf_counter()
        for _ in range(WEEKS_PER_YEAR):
            model.step()
        inits.append(built - start)
        runs.append(time.perf_counter() - built)
    return statistics.median(inits), statistics.median(runs)


def quarter_ms(team_size: int = 50, models: int = 3, quarters: int = 40) -> float:
    """Median time of one quarter of a team, over `models` x `quarters` quarters."""
    times = []
    for seed in range(models):
        model = build(team_size, quarters=quarters, seed=seed)
        while model.running:
            start = time.perf_counter()
            model.run_quarter()
            times.append(time.perf_counter() - start)
    return 1000.0 * statistics.median(times)


def boltzmann_class() -> type[mesa.Model]:
    """Mesa's BoltzmannWealth. mesa/examples/__init__.py imports every example, some of which
    need networkx; when that is missing, load the package folder without running it."""
    name = "mesa.examples.basic.boltzmann_wealth_model.model"
    try:
        return importlib.import_module(name).BoltzmannWealth
    except ImportError:
        package = types.ModuleType("mesa.examples")
        package.__path__ = [str(Path(mesa.__file__).parent / "examples")]
        sys.modules["mesa.examples"] = package
        return importlib.import_module(name).BoltzmannWealth


def boltzmann_rate(n: int = 10_000, steps: int = 10, repeats: int = 3) -> float:
    """Agent-steps per second of BoltzmannWealth (n agents, 100x100 grid), best of repeats."""
    model_class = boltzmann_class()
    best = float("inf")
    for seed in range(repeats):
        model = model_class(n=n, width=100, height=100, seed=seed)
        start = time.perf_counter()
        for _ in range(steps):
            model.step()
        best = min(best, time.perf_counter() - start)
    return n * steps / best


def profile(label: str, work: Callable[[], object], top: int = 18) -> None:
    """Print where the time of `work` goes, by own time."""
    profiler = cProfile.Profile()
    profiler.runcall(work)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    print(f"\n--- profile: {label} (sorted by own time) ---")
    print("\n".join(out.getvalue().splitlines()[4:]))


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="also print cProfile listings")
    args = parser.parse_args(argv)

    print(f"orgsim model speed ({LEVEL}, {STRATEGY} boss, one core)\n")
    print(f"{'workers':>8} {'build s':>9} {'year s':>9} {'worker-weeks/s':>15} "
          f"{'us/worker-week':>15}")
    per_worker = {}
    for team_size, repeats in ((100, 5), (1_000, 3), (10_000, 3)):
        init, run = year(team_size, repeats)
        rate = team_size * WEEKS_PER_YEAR / run
        per_worker[team_size] = 1e6 / rate
        print(f"{team_size:>8,} {init:>9.3f} {run:>9.3f} {rate:>15,.0f} "
              f"{per_worker[team_size]:>15.3f}")
    ten_k_year = 10_000 * WEEKS_PER_YEAR * per_worker[10_000] / 1e6

    q_ms = quarter_ms()
    boltzmann = boltzmann_rate()
    orgsim_rate = 1e6 / per_worker[10_000]
    ratio = orgsim_rate / boltzmann
    growth = per_worker[10_000] / per_worker[1_000]

    print(f"\none quarter of 50 workers: {q_ms:.2f} ms (median)   "
          f"target < {TARGETS['quarter_ms']:g} ms: {verdict(q_ms < TARGETS['quarter_ms'])}")
    print(f"10,000 workers x 52 weeks: {ten_k_year:.2f} s   target about "
          f"{TARGETS['year_10k_s']:g} s: {verdict(ten_k_year <= 1.5 * TARGETS['year_10k_s'])}")
    print(f"per-worker cost 1,000 -> 10,000 workers: x{growth:.2f}   target flat "
          f"(<= x{TARGETS['flat_growth']:g}): {verdict(growth <= TARGETS['flat_growth'])}")
    print(f"Mesa BoltzmannWealth (n=10,000, 100x100, 10 steps): {boltzmann:,.0f} agent-steps/s")
    print(f"orgsim / Boltzmann per agent-step (10,000 workers): x{ratio:.1f}   target >= "
          f"x{TARGETS['boltzmann_ratio']:g}: {verdict(ratio >= TARGETS['boltzmann_ratio'])}")

    if args.profile:
        quarter_model = build(50, quarters=40)
        profile("20 quarters of 50 workers",
                lambda: [quarter_model.run_quarter() for _ in range(20)])
        big = build(10_000)
        profile("10,000 workers x 52 weeks", lambda: [big.step() for _ in range(WEEKS_PER_YEAR)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
