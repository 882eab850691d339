"""A model built to keep only its quarterly table (`explanations=False, weekly=False`, what
`orgsim balance` scores) plays exactly as one that keeps everything: the same table, the same
decisions, the same people and state at the end, with hires, quits, events, letting go and
the scale's ends all met on the way. And it says so when asked for what it did not keep."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.analysis.balance_plans import LEAN, Layout, Policy, degenerate_policies, phases_of
from sim.errors import OrgsimError
from sim.levels import level_names, load_level
from sim.workforce import STATE


def _state(model: sim.OrgModel) -> tuple[object, ...]:
    wf = model.workforce
    return (model.columns(), list(model.decisions), wf.ids.tolist(),
            [wf.arrays[c].tolist() for c in STATE], model.stocks.vector().tolist(),
            [(d.worker, d.quarter, d.week, d.voluntary) for d in model.departures],
            model.steps, model.total_hires, model.total_quits)


def _policies(level_name: str) -> list[Policy]:
    """Scripted bosses, a random plan per phase (hires, training, bonus and event rules as
    the level offers them) and the degenerate policies (letting everyone go among them)."""
    level = load_level(level_name)
    layout = Layout.for_level(level, phases_of(level))
    lows, highs = np.array(layout.bounds()).T
    rng = np.random.default_rng(sum(map(ord, level_name)))
    plans = [Policy(f"random {i}", "", plan=layout.decode(lows + rng.random(len(lows))
                                                          * (highs - lows)))
             for i in range(2)]
    bosses = [Policy(name, "", strategy=name) for name in ("balanced", "adaptive", "random")]
    actions = [p for p in degenerate_policies(level) if not p.name.startswith("all on")]
    return [*bosses, *plans, *actions]


@pytest.mark.parametrize("level_name", level_names())
def test_a_lean_run_plays_as_a_full_one(level_name: str) -> None:
    level = load_level(level_name)
    met = {"hires": 0, "quits": 0, "let_go": 0, "events": 0}
    for policy in _policies(level_name):
        for seed in (3, 41):
            lean = policy.model(level, seed)
            assert lean.explainer.__class__.__name__ == "Unexplained"
            lean.play_out()
            full = (sim.OrgModel(level, seed=seed, decisions=policy.plan.decisions(level))
                    if policy.plan is not None
                    else sim.OrgModel(level, strategy=policy.strategy, seed=seed))
            full.play_out()
            assert _state(lean) == _state(full), (policy.name, seed)
            columns = full.columns()
            for key in ("hires", "quits", "let_go"):
                met[key] += sum(columns[key])
            met["events"] += len(full.fired)
    assert all(met.values()), met      # the runs compared met every kind of change


def test_a_lean_run_week_by_week_and_by_quarter_plays_as_a_full_one() -> None:
    """`step` (the game's and batch_run's way) and `run_quarter` give the same lean table."""
    full = sim.OrgModel("startup", strategy="random", seed=5)
    full.run()
    stepped = sim.OrgModel("startup", strategy="random", seed=5, **LEAN)
    while stepped.running:
        stepped.step()
    quarters = sim.OrgModel("startup", strategy="random", seed=5, **LEAN)
    while quarters.running:
        quarters.run_quarter()
    assert stepped.columns() == quarters.columns() == full.columns()


def test_a_lean_model_keeps_no_weekly_record_and_says_it_keeps_no_explanations() -> None:
    lean = sim.OrgModel("knowledge_team", strategy="balanced", seed=1, **LEAN)
    lean.run()
    assert lean.datacollector.get_model_vars_dataframe().empty
    with pytest.raises(OrgsimError, match="explanations=False"):
        lean.explain(1)
    weekly_only = sim.OrgModel("knowledge_team", strategy="balanced", seed=1,
                               explanations=False)
    weekly_only.run()
    assert len(weekly_only.datacollector.get_model_vars_dataframe()) == 12 * 13


def test_keeping_workers_weekly_records_needs_the_weekly_record() -> None:
    with pytest.raises(OrgsimError, match=r"record_workers=True .* weekly=False"):
        sim.OrgModel("knowledge_team", seed=1, record_workers=True, weekly=False)

