"""Pick the lessons of the seed text that a finished run illustrates (assets/lessons.json).

Why data: the lessons and the conditions under which each is true of a run are content a
facilitator may want to edit. Conditions are a tiny comparison language read by this module,
never evaluated as code.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from game.assets import load

_OPS = {">": operator.gt, "<": operator.lt, ">=": operator.ge, "<=": operator.le}


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    quote: str
    text: str


def _value(side: Any, runs: dict[str, pd.DataFrame], knowledge_share: float) -> float:
    """A number, 'level.knowledge_share', or 'RUN.COLUMN@WHEN'."""
    if isinstance(side, int | float):
        return float(side)
    if side == "level.knowledge_share":
        return knowledge_share
    ref, _, when = str(side).partition("@")
    run, _, column = ref.partition(".")
    series = runs[run][column]
    if when == "first":
        return float(series.iloc[0])
    if when == "end":
        return float(series.iloc[-1])
    if when == "mean":
        return float(series.mean())
    if when == "total":
        return float(series.sum())
    quarter = int(when)
    return float(series.iloc[min(quarter, len(series)) - 1])


def holds(condition: Any, runs: dict[str, pd.DataFrame], knowledge_share: float) -> bool:
    """Whether a condition is true of these runs (a missing run or column makes it false)."""
    if condition is None:
        return True
    if isinstance(condition, dict):
        if "all" in condition:
            return all(holds(c, runs, knowledge_share) for c in condition["all"])
        if "any" in condition:
            return any(holds(c, runs, knowledge_share) for c in condition["any"])
        return False
    left, op, right = condition
    try:
        return _OPS[op](_value(left, runs, knowledge_share), _value(right, runs, knowledge_share))
    except (KeyError, IndexError, ValueError):
        return False


def lessons_for(runs: dict[str, pd.DataFrame], knowledge_share: float,
                limit: int = 4) -> list[Lesson]:
    """The lessons whose conditions hold, in file order, at most `limit`; never none."""
    chosen, fallback = [], []
    for entry in load("lessons.json")["lessons"]:
        lesson = Lesson(entry["id"], entry["title"], entry["quote"], entry["text"])
        if "when" not in entry:
            fallback.append(lesson)
        elif holds(entry["when"], runs, knowledge_share):
            chosen.append(lesson)
    return (chosen or fallback)[:limit]
