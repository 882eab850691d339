"""The adaptive boss reads only what a player sees and answers the situation: it hires when work
is waiting, pushes for output when a phase makes it worth more, pays for performance by the kind
of work, and answers events people first. Real models, no mocks."""

from __future__ import annotations

import sim


def test_it_hires_when_work_is_waiting_and_not_otherwise():
    model = sim.OrgModel("startup", strategy="adaptive", seed=9001)
    waiting = 0.0
    hired_after_backlog = 0
    for _ in range(model.level.quarters):
        row = model.run_quarter()
        decision = model.decisions[-1]
        if waiting == 0.0:
            assert decision.hire == 0, (model.quarter, waiting)
        else:
            hired_after_backlog += decision.hire
        waiting = float(row["backlog"])
    assert hired_after_backlog > 0


def test_it_pushes_for_output_in_the_peak_season_only():
    model = sim.OrgModel("factory_floor", strategy="adaptive", seed=3)
    model.run()
    level = model.level
    for quarter, decision in enumerate(model.decisions, start=1):
        phase = level.phase_at(quarter)
        pushing = decision.attention.get("deadlines", 0.0) > 0.5
        assert pushing == (phase.value > 1.0), (quarter, phase.name, decision.attention)


def test_it_pays_individual_bonuses_on_routine_work_and_team_bonuses_on_mixed_work():
    factory = sim.OrgModel("factory_floor", strategy="adaptive", seed=1)
    factory.run_quarter()
    assert factory.decisions[-1].bonus == "individual"
    change = sim.OrgModel("change_programme", strategy="adaptive", seed=1)
    change.run_quarter()
    assert change.decisions[-1].bonus == "team"
    knowledge = sim.OrgModel("knowledge_team", strategy="adaptive", seed=1)
    knowledge.run_quarter()
    assert knowledge.decisions[-1].bonus == "none"


def test_it_answers_events_people_first():
    model = sim.OrgModel("change_programme", strategy="adaptive", seed=2)
    model.run()
    for card in model.level.events:
        sides = {c.id: c.side for c in card.choices}
        assert "leadership" in sides.values()
        assert sides[sim.STRATEGIES["adaptive"].respond(model, card)] == "leadership"


def test_money_well_ahead_of_the_goal_goes_to_the_people_and_tight_money_does_not():
    """On the start-up (a money goal, money to spare) the adaptive boss pays a team bonus once
    it is well ahead of the goal; on the turnaround (money tight) it pays none."""
    startup = sim.OrgModel("startup", strategy="adaptive", seed=9001)
    startup.run()
    assert any(d.bonus == "team" for d in startup.decisions)
    assert float(startup.table()["budget_left"].iloc[-1]) >= max(
        g.stars[-1] for g in startup.level.goals if g.metric == "budget_left")
    turnaround = sim.OrgModel("turnaround", strategy="adaptive", seed=9001)
    turnaround.run()
    assert all(d.bonus == "none" for d in turnaround.decisions)
