"""Strategy names in sweep grids: `mix:SHARE` and the archetypes, by their canonical spelling.

The strategies themselves live in sim.strategies (`get_strategy("mix:0.3")`); a sweep also needs
one spelling per strategy so that `mix:0.30` and `mix:0.3` get the same run id.
"""

from __future__ import annotations

from sim.strategies import Strategy, get_strategy, mix_strategy

__all__ = ["canonical_strategy", "mix_strategy", "strategy_for"]


def canonical_strategy(text: str) -> str:
    """The canonical spelling of a strategy name (`mix:0.30` -> `mix:0.3`); errors if unknown."""
    return get_strategy(text).name


def strategy_for(text: str) -> Strategy:
    """The Strategy object for a name or `mix:SHARE`."""
    return get_strategy(text)
