"""Explaining morale by decision (issue 9): the split by cause adds up exactly, carries indirect
effects with their cause, means what it says (a paired run without the cause differs by about
that much), leaves little to the catch-all, and never changes the model's results."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from reference_runs import LOG, OPEN_LEVEL

import sim
from sim import Decision
from sim.attribution import Attribution
from sim.causes import CATCH_ALL, DRIFT, INHERITED, LEAVING, force_sources, is_decision
from sim.errors import OrgsimError
from sim.levers import LeverTable, lever_table
from sim.shadow_week import MOVED, Exogenous, shadow_week

STRATEGIES = ("leader", "manager", "balanced", "adaptive", "neglect", "random")
#: Seeds 1-3 in the quick suite, 4-8 with the slow tests.
SEEDS_1_TO_8 = [1, 2, 3, *(pytest.param(s, marks=pytest.mark.slow) for s in range(4, 9))]
MONITOR = "Monitor and control"
CONTROL_8 = [Decision(attention={"control": 8.0})]


def _open_model(seed: int, attribution: bool) -> sim.OrgModel:
    """A level offering every action, played by a log using every action and lever."""
    return sim.OrgModel(OPEN_LEVEL, decisions=LOG, seed=seed, attribution=attribution)


def _without(lever_id: str) -> LeverTable:
    """The lever table with one lever's effects removed (its attention still counts as spent,
    so neglect is the same): the paired run 'without monitoring'."""
    table = lever_table()
    i = table.ids.index(lever_id)
    empty = dataclasses.replace(table.levers[i], routine={}, knowledge={})
    return dataclasses.replace(table, levers=(*table.levers[:i], empty, *table.levers[i + 1:]))


def _adds_up(e: sim.explain.Explanation) -> bool:
    return math.isclose(e.start + sum(e.contributions.values()), e.end, abs_tol=1e-9)


def test_the_shadow_week_replays_the_real_week_bit_for_bit(monkeypatch) -> None:
    """The leave-one-out replays call sim.dynamics in the model's order: replaying the real
    inputs must give the real states and morale rows exactly (catches a reordered week)."""
    checked = []
    real_after = Attribution.after_week

    def check(self, model, ctx, ramp, labels, rows):
        b, wf, f = self._before, model.workforce, model.forces
        exo = Exogenous(b.load, ramp, model.level.team_size, model.level.knowledge_share)
        res = shadow_week(b.arrays, b.stocks, wf.fit(), b.coached, f, ctx, exo)
        for x in MOVED:
            assert np.array_equal(res.arrays[x], wf.arrays[x]), x
        n_mech, n_felt = len(sim.dynamics.MORALE_MECHANISMS), len(f.morale_sources)
        plain = np.vstack([rows[:n_mech], rows[n_mech + n_felt:]])
        assert np.array_equal(res.rows, plain)
        for s in ("coordination", "process", "innovation", "safety"):
            assert getattr(res.stocks, s) == getattr(model.stocks, s), s
        checked.append(1)
        real_after(self, model, ctx, ramp, labels, rows)

    monkeypatch.setattr(Attribution, "after_week", check)
    _open_model(101, attribution=True).run()
    sim.OrgModel("knowledge_team", strategy="random", seed=4, quarters=4,
                 attribution=True).run()
    assert len(checked) > 100


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_channel_pushes_split_by_cause_add_up_to_the_forces(seed: int) -> None:
    level = OPEN_LEVEL
    table = lever_table()
    effects = table.effect_matrix(level.knowledge_share)
    rng = np.random.default_rng(seed)
    for _ in range(20):
        points = rng.uniform(0, 2, len(table.ids)) * (rng.random(len(table.ids)) < 0.5)
        decision = Decision(attention=dict(zip(table.ids, points.tolist(), strict=True)),
                            bonus=str(rng.choice(["none", "team", "individual"])),
                            training=float(rng.choice([0.0, 0.5])))
        forces = table.forces(decision, level, effects, table.morale_labels())
        sources = force_sources(table, decision, level, effects)
        total = np.sum([s.channel for s in sources], axis=0)
        assert np.allclose(total, forces.channel, atol=1e-12)
        assert set(forces.morale_sources) <= {s.felt for s in sources}


def test_attribution_never_changes_the_results() -> None:
    for on, off in [(_open_model(202, True), _open_model(202, False)),
                    (sim.OrgModel("startup", strategy="random", seed=7, attribution=True),
                     sim.OrgModel("startup", strategy="random", seed=7))]:
        a, b = on.run(), off.run()
        assert a.equals(b)
        for q in range(1, on.quarter + 1):
            assert on.explain(q) == off.explain(q)


def test_rows_add_up_exactly_per_worker_and_team_with_every_action() -> None:
    model = _open_model(101, attribution=True)
    while model.running:
        model.run_quarter()
        gaps = model.attribution.gaps(model)
        assert max(gaps.values()) < 1e-9, gaps
        q = model.quarter
        team, state = model.explain(q, by="decision"), model.explain(q)
        assert _adds_up(team) and math.isclose(team.end, state.end, abs_tol=1e-12)
        assert team.start == state.start
        for worker in model.workers:
            mine = model.explain(q, worker=worker.unique_id, by="decision")
            assert _adds_up(mine)
            assert math.isclose(mine.end, worker.morale, abs_tol=1e-12)
            for cause, routes in mine.details.items():
                assert math.isclose(sum(routes.values()), mine.contributions.get(cause, 0.0),
                                    abs_tol=1e-12)
    causes = set().union(*(model.explain(q, by="decision").contributions
                           for q in range(1, model.quarter + 1)))
    for expected in ("Let people go", "one-to-ones: recognise", "Individual bonus",
                     "Training budget", "newcomers arriving", INHERITED, "Vision and purpose"):
        assert expected in causes, expected


def test_state_rows_are_named_as_pulls_toward_a_level() -> None:
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=2)
    model.run_quarter()
    labels = model.explain(1).contributions
    assert "drawn to energy level (1 − exhaustion)" in labels
    assert "drawn to level of trust in the boss" in labels
    assert not any(label == "energy (1 - exhaustion)" for label in labels)


def test_by_decision_needs_the_model_flag_and_a_known_view() -> None:
    model = sim.OrgModel("knowledge_team", seed=1, quarters=1)
    model.run()
    with pytest.raises(OrgsimError, match="attribution=True"):
        model.explain(1, by="decision")
    with pytest.raises(ValueError, match="by must be"):
        model.explain(1, by="mood")


def test_indirect_effects_travel_with_their_cause() -> None:
    """Monitoring lowers trust and autonomy; the morale that costs is monitoring's, reached
    through the pull toward those levels, not booked under the state."""
    model = sim.OrgModel("knowledge_team", decisions=CONTROL_8, seed=3, quarters=2,
                         attribution=True)
    model.run()
    routes = model.explain(2, by="decision").details[MONITOR]
    assert routes["drawn to level of trust in the boss"] < 0
    assert routes["felt directly"] < 0
    a = model.attribution
    monitor = a.causes.index(MONITOR)
    for state in ("trust", "autonomy", "intrinsic", "morale"):   # autonomy -> intrinsic -> morale
        assert (a.shares[state][monitor] <= 0).all(), state   # 0 where a target is clipped
        assert a.shares[state][monitor].mean() < -0.01, state


def test_monitoring_row_means_what_it_says() -> None:
    """8 points on monitoring, on a team of 12: its row is negative on every seed, and over
    seeds 1-8 its mean is within a factor of 2 of the mean difference a paired run without
    monitoring's effects makes (same seed, same attention spent), quarter by quarter over the
    first year. Per seed, a team of 12 keeps or loses one person more by chance, which moves
    the paired difference more than monitoring does by the fourth quarter (the per-seed check
    is on a team of 120 below); an attribution that adds up can only follow the expectation."""
    rows, differences = [], []
    for seed in range(1, 9):
        with_it = sim.OrgModel("knowledge_team", decisions=CONTROL_8, seed=seed, quarters=4,
                               attribution=True)
        without = sim.OrgModel("knowledge_team", decisions=CONTROL_8, seed=seed, quarters=4,
                               levers=_without("control"))
        a, b = with_it.run(), without.run()
        mine = [with_it.explain(q, by="decision") for q in range(1, 5)]
        assert all(_adds_up(e) for e in mine)
        assert all(e.contributions[MONITOR] < 0 for e in mine)
        rows.append(np.cumsum([e.contributions[MONITOR] for e in mine]))
        differences.append((a["morale"] - b["morale"]).to_numpy())
    ratio = np.mean(rows, axis=0) / np.mean(differences, axis=0)
    assert ((ratio >= 0.5) & (ratio <= 2.0)).all(), ratio


@pytest.mark.parametrize("seed", SEEDS_1_TO_8)
def test_monitoring_row_means_what_it_says_when_no_one_quit_decides_it(seed: int) -> None:
    """The same claim where the paired difference is not one or two people's luck: a team of
    120 (a team of 12 loses or keeps one person more by chance; see sim.attribution). Quarter
    by quarter over the first year within a factor of 2, and over the year within 20%."""
    with_it = sim.OrgModel("knowledge_team", decisions=CONTROL_8, seed=seed, quarters=4,
                           team_size=120, attribution=True)
    without = sim.OrgModel("knowledge_team", decisions=CONTROL_8, seed=seed, quarters=4,
                           team_size=120, levers=_without("control"))
    a, b = with_it.run(), without.run()
    total, ratios = 0.0, []
    for q in range(1, 5):
        total += with_it.explain(q, by="decision").contributions[MONITOR]
        difference = float(a["morale"].iloc[q - 1] - b["morale"].iloc[q - 1])
        assert difference < 0
        ratios.append(total / difference)
        assert 0.5 <= ratios[-1] <= 2.0, (q, total, difference)
    assert 0.8 <= float(np.mean(ratios)) <= 1.25, ratios


@pytest.mark.parametrize("seed", SEEDS_1_TO_8)
def test_monitoring_is_the_most_negative_of_the_players_decisions(seed: int) -> None:
    """Issue 9's Done-when, as far as it holds: on the knowledge team, 8 points on monitoring is
    the most negative row of the player's own decisions in quarters 1 and 2, and summed over
    quarters 1 to q for every quarter of the level; the rows add up. It is not the most negative
    row of all: the fading of the team the level starts with is larger (see the reference in
    sim.attribution for why that fading is the inheritance's)."""
    model = sim.OrgModel("knowledge_team", decisions=CONTROL_8, seed=seed, attribution=True)
    model.run()
    summed: dict[str, float] = {}
    for q in range(1, model.quarter + 1):
        e = model.explain(q, by="decision")
        assert _adds_up(e)
        for cause, value in e.contributions.items():
            summed[cause] = summed.get(cause, 0.0) + value
        mine = {c: v for c, v in summed.items() if is_decision(c)}
        assert min(mine, key=mine.get) == MONITOR, (q, mine)
        assert summed[MONITOR] < 0
        if q <= 2:
            rows = {c: v for c, v in e.contributions.items() if is_decision(c)}
            assert min(rows, key=rows.get) == MONITOR, (q, rows)
            assert min(e.contributions, key=e.contributions.get) == INHERITED


def _catch_all_share(model: sim.OrgModel) -> float:
    total = catch = 0.0
    for q in range(1, model.quarter + 1):
        rows = model.explain(q, by="decision").contributions
        total += sum(abs(v) for v in rows.values())
        catch += sum(abs(rows.get(label, 0.0)) for label in CATCH_ALL)
    return catch / total


@pytest.mark.parametrize("strategy", ["manager", "random"])
def test_the_catch_all_row_stays_small(strategy: str) -> None:
    model = sim.OrgModel("knowledge_team", strategy=strategy, seed=5, quarters=6,
                         attribution=True)
    model.run()
    assert DRIFT in model.explain(2, by="decision").contributions
    assert _catch_all_share(model) <= 0.20


@pytest.mark.slow
@pytest.mark.parametrize("level", sim.level_names())
def test_the_catch_all_row_stays_small_for_every_scripted_boss(level: str) -> None:
    """Issue 9's bar: at most 20% in the catch-all, for every scripted boss, neglect included.
    People who quit at the resting hazard (life, the job market) have a row of their own, not
    the catch-all's (under neglect it was most of drift: up to 29%)."""
    for strategy in STRATEGIES:
        for seed in (1, 2, 3):
            model = sim.OrgModel(level, strategy=strategy, seed=seed, attribution=True)
            model.run()
            assert _catch_all_share(model) <= 0.20, (strategy, seed)


def test_people_leaving_anyway_have_their_own_row():
    """Quits nobody caused (the hazard at everyone's resting state) are named, neither a
    decision nor the catch-all, and the rows still add up to the change."""
    model = sim.OrgModel("turnaround", strategy="neglect", seed=2, attribution=True)
    model.run()
    assert int(model.table()["quits"].sum()) > 0
    explained = [model.explain(q, by="decision") for q in range(1, model.quarter + 1)]
    assert any(LEAVING in e.contributions for e in explained)
    assert all(_adds_up(e) for e in explained)
    assert not is_decision(LEAVING) and LEAVING not in CATCH_ALL


