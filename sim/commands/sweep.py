"""`orgsim sweep`: many headless runs over a grid, in parallel, streamed to a Parquet or CSV file.

Why a thin module: the command only turns flags into `sim.analysis.sweep.sweep` keywords and
prints one summary line; every check and every file rule lives in the library.
"""

from __future__ import annotations

import argparse
import textwrap

from sim.commands.arguments import seconds


def handle(args: argparse.Namespace) -> int:
    """Build the plan from the flags or the plan file and run the sweep."""
    from sim.analysis.errors import SweepError
    from sim.analysis.plan import load_plan, parse_param, split_names
    from sim.analysis.sweep import sweep

    grid_flags = {"--level": args.level, "--strategy": args.strategy,
                  "--decisions": args.decisions, "--seeds": args.seeds, "--param": args.param}
    given = [flag for flag, value in grid_flags.items() if value is not None]
    if args.plan and given:
        raise SweepError(f"give the grid in {args.plan} or as flags ({', '.join(given)}), "
                         "not both")
    plan = load_plan(args.plan) if args.plan else None
    if not args.out and (plan is None or plan.out is None):
        raise SweepError("--out is required: a .parquet dataset folder or a .csv file")
    params = [parse_param(p) for p in args.param] if args.param else None
    grid = {} if plan is not None else {
        "levels": split_names(args.level), "strategies": split_names(args.strategy),
        "decisions": split_names(args.decisions), "seeds": args.seeds, "params": params}
    result = sweep(plan, out=args.out, workers_out=args.workers_out, jobs=args.jobs,
                   scheduler=args.scheduler, resume=args.resume, overwrite=args.overwrite,
                   progress=False if args.quiet else None, flush_seconds=args.flush_seconds,
                   connect_timeout=args.connect_timeout, **grid)
    if not args.quiet:
        earlier = f", {result.skipped} already done" if result.skipped else ""
        workers = f" and worker records in {result.workers_path}" if result.workers_path \
            else ""
        print(f"swept {result.ran} runs in {result.seconds:.1f} s "
              f"({result.runs_per_second:.1f} runs/s{earlier}): results in "
              f"{result.path}{workers}")
    return 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `orgsim sweep`."""
    parser = subparsers.add_parser(
        "sweep", help="many runs over a grid of levels, strategies, seeds and parameters",
        description=textwrap.fill(
            "Run the full factorial of levels x strategies (or decision logs) x level "
            "parameters x seeds in parallel, streaming one row per run and quarter to "
            "a Parquet dataset folder or a CSV file as runs finish. Each run has a "
            "stable id made from its parameter values; a metadata file beside the "
            "results records the orgsim and mesa versions and the full plan.", width=90),
        epilog="examples:\n"
               "  orgsim sweep --strategy leader,manager,balanced --seeds 100 "
               "--out results.parquet\n"
               "  orgsim sweep --level factory_floor,knowledge_team --strategy mix:0,mix:0.5,"
               "mix:1 --param knowledge_share=0:1:0.25 --seeds 10..19 --out landscape.csv\n"
               "  orgsim sweep study.toml --jobs 8 --resume\n"
               "  orgsim sweep study.toml --scheduler tcp://scheduler.example.org:8786",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("plan", nargs="?", metavar="PLAN.toml",
                        help="a TOML plan file (levels, strategies, decisions, seeds, [params], "
                             "out, workers_out); paths in it are relative to the file")
    grid = parser.add_argument_group("the grid (instead of a plan file)")
    grid.add_argument("--level", action="append", metavar="L[,L...]",
                      help="level names or .toml paths (default: knowledge_team)")
    grid.add_argument("--strategy", action="append", metavar="S[,S...]",
                      help="scripted bosses (see 'orgsim strategies') or mix:SHARE, e.g. "
                           "mix:0.3 = 30%% of attention on leadership levers "
                           "(default: leader,manager,balanced)")
    grid.add_argument("--decisions", action="append", metavar="FILE[,FILE...]",
                      help="JSON decision logs to replay beside (or instead of) strategies")
    grid.add_argument("--seeds", metavar="SEEDS",
                      help="a count (100 = seeds 0-99), a range (10..19) or a list (1,5,9); "
                           "default: 10")
    grid.add_argument("--param", action="append", metavar="NAME=VALUES",
                      help="a level parameter and its values: a list (knowledge_share=0.1,0.5) "
                           "or a range start:stop:step with both ends included "
                           "(team_size=10:200:10); repeat for more parameters")
    out = parser.add_argument_group("output")
    out.add_argument("--out", metavar="FILE",
                     help="results: a .parquet dataset folder or a .csv file (its folder must "
                          "exist)")
    out.add_argument("--workers-out", metavar="FILE",
                     help="also write per-worker end-of-quarter records (.parquet or .csv)")
    existing = out.add_mutually_exclusive_group()
    existing.add_argument("--resume", action="store_true",
                          help="continue an interrupted sweep: skip runs already written")
    existing.add_argument("--overwrite", action="store_true",
                          help="replace existing results (else they are refused)")
    out.add_argument("--flush-seconds", type=seconds, default=5.0, metavar="S",
                     help="write finished runs to disk at least this often (default: 5)")
    run = parser.add_argument_group("execution")
    run.add_argument("--jobs", type=int, metavar="N",
                     help="worker processes (default: all cores); with --scheduler local, "
                          "the number of Dask workers")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="run on a Dask cluster: tcp://HOST:PORT, or 'local' to start one "
                          "here (needs pip install 'orgsim[cluster]')")
    run.add_argument("--connect-timeout", type=seconds, default=10.0, metavar="S",
                     help="seconds to wait for the Dask scheduler and a worker (default: 10)")
    run.add_argument("--quiet", action="store_true",
                     help="no progress bar and no summary line")
    parser.set_defaults(handler=handle)
