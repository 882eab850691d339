"""The one mechanism that applies a one-off push (an event, an event's answer, a one-to-one,
letting people go) to some or all of the team, in the words of sim/effect_names.py.

Why: levers (sim/levers.toml), discrete actions (sim/actions.py) and events (levels/*.toml) speak
the same words, so a level designer learns one list, a validator checks one list, and a new
effect is added in one place (sim/effect_names.py, data only, so levels load without numpy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.effect_names import PERSON, TEAM
from sim.workforce import STATE

if TYPE_CHECKING:
    from sim.model import OrgModel

assert set(PERSON) <= set(STATE)


#: `apply_once`'s rows for the whole team: a slice, so each state is changed in place where
#: the rows' numbers (`np.arange`) copied it out and back (a twentieth of a small team's run
#: went to events).
EVERYONE = slice(None)


def apply_once(model: OrgModel, rows: np.ndarray | slice, effects: dict[str, float],
               label: str, causes: dict[str, dict[str, float]] | None = None) -> None:
    """Apply one-off effects to the workers at `rows` (row numbers, or `EVERYONE`) and the
    team's stocks: morale first, as a shock explained under `label`, then the other state in
    the order given, each kept 0-1. `causes` says which decision or event each part of
    `effects` comes from (they add up to `effects`), for the explanation by decision; by
    default it is all `label`'s."""
    wf = model.workforce
    attribution = model.attribution
    if attribution is not None and isinstance(rows, slice):
        rows = np.arange(len(wf))[rows]
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
