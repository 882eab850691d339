"""The lever table (sim/levers.toml) loaded into arrays the dynamics can use in one pass."""

from __future__ import annotations

import math
import threading
import tomllib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sim.effect_names import ACTION_EFFECTS
from sim.effect_names import CHANNELS as EFFECT_CHANNELS

LEVER_FILE = Path(__file__).with_name("levers.toml")

if TYPE_CHECKING:
    from sim.decisions import Decision
    from sim.levels import Level

#: Effect channels the dynamics read, in the order of the arrays; levers.toml may use no other.
CHANNELS: tuple[str, ...] = tuple(EFFECT_CHANNELS)
CH: dict[str, int] = {name: i for i, name in enumerate(CHANNELS)}
SIDES = ("leadership", "management")
#: How many decisions' forces a lever table remembers (`LeverTable.remembered_forces`).
REMEMBERED_FORCES = 1024
#: Held while the remembered forces are read or changed (a workshop's server builds models in
#: several threads).
_REMEMBERING = threading.Lock()


@dataclass(frozen=True)
class Lever:
    """One lever: its words for the player and its effects at routine and knowledge work."""

    id: str
    side: str
    title: str
    short: str          # a short name for tight layouts (the title stays in the tooltip)
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
        """All channels' effects per unit of intensity, in CHANNELS order (a new array).

        Computed once per share of knowledge work (the lever is frozen, so its effects at a
        share never change) and copied out: the quarter's forces ask for them every quarter.
        A sweep over many shares keeps only the latest few."""
        known = self._effects_at
        row = known.get(knowledge_share)
        if row is None:
            if len(known) >= 64:
                known.clear()
            row = np.array([self.effect(ch, knowledge_share) for ch in CHANNELS])
            row.setflags(write=False)
            known[knowledge_share] = row
        return row.copy()

    @cached_property
    def _effects_at(self) -> dict[float, np.ndarray]:
        return {}


@dataclass(frozen=True)
class OneOff:
    """A discrete action's one-off push (a one-to-one, letting people go), in the words of
    sim/effect_names.py; `scale` multiplies the share of the team an action touches (let go)."""

    id: str
    title: str
    felt: str
    effects: dict[str, float]
    scale: float = 1.0
    needs: str = ""      # 'idea': its team effects only when the person has an idea


@dataclass
class Forces:
    """The quarter's pressures on the team in effect channels, plus the per-source morale effects.

    channel: total effect per channel (levers + actions + neglect), the dynamics' input.
    morale_sources / morale_direct: labels and weekly direct morale effects (signed) per source.
    """

    channel: np.ndarray
    morale_sources: list[str]
    morale_direct: np.ndarray
    neglect: float

    def __post_init__(self) -> None:
        self._by_name = dict(zip(CHANNELS, self.channel.tolist(), strict=True))

    def __getitem__(self, name: str) -> float:
        return self._by_name[name]


