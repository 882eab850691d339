"""The model's public behaviour: Mesa conventions, quarters, decisions, actions, events and
explanations that add up exactly."""

from __future__ import annotations

import dataclasses
import math

import mesa
import numpy as np
import pytest

import sim
from sim import Decision, OneToOne
from sim.errors import DecisionError
from sim.levels import Actions


def test_model_is_a_mesa_model_with_workers_as_agents() -> None:
    model = sim.OrgModel("knowledge_team", seed=3, team_size=15)
    assert isinstance(model, mesa.Model)
    assert len(model.agents) == 15
    worker = model.workers[0]
    assert isinstance(worker, mesa.Agent)
    assert 0.0 <= worker.morale <= 1.0
    assert set(worker.strengths) == {"building", "analysis", "design", "people"}
    assert isinstance(model.datacollector, mesa.DataCollector)


def test_a_quarter_is_thirteen_weeks_and_the_level_ends() -> None:
    model = sim.OrgModel("knowledge_team", strategy="balanced", seed=1, quarters=2)
    row = model.run_quarter()
    assert model.steps == 13 and row["quarter"] == 1 and model.quarter == 1
    model.run_quarter()
    assert model.finished and not model.running
    weekly = model.datacollector.get_model_vars_dataframe()
    assert list(weekly["steps"]) == list(range(1, 27))  # one record after each week
    table = model.table()
    assert list(table["quarter"]) == [1, 2]
    assert math.isclose(table["output"].sum(), weekly["week_output"].sum())
    assert math.isclose(table["output_cum"].iloc[-1], table["output"].sum())
    with pytest.raises(RuntimeError):
        model.run_quarter()


def test_table_has_the_contract_columns() -> None:
    table = sim.run("knowledge_team", "manager", seed=2, quarters=3)
    for column in ("level", "strategy", "seed", "quarter", "output", "output_cum", "morale",
                   "trust", "skill", "exhaustion", "headcount", "hires", "quits", "cost"):
        assert column in table.columns
    assert list(table.columns) == list(sim.COLUMNS)
    assert (table["strategy"] == "manager").all() and (table["seed"] == 2).all()


def test_overrides_replace_level_parameters_and_are_checked() -> None:
    model = sim.OrgModel("knowledge_team", seed=1, knowledge_share=0.2, team_size=9, quarters=3)
    assert model.level.knowledge_share == 0.2
    assert len(model.workers) == 9 and model.level.quarters == 3
    with pytest.raises(sim.LevelError, match="knowledge_share"):
        sim.OrgModel("knowledge_team", knowledge_share=2.0)
    with pytest.raises(sim.LevelError, match="cannot override 'colour'"):
        sim.OrgModel("knowledge_team", colour="red")


def test_the_players_decision_reaches_the_model() -> None:
    model = sim.OrgModel("knowledge_team", seed=1)
    decision = Decision(attention={"coach": 4.0, "plan": 3.0})
    model.set_decision(decision)
    model.run_quarter()
    # the log holds the decision plus the answers to the quarter's events
    assert dataclasses.replace(model.decisions[0], responses={}) == decision
    assert model.table()["attention_spent"].iloc[0] == 7.0
    # without a new decision, the last one holds
    model.run_quarter()
    assert model.decisions[1].attention == decision.attention


def test_overspending_and_unknown_levers_are_refused() -> None:
    model = sim.OrgModel("knowledge_team", seed=1)
    budget = model.level.attention_budget
    with pytest.raises(DecisionError, match=f"budget of level 'knowledge_team' is {budget:g}"):
        model.set_decision(Decision(attention={"coach": budget + 1}))
    with pytest.raises(DecisionError, match="unknown lever 'charisma'"):
        model.set_decision(Decision(attention={"charisma": 1.0}))
    with pytest.raises(DecisionError, match="no worker with id 9999"):
        model.set_decision(Decision(one_to_one=(OneToOne("coach", 9999),)))


def test_hire_let_go_and_headcount_accounting() -> None:
    level = dataclasses.replace(sim.load_level("knowledge_team"), actions=Actions())
    model = sim.OrgModel(level, seed=4, quarters=3)
    start = len(model.workers)
    victim = model.workers[0].unique_id
    model.set_decision(Decision(hire=2, let_go=(victim,)))
    row = model.run_quarter()
    assert row["let_go"] == 1
    assert victim not in [w.unique_id for w in model.workers]
    assert row["headcount"] == start + row["hires"] - row["quits"] - row["let_go"]
    assert row["hires"] >= 2  # the recruits arrive after the hiring delay, within the quarter
    team = model.explain(1)
    assert "colleagues let go" in team.contributions


