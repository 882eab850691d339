"""Turnover and newcomers, measured the way an HR analyst would: annual turnover, the worst
quarter, and how far joiners and leavers move the team's mean morale.

Why apart: the turnover rules of issue 9 (annual turnover 5-20% under a good boss, 25-60% under a
bad one; no quarter in which more than max(25% of the team, 2 people) quit unless an event says
so) and the newcomer rule (the joiners-and-leavers term does not prop up the team mean) are
checked by a test over many seeds and quoted in the README; both read the figures from here, so
the README's table is what the test measures.

Definitions:
- annual turnover = voluntary quits per year / mean headcount (the usual HR definition; the
  headcount is averaged over the quarter ends and the start of the level);
- a quarter's quota = max(2, floor(25% of the headcount at the quarter's start)), as in the
  model; quits an event caused (a star poached) are excused, since the event says so;
- composition = the sum over the level's quarters of the "joiners and leavers" row of the
  team's morale explanation (how much the changing membership moved the team mean).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.backends import map_in, warm_pool
from sim.choices import default_jobs
from sim.explain import COMPOSITION
from sim.levels import Level, load_level
from sim.model import QUIT_QUOTA, OrgModel
from sim.strategies import STRATEGIES, get_strategy

#: The bosses issue 9 calls good (annual turnover 5-20%) and bad (25-60%). The manager is bad
#: only in knowledge work: DESIGN.md's claims say control without leadership burns knowledge
#: workers out (claim 5) and that a leader ends with fewer quits than a manager there (claim 2);
#: on the factory floor management is the era's right answer (claim 4) and the one-year
#: tutorial is too short to say.
GOOD = ("leader", "balanced", "adaptive")
BAD = ("neglect",)
BAD_IN_KNOWLEDGE_WORK = ("manager",)
KNOWLEDGE_ERA = "knowledge work"
#: Every scripted boss the quarterly rule is checked against (sim.strategies.STRATEGIES).
EVERY_BOSS = tuple(STRATEGIES)
GOOD_BAND = (0.05, 0.20)
BAD_BAND = (0.25, 0.60)


def band(level: str | Level, boss: str) -> tuple[float, float] | None:
    """The annual turnover band a boss must meet on a level, or None if the rule says nothing
    about them (the manager off knowledge work, the random boss and the mixes)."""
    loaded = load_level(level) if isinstance(level, str) else level
    if boss in GOOD:
        return GOOD_BAND
    if boss in BAD or (boss in BAD_IN_KNOWLEDGE_WORK and loaded.era == KNOWLEDGE_ERA):
        return BAD_BAND
    return None


@dataclass(frozen=True)
class Spec:
    """One run: a level (name or loaded), a boss, a seed and level overrides."""

    level: str | Level
    boss: str
    seed: int
    overrides: tuple[tuple[str, Any], ...] = ()
    events: bool = True

    @property
    def level_name(self) -> str:
        return self.level if isinstance(self.level, str) else self.level.name


@dataclass(frozen=True)
class Figures:
    """What one run says about turnover and newcomers."""

    level: str
    boss: str
    seed: int
    team_size: int
    events: bool
    quarters: int
    starts: tuple[int, ...]           # per quarter, the headcount at its start
    quits: tuple[int, ...]            # per quarter
    event_quits: tuple[int, ...]      # per quarter, quits an event caused (a star poached)
    quota: tuple[int, ...]            # per quarter, max(2, 25% of the team at its start)
    held_back: int                    # person-weeks the quarterly quota held someone back
    mean_headcount: float
    morale: float                     # team mean at the end
    morale_stayers: float             # mean of those present since the start, at the end
    stayers_left: int                 # how many of the starting team are still there
    composition: float                # sum over quarters of the joiners-and-leavers row
    final: dict[str, float]           # the last row's other measures

    @property
    def annual_turnover(self) -> float:
        years = self.quarters / 4.0
        return sum(self.quits) / years / max(self.mean_headcount, 1e-9)

    @property
    def worst_quarter(self) -> float:
        """The largest share of the team (at the quarter's start) that quit in one quarter."""
        return max((q / max(s, 1) for q, s in zip(self.quits, self.starts, strict=True)),
                   default=0.0)

    @property
    def over_quota(self) -> int:
        """Quarters in which more people quit than the quota allows, events' quits excused."""
        return sum(q - e > k for q, e, k in zip(self.quits, self.event_quits, self.quota,
                                                strict=True))


def _quota(headcount: int) -> int:
    return max(2, int(QUIT_QUOTA * headcount))


def measure(spec: Spec) -> Figures:
    """Play one run and measure it."""
    level = load_level(spec.level) if isinstance(spec.level, str) else spec.level
    if not spec.events:
        level = dataclasses.replace(level, events=())
    model = OrgModel(level, strategy=get_strategy(spec.boss), seed=spec.seed,
                     **dict(spec.overrides))
    starts = []
    while model.running:
        starts.append(len(model.workforce))
        model.run_quarter()
    table = model.table()
    event_quits = [0] * len(table)
    for fired in model.fired:
        if fired.star_left:
            event_quits[fired.quarter - 1] += 1
    composition = sum(model.explain(q).contributions.get(COMPOSITION, 0.0)
                      for q in range(1, model.quarter + 1))
    stayed = int(np.isin(model.workforce.ids, model.stayers).sum())
    last = table.iloc[-1]
    heads = [model.level.team_size, *table["headcount"].tolist()]
    return Figures(
        level=model.level.name, boss=spec.boss, seed=spec.seed,
        team_size=model.level.team_size, events=spec.events, quarters=len(table),
        starts=tuple(starts), quits=tuple(int(q) for q in table["quits"]),
        event_quits=tuple(event_quits),
        quota=tuple(_quota(s) for s in starts), held_back=model.quits_held_back,
        mean_headcount=float(np.mean(heads)), morale=float(last["morale"]),
        morale_stayers=float(last["morale_stayers"]), stayers_left=stayed,
        composition=float(composition),
        final={c: float(last[c]) for c in ("trust", "exhaustion", "output_cum")},
    )


def measure_many(specs: Sequence[Spec], jobs: int | None = None) -> list[Figures]:
    """Measure many runs, in `jobs` processes (default: the cores this process may use)."""
    jobs = jobs or default_jobs()
    if jobs <= 1 or len(specs) < 8:
        return [measure(s) for s in specs]
    chunk = max(1, math.ceil(len(specs) / (jobs * 8)))
    with warm_pool(jobs) as pool:
        return list(map_in(pool, measure, specs, chunk))


def frame(figures: Iterable[Figures]) -> pd.DataFrame:
    """One row per run: the figures the rules and the README use."""
    return pd.DataFrame([{
        "level": f.level, "boss": f.boss, "seed": f.seed, "team_size": f.team_size,
        "events": f.events, "quarters": f.quarters, "quits": sum(f.quits),
        "annual_turnover": f.annual_turnover, "worst_quarter": f.worst_quarter,
        "worst_quits": max(f.quits, default=0), "over_quota": f.over_quota,
        "held_back": f.held_back, "morale": f.morale,
        "morale_stayers": f.morale_stayers if f.stayers_left else float("nan"),
        "stayers_left": f.stayers_left, "composition": f.composition, **f.final,
    } for f in figures])


def summary(runs: pd.DataFrame) -> pd.DataFrame:
    """Per level and boss: mean annual turnover, its 5th-95th percentiles, the worst quarter,
    quarters over the quota, and stayers' morale against the team's (over the runs in which
    someone from the start is left)."""
    runs = runs.assign(stayers_gap=runs["morale"] - runs["morale_stayers"])
    g = runs.groupby(["level", "boss"], sort=False)
    return pd.DataFrame({
        "turnover": g["annual_turnover"].mean(),
        "turnover_p05": g["annual_turnover"].quantile(0.05),
        "turnover_p95": g["annual_turnover"].quantile(0.95),
        "worst_quarter": g["worst_quarter"].max(),
        "over_quota": g["over_quota"].sum(),
        "held_back": g["held_back"].mean(),
        "morale": g["morale"].mean(),
        "morale_stayers": g["morale_stayers"].mean(),
        "stayers_gap": g["stayers_gap"].mean(),
        "composition": g["composition"].mean(),
    }).reset_index()


def standard_runs(seeds: int = 50, bosses: Sequence[str] = EVERY_BOSS,
                  levels: Sequence[str] | None = None, jobs: int | None = None) -> pd.DataFrame:
    """Every level (at its own size, with its events) x boss x seeds 1..`seeds`: the runs the
    turnover test and the README's table use."""
    from sim.levels import level_names

    names = list(levels) if levels is not None else level_names()
    specs = [Spec(level, boss, seed) for level in names for boss in bosses
             for seed in range(1, seeds + 1)]
    return frame(measure_many(specs, jobs))


def markdown(runs: pd.DataFrame) -> str:
    """The README's table: per level and boss, annual turnover (mean and 5-95% of seeds), the
    worst quarter, and the end's team and stayers' morale."""
    sm = summary(runs)
    lines = ["| level | boss | rule | annual turnover, mean (5-95%) | worst quarter | "
             "morale: team / stayers |", "|---|---|---|---|---|---|"]
    for row in sm.itertuples():
        rule = band(row.level, row.boss)
        kind = "-" if rule is None else ("good" if rule == GOOD_BAND else "bad")
        lines.append(
            f"| {row.level} | {row.boss} | {kind} | {row.turnover:.0%} "
            f"({row.turnover_p05:.0%}-{row.turnover_p95:.0%}) | {row.worst_quarter:.0%} | "
            f"{row.morale:.2f} / {row.morale_stayers:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":   # python -m sim.analysis.turnover [SEEDS]: the README's table
    import sys

    print(markdown(standard_runs(int(sys.argv[1]) if len(sys.argv) > 1 else 50)))
