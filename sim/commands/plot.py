"""`orgsim plot`: figures of a run or sweep table as PNG and SVG files.

Why a thin module: the figures are built by `sim.analysis.plot` so that notebooks and scripts
draw exactly what the command draws.
"""

from __future__ import annotations

import argparse
import textwrap

from sim.choices import OUTCOMES, PLOT_FORMATS, PLOT_KINDS


def handle(args: argparse.Namespace) -> int:
    """Draw the figures and list the files written."""
    from sim.analysis.plan import split_names
    from sim.analysis.plot import plot

    written = plot(args.input, args.out, kinds=split_names(args.kind),
                   formats=split_names(args.format) or PLOT_FORMATS, outcome_name=args.outcome,
                   overwrite=args.overwrite)
    for path in written:
        print(path)
    return 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `orgsim plot`."""
    parser = subparsers.add_parser(
        "plot", help="draw figures of a run or sweep table (PNG and SVG)",
        description=textwrap.fill(
            "Draw figures from a run or sweep table (.csv, .parquet file or dataset "
            "folder, .json): 'trends' (morale, output, trust, skill and quits over the "
            "quarters per strategy, with 95% confidence bands across seeds; one figure "
            "per level), 'cumulative' (cumulative output by strategy and level) and "
            "'landscape' (a heat map of an outcome against leadership share and "
            "knowledge_share; needs a sweep over mix:SHARE strategies and "
            "knowledge_share). The figures folder is made if its parent folder exists; "
            "figures already in it are refused unless --overwrite is given.", width=90),
        epilog="example:\n"
               "  orgsim sweep --strategy mix:0,mix:0.25,mix:0.5,mix:0.75,mix:1 "
               "--param knowledge_share=0:1:0.25 --seeds 10 --out land.parquet\n"
               "  orgsim plot land.parquet --out figures --outcome morale",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", metavar="RESULTS", help="a run or sweep table")
    parser.add_argument("--out", default="plots", metavar="DIR",
                        help="folder for the figures, made if its parent folder exists "
                             "(default: plots)")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace figures of the same name already in the folder")
    parser.add_argument("--kind", action="append", metavar="K[,K...]",
                        help=f"figures to draw: {', '.join(PLOT_KINDS)} (default: every kind the "
                             "data supports)")
    parser.add_argument("--format", action="append", metavar="F[,F...]",
                        help=f"image formats: {', '.join(PLOT_FORMATS)} (default: both)")
    parser.add_argument("--outcome", default="output_cum", choices=list(OUTCOMES),
                        help="outcome for the landscape (default: output_cum)")
    parser.set_defaults(handler=handle)
