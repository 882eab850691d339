"""Parameterised bosses for policy landscapes: `mix:0.3` spends 30% of the attention budget on
leadership levers and 70% on management levers, each side spread evenly.

Why here: the archetypes in sim.strategies sit at shares 1, 0 and 0.5; a landscape needs every
share in between, named by a string so that a sweep's grid (and its worker processes) can carry it.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from sim.decisions import Decision
from sim.errors import StrategyError
from sim.levels import EventCard
from sim.levers import lever_table
from sim.strategies import STRATEGIES, Strategy, get_strategy, prefer, spread

if TYPE_CHECKING:
    from sim.model import OrgModel

MIX_PREFIX = "mix:"


def _decide(share: float, model: OrgModel) -> Decision:
    budget = model.level.attention_budget
    table = lever_table()
    return Decision(attention={**spread(table.by_side("leadership"), budget * share),
                               **spread(table.by_side("management"), budget * (1.0 - share))})


def _respond(share: float, model: OrgModel, card: EventCard) -> str:
    first, second = (("leadership", "management") if share >= 0.5
                     else ("management", "leadership"))
    return prefer(card, first, second)


def mix_share(text: str) -> float:
    """The leadership share named by `mix:SHARE`, checked to be a number from 0 to 1."""
    raw = text[len(MIX_PREFIX):]
    try:
        share = float(raw)
    except ValueError:
        share = -1.0
    if not 0.0 <= share <= 1.0:
        raise StrategyError(
            f"strategy {text!r}: the leadership share after 'mix:' must be a number from 0 to 1"
        )
    return share


def mix_strategy(share: float) -> Strategy:
    """A boss spending `share` of the budget on leadership levers and the rest on management."""
    return Strategy(
        name=f"{MIX_PREFIX}{share:g}",
        description=f"{share:.0%} of the attention on leadership levers, {1 - share:.0%} on "
                    "management levers, each side spread evenly.",
        decide_fn=partial(_decide, share),
        respond_fn=partial(_respond, share),
    )


def canonical_strategy(text: str) -> str:
    """The canonical spelling of a strategy name (`mix:0.30` -> `mix:0.3`); errors if unknown."""
    text = text.strip()
    if text.startswith(MIX_PREFIX):
        return f"{MIX_PREFIX}{mix_share(text):g}"
    if text not in STRATEGIES:
        raise StrategyError(
            f"unknown strategy {text!r}; known strategies: {', '.join(STRATEGIES)}, "
            f"or mix:SHARE with a leadership share from 0 to 1"
        )
    return text


def strategy_for(text: str) -> Strategy:
    """The Strategy object for a name or `mix:SHARE`."""
    text = canonical_strategy(text)
    if text.startswith(MIX_PREFIX):
        return mix_strategy(mix_share(text))
    return get_strategy(text)
