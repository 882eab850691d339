"""The scripted boss of `--demo`: a sim strategy that plans, answers events and moves on.

Why through the scenes: the demo presses the same buttons a player would (the plan is shown in
the planning screen before it is committed), so it doubles as an end-to-end test of the game.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sim


@dataclass
class DemoPilot:
    """A named strategy and how long each scene is shown before the pilot acts."""

    strategy_name: str
    pause: float = 1.5

    def __post_init__(self) -> None:
        self.strategy = sim.get_strategy(self.strategy_name)

    def decide(self, model: sim.OrgModel) -> sim.Decision:
        return self.strategy.decide(model)

    def respond(self, model: sim.OrgModel, card: Any) -> str:
        return self.strategy.respond(model, card)
