"""The report's 'biggest concern' and what to try, read from the explanation by decision.

Why: by state, the top concern was almost always the same state whatever the player did
("trust in the boss"), which nobody can act on. By decision, the concern is the row that cost
the most morale. When that row is not a decision (the team you inherited settling, drift,
newcomers, an event), the advice turns to the player's own choice that cost the most, if any.
Hints name only the actions the level offers.
"""

from __future__ import annotations

import sim
from game.why import hint_for, points
from sim.causes import FIXED
from sim.explain import COMPOSITION, Explanation

#: Rows that are not a decision of the player: advise on the route they acted through.
NOT_DECISIONS = (*FIXED, COMPOSITION)


def offered(level: sim.Level) -> set[str]:
    """The discrete actions this level offers (names as in hints.json 'needs')."""
    a = level.actions
    return {name for name in ("hire", "let_go", "training", "bonus", "one_to_one")
            if getattr(a, name)}


def biggest_concern(e: Explanation, level: sim.Level) -> tuple[str, str]:
    """The most negative row of an explanation by decision and what to try about it."""
    negatives = sorted((v, k) for k, v in e.contributions.items() if v < 0)
    if not negatives:
        return "", ""
    actions = offered(level)
    label = negatives[0][1]
    if not _is_decision(label):
        mine = [(v, k) for v, k in negatives if _is_decision(k)]
        if mine:
            value, cause = mine[0]
            return label, (f"Of your own choices, {cause} cost the most "
                           f"({points(round(value * 1000), signed=True)} points). "
                           f"{hint_for(cause, actions)}")
    return label, hint_for(label, actions)


def _is_decision(label: str) -> bool:
    return label not in NOT_DECISIONS and not label.startswith("event: ")
