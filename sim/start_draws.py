"""What a model draws from its own generator while it is built, remembered per (level, seed).

Why: a search plays each of its few seeds thousands of times on one level, and building a
model drew the same things each time: the scripted boss's seed, the run's luck (whose tables
are made once per luck seed), the first team and the event deck; with the generators made for
them, about a tenth of a 12-person run. A remembered start puts the model's generator in the
state it had after those draws, so every later draw is the same as well.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.events import ScheduledEvent, draw_deck
from sim.levels import Level
from sim.luck import Luck, shared_luck
from sim.workforce import PeopleDraws

#: Starts kept per process: a search's seeds on every level, with room to spare (a start is a
#: few KiB; its luck's tables a few tens).
REMEMBERED_STARTS = 256


@dataclass(frozen=True)
class StartDraws:
    """A model's draws at its start, in the order it draws them, and its generator's state
    after them. Shared by every model built on the same level object and seed: nothing in it
    is changed by a run (the people's draws are read-only, the deck a tuple of frozen events,
    the luck's tables memos of its seed)."""

    level: Level
    boss_seed: int
    luck: Luck
    people: PeopleDraws
    deck: tuple[ScheduledEvent, ...]
    state: dict[str, Any]


_remembered: OrderedDict[tuple[int, int], StartDraws] = OrderedDict()
_lock = threading.Lock()      # a workshop's server builds models in several threads


def start_draws(level: Level, seed: int | None, rng: np.random.Generator) -> StartDraws:
    """The start of a model of `level` whose generator `rng` was just seeded with `seed`:
    drawn from `rng`, or remembered (then `rng` is set to the state the draws left it in).
    A model without a seed (an unrepeatable run) draws its own and is not remembered."""
    key = (id(level), seed)
    with _lock:
        start = _remembered.get(key) if seed is not None else None
        if start is not None and start.level is level:   # a kept level keeps its id its own
            _remembered.move_to_end(key)
        else:
            start = None
    if start is not None:
        rng.bit_generator.state = start.state
        return start
    boss_seed = int(rng.integers(2**63))
    luck = shared_luck(int(rng.integers(2**63)))
    people = PeopleDraws.draw(rng, level.team_size, level.team.skill_spread)
    deck = tuple(draw_deck(level, rng))
    start = StartDraws(level, boss_seed, luck, people, deck, rng.bit_generator.state)
    if seed is not None:
        with _lock:
            _remembered[key] = start
            while len(_remembered) > REMEMBERED_STARTS:
                _remembered.popitem(last=False)
    return start
