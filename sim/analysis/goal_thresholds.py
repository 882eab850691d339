"""Suggested star thresholds for a level's goals, from how its bosses and its best plan do.

Why: thresholds set by hand drift whenever the model changes. The rule the shipped levels use is
written once here, so a designer re-derives them after any change with `orgsim balance
--suggest-goals`, on seeds of their own (apart from the search's and the held-out ones):

- 1 star: midway between the neglecting boss's 90th percentile and the weaker one-sided boss's
  median (leader or manager), so doing nothing never earns a star and one side alone about one;
- 3 stars: the `THREE_STAR_PERCENTILE` (10th) percentile of the level's best plan (the best of
  the search's plans and the adaptive boss, by held-out stars), so a plan suited to the level
  earns three on nearly every seed, every goal at once;
- 2 stars: midway between the balanced boss's median and 3 stars, kept 30-80% of the way from
  1 to 3, so two stars take a plan fitted to the level, not a compromise.

A goal on which the best plan does worse than the weak bosses (money kept by doing nothing, say)
is a constraint rather than a contest: its thresholds are left as they are and flagged. On money
left, one star is never below zero: overspending earns nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.analysis.balance_plans import Policy, RunScore, play_task
from sim.levels import Level

#: Scripted bosses the rule reads, by role.
RULE_BOSSES = ("neglect", "leader", "manager", "balanced")
DEFAULT_GOAL_SEEDS = tuple(range(1, 11))
THREE_STAR_PERCENTILE = 10


@dataclass
class GoalSuggestion:
    """One goal's thresholds now and as the rule suggests (None: left as is, see `note`)."""

    metric: str
    now: list[float]
    suggested: list[float] | None
    note: str = ""


def rule(level: Level, values: dict[str, np.ndarray]) -> list[GoalSuggestion]:
    """Apply the rule to each goal, given each policy's goal values (seeds x goals): policies
    'neglect', 'leader', 'manager', 'balanced' and 'best'."""
    out = []
    for i, goal in enumerate(level.goals):
        sign = 1.0 if goal.better == "higher" else -1.0
        v = {name: sign * vals[:, i] for name, vals in values.items()}
        one = 0.5 * (np.percentile(v["neglect"], 90)
                     + min(np.median(v["leader"]), np.median(v["manager"])))
        if goal.metric == "budget_left":
            one = max(one, 0.0)       # a star never goes to overspending
        three = float(np.percentile(v["best"], THREE_STAR_PERCENTILE))
        if three <= one:
            out.append(GoalSuggestion(goal.metric, list(goal.stars), None,
                                      "the best plan does worse here than the weak bosses: a "
                                      "constraint, set by hand"))
            continue
        span = three - one
        two = min(max(0.5 * (np.median(v["balanced"]) + three), one + 0.3 * span),
                  one + 0.8 * span)
        out.append(GoalSuggestion(goal.metric, list(goal.stars),
                                  [float(sign * t) for t in (one, two, three)]))
    return out


def suggest(level: Level, best: Policy, seeds: Sequence[int], runner: Any
            ) -> list[GoalSuggestion]:
    """Run the rule's bosses and the best plan on `seeds` and apply the rule."""
    policies = [Policy(name, "", strategy=name) for name in RULE_BOSSES] + [best]
    tasks = [(level, policy, seed) for policy in policies for seed in seeds]
    scores: list[RunScore] = runner.map(play_task, tasks, runs_each=1)
    n = len(seeds)
    names = [*RULE_BOSSES, "best"]
    values = {name: np.array([s.values for s in scores[k * n:(k + 1) * n]])
              for k, name in enumerate(names)}
    return rule(level, values)


def toml_line(s: GoalSuggestion) -> str:
    """`stars = [..]` as it would go into the level file, whole numbers unless below 10."""
    if s.suggested is None:
        return f"{s.metric}: stars = {_fmt(s.now)}  (kept: {s.note})"
    return f"{s.metric}: stars = {_fmt(s.suggested)}  (now {_fmt(s.now)})"


def _fmt(values: Sequence[float]) -> str:
    scale = max(abs(v) for v in values) if values else 0.0
    return "[" + ", ".join(f"{v:.2f}" if scale < 10 else f"{round(v)}" for v in values) + "]"
