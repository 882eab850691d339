"""The long fuzz run: many random cases per kind of input, counted rather than stopped at the
first failure. Prints per kind: cases, accepted, refused, tracebacks, hangs, message problems
and data problems, then each kind of failure once with its count and its shortest example.

The cases are those of the fuzz suite (tests/fuzz_cases.py), judged by the same rules
(tests/fuzz_helpers.py); the tests stop at the first failure, this script counts them all.

Run:  python benchmarks/fuzz_long.py [--cases 10000] [--cli-cases 300] [--kinds levels,saves]
In-process kinds (levels, decisions, saves, plans) take some milliseconds a case; command-line
kinds start a child process per case (about a second each), so they get --cli-cases.
ORGSIM_FUZZ_CASES=N gives the same N random cases per test through pytest instead:
    ORGSIM_FUZZ_CASES=10000 pytest tests/test_fuzz_levels.py
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import fuzz_cases as fc  # noqa: E402
from fuzz_helpers import Outcome, byte_recipe, tree_recipe  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

COLUMNS = ("accepted", "refused", "traceback", "hang", "message", "data")


class Tally:
    """Outcomes of one kind: counts, and per failure category its count and shortest example."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.failures: dict[str, tuple[int, str, str]] = {}

    def add(self, outcome: Outcome, case: Any) -> None:
        self.counts[outcome.kind] += 1
        if outcome.ok:
            return
        key = f"{outcome.kind}: {outcome.category}"
        example = repr(case)
        count, best, detail = self.failures.get(key, (0, example, str(outcome)))
        if len(example) < len(best):
            best, detail = example, str(outcome)
        self.failures[key] = (count + 1, best, detail)


def _kinds(folder: Path) -> dict[str, tuple[st.SearchStrategy, Callable[[Any], Outcome], bool]]:
    """kind -> (strategy, case function, whether a case runs a child process)."""
    template = fc.make_cli_folder(folder / "cli-template")
    levels = fc.raw_or_tree(fc.level_byte_recipes, fc.level_tree_recipes)
    saves = fc.raw_or_tree(byte_recipe(fc.save_seed_bytes()), tree_recipe(fc.save_trees()))
    plans = fc.raw_or_tree(fc.plan_byte_recipes, fc.plan_tree_recipes)
    return {
        "levels": (levels, lambda c: fc.level_case(fc.level_text(c[1], c[0]), folder), False),
        "decision-logs": (fc.decision_logs(), lambda c: fc.decision_log_case(
            c[0], fc.log_text(c[1]), folder), False),
        "decision-objects": (fc.direct_decisions(), fc.direct_decision_case, False),
        "saves": (saves, lambda c: fc.save_case(fc.save_text(c[1], c[0]), folder), False),
        "plans": (plans, lambda c: fc.plan_case(fc.plan_text(c[1], c[0]), folder), False),
        "levels-cli": (levels, lambda c: fc.level_cli_case(fc.level_text(c[1], c[0]), folder),
                       True),
        "decision-logs-cli": (fc.decision_logs(), lambda c: fc.decision_log_cli_case(
            c[0], fc.log_text(c[1]), folder), True),
        "command-lines": (fc.command_lines(), lambda argv: fc.cli_case(
            argv, template, folder / "cli-case"), True),
    }


def run_kind(strategy: st.SearchStrategy, case: Callable[[Any], Outcome], cases: int) -> Tally:
    """Run `cases` random cases of one kind, counting every outcome (nothing stops the run)."""
    tally = Tally()

    @settings(max_examples=cases, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(strategy)
    def collect(value: Any) -> None:
        tally.add(case(value), value)

    collect()
    return tally


def report(name: str, tally: Tally, seconds: float) -> None:
    total = sum(tally.counts.values())
    cells = "  ".join(f"{c} {tally.counts[c]}" for c in COLUMNS)
    print(f"\n== {name}: {total} cases in {seconds:.0f} s: {cells}", flush=True)
    for key, (count, example, detail) in sorted(tally.failures.items(),
                                                key=lambda kv: -kv[1][0]):
        print(f"  [{count}x] {key}\n      example: {example[:400]}\n      got: {detail[:400]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int,
                        default=int(os.environ.get("ORGSIM_FUZZ_CASES") or 10_000),
                        help="cases per in-process kind (default 10,000)")
    parser.add_argument("--cli-cases", type=int, default=300,
                        help="cases per command-line kind (default 300)")
    parser.add_argument("--kinds", help="comma-separated kinds to run (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="orgsim-fuzz-") as tmp:
        kinds = _kinds(Path(tmp))
        wanted = args.kinds.split(",") if args.kinds else list(kinds)
        unknown = sorted(set(wanted) - set(kinds))
        if unknown:
            parser.error(f"unknown kinds {unknown}; kinds are {', '.join(kinds)}")
        problems = 0
        for name in wanted:
            strategy, case, is_cli = kinds[name]
            start = time.perf_counter()
            tally = run_kind(strategy, case, args.cli_cases if is_cli else args.cases)
            report(name, tally, time.perf_counter() - start)
            problems += sum(tally.counts[c] for c in COLUMNS[2:])
    print(f"\n{problems} problem cases in all")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
