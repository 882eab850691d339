"""`orgsim compare`: strategies (or a decision log against the archetypes) on the same seeds.

Why a thin module: flags become `sim.analysis.compare.compare` keywords; the statistics and the
report live in the library so that scripts and notebooks get the same answers.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from sim.choices import ARCHETYPES, OUTCOMES
from sim.outputs import check_new, write_atomic
from sim.safefile import quote_path

if TYPE_CHECKING:
    from sim.analysis.compare import Comparison


def _check_out(path: str, overwrite: bool) -> Path:
    """--out must end in .csv or .json and follow the output rule (sim.outputs)."""
    from sim.analysis.errors import CompareError

    out = Path(path)
    if out.suffix.lower() not in (".csv", ".json"):
        raise CompareError(f"{quote_path(out)}: --out must end in .csv or .json (the paired "
                           "differences, or summaries and differences)")
    return check_new(out, "--out", overwrite)


def _write(comparison: Comparison, path: Path) -> None:
    """The pairs table as .csv, or both tables as .json, written atomically."""
    def write(tmp: Path) -> None:
        if path.suffix.lower() == ".csv":
            comparison.pairs.to_csv(tmp, index=False)
        else:
            data = {"summary": comparison.summary.to_dict(orient="records"),
                    "pairs": comparison.pairs.to_dict(orient="records")}
            tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    write_atomic(path, write, "comparison")


def handle(args: argparse.Namespace) -> int:
    """Run (or read) the runs, compare them and print the report."""
    from sim.analysis.compare import compare
    from sim.analysis.errors import CompareError
    from sim.analysis.plan import parse_param, split_names

    params = {}
    for arg in args.param or ():
        name, values = parse_param(arg)
        if len(values) != 1:
            raise CompareError(f"--param {name}: a comparison takes one value per parameter")
        params[name] = values
    if args.input and (args.decisions or params or args.seeds is not None):
        raise CompareError("with --input the runs come from the file; drop --decisions, "
                           "--param and --seeds")
    out = _check_out(args.out, args.overwrite) if args.out else None
    comparison = compare(
        strategies=split_names(args.strategy), decisions=split_names(args.decisions) or (),
        level=args.level, seeds=args.seeds if args.seeds is not None else 20,
        params=params, source=args.input, outcomes=split_names(args.outcome), jobs=args.jobs,
        progress=None,
    )
    print(comparison.text(), end="")
    if out is not None:
        _write(comparison, out)
    return 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `orgsim compare`."""
    parser = subparsers.add_parser(
        "compare", help="compare strategies or a decision log on the same seeds",
        description=textwrap.fill(
            "Play two or more strategies (or decision logs) on the same seeds, or read "
            "them from a run or sweep table, and report for each outcome the mean and "
            "95% interval per strategy, the paired difference between each pair, and "
            "which is better with what confidence (a paired sign-flip test). With "
            f"--decisions and no --strategy, the log meets the archetypes "
            f"({', '.join(ARCHETYPES)}).", width=90),
        epilog="examples:\n"
               "  orgsim compare --strategy leader,manager,balanced --seeds 30\n"
               "  orgsim compare --decisions my_game.json --level factory_floor\n"
               "  orgsim compare --input results.parquet --strategy mix:0.25,mix:0.75",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--strategy", action="append", metavar="S[,S...]",
                        help="strategies or mix:SHARE (default: leader,manager,balanced; "
                             "with --decisions: the archetypes)")
    parser.add_argument("--decisions", action="append", metavar="FILE[,FILE...]",
                        help="JSON decision logs to compare against the strategies")
    parser.add_argument("--level", help="level name or .toml path (default: knowledge_team); "
                                        "with --input, keep only this level's runs")
    parser.add_argument("--seeds", metavar="SEEDS",
                        help="a count (20 = seeds 0-19), a range (10..19) or a list (default: "
                             "20)")
    parser.add_argument("--param", action="append", metavar="NAME=VALUE",
                        help="set a level parameter for every run, e.g. knowledge_share=0.3")
    parser.add_argument("--input", metavar="FILE",
                        help="compare runs from a run or sweep table instead of running them")
    parser.add_argument("--outcome", action="append", metavar="O[,O...]",
                        help=f"outcomes to compare (default: all of {', '.join(OUTCOMES)})")
    parser.add_argument("--jobs", type=int, metavar="N",
                        help="worker processes (default: all cores)")
    parser.add_argument("--out", metavar="FILE",
                        help="also write the comparison: .csv (paired differences) or .json; "
                             "its folder must exist")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace the --out file if it exists (else it is refused)")
    parser.set_defaults(handler=handle)
