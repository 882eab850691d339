"""Running the bosses of the claim checks over the seeds, once per setup.

Why apart: several claims compare the same bosses on the same level and team size, so the runs
are cached here and shared between checks instead of repeated in each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.analysis.checks import Settings
from sim.levels import Level, load_level
from sim.runner import run
from sim.strategies import STRATEGIES, Strategy


class Runs:
    """Runs each (level, boss, team size, overrides) over the seeds once; checks share them."""

    def __init__(self, settings: Settings) -> None:
        self.seeds = range(settings.seeds)
        self.sizes = settings.team_sizes
        self._levels: dict[str, Level] = {}
        self._cache: dict[tuple, list[pd.DataFrame]] = {}

    def tables(self, level: str, boss: str | Strategy, size: int,
               **overrides: float) -> list[pd.DataFrame]:
        """One per-quarter table per seed."""
        strategy = STRATEGIES[boss] if isinstance(boss, str) else boss
        key = (level, strategy.name, size, tuple(sorted(overrides.items())))
        if key not in self._cache:
            if level not in self._levels:
                self._levels[level] = load_level(level)
            self._cache[key] = [run(self._levels[level], strategy, seed, team_size=size,
                                    **overrides) for seed in self.seeds]
        return self._cache[key]

    def values(self, level: str, boss: str | Strategy, size: int, column: str,
               when: str = "end", **overrides: float) -> np.ndarray:
        """One figure per seed: the column at the first or last quarter, or its total."""
        pick = {"first": lambda s: s.iloc[0], "end": lambda s: s.iloc[-1],
                "total": lambda s: s.sum()}[when]
        return np.array([float(pick(t[column]))
                         for t in self.tables(level, boss, size, **overrides)])
