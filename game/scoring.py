"""Stars and goals as the player reads them. The scoring itself is sim's (`sim.score`,
`sim.stars`: a level's stars are the fewest earned on any goal), so the game, the CLI and
workshops agree; this module only words and formats it."""

from __future__ import annotations

import pandas as pd

import sim
from game.assets import text

PERCENT_METRICS = ("morale", "trust", "skill", "exhaustion")


def score(level: sim.Level, table: pd.DataFrame) -> list[sim.GoalResult]:
    """Every goal of the level scored on this run's table (sim's rule)."""
    return sim.score(level, table)


def overall(results: list[sim.GoalResult]) -> int:
    """The level's stars, 0-3 (sim's rule: the weakest goal counts)."""
    return sim.stars(results)


def passed(results: list[sim.GoalResult]) -> bool:
    """A level is passed with at least one star, which opens the levels that follow it."""
    return overall(results) >= 1


def format_value(metric: str, value: float) -> str:
    """A goal metric as the player reads it: shares as percentages, counts as numbers."""
    return f"{value:.0%}" if metric in PERCENT_METRICS else f"{value:,.0f}"


def format_difference(metric: str, difference: float) -> str:
    """A change in a goal metric, signed: percentage points for shares, else a number."""
    if metric in PERCENT_METRICS:
        return f"{difference * 100:+.0f} points"
    return f"{difference:+,.0f}"


def describe(goal: object) -> str:
    """'Reports delivered: at least 220, 280 or 350 for one, two or three stars'."""
    one, two, three = (format_value(goal.metric, t) for t in goal.stars)
    return text(f"goals.{goal.better}", label=goal.label, one=one, two=two, three=three)
