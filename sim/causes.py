"""The names of the causes a morale change is split by, and a quarter's channel pressures split
by the lever, action or neglect that applies them.

Why: `LeverTable.forces` adds every source's pushes into one vector per channel; explaining by
decision needs the same sum kept apart, one vector per cause. Channels add linearly, so the split
is exact (a test checks it sums to `forces().channel`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sim.decisions import Decision
    from sim.levels import EventCard, Level
    from sim.levers import LeverTable

#: Initial deviation of every state from its resting value, and what it does later (its
#: people's own resting values too: a leaver's step in the team mean from where they would rest).
INHERITED = "the team you inherited"
#: The catch-all: chance (work landing off people's strengths, uneven load), the workload the
#: level brings, and anything the rules below leave unattributed.
DRIFT = "drift: chance and the level's workload"
#: Quits no cause raised the hazard of: life (a partner's move, family, study) and the wish to
#: leave a person has in a climate at rest (`dynamics.quit_hazard` at everyone's resting
#: state), with what their leaving does to the team. A named mechanism, not a catch-all.
LEAVING = "people leaving anyway (life, the job market)"
#: What the 0-1 scale's ends cut off.
BOUNDS = "held at the end of the 0-1 scale"
#: Newcomers' own starting point (beyond the team climate they join) and the onboarding load.
JOINING = "newcomers arriving"
#: Rows that are not anyone's decision (the fixed rows of every explanation).
FIXED = (INHERITED, DRIFT, LEAVING, BOUNDS, JOINING)
#: Rows that are catch-alls (for the 'no catch-all carries more than 20%' check).
CATCH_ALL = (DRIFT,)


EVENT_PREFIX = "event: "


def event_cause(card: EventCard) -> str:
    return f"{EVENT_PREFIX}{card.title}"


def is_decision(cause: str) -> bool:
    """A row the player chose: a lever, unspent attention, an action or an answer to an event
    (not the level's start, drift, people leaving anyway, the scale's ends, newcomers, or an
    event itself)."""
    return cause not in FIXED and not cause.startswith(EVENT_PREFIX)


def answer_cause(card: EventCard, choice_id: str) -> str:
    """The answer's row names its side: the game hides it while the player chooses, and the
    report is where they learn which kind of answer it was."""
    choice = card.choice(choice_id)
    side = "" if choice.side == "neither" else f" (a {choice.side} answer)"
    return f"your answer to {card.title}{side}: {choice.label}"


def one_to_one_cause(title: str) -> str:
    return f"one-to-ones: {title.lower()}"


@dataclass(frozen=True)
class ForceSource:
    """One cause's weekly pushes in every channel, and the label of its felt morale row."""

    cause: str
    channel: np.ndarray
    felt: str


def force_sources(table: LeverTable, decision: Decision, level: Level,
                  lever_effects: np.ndarray) -> list[ForceSource]:
    """The quarter's channel pressures, one vector per lever, neglect, bonus and training budget,
    mirroring `LeverTable.forces` term by term."""
    ks = level.knowledge_share
    points = np.array([decision.attention.get(lid, 0.0) for lid in table.ids])
    intensity = table.intensity(points)
    out = [ForceSource(lever.title, intensity[i] * lever_effects[i],
                       f"{lever.felt} ({lever.title})")
           for i, lever in enumerate(table.levers) if intensity[i] != 0.0]
    budget = level.attention_budget
    spent = decision.spent(level.actions.one_to_one_cost)
    neglect = max(0.0, 1.0 - spent / budget) if budget > 0 else 0.0
    extras = [(table.neglect, neglect)]
    if decision.bonus != "none":
        extras.append((table.actions[f"bonus_{decision.bonus}"], 1.0))
    if decision.training > 0:
        extras.append((table.actions["training"], decision.training))
    out += [ForceSource(lever.title, lever.effects(ks) * size, f"{lever.felt} ({lever.title})")
            for lever, size in extras if size != 0.0]
    return out
