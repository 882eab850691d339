"""Racing a plan's runs hardest first: which runs a race plays first, and what a race returns.

Why: a search (`sim.analysis.balance.minimise`) stops playing a trial plan once it cannot beat
the plan it competes with. A plan's runs (its seeds, or its levels and seeds) are not equally
hard: most trials lose their stars on the same few (the universal search's trials, on the
startup and turnaround levels, which were its third and sixth). Playing the runs that lost
stars most often so far first stops a losing trial sooner, and never changes the search: a
trial that can still win is played in full, and its energy is added up in the runs' own order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sim.analysis.balance_plans import MAX_STARS, RACE_MARGIN, RunScore


@dataclass(frozen=True)
class Race:
    """What racing one plan gave: its energy (or, stopped, a stand-in that loses as its energy
    would), the runs it took, and the stars each run earned as (unit, stars), in play order."""

    energy: float
    runs: int
    stars: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, energy: float, scores: dict[int, RunScore]) -> Race:
        """A race that played `scores` (unit: its run's score, in play order)."""
        return cls(energy, len(scores), tuple((unit, score.stars)
                                              for unit, score in scores.items()))


def race_runs(units: int, order: Sequence[int] | None, play: Callable[[int], RunScore],
              bound: Callable[[dict[int, RunScore]], float],
              score: Callable[[dict[int, RunScore]], float], beat: float) -> Race:
    """Play a plan's runs (`units` of them, by index) in `order` (default: their own) until
    the plan cannot reach energy `beat`: `bound` of the runs played so far (in play order) is
    the best score the plan can still reach if every run still to play earns full marks; once
    minus that loses to `beat`, the race stops with it, which loses to `beat` as the full
    score would. Played in full, the energy is minus `score` of all the runs, which adds them
    up in their own order, whatever order they were played in. One mechanism for a level's
    objective (`balance.PlanObjective`: its seeds) and the universal one (its levels' seeds)."""
    scores: dict[int, RunScore] = {}
    for unit in range(units) if order is None else order:
        scores[unit] = play(unit)
        if len(scores) < units:
            best = bound(scores)
            if -best > beat + RACE_MARGIN:
                return Race.of(-best, scores)
    return Race.of(-score(scores), scores)


class HardestFirst:
    """The order in which races play a plan's `units` runs: the runs that lost the most stars
    per play so far first, ties (and runs not yet played) in their own order. It learns only
    from the races `record` is given, in order, so the same searches give the same orders
    however many processes play them."""

    def __init__(self, units: int) -> None:
        self.lost = [0] * units
        self.played = [0] * units

    def order(self) -> tuple[int, ...]:
        rate = [lost / played if played else 0.0
                for lost, played in zip(self.lost, self.played, strict=True)]
        return tuple(sorted(range(len(rate)), key=lambda unit: (-rate[unit], unit)))

    def record(self, races: Iterable[Race]) -> None:
        for race in races:
            for unit, stars in race.stars:
                self.lost[unit] += MAX_STARS - stars
                self.played[unit] += 1
