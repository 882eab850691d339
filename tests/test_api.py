"""The public Python API (sim/__init__.py) and the validation API (sim.analysis.validate).
What analysts and the game rely on: sim.run's table, the player's loop on OrgModel
(set_decision, run_quarter, explain), the lookups by name, and the checks' result objects and
rules. The claims themselves are measured by `orgsim validate`; here the checks' machinery is
tested on small settings.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import sim
from sim.analysis import validate as v

TINY = v.Settings(seeds=2, team_sizes=(6,), meta_teams=14)


def test_public_names_exist():
    for name in sim.__all__:
        assert hasattr(sim, name), name
    for name in ("OrgModel", "run", "Decision", "load_decision_log", "load_level", "level_names",
                 "STRATEGIES", "get_strategy", "lever_table", "COLUMNS", "DESCRIPTIONS"):
        assert name in sim.__all__


def test_run_returns_one_row_per_quarter_with_the_contract_columns():
    table = sim.run("knowledge_team", "balanced", seed=2, quarters=4, team_size=10)
    assert list(table.columns) == list(sim.COLUMNS)
    assert list(table["quarter"]) == [1, 2, 3, 4]
    assert (table["level"] == "knowledge_team").all() and (table["seed"] == 2).all()
    np.testing.assert_allclose(table["output_cum"], table["output"].cumsum())
    for column in ("morale", "trust", "skill", "exhaustion"):
        assert table[column].between(0, 1).all()
    assert table["headcount"].iloc[0] <= 10 + table["hires"].iloc[0]


def test_the_players_loop():
    model = sim.OrgModel("knowledge_team", seed=4, team_size=8, quarters=2)
    decision = sim.Decision(attention={"vision": 3.0, "coach": 3.0, "plan": 4.0})
    model.set_decision(decision)
    row = model.run_quarter()
    assert row["quarter"] == 1 and model.quarter == 1 and len(model.decisions) == 1
    # the log keeps the decision, plus the answers given to the quarter's events
    assert dataclasses.replace(model.decisions[0], responses={}) == decision
    team = model.explain(1)
    assert math.isclose(team.start + sum(team.contributions.values()), team.end,
                        abs_tol=1e-9)
    assert any("Vision" in label for label in team.contributions)
    someone = model.workers[0].unique_id
    mine = model.explain(1, someone)
    assert mine.worker == someone
    assert math.isclose(mine.start + sum(mine.contributions.values()), mine.end, abs_tol=1e-9)
    model.run_quarter()
    assert model.finished and len(model.table()) == 2


def test_set_decision_checks_at_once():
    model = sim.OrgModel("knowledge_team", seed=1)
    with pytest.raises(sim.DecisionError, match="unknown lever 'magic'"):
        model.set_decision(sim.Decision(attention={"magic": 1.0}))


def test_lookups_by_name():
    names = sim.level_names()
    assert {"knowledge_team", "factory_floor"} <= set(names)
    level = sim.load_level("knowledge_team")
    assert sim.load_level(level.path) == level
    assert {"leader", "manager", "balanced", "adaptive", "neglect", "random"} <= set(
        sim.STRATEGIES)
    assert sim.get_strategy("leader") is sim.STRATEGIES["leader"]
    with pytest.raises(sim.StrategyError, match="unknown strategy 'boss'"):
        sim.get_strategy("boss")
    with pytest.raises(sim.LevelError, match="unknown level 'atlantis'"):
        sim.load_level("atlantis")


def test_lever_table_has_both_sides_described_in_the_seeds_words():
    table = sim.lever_table()
    assert len(table.by_side("leadership")) >= 7 and len(table.by_side("management")) >= 7
    for lever_id in table.ids:
        lever = table[lever_id]
        assert lever.title and lever.description and lever.seed


# ----- sim.analysis.validate --------------------------------------------------------------------

@pytest.mark.parametrize(("r", "band", "holds"), [
    (0.58, (0.48, 0.68), True),
    (0.48, (0.48, 0.68), True),      # the ends are inside
    (0.47, (0.48, 0.68), False),
    (0.90, (0.48, 0.68), False),     # too strong fails as too weak does
    (-0.05, (-0.10, 0.10), True),    # monitoring x performance: |r| <= .10
    (0.11, (-0.10, 0.10), False),
    (0.01, (0.0, None), True),       # stress: r > 0
    (0.0, (0.0, None), False),
    (5.0, (0.0, None), True),        # a direction: no upper end
])
def test_meta_analysis_band_rule(r: float, band: tuple, holds: bool):
    assert v.in_band(r, band) is holds


def test_paired_rule_needs_the_mean_and_three_seeds_in_four():
    a, b = np.array([2.0, 2.0, 2.0, 0.0]), np.array([1.0, 1.0, 1.0, 1.0])
    assert v.paired("here", "output", "a", a, "b", b).holds            # 3 of 4 seeds
    assert not v.paired("here", "output", "a", a, "b", b + 0.5).holds  # 0 of 4 seeds
    two_ties = np.array([1.0, 1.0, 2.0, 2.0])                          # 2 + 2 halves = 3
    assert v.paired("here", "output", "a", two_ties, "b", b).holds
    three_ties = np.array([1.0, 1.0, 1.0, 2.0])                        # 1 + 3 halves = 2.5
    assert not v.paired("here", "output", "a", three_ties, "b", b).holds
    lower = v.paired("here", "quits", "a", np.zeros(4), "b", np.ones(4), higher=False)
    assert lower.holds and lower.figures["seed share"] == 1.0
    assert "here: quits: a 0.000 vs b 1.000" in lower.text


def test_worst_rule():
    neglect = np.array([1.0, 1.0, 1.0, 1.0])
    others = {"x": np.array([2.0, 2.0, 2.0, 0.5]), "y": np.array([3.0, 3.0, 3.0, 3.0])}
    result = v.worst("here", "output", neglect, others)
    assert result.holds and result.figures["seed share"] == 0.75
    assert not v.worst("here", "output", neglect + 2.5, others).holds


def test_a_check_holds_only_if_every_comparison_does():
    ok = v.Comparison("a", "a", {"x": 1.0}, True)
    bad = v.Comparison("b", "b", {"x": 2.0}, False)
    assert v.CheckResult("n", "c", "r", (ok, ok)).holds
    assert not v.CheckResult("n", "c", "r", (ok, bad)).holds
    assert not v.CheckResult("n", "c", "r", ()).holds
    assert v.CheckResult("n", "c", "r", (ok, bad)).figures == {"a: x": 1.0, "b: x": 2.0}


def test_runs_are_shared_between_checks_and_pick_the_right_quarter():
    runs = v.Runs(TINY)
    tables = runs.tables("knowledge_team", "leader", 6, quarters=3)
    assert runs.tables("knowledge_team", "leader", 6, quarters=3) is tables
    assert len(tables) == 2 and all(len(t) == 3 for t in tables)
    assert list(runs.values("knowledge_team", "leader", 6, "output", "first", quarters=3)) == [
        t["output"].iloc[0] for t in tables]
    assert list(runs.values("knowledge_team", "leader", 6, "quits", "total", quarters=3)) == [
        t["quits"].sum() for t in tables]


def test_a_claim_check_reports_every_team_size_and_level():
    result = v.management_pays_quickly(v.Runs(TINY))
    assert result.name.startswith("1. ") and "first quarter" in result.claim
    assert len(result.comparisons) == 2          # two levels x one team size
    assert all(math.isfinite(x) for x in result.figures.values())
    assert result.holds == all(c.holds for c in result.comparisons)


def test_field_teams_are_reproducible_and_spread_over_the_levels():
    teams = v.field_teams(7, first_seed=9000, sampler_seed=[2004, 9000])
    assert teams.equals(v.field_teams(7, first_seed=9000, sampler_seed=[2004, 9000]))
    assert not teams.equals(v.field_teams(7, first_seed=9000, sampler_seed=[2004, 100]))
    assert list(teams["seed"]) == list(range(9000, 9007))
    assert "tutorial" not in set(teams["level"]) and teams["level"].nunique() == 6
    assert (teams["leadership"] + teams["management"] + teams["neglect"]).round(9).eq(1.0).all()
    assert (teams["reward"] <= teams["management"] + 1e-12).all()


def test_meta_analysis_compares_each_published_figure():
    result = v.meta_analysis(TINY)
    assert [c.label for c in result.comparisons] == [e.label for e in v.FIELD_EVIDENCE]
    for comparison, evidence in zip(result.comparisons, v.FIELD_EVIDENCE, strict=True):
        assert -1.0 <= comparison.model <= 1.0
        assert comparison.published == evidence.published
        assert comparison.band == evidence.band and comparison.source == evidence.source
        assert comparison.holds == v.in_band(comparison.model, evidence.band)
