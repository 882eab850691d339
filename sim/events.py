"""The level's event deck: drawn once per run from the model's seeded generator, fired by week.

An event may offer the boss a choice of responses; its base effects and the chosen response's
effects are added and applied through the same mechanism. One-off effects change state now;
`demand`, `effort` and `value` last for the event's duration; `star_quit` is a chance that the
team's star (the most skilled person) leaves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.causes import answer_cause, event_cause
from sim.effect_names import LASTING
from sim.effects import EVERYONE, apply_once
from sim.levels import EventCard, Level

if TYPE_CHECKING:
    from sim.model import OrgModel

WEEKS_PER_QUARTER = 13


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
    parts: tuple[tuple[str, float], ...] = ()   # (cause, size) adding up to `size`


def draw_deck(level: Level, rng: np.random.Generator) -> list[ScheduledEvent]:
    """Place each card: fixed-quarter cards at their quarter, `between` cards at a quarter drawn
    from their range, chance cards in the first quarter whose draw succeeds (at most once).
    Weeks are drawn unless the card fixes one."""
    deck = []
    for card in level.events:
        quarter = card.quarter
        if card.between is not None:
            quarter = int(rng.integers(card.between[0], card.between[1] + 1))
        elif quarter is None:
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


def subject_row(model: OrgModel, card: EventCard) -> int | None:
    """The row of the person a card is about (its star: the most skilled now), or None for a
    card about the whole team. The game names them while the card waits for an answer, and
    the same person is the one it touches when it fires."""
    wf = model.workforce
    if card.target != "star" or not len(wf):
        return None
    return int(np.argmax(wf.arrays["skill"]))


def fire(model: OrgModel, scheduled: ScheduledEvent) -> None:
    """Fire a card: take the boss's answer (recorded in the quarter's decision, so a decision
    log replays exactly), then apply the card's and the answer's effects to the team or its
    star: one-off changes now, lasting ones for the card's duration, a cost, a star's exit."""
    card = scheduled.card
    choice = model._choose(card)
    if choice is not None:
        model.decision = model.decision.answering(card.id, choice)
        model.decisions[-1] = model.decision
    wf = model.workforce
    fired = FiredEvent(card, scheduled.quarter, scheduled.week, choice)
    model.fired.append(fired)
    if not len(wf):
        return
    effects = combined_effects(card, choice)
    rows: np.ndarray | slice = EVERYONE
    star = subject_row(model, card)
    if star is not None:
        fired.star = int(wf.ids[star])
        rows = np.array([star])
    label = card.title if choice is None else f"{card.title}: {card.choice(choice).label}"
    causes = {event_cause(card): dict(card.effects)}
    if choice is not None:
        causes[answer_cause(card, choice)] = dict(card.choice(choice).effects)
    apply_once(model, rows, effects, label, causes)
    for key, size in effects.items():
        if key in LASTING:
            parts = tuple((cause, part[key]) for cause, part in causes.items() if key in part)
            model._active.append(ActiveEffect(key, size, card.duration_weeks, parts))
    model.quarter_totals["cost"] += effects.get("cost", 0.0) * model.level.salary
    star_quit = effects.get("star_quit", 0.0) if card.target == "star" else 0.0
    if star_quit > 0 and model.luck.uniform("star_quit", wf.ids[rows], model.weeks_played)[0] \
            < min(1.0, star_quit):
        leaving = np.zeros(len(wf), dtype=bool)
        leaving[rows] = True
        fired.star_left = True
        model._remove(leaving, voluntary=True)
