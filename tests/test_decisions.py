"""A quarter's decision: building it from a log entry, checking it against a level, reading logs.

Every mistake a player, a workshop tool or an analyst can make in a decision gets one clear
sentence naming where it is and what was expected; these tests pin those sentences.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from sim import Decision, DecisionError, OneToOne, lever_table, load_decision_log, load_level
from sim import validate_decision as check
from sim.levels import Actions, Choice, EventCard, Level


@pytest.fixture(scope="module")
def level() -> Level:
    """A level that allows every action, with one event that offers a choice."""
    base = load_level("knowledge_team")
    event = EventCard(id="deadline", title="A deadline", text="Soon.", quarter=1,
                      choices=(Choice("crunch", "Crunch", "management"),
                               Choice("talk", "Talk", "leadership")), default="crunch")
    return dataclasses.replace(
        base, attention_budget=10.0, events=(event,),
        actions=Actions(hire=True, let_go=True, training=True, bonus=True, one_to_one=True,
                        max_hires=3, one_to_one_cost=0.5))


@pytest.fixture(scope="module")
def strict(level: Level) -> Level:
    """The same level with every discrete action switched off."""
    return dataclasses.replace(level, actions=Actions(
        hire=False, let_go=False, training=False, bonus=False, one_to_one=False))


def test_a_full_legal_decision_passes_and_round_trips(level: Level):
    decision = Decision(attention={"vision": 4.0, "plan": 4.5}, hire=2, let_go=(3,),
                        training=0.5, bonus="team", one_to_one=(OneToOne("coach", 1),),
                        responses={"deadline": "talk"})
    check(decision, level, worker_ids={1, 2, 3})
    again = Decision.from_dict(json.loads(json.dumps(decision.to_dict())))
    assert again == decision


def test_spent_counts_one_to_ones_and_leadership_share_counts_levers():
    decision = Decision(attention={"vision": 3.0, "plan": 1.0},
                        one_to_one=(OneToOne("coach", 1), OneToOne("recognise", 2)))
    assert decision.spent(0.5) == pytest.approx(5.0)
    assert decision.leadership_share() == pytest.approx(0.75)
    assert Decision().leadership_share() == 0.5


@pytest.mark.parametrize(("data", "message"), [
    ([1, 2], "q1: expected a JSON object, got list"),
    ({"attention": {}, "budget": 3}, "q1: unknown key 'budget'"),
    ({"attention": {"vision": "lots"}}, "q1: 'attention' must map lever names to numbers"),
    ({"attention": {"vision": True}}, "q1: 'attention' must map lever names to numbers"),
    ({"attention": ["vision"]}, "q1: 'attention' must map lever names to numbers"),
    ({"one_to_one": [{"action": "coach"}]}, "q1: 'one_to_one' must be a list of"),
    ({"responses": {"deadline": 1}}, "q1: 'responses' must map event ids to choice ids"),
    ({"hire": 1.5}, "q1: 'hire' must be a whole number, got 1.5"),
    ({"hire": True}, "q1: 'hire' must be a whole number, got True"),
    ({"training": "some"}, "q1: 'training' must be a number from 0 to 1"),
    ({"let_go": 3}, "q1: 'let_go' must be a list of worker ids"),
    ({"bonus": 2}, "q1: 'bonus' must be one of none, team, individual"),
])
def test_from_dict_rejects_malformed_entries(data: object, message: str):
    with pytest.raises(DecisionError) as caught:
        Decision.from_dict(data, where="q1")
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(("decision", "message"), [
    (Decision(attention={"nope": 1.0}), "q: unknown lever 'nope'; levers are vision"),
    (Decision(attention={"vision": -1.0}), "q: attention on 'vision' is negative (-1)"),
    (Decision(attention={"vision": 6.0, "plan": 5.0}),
     "q: spends 11 attention points but the budget of level 'knowledge_team' is 10"),
    (Decision(attention={"vision": 10.0}, one_to_one=(OneToOne("coach", 1),)),
     "q: spends 10.5 attention points but the budget"),
    (Decision(hire=4), "q: 'hire' must be between 0 and 3 in level 'knowledge_team', got 4"),
    (Decision(hire=-1), "q: 'hire' must be between 0 and 3"),
    (Decision(training=1.5), "q: 'training' must be between 0 and 1, got 1.5"),
    (Decision(bonus="huge"), "q: 'bonus' must be one of none, team, individual, got 'huge'"),
    (Decision(one_to_one=(OneToOne("shout", 1),)),
     "q: one-to-one action must be one of coach, recognise, reassign, idea, got 'shout'"),
    (Decision(let_go=(99,)), "q: there is no worker with id 99 in the team"),
    (Decision(let_go=(2, 2)), "q: 'let_go' names the same worker twice"),
    (Decision(let_go=(2,), one_to_one=(OneToOne("coach", 2),)),
     "q: worker 2 is let go, so cannot also get a one-to-one"),
    (Decision(one_to_one=(OneToOne("coach", 99),)), "q: there is no worker with id 99"),
    (Decision(responses={"storm": "hide"}), "q: response to unknown event 'storm'"),
    (Decision(responses={"deadline": "hide"}),
     "q: event 'deadline' has no choice 'hide'; choices are crunch, talk"),
])
def test_validate_rejects_illegal_decisions(level: Level, decision: Decision, message: str):
    with pytest.raises(DecisionError) as caught:
        check(decision, level, worker_ids={1, 2, 3}, where="q")
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(("decision", "message"), [
    (Decision(hire=1), "q: 'hire' must be between 0 and 0"),
    (Decision(let_go=(1,)), "q: level 'knowledge_team' does not allow letting people go"),
    (Decision(training=0.2), "q: 'training' must be between 0 and 0, got 0.2"),
    (Decision(bonus="team"), "q: 'bonus' must be one of none, got 'team'"),
    (Decision(one_to_one=(OneToOne("coach", 1),)),
     "q: level 'knowledge_team' has no one-to-one actions"),
])
def test_validate_rejects_actions_the_level_does_not_offer(strict: Level, decision: Decision,
                                                          message: str):
    with pytest.raises(DecisionError) as caught:
        check(decision, strict, worker_ids={1}, where="q")
    assert str(caught.value).startswith(message)


def test_whole_budget_on_every_lever_is_legal(level: Level):
    ids = lever_table().ids
    check(Decision(attention=dict.fromkeys(ids, 10.0 / len(ids))), level)


# ----- decision logs ----------------------------------------------------------------------------

def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "log.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_log_as_list_or_object_with_decisions(tmp_path: Path):
    entries = [{"attention": {"vision": 5}}, {"attention": {"plan": 5}, "bonus": "team"}]
    as_list = load_decision_log(_write(tmp_path, json.dumps(entries)))
    as_object = load_decision_log(_write(tmp_path, json.dumps({"decisions": entries})))
    assert as_list == as_object
    assert as_list[1] == Decision(attention={"plan": 5.0}, bonus="team")


@pytest.mark.parametrize(("text", "message"), [
    ('[{"attention": ', "not valid JSON"),
    ("vision: 5", "not valid JSON"),
    ('{"moves": []}', "expected a list of decisions or a 'decisions' key"),
    ("[]", "expected a non-empty list of decisions, one per quarter"),
    ('"vision"', "expected a non-empty list of decisions, one per quarter"),
    ('[{"attention": {}}, {"attention": {"vision": "x"}}]',
     "quarter 2: 'attention' must map lever names to numbers"),
    ('[{"bonus": 3}]', "quarter 1: 'bonus' must be one of none, team, individual"),
])
def test_bad_logs_name_the_file_and_the_problem(tmp_path: Path, text: str, message: str):
    path = _write(tmp_path, text)
    with pytest.raises(DecisionError) as caught:
        load_decision_log(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_missing_log(tmp_path: Path):
    with pytest.raises(DecisionError, match=r"nowhere\.json: no such decision log"):
        load_decision_log(tmp_path / "nowhere.json")


def test_answering_an_event_copies_the_decision_with_one_more_response() -> None:
    decision = Decision(attention={"vision": 2.0}, training=0.5,
                        responses={"crunch": "overtime"})
    answered = decision.answering("offer", "counter")
    assert answered.responses == {"crunch": "overtime", "offer": "counter"}
    assert decision.responses == {"crunch": "overtime"}                 # unchanged
    assert answered == dataclasses.replace(decision, responses=answered.responses)
    with pytest.raises(dataclasses.FrozenInstanceError):
        answered.bonus = "team"  # type: ignore[misc]
