"""Easy mode: before committing, the plan's likely effect on the coming quarter, as a range.

Why a range from other luck: the game plays on fixed luck (every draw keyed by seed, person and
week), so replaying the plan on the game's own luck would tell the exact future. The preview
plays the quarter on copies of the team as it is now, each meeting different luck, and shows
where output and morale are likely to land. Off by default, and never in a workshop.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

import sim
from sim.luck import Luck

RUNS = 8                  # copies of the quarter, each with its own luck
WEEKS = 13


@dataclass(frozen=True)
class Forecast:
    """Where the coming quarter's output and the team's morale at its end likely land (the
    10th to 90th percentile of the copies)."""

    output: tuple[float, float]
    morale: tuple[float, float]


def copies(model: sim.OrgModel, runs: int = RUNS) -> list[sim.OrgModel]:
    """Copies of the game as it stands, each with luck of its own from here on (made on the
    main thread, where the game is; played elsewhere)."""
    out = []
    for i in range(runs):
        twin = copy.deepcopy(model)
        twin.attribution = None                       # the preview needs no explanations
        twin.luck = Luck(int(model.seed) * 7919 + int(model.quarter) * 131 + i + 1)
        out.append(twin)
    return out


def forecast(twins: list[sim.OrgModel], decision: sim.Decision) -> Forecast:
    """Play the coming quarter with `decision` on every copy."""
    outputs, morale = [], []
    for twin in twins:
        twin.set_decision(decision)
        quarter = twin.quarter
        while twin.running and twin.quarter == quarter:
            twin.step()
        row = twin.table().iloc[-1]
        outputs.append(float(row["output"]))
        morale.append(float(row["morale"]))

    def spread(values: list[float]) -> tuple[float, float]:
        lo, hi = np.percentile(values, [10, 90])
        return float(lo), float(hi)

    return Forecast(spread(outputs), spread(morale))
