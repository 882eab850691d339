"""The balanced boss answers event cards in turn down the level's deck, whatever its team's state.

Up to model 0.6.1 it answered people first when its team's morale was below 0.55, where its
team's morale sits, so two runs a hair apart answered a card differently (a fifth of a
quarter's output), and `orgsim validate`'s comparisons of it swung with that (claim 6)."""

from __future__ import annotations

import pytest

import sim
from sim.strategies import get_strategy

SIDES = ("leadership", "management")


@pytest.mark.parametrize("level", ["knowledge_team", "turnaround"])
def test_it_answers_people_first_and_structure_first_in_turn_down_the_deck(level: str):
    model = sim.OrgModel(level, strategy="balanced", seed=1)
    boss = get_strategy("balanced")
    side_of = {choice.id: choice.side for card in model.level.events for choice in card.choices}
    checked = 0
    for index, card in enumerate(model.level.events):
        offered = {choice.side for choice in card.choices}
        wanted = SIDES[index % 2]
        if wanted in offered:
            assert side_of[boss.respond(model, card)] == wanted, card.id
            checked += 1
    assert checked >= 6


def test_its_answers_do_not_depend_on_its_teams_morale():
    model = sim.OrgModel("knowledge_team", strategy="balanced", seed=1)
    boss = get_strategy("balanced")
    answers = []
    for morale in (0.2, 0.549, 0.551, 0.9):
        model.workforce.arrays["morale"][:] = morale
        assert model.team_state()["morale"] == pytest.approx(morale)
        answers.append([boss.respond(model, card) for card in model.level.events])
    assert all(each == answers[0] for each in answers)
