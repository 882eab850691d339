"""Suggested star thresholds for a level's goals, from how its bosses and its best plan do.

Why: thresholds set by hand drift whenever the model changes. The rule the shipped levels use is
written once here, so a designer re-derives them after any change with `orgsim balance
--suggest-goals`, on seeds of their own (apart from the search's and the held-out ones):

- 1 star: midway between the neglecting boss's 90th percentile and the weaker one-sided boss's
  median (leader or manager), so doing nothing never earns a star and one side alone about one;
- 3 stars: the level's best plan (the best of the search's plans and the adaptive boss, by
  held-out stars) at its `THREE_STAR_PERCENTILE` (10th) percentile or `THREE_STAR_SDS` (2)
  standard deviations below its mean, whichever is easier: a plan suited to the level then
  earns three on nearly every seed, every goal at once, seeds the rule never saw included
  (the percentile alone, on ten seeds, let one held-out seed in five miss a goal by luck);
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
from sim.analysis.shipping import Shipped
from sim.levels import Level

#: Scripted bosses the rule reads, by role.
RULE_BOSSES = ("neglect", "leader", "manager", "balanced")
THREE_STAR_PERCENTILE = 10
THREE_STAR_SDS = 2.0


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
        three = three_stars(v["best"])
        if three <= one:
            out.append(GoalSuggestion(goal.metric, list(goal.stars), None,
                                      "the best plan does worse here than the weak bosses: a "
                                      "constraint, set by hand"))
            continue
        span = three - one
        two = min(max(0.5 * (np.median(v["balanced"]) + three), one + 0.3 * span),
                  one + 0.8 * span)
        counts = bool(np.all(np.mod(v["best"], 1.0) == 0.0))    # quits, say: whole numbers
        step = 1.0 if counts or max(abs(one), abs(two), abs(three)) >= 10 else 0.01
        out.append(GoalSuggestion(goal.metric, list(goal.stars),
                                  [_in_players_favour(sign * t, sign, step)
                                   for t in (one, two, three)]))
    return out


def _in_players_favour(value: float, sign: float, step: float) -> float:
    """`value` rounded to `step` (whole numbers for counts and from 10 up, else hundredths),
    in the direction that never makes the goal harder than the rule found."""
    rounded = np.floor(value / step + 1e-9) if sign > 0 else np.ceil(value / step - 1e-9)
    return float(round(rounded * step, 2))


def three_stars(best: np.ndarray) -> float:
    """The three-star level of a goal (higher is better) from the best plan's values."""
    return float(min(np.percentile(best, THREE_STAR_PERCENTILE),
                     np.mean(best) - THREE_STAR_SDS * np.std(best)))


def suggest(level: Level, best: Policy, seeds: Sequence[int], runner: Any
            ) -> list[GoalSuggestion]:
    """Run the rule's bosses and the best plan on `seeds` and apply the rule."""
    policies = [Policy(name, "", strategy=name) for name in RULE_BOSSES] + [best]
    shipped = Shipped(level)
    tasks = [(shipped, policy, seed) for policy in policies for seed in seeds]
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
    whole = all(float(v).is_integer() for v in values)
    return "[" + ", ".join(f"{round(v)}" if whole else f"{v:.2f}" for v in values) + "]"
