"""`orgsim validate`: the model's checks of DESIGN.md section 3, printed against the evidence."""

from __future__ import annotations

import argparse
import dataclasses
import textwrap
import time

from sim.analysis.validate import QUICK, WIN_SHARE, CheckResult, Settings, iter_checks
from sim.commands.arguments import positive_int

WIDTH = 100


def format_check(check: CheckResult) -> str:
    """A check as a block of text: verdict and name, the claim, the rule, each comparison."""
    def wrap(label: str, text: str) -> str:
        return textwrap.fill(text, WIDTH, initial_indent=f"   {label}",
                             subsequent_indent=" " * (3 + len(label)))

    lines = [f"{'HOLDS' if check.holds else 'DOES NOT HOLD':<14} {check.name}",
             wrap("claim: ", check.claim), wrap("rule:  ", check.rule)]
    for comparison in check.comparisons:
        lines.append(f"   {'ok  ' if comparison.holds else 'FAIL'} {comparison.text}")
    return "\n".join(lines)


def handle(args: argparse.Namespace) -> int:
    """Run the checks, print each as it finishes; exit 0 only if every check holds."""
    settings = QUICK if args.quick else Settings()
    if args.seeds is not None:
        settings = dataclasses.replace(settings, seeds=args.seeds)
    print(f"orgsim validate: {settings.seeds} seeds, team sizes "
          f"{', '.join(map(str, settings.team_sizes))}, {settings.meta_teams} teams in the "
          "meta-analysis\n"
          "A comparison of two bosses holds if the claimed one does better on the mean over "
          f"seeds and in at least {WIN_SHARE:.0%} of the seeds (a tie counts half).\n",
          flush=True)
    start = time.perf_counter()
    results = []
    for check in iter_checks(settings):
        results.append(check)
        print(format_check(check) + "\n", flush=True)
    held = sum(check.holds for check in results)
    print(f"{held} of {len(results)} checks hold ({time.perf_counter() - start:.0f} s)")
    return 0 if held == len(results) else 1


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `orgsim validate`."""
    parser = subparsers.add_parser(
        "validate", help="check the seed's claims and the evidence (DESIGN.md section 3)",
        description="Run the model's checks of DESIGN.md section 3 (the seed's six claims, "
                    "with the scripted bosses over several seeds and team sizes) and a virtual "
                    "meta-analysis, printed beside the published figures. Exit status 0 if "
                    "every check holds, 1 otherwise.")
    parser.add_argument("--quick", action="store_true",
                        help="a small version (2 seeds, one team size, 60 teams) in seconds")
    parser.add_argument("--seeds", type=positive_int, help="seeds per comparison (default 8)")
    parser.set_defaults(handler=handle)
