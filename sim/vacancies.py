"""Who is missing, and because of what: the places leavers leave, split over the causes that
made them leave, until a newcomer has filled the place and ramped up; and the shock a week's
quits give the colleagues who stay, split the same way.

Why: quits are consequences of the boss's decisions (and of chance). Without this bookkeeping
their effects (the overload of those who stay, the shock of seeing colleagues go) would all land
in the catch-all "drift" row of the explanation by decision.
"""

from __future__ import annotations

import numpy as np

from sim.workforce import Compaction


class Vacancies:
    """Open places and newcomers' places as (causes x ...) weights, row-aligned with causes."""

    def __init__(self, causes: int, workers: int) -> None:
        self.open: list[np.ndarray] = []                  # each place split over causes
        self.replacing = np.zeros((causes, workers))      # a newcomer's place, as it was split
        self._quits = np.zeros(causes)                    # voluntary leavers since the week began
        self.shock = np.zeros(causes)                     # this week's shock to colleagues

    def grow(self) -> None:
        """One more cause (a new last row everywhere)."""
        self.replacing = np.vstack([self.replacing, np.zeros((1, self.replacing.shape[1]))])
        self._quits = np.append(self._quits, 0.0)
        self.shock = np.append(self.shock, 0.0)

    def _padded(self, v: np.ndarray) -> np.ndarray:
        return np.pad(v, (0, len(self.shock) - len(v)))

    def left(self, weights: np.ndarray, plan: Compaction, voluntary: bool) -> None:
        """Leavers (`weights`: causes x leavers, each column summing to 1) open places."""
        if voluntary:
            self._quits += weights.sum(axis=1)
        self.open.extend(weights.T.copy())
        self.replacing = plan.apply(self.replacing)

    def joined(self, count: int) -> None:
        """Newcomers fill the oldest open places first (recruits for no open place fill none)."""
        filled = np.zeros((len(self.shock), count))
        for j in range(count):
            if self.open:
                filled[:, j] = self._padded(self.open.pop(0))
        self.replacing = np.hstack([self.replacing, filled])

    def begin_week(self, recent_quits: float) -> None:
        """Split the share of the team that quit last week (the week's shock to colleagues)
        over the causes of the quits since the last week began."""
        total = self._quits.sum()
        self.shock = recent_quits * self._quits / total if total > 0 else np.zeros_like(
            self._quits)
        self._quits = np.zeros_like(self._quits)

    def vacant(self, ramp: np.ndarray) -> np.ndarray:
        """Missing capacity by cause, in people: open places, and newcomers' ramp shortfall."""
        vacant = (self.replacing * (1.0 - ramp)).sum(axis=1)
        for v in self.open:
            vacant += self._padded(v)
        return vacant
