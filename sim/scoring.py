"""Stars against a level's goals, from the per-quarter table.

A level's stars are the fewest stars earned on any one goal: a boss who hits the output target
by burning the team out has not passed a level whose goals include morale. It lives in `sim` so
the game, the CLI, workshops and analysts all score a run the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.levels import Goal, Level

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class GoalResult:
    """One goal, the value the run reached and the stars it earned (0-3)."""

    goal: Goal
    value: float
    stars: int


def goal_value(goal: Goal, table: pd.DataFrame | Mapping[str, Sequence[float]]) -> float:
    """The goal's metric in the last quarter ("end"), averaged ("mean") or summed ("total").

    `table` is the per-quarter table, or any mapping of its columns to their values by quarter
    (`OrgModel.columns`, which spares a search's runs the DataFrame). Either gives the same
    bits as pandas' own mean and sum: numpy's pairwise sum, divided by the count."""
    column = np.asarray(table[goal.metric], dtype=np.float64)
    if not len(column):
        return 0.0
    if goal.at == "mean":
        return float(np.add.reduce(column)) / len(column)
    if goal.at == "total":
        return float(np.add.reduce(column))
    return float(column[-1])


def goal_stars(goal: Goal, value: float) -> int:
    """How many of the goal's three thresholds the value reaches."""
    if goal.better == "lower":
        return sum(1 for threshold in goal.stars if value <= threshold)
    return sum(1 for threshold in goal.stars if value >= threshold)


def score(level: Level, table: pd.DataFrame | Mapping[str, Sequence[float]]
          ) -> list[GoalResult]:
    """Every goal of the level, scored on this run's table (or its columns: `goal_value`)."""
    results = []
    for goal in level.goals:
        value = goal_value(goal, table)
        results.append(GoalResult(goal, value, goal_stars(goal, value)))
    return results


def stars(results: list[GoalResult]) -> int:
    """The level's stars (0-3): the fewest earned on any goal (3 when there are no goals)."""
    return min((r.stars for r in results), default=3)