def test_one_to_one_actions_touch_only_their_worker() -> None:
    model = sim.OrgModel("knowledge_team", seed=5)
    target = model.workers[3]
    worst_fit = min(model.workers, key=lambda w: w.fit)
    model.set_decision(Decision(one_to_one=(OneToOne("recognise", target.unique_id),
                                            OneToOne("reassign", worst_fit.unique_id))))
    model.step()
    assert worst_fit.assigned_work == worst_fit.best_work
    model.run_quarter()
    mine = model.explain(1, worker=target.unique_id).contributions
    other = model.explain(1, worker=model.workers[0].unique_id).contributions
    assert mine["recognised in a one-to-one"] > 0
    assert "recognised in a one-to-one" not in other or target is model.workers[0]


@pytest.mark.parametrize("strategy", ["random", "manager", "leader", "neglect"])
def test_explanations_add_up_exactly(strategy: str) -> None:
    model = sim.OrgModel("knowledge_team", strategy=strategy, seed=11, team_size=20)
    model.run()
    for quarter in range(1, model.level.quarters + 1):
        team = model.explain(quarter)
        assert math.isclose(team.start + sum(team.contributions.values()), team.end,
                            abs_tol=1e-9)
        assert math.isclose(team.end, model.table()["morale"].iloc[quarter - 1], abs_tol=1e-9)
        for worker in model.workers:
            mine = model.explain(quarter, worker=worker.unique_id) \
                if quarter == model.level.quarters else None
            if mine is not None:
                assert math.isclose(mine.start + sum(mine.contributions.values()), mine.end,
                                    abs_tol=1e-9)
                assert math.isclose(mine.end, worker.morale, abs_tol=1e-12)


def test_explanations_name_the_levers_and_mechanisms() -> None:
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=2)
    model.run_quarter()
    labels = model.explain(1).contributions
    assert any(label.startswith("micromanaged (Monitor and control)") for label in labels)
    assert labels["micromanaged (Monitor and control)"] < 0
    assert "drawn to level of meaningful work" in labels   # a pull toward a level (issue 9)
    neglected = sim.OrgModel("knowledge_team", strategy="neglect", seed=2)
    neglected.run_quarter()
    assert neglected.explain(1).contributions[
        "left alone (Unspent attention (laissez-faire))"] < 0
    with pytest.raises(KeyError, match="has not been played"):
        neglected.explain(5)


def test_events_fire_and_strategies_answer_them() -> None:
    leader = sim.OrgModel("knowledge_team", strategy="leader", seed=1)
    manager = sim.OrgModel("knowledge_team", strategy="manager", seed=1)
    leader.run()
    manager.run()
    assert leader.fired, "the level's fixed events must fire"
    sides = {}
    for model in (leader, manager):
        for fired in model.fired:
            if fired.choice is not None:
                sides.setdefault(model.strategy_name, set()).add(
                    fired.card.choice(fired.choice).side)
    assert "leadership" in sides["leader"] and "management" not in sides["leader"]
    assert "management" in sides["manager"] and "leadership" not in sides["manager"]


def test_the_player_answers_pending_events() -> None:
    model = sim.OrgModel("knowledge_team", seed=1)
    answered = []
    while model.running:
        card = model.pending_choice()
        if card is not None:
            choice = card.choices[-1].id
            model.answer(card.id, choice)
            answered.append((card.id, choice))
        model.step()
    fired = {(f.card.id, f.choice) for f in model.fired if f.choice is not None}
    assert answered and set(answered) == fired
    with pytest.raises(DecisionError, match="has no choice 'shrug'"):
        model.answer(answered[0][0], "shrug")


def test_agent_records_only_on_request() -> None:
    plain = sim.OrgModel("knowledge_team", strategy="balanced", seed=1, quarters=1)
    plain.run()
    assert not plain.datacollector.agent_reporters
    rich = sim.OrgModel("knowledge_team", strategy="balanced", seed=1, quarters=1,
                        record_workers=True)
    rich.run()
    agents = rich.datacollector.get_agent_vars_dataframe()
    assert {"morale", "trust", "skill"} <= set(agents.columns)
    weekly_heads = rich.datacollector.get_model_vars_dataframe()["headcount"]
    assert len(agents) == int(weekly_heads.sum())      # one record per person present a week


