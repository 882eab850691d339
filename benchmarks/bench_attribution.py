"""What does explaining morale by decision cost? Prints time and memory with attribution on and
off (issue 9: measured, and off by default in sweeps).

- building a model (attribution on also finds the resting values: the week iterated with no
  pushes until nothing moves, at most ten years);
- one quarter (13 weeks), median over a level's quarters and a few seeds, at team sizes 12, 50
  and 200 (the balanced boss, knowledge_team);
- memory: the peak traced by tracemalloc over building and playing a level, and the size of the
  carried shares (states x causes x workers) at the end.

Run:  python benchmarks/bench_attribution.py [--sizes 12 50 200] [--seeds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

from sim import OrgModel

LEVEL, STRATEGY = "knowledge_team", "balanced"


def timings(team_size: int, seeds: int, attribution: bool) -> tuple[float, float]:
    """Median ms to build a model and to play one quarter."""
    builds, quarters = [], []
    for seed in range(seeds):
        start = time.perf_counter()
        model = OrgModel(LEVEL, strategy=STRATEGY, seed=seed, team_size=team_size,
                         attribution=attribution)
        builds.append(time.perf_counter() - start)
        while model.running:
            start = time.perf_counter()
            model.run_quarter()
            quarters.append(time.perf_counter() - start)
    return 1000 * statistics.median(builds), 1000 * statistics.median(quarters)


def memory(team_size: int, attribution: bool) -> tuple[float, float, int]:
    """Peak MB traced over a whole level, MB of carried shares at the end, causes seen."""
    tracemalloc.start()
    model = OrgModel(LEVEL, strategy=STRATEGY, seed=1, team_size=team_size,
                     attribution=attribution)
    model.run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    a = model.attribution
    if a is None:
        return peak / 1e6, 0.0, 0
    carried = sum(x.nbytes for x in a.shares.values()) + a.fit_shares.nbytes
    return peak / 1e6, carried / 1e6, len(a.causes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12, 50, 200])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    print(f"{LEVEL}, {STRATEGY} boss, median over {args.seeds} seeds x the level's quarters")
    print(f"{'workers':>8} {'attribution':>11} {'build ms':>9} {'quarter ms':>11} "
          f"{'peak MB':>8} {'shares MB':>9} {'causes':>6}")
    for size in args.sizes:
        base = None
        for on in (False, True):
            build, quarter = timings(size, args.seeds, on)
            peak, shares, causes = memory(size, on)
            ratio = "" if base is None else f"  (x{quarter / base:.1f} per quarter)"
            base = quarter if base is None else base
            print(f"{size:>8} {'on' if on else 'off':>11} {build:>9.1f} {quarter:>11.2f} "
                  f"{peak:>8.2f} {shares:>9.3f} {causes:>6}{ratio}")


if __name__ == "__main__":
    main()
