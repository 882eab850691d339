"""The lever table (sim/levers.toml) loaded into arrays the dynamics can use in one pass."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

LEVER_FILE = Path(__file__).with_name("levers.toml")

#: Effect channels the dynamics read; levers.toml may use no other name.
CHANNELS: tuple[str, ...] = (
    "effort", "pace", "coordination", "process", "innovation", "safety", "trust",
    "autonomy", "competence", "relatedness", "purpose", "feedback", "crowding", "extrinsic",
    "coaching", "training", "fit", "balance", "hindrance", "recovery", "ramp", "savings", "morale",
)
SIDES = ("leadership", "management")


@dataclass(frozen=True)
class Lever:
    """One lever: its words for the player and its effects at routine and knowledge work."""

    id: str
    side: str
    title: str
    description: str
    seed: str
    horizon: str
    felt: str
    routine: dict[str, float]
    knowledge: dict[str, float]

    def effect(self, channel: str, knowledge_share: float) -> float:
        """The effect on `channel` per unit of intensity at this share of knowledge work."""
        r = self.routine.get(channel, 0.0)
        k = self.knowledge.get(channel, 0.0)
        return r + (k - r) * knowledge_share

    def effects(self, knowledge_share: float) -> np.ndarray:
        """All channels' effects per unit of intensity, in CHANNELS order."""
        return np.array([self.effect(ch, knowledge_share) for ch in CHANNELS])


@dataclass(frozen=True)
class LeverTable:
    """All levers, in file order, the diminishing-returns scale, and the discrete actions and
    neglect expressed in the same effect channels."""

    levers: tuple[Lever, ...]
    returns_scale: float
    actions: dict[str, Lever]
    neglect: Lever

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(lever.id for lever in self.levers)

    def by_side(self, side: str) -> tuple[str, ...]:
        return tuple(lever.id for lever in self.levers if lever.side == side)

    def __getitem__(self, lever_id: str) -> Lever:
        for lever in self.levers:
            if lever.id == lever_id:
                return lever
        raise KeyError(lever_id)

    def effect_matrix(self, knowledge_share: float) -> np.ndarray:
        """Effects as a (levers x channels) array at this share of knowledge work."""
        return np.array([lever.effects(knowledge_share) for lever in self.levers])

    def intensity(self, points: np.ndarray) -> np.ndarray:
        """Attention points to intensity in [0, 1): each extra point buys less."""
        return 1.0 - np.exp(-np.asarray(points, dtype=float) / self.returns_scale)


def _parse_effects(lever_id: str, raw: dict) -> tuple[dict[str, float], dict[str, float]]:
    routine: dict[str, float] = {}
    knowledge: dict[str, float] = {}
    for channel, value in raw.items():
        if channel not in CHANNELS:
            raise ValueError(f"{LEVER_FILE}: lever '{lever_id}' has unknown effect '{channel}'")
        if isinstance(value, list):
            routine[channel], knowledge[channel] = float(value[0]), float(value[1])
        else:
            routine[channel] = knowledge[channel] = float(value)
    return routine, knowledge


@cache
def lever_table(path: Path = LEVER_FILE) -> LeverTable:
    """Load and check the lever table once per process."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    levers = []
    for lever_id, spec in data["levers"].items():
        if spec["side"] not in SIDES:
            raise ValueError(f"{path}: lever '{lever_id}' side must be one of {SIDES}")
        levers.append(_lever(lever_id, spec))
    actions = {key: _lever(key, spec) for key, spec in data["actions"].items()}
    return LeverTable(levers=tuple(levers), returns_scale=float(data["returns_scale"]),
                      actions=actions, neglect=_lever("neglect", data["neglect"]))


def _lever(lever_id: str, spec: dict) -> Lever:
    routine, knowledge = _parse_effects(lever_id, spec.get("effects", {}))
    return Lever(
        id=lever_id, side=spec.get("side", "neither"), title=spec["title"],
        description=spec.get("description", ""), seed=spec.get("seed", ""),
        horizon=spec.get("horizon", ""), felt=spec["felt"], routine=routine, knowledge=knowledge,
    )