def test_batch_run_works_with_the_model() -> None:
    results = mesa.batch_run(
        sim.OrgModel,
        parameters={"level": ["knowledge_team"], "strategy": ["leader", "manager"],
                    "seed": [1, 2], "quarters": 2},
        max_steps=26, number_processes=1, display_progress=False,
    )
    finals = [r for r in results if r["steps"] == 26]
    assert len(finals) == 4
    assert all(r["quarter"] == 2 and r["output_cum"] > 0 for r in finals)
    by = {(r["strategy"], r["seed"]): r["output_cum"] for r in finals}
    assert by[("leader", 1)] == sim.run("knowledge_team", "leader", 1, quarters=2)[
        "output_cum"].iloc[-1]


def test_worker_state_stays_in_range_under_random_play() -> None:
    model = sim.OrgModel("knowledge_team", strategy="random", seed=7, quarters=20)
    model.run()
    for column, values in model.workforce.arrays.items():
        assert np.all((values >= 0) & (values <= 1)), column


def test_a_worker_let_go_cannot_also_get_a_one_to_one() -> None:
    model = sim.OrgModel("knowledge_team", seed=3)
    who = model.workers[2].unique_id
    with pytest.raises(DecisionError, match=f"worker {who} is let go"):
        model.set_decision(Decision(let_go=(who,), one_to_one=(OneToOne("coach", who),)))


@pytest.mark.parametrize("level", ["knowledge_team", "factory_floor"])
def test_random_play_runs_through_every_quarter(level: str) -> None:
    for seed in range(1, 8):
        table = sim.run(level, "random", seed)
        assert len(table) == sim.load_level(level).quarters


def test_explanations_add_up_for_joiners_and_leavers_in_a_large_team() -> None:
    """Many arrivals and departures reshape the explanation buffers; every person who was in the
    team during a quarter (stayed, joined or left) still has a list that adds up exactly."""
    model = sim.OrgModel("knowledge_team", strategy="random", seed=5, team_size=300, quarters=6)
    seen_joiners = seen_leavers = 0
    while model.running:
        before = set(model.workforce.ids.tolist())
        model.run_quarter()
        after = set(model.workforce.ids.tolist())
        joiners, leavers = after - before, before - after
        seen_joiners += len(joiners)
        seen_leavers += len(leavers)
        for worker_id in sorted(joiners | leavers)[:40] + sorted(after)[:20]:
            mine = model.explain(model.quarter, worker=worker_id)
            assert math.isclose(mine.start + sum(mine.contributions.values()), mine.end,
                                abs_tol=1e-9)
        team = model.explain(model.quarter)
        assert math.isclose(team.start + sum(team.contributions.values()), team.end,
                            abs_tol=1e-9)
    assert seen_joiners > 10 and seen_leavers > 10


def test_one_off_actions_do_not_repeat_when_no_new_decision_is_given() -> None:
    level = dataclasses.replace(sim.load_level("knowledge_team"), actions=Actions())
    model = sim.OrgModel(level, seed=6, quarters=3)
    victim = model.workers[1].unique_id
    model.set_decision(Decision(attention={"coach": 5.0}, hire=1, let_go=(victim,),
                                training=0.5, bonus="team"))
    model.run_quarter()
    model.run_quarter()  # no new decision: the policy holds, the one-offs do not
    held = model.decisions[1]
    assert held.attention == {"coach": 5.0} and held.training == 0.5 and held.bonus == "team"
    assert held.hire == 0 and held.let_go == () and held.one_to_one == ()
    assert model.table()["let_go"].tolist()[:2] == [1, 0]


def test_departures_are_everyone_who_left_as_they_left(monkeypatch) -> None:
    """`model.departures` (kept as columns) is the list of `Departure` records made as people
    left: who, their name, the quarter and week, and whether they quit."""
    expected: list[sim.model.Departure] = []
    remove = sim.OrgModel._remove

    def _remove(self: sim.OrgModel, leaving: np.ndarray, voluntary: bool) -> None:
        agents = self.workforce.agents
        expected.extend(sim.model.Departure(int(agents[row].unique_id), agents[row].name,
                                            self.quarter + 1, max(self.week, 1), voluntary)
                        for row in np.flatnonzero(leaving).tolist())
        remove(self, leaving, voluntary)

    monkeypatch.setattr(sim.OrgModel, "_remove", _remove)
    model = sim.OrgModel("knowledge_team", strategy="random", seed=5, team_size=300,
                         quarters=4)
    model.run()
    assert len(expected) > 20
    departures = model.departures
    assert isinstance(departures, list) and departures == expected
    assert {type(d.voluntary) for d in departures} == {bool}
    assert all(isinstance(d.worker, int) for d in departures)
