"""The level's event deck: drawn once per run from the model's seeded generator, fired by week.

An event may offer the boss a choice of responses; its base effects and the chosen response's
effects are added and applied through the same mechanism. One-off effects change state now;
`demand`, `effort` and `value` last for the event's duration; `star_quit` is a chance that the
team's star (the most skilled person) leaves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.levels import EventCard, Level

WEEKS_PER_QUARTER = 13
_WORKER_EFFECTS = ("trust", "exhaustion", "intrinsic", "extrinsic", "skill", "autonomy",
                   "relatedness")
_TEAM_EFFECTS = ("safety", "coordination", "process", "innovation")
_LASTING = ("demand", "effort", "value")


@dataclass(frozen=True)
class ScheduledEvent:
    """A card placed at a quarter and week of this run."""

    card: EventCard
    quarter: int
    week: int  # 1-13 within the quarter


@dataclass
class FiredEvent:
    """What happened: the card, when, which response, and who it touched."""

    card: EventCard
    quarter: int
    week: int
    choice: str | None
    star: int | None = None
    star_left: bool = False


@dataclass
class ActiveEffect:
    """A lasting effect (demand, effort, value) with weeks remaining."""

    key: str
    size: float
    weeks_left: int


def draw_deck(level: Level, rng: np.random.Generator) -> list[ScheduledEvent]:
    """Place each card: fixed-quarter cards at their quarter, chance cards in the first quarter
    whose draw succeeds (at most once). Weeks are drawn unless the card fixes one."""
    deck = []
    for card in level.events:
        quarter = card.quarter
        if quarter is None:
            draws = rng.random(level.quarters)
            hits = np.flatnonzero(draws < card.chance)
            quarter = int(hits[0]) + 1 if len(hits) else None
        week_draw = int(rng.integers(2, WEEKS_PER_QUARTER))
        if quarter is not None:
            deck.append(ScheduledEvent(card, quarter, card.week or week_draw))
    deck.sort(key=lambda e: (e.quarter, e.week, e.card.id))
    return deck


def combined_effects(card: EventCard, choice_id: str | None) -> dict[str, float]:
    """The card's own effects plus those of the chosen response."""
    effects = dict(card.effects)
    if choice_id is not None:
        for key, value in card.choice(choice_id).effects.items():
            effects[key] = effects.get(key, 0.0) + value
    return effects


def split_effects(effects: dict[str, float]) -> tuple[dict, dict, dict, dict]:
    """Sort effects into (per-worker one-offs, team one-offs, lasting, other)."""
    worker = {k: v for k, v in effects.items() if k in _WORKER_EFFECTS}
    team = {k: v for k, v in effects.items() if k in _TEAM_EFFECTS}
    lasting = {k: v for k, v in effects.items() if k in _LASTING}
    other = {k: v for k, v in effects.items()
             if k not in _WORKER_EFFECTS and k not in _TEAM_EFFECTS and k not in _LASTING}
    return worker, team, lasting, other
