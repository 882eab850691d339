"""`orgsim replay`: what if one quarter of a finished game had been decided differently?

Reads a game's result file (written by the debrief), changes one quarter's decision, replays the
rest on the same seed and luck (sim/whatif.py) and prints each goal both ways; `--out` writes the
changed game (its decisions as played and its per-quarter table) as JSON.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sim
from sim.commands.arguments import positive_int
from sim.errors import DecisionError, OrgsimError
from sim.levels import level_names, load_level
from sim.outputs import check_new, write_atomic
from sim.safefile import quote, quote_path, read_json

if TYPE_CHECKING:
    from sim.decisions import Decision
    from sim.whatif import WhatIf

RESULT_FORMAT = "orgsim-result"
WHATIF_FORMAT = "orgsim-whatif"


def read_result(path: str | Path) -> dict[str, Any]:
    """A result file's level, seed, overrides and decisions, checked; a file from another
    model version is refused (its decisions would play out differently)."""
    from sim.decisions import Decision

    source = quote_path(Path(path))
    data = read_json(path, "result file", OrgsimError)
    if not isinstance(data, dict) or data.get("format") != RESULT_FORMAT:
        raise OrgsimError(f"{source}: not an orgsim result file (expected \"format\": "
                          f"\"{RESULT_FORMAT}\")")
    made_with = data.get("orgsim_version")
    if made_with != sim.__version__:
        other = (f"orgsim {quote(made_with)}" if isinstance(made_with, str)
                 else "an orgsim older than 0.4.3")
        raise OrgsimError(f"{source}: was made with {other}; this is orgsim "
                          f"{sim.__version__}, whose model plays the same decisions out "
                          "differently, so the game cannot be replayed")
    level, seed = data.get("level"), data.get("seed")
    if not isinstance(level, str) or level not in level_names():
        raise OrgsimError(f"{source}: key 'level' must be a built-in level's name "
                          f"({', '.join(level_names())}), got {quote(level)}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise OrgsimError(f"{source}: key 'seed' must be a whole number, 0 or more, got "
                          f"{quote(seed)}")
    overrides = data.get("overrides", {})
    if not isinstance(overrides, dict):
        raise OrgsimError(f"{source}: key 'overrides' must be an object")
    log = data.get("decisions")
    if not isinstance(log, list) or not log:
        raise OrgsimError(f"{source}: key 'decisions' must be a non-empty list, one per quarter")
    decisions = [Decision.from_dict(d, where=f"{source}: quarter {i + 1}")
                 for i, d in enumerate(log)]
    return {"level": level, "seed": seed, "overrides": overrides, "decisions": decisions}


def read_decision(path: str | Path) -> Decision:
    """One quarter's decision from a JSON file (an object, as in a decision log)."""
    from sim.decisions import Decision

    source = quote_path(Path(path))
    data = read_json(path, "decision file", DecisionError)
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        raise DecisionError(f"{source}: expected one decision (a JSON object with "
                            "'attention' and optional actions)")
    return Decision.from_dict(data, where=source)


def report(w: WhatIf) -> str:
    """The goals both ways, for the terminal."""
    from sim.whatif import summary

    lines = [f"{w.level.title} ({w.level.name}), seed {w.seed}: quarter {w.from_quarter} "
             "decided differently, the rest replayed on the same luck", ""]
    width = max(len(row["goal"]) for row in summary(w)) if w.level.goals else 4
    lines.append(f"  {'goal':<{width}}  {'as played':>14}  {'changed':>14}  {'difference':>11}")
    for row in summary(w):
        lines.append(f"  {row['goal']:<{width}}  {row['played']:>10,.2f} {row['played_stars']}*"
                     f"  {row['changed']:>10,.2f} {row['changed_stars']}*"
                     f"  {row['difference']:>+11,.2f}")
    lines.append(f"  {'stars':<{width}}  {sim.stars([a for a, _ in w.goals]):>13}*"
                 f"  {sim.stars([b for _, b in w.goals]):>13}*")
    for note in w.dropped:
        lines.append(f"  dropped: {note}")
    return "\n".join(lines)


def handle(args: argparse.Namespace) -> int:
    from sim.whatif import summary, what_if

    out = check_new(Path(args.out), "--out", args.overwrite) if args.out else None
    game = read_result(args.result)
    level = load_level(game["level"])
    if game["overrides"]:
        level = level.with_overrides(**game["overrides"])
    decision = read_decision(args.decision)
    w = what_if(level, game["seed"], game["decisions"], args.from_quarter, decision)
    print(report(w))
    if out is not None:
        data = {"format": WHATIF_FORMAT, "orgsim_version": sim.__version__,
                "level": level.name, "seed": w.seed, "overrides": game["overrides"],
                "from_quarter": w.from_quarter, "decisions": [d.to_dict() for d in w.decisions],
                "dropped": list(w.dropped), "goals": summary(w),
                "table": json.loads(w.changed.to_json(orient="records"))}
        write_atomic(out, lambda tmp: tmp.write_text(json.dumps(data, indent=1) + "\n",
                                                     encoding="utf-8"), "what-if")
        print(f"wrote the changed game to {out}")
    return 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `orgsim replay`."""
    parser = subparsers.add_parser(
        "replay", help="what if one quarter of a finished game had been decided differently",
        description="Replay a finished game (its result file, from the debrief) with one "
                    "quarter's decision changed, on the same seed and luck, and print each goal "
                    "as played and as changed. Later decisions are kept where they still apply "
                    "(an action on someone who has left is dropped, and said so).",
    )
    parser.add_argument("result", metavar="RESULT", help="a result file (.json) of a game")
    parser.add_argument("--from-quarter", type=positive_int, required=True, metavar="Q",
                        help="the quarter to decide differently (1-based)")
    parser.add_argument("--decision", required=True, metavar="FILE",
                        help="the new decision for that quarter (a JSON object)")
    parser.add_argument("--out", metavar="FILE", help="write the changed game to FILE (.json)")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace FILE if it exists (else an existing FILE is refused)")
    parser.set_defaults(handler=handle)
