"""The part of a week that moves the states morale depends on, replayed on given inputs.

Why: explaining morale by decision asks "what would this week have done without cause X?".
The answer must come from the model's own equations (sim.dynamics), not from a copy of their
coefficients, so that recalibrating the dynamics never silently breaks the explanation. This
module calls those equations, in the order `OrgModel._advance_week` calls them, on copies of the
team's state; a test checks that a replay of the real inputs reproduces the real week bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import dynamics as dyn
from sim.levers import Forces

#: Worker states the shadow week moves (morale is read, and moved by the rows it returns).
MOVED: tuple[str, ...] = ("autonomy", "competence", "relatedness", "intrinsic", "extrinsic",
                          "trust", "skill", "exhaustion")
#: Team stocks the shadow week moves.
STOCKS: tuple[str, ...] = ("coordination", "process", "innovation", "safety")


class ShadowTeam:
    """Stands in for `Workforce` in the dynamics functions: the arrays they read, nothing else."""

    __slots__ = ("_n", "arrays", "coached", "load")

    def __init__(self, arrays: dict[str, np.ndarray], coached: np.ndarray,
                 load: np.ndarray) -> None:
        self.arrays = arrays
        self.coached = coached
        self.load = load
        self._n = len(load)

    def __len__(self) -> int:
        return self._n


@dataclass(frozen=True)
class Exogenous:
    """What the shadow week takes as given: the week's workload shares, ramp, size and context."""

    load: np.ndarray
    ramp: np.ndarray
    target_size: float
    knowledge_share: float
    quits_row: bool = False     # the real week has a 'colleagues left' row (keep it, maybe 0)


@dataclass
class ShadowResult:
    """States after the week, team stocks after the week, and the morale rows that do not come
    straight from a lever's felt effect (mechanisms, overload, red tape, extras), in the order
    `dynamics.morale_contributions` writes them."""

    arrays: dict[str, np.ndarray]
    stocks: dyn.TeamStocks
    rows: np.ndarray


def plain_forces(channel: np.ndarray) -> Forces:
    """Forces with these channel pressures and no felt morale rows."""
    return Forces(channel=channel, morale_sources=[], morale_direct=np.zeros(0), neglect=0.0)


def shadow_week(arrays: dict[str, np.ndarray], stocks: dyn.TeamStocks, fit: np.ndarray,
                coached: np.ndarray, forces: Forces, ctx: dyn.WeekContext,
                exo: Exogenous) -> ShadowResult:
    """One week of the state equations on copies of `arrays` and `stocks` (never mutated)."""
    team = ShadowTeam({k: v.copy() for k, v in arrays.items()}, coached, exo.load)
    stocks = stocks.copy()
    load = dyn.workload(team, forces, stocks, ctx, exo.target_size, exo.ramp)
    hind = dyn.hindrance(forces, stocks)
    n = len(team)
    need = dyn.coordination_need(n)
    dyn.update_team(stocks, forces, load.pressure, need, load.mean_intrinsic, load.mean_trust)
    dyn.update_people(team, forces, stocks, ctx, load.strain, hind, fit, exo.ramp,
                      exo.knowledge_share)
    extra = ({"colleagues left": -0.25 * ctx.quit_shock}
             if ctx.quit_shock or exo.quits_row else {})
    plain = forces if not len(forces.morale_sources) else plain_forces(forces.channel)
    _, rows = dyn.morale_contributions(team, plain, load.overload, hind, extra,
                                       dyn.morale_weights(exo.knowledge_share))
    return ShadowResult(team.arrays, stocks, rows)
