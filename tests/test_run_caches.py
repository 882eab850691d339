"""What a process remembers from one run to the next (a search plays each seed and each plan
many times): recruits' draws and a decision's forces. A remembered value is the one made
afresh, and never one of another key."""

from __future__ import annotations

import copy

import numpy as np

import sim
from sim.analysis.balance_plans import LEAN
from sim.decisions import Decision
from sim.levels import load_level
from sim.levers import lever_table
from sim.workforce import STATE


def test_recruits_drawn_from_the_cache_are_those_drawn_afresh() -> None:
    """The same seed's recruits arrive in the same weeks run after run; their cached draws
    (`joiner_draws`) give the run a fresh generator would."""
    from sim.workforce import joiner_draws, person_traits

    def run() -> dict[str, list[object]]:
        model = sim.OrgModel("startup", strategy="random", seed=17, **LEAN)
        model.play_out()
        assert model.total_hires > 0
        return model.columns()

    joiner_draws.cache_clear()
    person_traits.cache_clear()
    first = run()
    misses = joiner_draws.cache_info().misses
    again = run()
    assert joiner_draws.cache_info().hits >= misses > 0
    assert person_traits.cache_info().hits >= person_traits.cache_info().misses > 0
    assert again == first
    luck = sim.OrgModel("startup", seed=17).luck
    week, n = 30, 3
    cached = joiner_draws(luck.seed, week, n, 0.08)
    fresh = luck.generator("join", week)
    for array, drawn in zip((cached.state, cached.strengths, cached.kind, cached.load),
                            (fresh.normal(0.0, 0.08, (len(STATE), n)),
                             fresh.beta(1.5, 2.5, (n, 4)), fresh.integers(0, 4, n),
                             fresh.lognormal(0.0, 0.3, n)), strict=True):
        assert np.array_equal(array, drawn) and not array.flags.writeable


def test_a_decisions_forces_are_remembered_per_level_and_are_those_made_afresh() -> None:
    table = lever_table()
    decision = Decision(attention={"vision": 2.0, "plan": 1.5}, training=0.5, bonus="team")
    made = {}
    for name in ("knowledge_team", "factory_floor"):
        level = load_level(name)
        model = sim.OrgModel(level, seed=1)
        remembered = model._forces(decision)
        assert model._forces(decision) is remembered
        assert sim.OrgModel(level, seed=2)._forces(decision) is remembered
        fresh = table.forces(decision, level, table.effect_matrix(level.knowledge_share),
                             table.morale_labels())
        assert np.array_equal(remembered.channel, fresh.channel)
        assert np.array_equal(remembered.morale_direct, fresh.morale_direct)
        assert remembered.morale_sources == fresh.morale_sources
        made[name] = remembered
    # Another share of knowledge work is another key, with other forces.
    assert not np.array_equal(made["knowledge_team"].channel, made["factory_floor"].channel)
    other = Decision(attention={"vision": 2.0, "plan": 1.5}, training=0.5, bonus="none")
    assert sim.OrgModel("knowledge_team", seed=1)._forces(other) is not made["knowledge_team"]


def test_a_copied_model_shares_its_lever_table() -> None:
    """The game's forecast copies the model; the table (and what it remembers) is shared."""
    model = sim.OrgModel("knowledge_team", strategy="balanced", seed=3)
    model.run_quarter()
    twin = copy.deepcopy(model)
    assert twin.levers is model.levers
    twin.run_quarter()
    model.run_quarter()
    assert twin.columns() == model.columns()


def test_a_teams_traits_are_the_same_from_the_cache_and_afresh() -> None:
    """Patience and ability come from `person_traits` (cached by luck and ids): a model built
    after the cache is cleared has the team a model built on a warm cache has."""
    from sim.workforce import person_traits

    warm = sim.OrgModel("knowledge_team", seed=23)
    person_traits.cache_clear()
    cold = sim.OrgModel("knowledge_team", seed=23)
    for column in ("patience", "ability"):
        assert np.array_equal(getattr(warm.workforce, column), getattr(cold.workforce, column))
    patience, ability = person_traits(cold.luck.seed, tuple(cold.workforce.ids.tolist()),
                                      0.2)
    assert not patience.flags.writeable and not ability.flags.writeable
    assert (patience > 0).all() and (ability > 0).all()
