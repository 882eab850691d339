"""`orgsim balance`: the level designer's search for the best plans and the exploits of a level.

Why a thin module: flags become `sim.analysis.balance.balance` keywords; the search, the checks
and the table live in the library, so scripts and tests get the same report.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import TYPE_CHECKING

from sim.choices import (
    BALANCE_BUDGET,
    BALANCE_HOLDOUT,
    BALANCE_SEEDS,
    DEFAULT_GOAL_SEEDS,
    default_jobs,
)
from sim.safefile import quote_path

if TYPE_CHECKING:
    from sim.analysis.balance import BalanceReport, LevelBalance


def _write_json(report: BalanceReport, target: str) -> None:
    from sim.analysis.balance import BalanceError

    text = json.dumps(report.to_dict(), indent=1) + "\n"
    if target == "-":
        sys.stdout.write(text)
        return
    try:
        with open(target, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        raise BalanceError(f"{quote_path(target)}: cannot write the --json report "
                           f"({exc.strerror})") from None


def _whole(text: str) -> int:
    """A whole number for --budget and --jobs (the library says what range is allowed)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def handle(args: argparse.Namespace) -> int:
    """Balance the level(s), print the table (unless --json -) and write the JSON."""
    from sim.analysis.balance import balance
    from sim.analysis.balance_report import format_footer, format_header, format_level
    from sim.analysis.plan import parse_seeds

    table = args.json != "-"

    def show(level: LevelBalance) -> None:
        """Each level's table as soon as it is done (a long run shows its results early)."""
        if table:
            if not shown:
                print(format_header(args.budget, parse_seeds(args.seeds),
                                    parse_seeds(args.holdout)), end="")
            print("\n".join(format_level(level)), end="\n\n", flush=True)
        shown.append(level)

    shown: list[LevelBalance] = []
    report = balance(args.level or None, budget=args.budget, seeds=args.seeds,
                     holdout=args.holdout, jobs=args.jobs,
                     progress=False if args.quiet else None, on_level=show,
                     universal_budget=args.universal_budget,
                     goal_seeds=args.goal_seeds if args.suggest_goals else None)
    if table:
        print(format_footer(report), end="")
    if args.json:
        _write_json(report, args.json)
    return 0


def _range(seeds: tuple[int, ...]) -> str:
    return f"{seeds[0]}..{seeds[-1]}"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `orgsim balance`."""
    parser = subparsers.add_parser(
        "balance", help="search a level's best plans and list its exploits (level design)",
        description=textwrap.fill(
            "For each level (or the ones named): search the best fixed plan (the same shares "
            "of the attention budget per lever and actions every quarter) and the best plan "
            "per phase with differential evolution, then measure them, the scripted bosses and "
            "degenerate policies (all attention on one lever, never spend, hire the maximum, "
            "let everyone go, one-to-ones only) on held-out seeds the search never saw. An "
            "exploit is a degenerate policy that reaches the best scripted boss's stars. With "
            "two or more levels, also search one plan for all of them at once: no such plan "
            "may earn two stars on every level but the first (no universal recipe).",
            width=90),
        epilog="examples:\n"
               "  orgsim balance\n"
               "  orgsim balance startup --budget 4000 --jobs 2\n"
               "  orgsim balance my_level.toml --json report.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("level", nargs="*", metavar="LEVEL",
                        help="level names or .toml level files (default: every built-in level)")
    parser.add_argument("--budget", type=_whole, default=BALANCE_BUDGET, metavar="RUNS",
                        help="search runs per level, a third for the fixed plan and the rest "
                             f"for the plan per phase (default: {BALANCE_BUDGET})")
    parser.add_argument("--seeds", default=_range(BALANCE_SEEDS), metavar="SEEDS",
                        help="the search's seeds: a count, a range (10..19) or a list (1,5,9) "
                             f"(default: {_range(BALANCE_SEEDS)})")
    parser.add_argument("--holdout", default=_range(BALANCE_HOLDOUT), metavar="SEEDS",
                        help="held-out seeds every reported figure is measured on "
                             f"(default: {_range(BALANCE_HOLDOUT)})")
    parser.add_argument("--jobs", type=_whole, default=default_jobs(), metavar="N",
                        help="worker processes; the report is the same for any N (default: all "
                             "cores)")
    parser.add_argument("--json", metavar="FILE",
                        help="also write the whole report as JSON ('-': to stdout, instead of "
                             "the table)")
    parser.add_argument("--universal-budget", type=_whole, default=None, metavar="RUNS",
                        help="runs for the search of one plan for all the levels at once (no "
                             "universal recipe may earn 2 stars on every level but the first); "
                             "default: --budget times the number of those levels; 0 skips it")
    parser.add_argument("--suggest-goals", action="store_true",
                        help="also suggest each goal's star thresholds by the shipped levels' "
                             "rule (sim/analysis/goal_thresholds.py), from runs on --goal-seeds")
    parser.add_argument("--goal-seeds", default=_range(DEFAULT_GOAL_SEEDS), metavar="SEEDS",
                        help="seeds the suggested thresholds are set on (default: "
                             f"{_range(DEFAULT_GOAL_SEEDS)})")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=handle)
