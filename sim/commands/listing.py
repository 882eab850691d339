"""`orgsim levels` and `orgsim strategies`: what there is to play, one line each.

Why only sim.levels and sim/strategy_names.py: both lists print in a blink, without numpy,
pandas or Mesa (issue 12: start-up).
"""

from __future__ import annotations

import argparse

from sim.levels import built_in_levels
from sim.strategy_names import STRATEGY_DESCRIPTIONS


def level_lines() -> list[str]:
    """One line per built-in level, in play order: name, title, the numbers, the lesson."""
    lines = []
    for lv in built_in_levels():     # each file read once
        lines.append(
            f"{lv.name:<17} {lv.title:<28} knowledge {lv.knowledge_share:.2f}  "
            f"team {lv.team_size:>3}  {lv.quarters:>2} quarters  {lv.learning_goal}"
        )
    return lines


def strategy_lines() -> list[str]:
    """One line per scripted boss: name and description."""
    return [f"{name:<10} {description}" for name, description in STRATEGY_DESCRIPTIONS.items()]


def _print(lines: list[str]) -> int:
    print("\n".join(lines))
    return 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `orgsim levels` and `orgsim strategies`."""
    levels = subparsers.add_parser(
        "levels", help="list the levels",
        description="List the built-in levels: name, title, knowledge share, team size, "
                    "quarters and what the level teaches.")
    levels.set_defaults(handler=lambda args: _print(level_lines()))
    strategies = subparsers.add_parser(
        "strategies", help="list the scripted bosses",
        description="List the scripted bosses (strategies) with a one-line description.")
    strategies.set_defaults(handler=lambda args: _print(strategy_lines()))
