"""`orgsim validate`: the model's checks of DESIGN.md section 3, printed against the evidence."""

from __future__ import annotations

import argparse
import dataclasses
import json
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sim.choices import SEED_BLOCKS
from sim.commands.arguments import positive_int
from sim.outputs import check_new, write_atomic

if TYPE_CHECKING:
    from sim.analysis.validate import CheckResult

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
    """Run the checks, print each as it finishes, write the rows if asked; exit 0 only if every
    check holds."""
    from sim.analysis.validate import QUICK, WIN_SHARE, Settings, iter_checks
    from sim.analysis.validate_json import document

    # The output is checked before any work, so a bad path costs nothing.
    out = check_new(args.json, "--json", args.overwrite) if args.json else None
    settings = QUICK if args.quick else Settings()
    if args.seeds is not None:
        settings = dataclasses.replace(settings, seeds=args.seeds)
    if args.tuning_seeds:
        settings = dataclasses.replace(settings, seed_block="tuning")
    print(f"orgsim validate: {settings.seeds} seeds, team sizes "
          f"{', '.join(map(str, settings.team_sizes))}; {settings.meta_teams} field-like teams "
          f"in the meta-analysis and {settings.experiment_seeds} paired seeds per level in the "
          f"experiments, on the {settings.seed_block} seeds (from {settings.first_seed})\n"
          "A comparison of two bosses holds if the claimed one does better on the mean over "
          f"seeds and in at least {WIN_SHARE:.0%} of the seeds (a tie counts half); a published "
          "figure holds if the model's is inside the band.\n",
          flush=True)
    start = time.perf_counter()
    results = []
    for check in iter_checks(settings):
        results.append(check)
        print(format_check(check) + "\n", flush=True)
    seconds = time.perf_counter() - start
    held = sum(check.holds for check in results)
    print(f"{held} of {len(results)} checks hold ({seconds:.0f} s)")
    if out is not None:
        text = json.dumps(document(results, settings, round(seconds, 1)), indent=1) + "\n"
        write_atomic(out, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"), "JSON rows")
        print(f"rows written to {out}")
    return 0 if held == len(results) else 1


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `orgsim validate`."""
    parser = subparsers.add_parser(
        "validate", help="check the seed's claims and the evidence (DESIGN.md section 3)",
        description="Run the model's checks of DESIGN.md section 3 (the seed's six claims, "
                    "with the scripted bosses over several seeds and team sizes), a field-like "
                    "virtual meta-analysis and controlled virtual experiments, printed beside the "
                    "published figures. Exit status 0 if every check holds, 1 otherwise.")
    parser.add_argument("--quick", action="store_true",
                        help="a small version (2 seeds, one team size, 72 field-like teams, 2 "
                             "paired seeds per level) in seconds")
    parser.add_argument("--seeds", type=positive_int, help="seeds per comparison (default 8)")
    parser.add_argument("--tuning-seeds", action="store_true",
                        help="run the meta-analysis and the experiments on the tuning seeds "
                             f"(from {SEED_BLOCKS['tuning']}) instead of the held-out ones (from "
                             f"{SEED_BLOCKS['held-out']}): calibrate on these, report the others")
    parser.add_argument("--json", metavar="FILE",
                        help="also write every row (check, name, model, published, band, holds, "
                             "source, figures) to FILE as JSON; its folder must exist")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace an existing --json FILE")
    parser.set_defaults(handler=handle)
