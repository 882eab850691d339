"""Every push on the team, in one vocabulary: the effect names, written once, and the one
mechanism that applies a one-off push (an event, an event's answer, a one-to-one, letting people
go) to some or all of the team.

Why: levers (sim/levers.toml), discrete actions (sim/actions.py) and events (levels/*.toml) speak
the same words, so a level designer learns one list, a validator checks one list, and a new
effect is added in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.workforce import STATE

if TYPE_CHECKING:
    from sim.model import OrgModel

#: Weekly pushes for as long as a decision holds (levers, bonus, training, neglect): read by
#: sim/dynamics.py. Sizes are per unit of intensity.
CHANNELS: dict[str, str] = {
    "effort": "immediate lift of effort; acts at once and fades over the quarter",
    "pace": "faster pace of work: more load, more exhaustion (and capability erosion)",
    "coordination": "role clarity and coordination; fast, and gone soon after you stop",
    "process": "growth of process capability, a slow stock (Taylor's standard work)",
    "innovation": "growth of the team's stock of ideas put to work, a slow stock",
    "safety": "psychological safety (target shift; slow)",
    "trust": "trust in the boss (target shift; slow)",
    "autonomy": "the autonomy need (target shift; slow)",
    "competence": "the competence need (target shift; slow)",
    "relatedness": "the relatedness need (target shift; slow)",
    "purpose": "sense of purpose: scales how far the needs lift intrinsic motivation",
    "feedback": "positive feedback: lifts intrinsic motivation (Deci et al. d ~ +.33)",
    "crowding": "tangible contingent rewards crowd out intrinsic motivation (d ~ -.28 to -.40)",
    "extrinsic": "extrinsic motivation (rewards, pay); fast, fades when the reward stops",
    "coaching": "skill growth towards mastery; slow, lasting",
    "training": "formal training: quick skill growth towards a basic ceiling",
    "fit": "weekly chance to move a person onto work that fits their strengths",
    "balance": "evening out of workload between people",
    "hindrance": "hindrance stress: red tape, micromanagement, missing resources",
    "recovery": "recovery from exhaustion",
    "ramp": "faster ramp-up of newcomers",
    "savings": "share of running costs saved (the bottom line)",
    "morale": "how the push feels to people each week (direct, signed)",
}

#: One-off changes of a person's state (0-1 scales), on everyone a push touches.
PERSON: dict[str, str] = {
    "morale": "a one-off change of morale (explained under the push's name)",
    "trust": "a one-off change of trust in the boss",
    "exhaustion": "a one-off change of exhaustion",
    "intrinsic": "a one-off change of intrinsic motivation",
    "extrinsic": "a one-off change of extrinsic motivation",
    "skill": "a one-off change of skill",
    "autonomy": "a one-off change of the autonomy need",
    "relatedness": "a one-off change of the relatedness need",
}
#: One-off changes of the team's stocks (0-1 scales).
TEAM: dict[str, str] = {
    "safety": "a one-off change of psychological safety",
    "coordination": "a one-off change of coordination",
    "process": "a one-off change of process capability",
    "innovation": "a one-off change of the stock of ideas",
}
#: Changes that last for an event's duration.
LASTING: dict[str, str] = {
    "demand": "extra workload (share of capacity) for the event's duration",
    "effort": "extra effort (share) for the event's duration",
    "value": "a change in what output is worth for the event's duration (share)",
}
#: Everything else a push may do.
OTHER: dict[str, str] = {
    "cost": "a one-off cost, in salaries",
    "star_quit": "the chance that the star of the team leaves",
    "coached": "coached in a one-to-one this quarter (faster skill growth, more competence)",
    "reassign": "moved onto the work that best fits their strengths",
}
#: The keys an event or an event's answer may use, and what each means.
EVENT_EFFECTS: dict[str, str] = {**PERSON, **TEAM, **LASTING,
                                 **{k: OTHER[k] for k in ("cost", "star_quit")}}
#: The keys a one-to-one or letting people go may use (sim/levers.toml).
ACTION_EFFECTS: dict[str, str] = {**PERSON, "innovation": TEAM["innovation"],
                                  "coached": OTHER["coached"], "reassign": OTHER["reassign"]}
assert set(PERSON) <= set(STATE)


def apply_once(model: OrgModel, rows: np.ndarray, effects: dict[str, float],
               label: str, causes: dict[str, dict[str, float]] | None = None) -> None:
    """Apply one-off effects to the workers at `rows` (and the team's stocks): morale first, as
    a shock explained under `label`, then the other state in the order given, each kept 0-1.
    `causes` says which decision or event each part of `effects` comes from (they add up to
    `effects`), for the explanation by decision; by default it is all `label`'s."""
    wf = model.workforce
    attribution = model.attribution
    before = attribution.before_once(model, rows) if attribution is not None else None
    if "morale" in effects:
        delta = np.zeros(len(wf))
        delta[rows] = effects["morale"]
        model._morale_shock(label, delta)
    for key, size in effects.items():
        if key in PERSON and key != "morale":
            wf.arrays[key][rows] = np.minimum(np.maximum(wf.arrays[key][rows] + size, 0.0),
                                              1.0)
        elif key in TEAM:
            stocks = model.stocks
            setattr(stocks, key, float(min(max(getattr(stocks, key) + size, 0.0), 1.0)))
        elif key == "coached":
            wf.coached[rows] = size
        elif key == "reassign" and size:
            wf.kind[rows] = np.argmax(wf.strengths[rows], axis=-1)
    if attribution is not None:
        attribution.after_once(model, rows, causes or {label: effects}, before, label)
