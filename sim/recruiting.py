"""Recruits on their way: how many people arrive in how many more weeks.

Why counts by the week they are due rather than a countdown per person: about 30 people a week
leave a 10,000-person team and are replaced some weeks later, and counting every person's
countdown down each week was a twentieth of a large team's year.
"""

from __future__ import annotations

import numpy as np


class Recruiting:
    """Recruits hired and not yet arrived, by the week they are due (on a clock of its own
    that `arrive` and `pass_weeks` move on one week per week played)."""

    def __init__(self) -> None:
        self._clock = 0
        self._due: dict[int, int] = {}

    def __len__(self) -> int:
        return sum(self._due.values())

    def hire(self, n: int, weeks: int) -> None:
        """n recruits who arrive at the `weeks`-th `arrive` from now (at once if 0 or less)."""
        if n > 0:
            due = self._clock + max(weeks, 1)
            self._due[due] = self._due.get(due, 0) + n

    def weeks_to_next(self) -> int | None:
        """In how many weeks the next recruits arrive (1: the next week), None if none come."""
        return min(self._due) - self._clock if self._due else None

    def due(self, weeks: int) -> np.ndarray:
        """How many recruits arrive in each of the next `weeks` weeks."""
        counts = np.zeros(weeks, dtype=np.int64)
        for due, n in self._due.items():
            if 1 <= due - self._clock <= weeks:
                counts[due - self._clock - 1] += n
        return counts

    def pass_weeks(self, weeks: int) -> None:
        """Weeks in which nobody arrives (`weeks_to_next` is beyond them)."""
        self._clock += weeks

    def arrive(self) -> int:
        """A week goes by: how many recruits arrive in it."""
        self._clock += 1
        return self._due.pop(self._clock, 0)
