"""No universal recipe: the one plan that does best on every level at once, and how each level's
best plan fares on the others.

Why: a game has real decisions only if what wins one level loses another. `orgsim balance`
searches each level on its own; this module asks the question across levels. A universal plan is
the shares of the attention budget per lever, the share spent, an event rule and the actions
(hires, training, bonus), each action used where a level offers it. The search maximises the
fewest stars any level gives the plan (mean over the search seeds), so a plan that is merely
good on average does not pass for a recipe. The first level (the tutorial: no `unlock_after`)
is left out, since it is meant to be won by anything sensible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.analysis.balance_plans import (
    Layout,
    PhasePlan,
    Plan,
    Policy,
    RunScore,
    archetype_attention,
    play,
    play_task,
    search_score,
    search_score_bound,
)
from sim.analysis.racing import Race, race_runs
from sim.analysis.shipping import Shipped
from sim.levels import Level
from sim.levers import lever_table

#: The number of stars no single plan may earn on every level (mean over held-out seeds).
RECIPE_STARS = 2.0


@dataclass
class UniversalResult:
    """The best universal plan found, its held-out stars per level, and each level's own best
    fixed plan measured on every level (`cross[plan_of][level]`)."""

    levels: list[str]
    plan: dict[str, Any]
    stars: dict[str, float]
    fewest: float
    recipe: bool
    evaluations: int
    runs: int
    cross: dict[str, dict[str, float]] = field(default_factory=dict)


def contested(levels: Sequence[Level]) -> list[Level]:
    """The levels a recipe must not win: all but the first level (no `unlock_after`)."""
    return [level for level in levels if level.unlock_after is not None]


def universal_layout(levels: Sequence[Level]) -> Layout:
    """A one-phase layout in shares of the budget (budget 1), with every action any level
    offers; `adapt` turns a decoded plan into each level's own."""
    return Layout(levers=lever_table().ids, budget=1.0, phases=((1, 1),),
                  max_hires=max((lv.actions.max_hires for lv in levels if lv.actions.hire),
                                default=0),
                  training=any(lv.actions.training for lv in levels),
                  bonus=any(lv.actions.bonus for lv in levels),
                  events=any(card.choices for lv in levels for card in lv.events))


def adapt(shares: PhasePlan, level: Level) -> Plan:
    """A plan in shares as a fixed plan for `level`: attention scaled to its budget, actions
    kept only where it offers them (hires up to its maximum)."""
    acts = level.actions
    attention = {k: v * level.attention_budget for k, v in shares.attention.items()}
    return Plan((PhasePlan(1, level.quarters, attention,
                           hire=min(shares.hire, acts.max_hires) if acts.hire else 0,
                           training=shares.training if acts.training else 0.0,
                           bonus=shares.bonus if acts.bonus else "none",
                           events=shares.events),))


def in_shares(plan: Plan, level: Level) -> PhasePlan:
    """A level's fixed plan as shares of its budget (the inverse of `adapt`)."""
    phase = plan.phases[0]
    budget = level.attention_budget or 1.0
    return PhasePlan(1, 1, {k: v / budget for k, v in phase.attention.items()}, phase.hire,
                     phase.training, phase.bonus, phase.events)


class UniversalObjective:
    """Minus the fewest search-score any level gives a vector's plan, plus a small share of
    the mean, so the search also climbs where the weakest level does not move. A race's units
    are the levels' seeds: unit `level * len(seeds) + seed`, by index."""

    def __init__(self, levels: Sequence[Level], layout: Layout, seeds: Sequence[int]) -> None:
        self.levels, self.layout, self.seeds = list(levels), layout, tuple(seeds)
        self.units = len(self.levels) * len(self.seeds)

    def __call__(self, x: Sequence[float]) -> float:
        return self.race(x, math.inf).energy

    def race(self, x: Sequence[float], beat: float,
             order: Sequence[int] | None = None) -> Race:
        """`self(x)` played run by run in `order` (default: level by level, seed by seed); it
        stops once the plan cannot reach energy `beat` even if every run still to play earns
        full marks (`search_score_bound` of each level), returning minus that bound (see
        `sim.analysis.balance.minimise`). Played in full, each level's score adds its seeds
        up in their own order, and the levels in theirs."""
        shares = self.layout.decode(x).phases[0]
        n = len(self.seeds)
        policies: dict[int, Policy] = {}

        def play_unit(unit: int) -> RunScore:
            which, seed = divmod(unit, n)
            if which not in policies:
                policies[which] = Policy("universal", "",
                                         plan=adapt(shares, self.levels[which]))
            return play(self.levels[which], policies[which], self.seeds[seed])

        def bound(scores: dict[int, RunScore]) -> float:
            by_level: list[list[RunScore]] = [[] for _ in self.levels]   # in play order
            for unit, played in scores.items():
                by_level[unit // n].append(played)
            return _fewest_and_mean([search_score_bound(runs, n) for runs in by_level])

        def score(scores: dict[int, RunScore]) -> float:
            return _fewest_and_mean([search_score([scores[which * n + seed] for seed in range(n)])
                                     for which in range(len(self.levels))])

        return race_runs(self.units, order, play_unit, bound, score, beat)


def _fewest_and_mean(scores: list[float]) -> float:
    """The universal search's score of a plan from each level's search score: the fewest plus
    a small share of the mean, so the search also climbs where the weakest level does not
    move. It never falls when a level's score rises (racing's bound relies on that)."""
    return min(scores) + 0.1 * float(np.mean(scores))


def seed_plans(levels: Sequence[Level], own_best: dict[str, Plan]) -> list[PhasePlan]:
    """Where the search starts: every level's own best fixed plan and the archetypes (with a
    'recipe': the seven leadership levers plus plan, coordinate and assign)."""
    plans = [in_shares(own_best[lv.name], lv) for lv in levels if lv.name in own_best]
    table = lever_table()
    recipe = [*table.by_side("leadership"), "plan", "coordinate", "assign"]
    first = levels[0]
    for attention, rule in archetype_attention(first).values():
        total = sum(attention.values()) or 1.0
        plans.append(PhasePlan(1, 1, {k: v / total for k, v in attention.items()},
                               events=rule))
    plans.append(PhasePlan(1, 1, {k: 1 / len(recipe) for k in recipe}, events="leadership"))
    return plans


def measure(levels: Sequence[Level], shares: PhasePlan, holdout: Sequence[int],
            runner: Any) -> dict[str, float]:
    """A plan in shares: its mean held-out stars on each level."""
    tasks = [(shipped, Policy("universal", "", plan=adapt(shares, level)), seed)
             for level in levels for shipped in [Shipped(level)] for seed in holdout]
    scores = runner.map(play_task, tasks, runs_each=1)
    n = len(holdout)
    return {level.name: float(np.mean([s.stars for s in scores[i * n:(i + 1) * n]]))
            for i, level in enumerate(levels)}