@dataclass(frozen=True)
class LeverTable:
    """All levers, in file order, the diminishing-returns scale, and the discrete actions and
    neglect expressed in the same effect channels."""

    levers: tuple[Lever, ...]
    returns_scale: float
    actions: dict[str, Lever]
    neglect: Lever
    one_to_one: dict[str, OneOff]
    let_go: OneOff
    returns: str = "diminishing"

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """The lever ids in file order (cached: the table is frozen, so they never change)."""
        return tuple(lever.id for lever in self.levers)

    @cached_property
    def leadership_ids(self) -> frozenset[str]:
        """The ids of the leadership levers (cached: every quarter's row asks)."""
        return frozenset(lever.id for lever in self.levers if lever.side == "leadership")

    @cached_property
    def _by_id(self) -> dict[str, Lever]:
        by_id: dict[str, Lever] = {}
        for lever in self.levers:
            by_id.setdefault(lever.id, lever)      # the first of an id, as a search finds
        return by_id

    def __deepcopy__(self, memo: dict[int, object]) -> LeverTable:
        """The table itself: it never changes, so a copied model (the game's forecast) shares
        it, and its remembered forces, rather than copying them."""
        return self

    @cached_property
    def _remembered(self) -> OrderedDict[tuple, Forces]:
        return OrderedDict()

    def remembered_forces(self, key: tuple, make: Callable[[], Forces]) -> Forces:
        """The forces `make()` gives, made once per `key` while it is among the
        `REMEMBERED_FORCES` keys last asked for. The key must hold all `forces` reads.

        Why across models: a search plays each plan on several seeds, each a model of its own,
        and working out a decision's forces was a twentieth of a run."""
        remembered = self._remembered
        with _REMEMBERING:
            forces = remembered.get(key)
            if forces is not None:
                remembered.move_to_end(key)
                return forces
        forces = make()
        with _REMEMBERING:
            remembered[key] = forces
            if len(remembered) > REMEMBERED_FORCES:
                remembered.popitem(last=False)
        return forces

    @cached_property
    def _matrices(self) -> dict[float, np.ndarray]:
        return {}

    def effect_matrix(self, knowledge_share: float) -> np.ndarray:
        """Effects as a (levers x channels) array at this share of knowledge work (read-only,
        made once per share: every model of a level asks for it)."""
        matrix = self._matrices.get(knowledge_share)
        if matrix is None:
            matrix = np.array([lever.effects(knowledge_share) for lever in self.levers])
            matrix.setflags(write=False)
            self._matrices[knowledge_share] = matrix
        return matrix

    def by_side(self, side: str) -> tuple[str, ...]:
        return tuple(lever.id for lever in self.levers if lever.side == side)

    def __getitem__(self, lever_id: str) -> Lever:
        return self._by_id[lever_id]

    def intensity(self, points: np.ndarray) -> np.ndarray:
        """Attention points to intensity in [0, 1): each extra point buys less. With
        `returns="linear"` (for sensitivity analysis) every point buys the same, matching the
        diminishing curve at two points, so no effect comes from spreading alone."""
        points = np.asarray(points, dtype=float) / self.returns_scale
        if self.returns == "linear":
            return points * (1.0 - math.exp(-2.0)) / 2.0
        # libm's exp, one value at a time: numpy's vector exp differs in the last bit from
        # one CPU to another (tests/test_machines.py).
        return np.array([1.0 - math.exp(-p) for p in points.ravel().tolist()]
                        ).reshape(points.shape)

    def forces(self, decision: Decision, level: Level, lever_effects: np.ndarray,
               morale_labels: list[str]) -> Forces:
        """Turn a quarter's decision into channel pressures and weekly direct morale effects:
        the levers' intensities, the unspent budget as neglect, the bonus and the training
        budget. `lever_effects` and `morale_labels` are this level's (see `effect_matrix`)."""
        ks = level.knowledge_share
        points = np.array([decision.attention.get(lid, 0.0) for lid in self.ids])
        intensity = self.intensity(points)
        budget = level.attention_budget
        spent = decision.spent(level.actions.one_to_one_cost)
        neglect = max(0.0, 1.0 - spent / budget) if budget > 0 else 0.0
        # Summed lever by lever in this order: a BLAS product's order of adding depends on
        # the CPU, and so would its last bits (tests/test_machines.py).
        channel = np.add.reduce(intensity[:, None] * lever_effects, axis=0)
        labels = list(morale_labels)
        direct = list(intensity * lever_effects[:, CH["morale"]])
        extras: list[tuple[Lever, float]] = [(self.neglect, neglect)]
        if decision.bonus != "none":
            extras.append((self.actions[f"bonus_{decision.bonus}"], 1.0))
        if decision.training > 0:
            extras.append((self.actions["training"], decision.training))
        for lever, size in extras:
            effects = lever.effects(ks) * size
            channel = channel + effects
            labels.append(f"{lever.felt} ({lever.title})")
            direct.append(effects[CH["morale"]])
        used = [i for i, size in enumerate(direct) if size != 0.0]  # unused levers add nothing
        return Forces(channel=channel, morale_sources=[labels[i] for i in used],
                      morale_direct=np.array([direct[i] for i in used]), neglect=neglect)

    def morale_labels(self) -> list[str]:
        """How each lever is felt, in lever order (the rows of its morale explanations)."""
        return [f"{lever.felt} ({lever.title})" for lever in self.levers]


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
    one_to_one = {key: _one_off(key, spec) for key, spec in data["one_to_one"].items()}
    return LeverTable(levers=tuple(levers), returns_scale=float(data["returns_scale"]),
                      actions=actions, neglect=_lever("neglect", data["neglect"]),
                      one_to_one=one_to_one, let_go=_one_off("let_go", data["let_go"]))


def _one_off(action_id: str, spec: dict) -> OneOff:
    for key in spec.get("effects", {}):
        if key not in ACTION_EFFECTS:
            raise ValueError(f"{LEVER_FILE}: action '{action_id}' has unknown effect '{key}'")
    return OneOff(id=action_id, title=spec["title"], felt=spec["felt"],
                  effects={k: float(v) for k, v in spec["effects"].items()},
                  scale=float(spec.get("scale", 1.0)), needs=str(spec.get("needs", "")))


def _lever(lever_id: str, spec: dict) -> Lever:
    routine, knowledge = _parse_effects(lever_id, spec.get("effects", {}))
    return Lever(
        id=lever_id, side=spec.get("side", "neither"), title=spec["title"],
        short=spec.get("short", spec["title"]),
        description=spec.get("description", ""), seed=spec.get("seed", ""),
        horizon=spec.get("horizon", ""), felt=spec["felt"], routine=routine, knowledge=knowledge,
    )
