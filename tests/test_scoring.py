"""Stars against goals: the fewest stars on any goal, scored on real runs."""

from __future__ import annotations

import sim
from sim.levels import Goal


def test_goal_stars_count_thresholds_in_the_right_direction() -> None:
    higher = Goal(metric="output_cum", label="out", stars=(10.0, 20.0, 30.0))
    lower = Goal(metric="quits", label="quits", stars=(9.0, 5.0, 1.0), better="lower", at="total")
    assert [sim.scoring.goal_stars(higher, v) for v in (5, 10, 25, 30)] == [0, 1, 2, 3]
    assert [sim.scoring.goal_stars(lower, v) for v in (12, 9, 3, 0)] == [0, 1, 2, 3]


def test_a_run_is_scored_by_its_weakest_goal() -> None:
    level = sim.load_level("knowledge_team")
    neglect = sim.score(level, sim.run(level, "neglect", 1))
    adaptive = sim.score(level, sim.run(level, "adaptive", 1))
    assert len(adaptive) == len(level.goals)
    assert sim.stars(neglect) == 0
    assert sim.stars(adaptive) >= 1
    assert sim.stars(adaptive) == min(r.stars for r in adaptive)
    table = sim.run(level, "adaptive", 1)
    reduce = {"end": lambda c: c.iloc[-1], "mean": lambda c: c.mean(), "total": lambda c: c.sum()}
    for result in adaptive:
        assert result.value == reduce[result.goal.at](table[result.goal.metric])
