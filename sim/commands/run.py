"""`orgsim run`: play one level headless and write the per-quarter table (or print it).

Why a module of its own: the table writer (CSV, Parquet, JSON by extension, written atomically)
is shared by anything that saves tables, and the terminal view is for a quick look.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sim.commands.arguments import seed
from sim.errors import DecisionError, OrgsimError
from sim.levels import Level, load_level
from sim.outputs import check_new, write_atomic
from sim.safefile import quote, quote_path

if TYPE_CHECKING:
    import pandas as pd

    from sim.decisions import Decision

#: Columns shown on the terminal, with their number formats.
SHOWN: dict[str, str] = {
    "quarter": "{:d}", "output": "{:.1f}", "output_cum": "{:.1f}", "morale": "{:.2f}",
    "trust": "{:.2f}", "skill": "{:.2f}", "exhaustion": "{:.2f}", "headcount": "{:d}",
    "hires": "{:d}", "quits": "{:d}", "cost": "{:.0f}",
}


def _json(frame: pd.DataFrame, path: Path) -> None:
    records = frame.to_dict(orient="records")
    path.write_text(json.dumps(records, indent=1) + "\n", encoding="utf-8")


def _parquet(frame: pd.DataFrame, path: Path) -> None:
    try:
        frame.to_parquet(path, index=False)
    except ImportError:
        raise OrgsimError(
            f"{path}: writing .parquet needs pyarrow (pip install pyarrow)"
        ) from None


WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {
    ".csv": lambda frame, path: frame.to_csv(path, index=False),
    ".parquet": _parquet,
    ".json": _json,
}


def check_out_path(path: str | Path, overwrite: bool = False) -> Path:
    """The output path, if its extension is known and it may be written (see sim.outputs)."""
    path = Path(path)
    if path.suffix.lower() not in WRITERS:
        raise OrgsimError(
            f"{quote_path(path)}: unknown output extension {quote(path.suffix or '(none)')}; "
            f"expected one of {', '.join(WRITERS)}"
        )
    return check_new(path, "--out", overwrite)


def write_table(frame: pd.DataFrame, path: str | Path, overwrite: bool = False) -> Path:
    """Write a table by extension, atomically (a reader or a crash never sees half a file)."""
    path = check_out_path(path, overwrite)
    return write_atomic(path, lambda tmp: WRITERS[path.suffix.lower()](frame, tmp), "table")


def format_table(frame: pd.DataFrame) -> str:
    """The key columns, rounded and aligned, for the terminal."""
    formatters = {col: fmt.format for col, fmt in SHOWN.items()}
    return frame[list(SHOWN)].to_string(index=False, formatters=formatters)


def _overrides(args: argparse.Namespace) -> dict[str, float | int]:
    given = {"quarters": args.quarters, "knowledge_share": args.knowledge_share,
             "team_size": args.team_size}
    return {key: value for key, value in given.items() if value is not None}


def _load_decisions(path: str, level: Level) -> list[Decision]:
    """Read a decision log and check every decision against the level now, naming the file."""
    from sim.decisions import load_decision_log, validate_decision

    decisions = load_decision_log(path)
    for i, decision in enumerate(decisions, start=1):
        validate_decision(decision, level, where=f"{path}: quarter {i}")
    return decisions


def handle(args: argparse.Namespace) -> int:
    """Run the level and write or print its table. The level, the output path and the
    decision log are checked before the model is imported, so a mistyped name is told in a
    blink rather than after the two seconds Mesa and pandas take to load."""
    out = check_out_path(args.out, args.overwrite) if args.out else None
    level = load_level(args.level)
    overrides = _overrides(args)
    level = level.with_overrides(**overrides) if overrides else level
    decisions = _load_decisions(args.decisions, level) if args.decisions else None
    from sim.runner import run

    try:
        frame = run(level, args.strategy or "balanced", args.seed, decisions=decisions)
    except DecisionError as exc:
        if args.decisions:
            raise DecisionError(f"{args.decisions}: {exc}") from None
        raise
    if out is not None:
        write_table(frame, out, overwrite=True)   # checked above
        print(f"wrote {len(frame)} quarters to {out}")
        return 0
    who = f"decisions from {args.decisions}" if args.decisions else frame["strategy"].iloc[0]
    print(f"{level.title} ({level.name}), {who}, seed {args.seed}; output in "
          f"{level.output_unit}, cost in thousands")
    print(format_table(frame))
    return 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `orgsim run`."""
    parser = subparsers.add_parser(
        "run", help="play a level headless and write the per-quarter table",
        description="Play a whole level headless with a scripted boss (or a recorded decision "
                    "log) and write the per-quarter table to FILE (.csv, .parquet or .json), "
                    "or print the key columns when no --out is given.",
    )
    parser.add_argument("--level", default="knowledge_team",
                        help="level name or path to a .toml file (default: knowledge_team)")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--strategy", help="scripted boss (see 'orgsim strategies'; "
                                        "default: balanced)")
    who.add_argument("--decisions", metavar="FILE",
                     help="replay a JSON decision log, one decision per quarter")
    parser.add_argument("--seed", type=seed, default=0,
                        help="random seed, 0 or more (default: 0)")
    parser.add_argument("--quarters", type=int, help="override the level's number of quarters")
    parser.add_argument("--knowledge-share", type=float,
                        help="override the level's knowledge_share (0 routine - 1 knowledge)")
    parser.add_argument("--team-size", type=int, help="override the level's team size")
    parser.add_argument("--out", metavar="FILE",
                        help="write the table to FILE (.csv, .parquet or .json); its folder "
                             "must exist")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace FILE if it exists (else an existing FILE is refused)")
    parser.set_defaults(handler=handle)
