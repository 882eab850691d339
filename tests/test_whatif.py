"""What if (issue 10): a finished game replayed with one quarter decided differently, on the same
seed and luck; later actions on people who have left are dropped and said so; `orgsim replay`
reads the debrief's result file and refuses files it cannot replay."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.cli import main
from sim.whatif import play_log, what_if

pytest_plugins = ("test_game_kit",)   # the app and data folder, for the debrief's what-if

LEVEL = "knowledge_team"


def played_game(seed: int = 4) -> tuple[sim.Level, list[sim.Decision]]:
    """A game as the player would leave it: decisions with event answers and a one-to-one."""
    level = sim.load_level(LEVEL)
    model = sim.OrgModel(level, strategy="balanced", seed=seed)
    model.run()
    decisions = list(model.decisions)
    worker = min(int(w.unique_id) for w in model.workers      # there from start to end
                 if w.unique_id < level.team_size)
    entry = decisions[5].to_dict()
    biggest = max(entry["attention"], key=entry["attention"].get)   # room for the one-to-one
    entry["attention"][biggest] -= level.actions.one_to_one_cost
    decisions[5] = sim.Decision.from_dict({**entry, "one_to_one": [{"action": "coach",
                                                                    "worker": worker}]})
    return level, decisions


def test_replaying_the_same_decision_gives_the_same_game() -> None:
    level, decisions = played_game()
    w = what_if(level, 4, decisions, 3, decisions[2])
    pd.testing.assert_frame_equal(w.original, w.changed)
    assert w.dropped == ()
    direct = sim.OrgModel(level, seed=4, decisions=decisions).run()   # and as a plain run
    pd.testing.assert_frame_equal(direct.drop(columns="strategy"),     # who played differs
                                  w.original.drop(columns="strategy"))


def test_a_changed_quarter_changes_the_rest_and_only_the_rest() -> None:
    level, decisions = played_game()
    neglect = sim.Decision(attention={})
    w = what_if(level, 4, decisions, 4, neglect)
    pd.testing.assert_frame_equal(w.original.iloc[:3], w.changed.iloc[:3])   # same luck before
    assert w.changed["morale"].iloc[3] < w.original["morale"].iloc[3]        # neglect shows
    assert w.decisions[3].attention == {}
    assert [g.goal.metric for g, _ in w.goals] == [g.metric for g in level.goals]


def test_an_action_on_someone_who_has_left_is_dropped_and_said_so() -> None:
    level, decisions = played_game()
    first = int(sim.OrgModel(level, seed=4).workers[0].unique_id)
    plan = sim.Decision.from_dict({**decisions[0].to_dict(), "let_go": [first]})
    later = sim.Decision.from_dict({**decisions[1].to_dict(), "one_to_one": [
        {"action": "recognise", "worker": first}]})
    table, played, dropped = play_log(level, 4, [plan, later, *decisions[2:]])
    assert played[1].one_to_one == ()
    assert len(dropped) == 1 and dropped[0].startswith("quarter 2: a one-to-one (recognise)")
    assert len(table) == level.quarters


def _result_file(tmp_path: Path, level: sim.Level, decisions: list[sim.Decision],
                 version: str = sim.__version__) -> Path:
    path = tmp_path / "result.json"
    path.write_text(json.dumps({
        "format": "orgsim-result", "version": 1, "orgsim_version": version, "level": LEVEL,
        "seed": 4, "overrides": {}, "decisions": [d.to_dict() for d in decisions]}))
    return path


def test_orgsim_replay_prints_both_paths_and_writes_the_changed_game(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    level, decisions = played_game()
    result = _result_file(tmp_path, level, decisions)
    decision = tmp_path / "q2.json"
    decision.write_text(json.dumps({"attention": {"vision": 5, "coach": 5}}))
    out = tmp_path / "whatif.json"
    assert main(["replay", str(result), "--from-quarter", "2", "--decision", str(decision),
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "quarter 2 decided differently" in printed
    assert all(goal.label in printed for goal in level.goals)
    data = json.loads(out.read_text())
    assert data["format"] == "orgsim-whatif" and data["from_quarter"] == 2
    assert data["decisions"][1]["attention"] == {"vision": 5.0, "coach": 5.0}
    assert len(data["table"]) == level.quarters
    expected = what_if(level, 4, decisions, 2, sim.Decision(attention={"vision": 5, "coach": 5}))
    assert [row["output_cum"] for row in data["table"]] == pytest.approx(
        list(expected.changed["output_cum"]))


@pytest.mark.parametrize("change, message", [
    ({"orgsim_version": "0.3.0"}, "was made with orgsim '0.3.0'; this is orgsim"),
    ({"format": "something"}, "not an orgsim result file"),
    ({"level": "../etc/passwd"}, "key 'level' must be a built-in level's name"),
    ({"decisions": []}, "key 'decisions' must be a non-empty list"),
])
def test_a_result_it_cannot_replay_is_refused_by_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict, message: str) -> None:
    level, decisions = played_game()
    result = _result_file(tmp_path, level, decisions)
    result.write_text(json.dumps({**json.loads(result.read_text()), **change}))
    decision = tmp_path / "q2.json"
    decision.write_text(json.dumps({"attention": {"vision": 5}}))
    assert main(["replay", str(result), "--from-quarter", "2", "--decision",
                 str(decision)]) != 0
    err = capsys.readouterr().err
    assert message in err and "result.json" in err


def test_the_quarter_must_be_one_that_was_played(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    level, decisions = played_game()
    result = _result_file(tmp_path, level, decisions)
    decision = tmp_path / "q.json"
    decision.write_text(json.dumps({"attention": {"vision": 5}}))
    assert main(["replay", str(result), "--from-quarter", "13", "--decision",
                 str(decision)]) != 0
    assert "--from-quarter must be from 1 to 12" in capsys.readouterr().err


def test_what_if_from_the_debrief(make_app, data_dir: Path) -> None:
    """W on the debrief, a quarter, its plan changed and committed: the debrief shows both
    paths; Esc from the plan goes back with nothing changed."""
    import pygame
    from test_game_kit import frames, press, top_name
    from test_game_saves import answered_session

    from game import flow
    from game.results import finish_background_work, prepare_debrief

    app = make_app()
    flow.start(app)
    game = answered_session(quarters=4)
    flow.resume_session(app, game)
    prepare_debrief(game).result(timeout=60)
    frames(app, 2)
    debrief = app.top
    assert top_name(app) == "DebriefScene"
    press(app, pygame.K_w)
    assert top_name(app) == "WhatIfPickScene"
    press(app, pygame.K_2)
    plan = app.top
    assert top_name(app) == "PlanScene" and plan.what_if[0] == 2
    assert plan.draft.to_decision().attention == game.model.decisions[1].attention
    assert app.session is not game and app.session.model.quarter == 1    # the team at Q2
    press(app, pygame.K_ESCAPE)                                          # changed my mind
    assert app.top is debrief and app.session is game and debrief.what_if is None

    press(app, pygame.K_w)
    press(app, pygame.K_2)
    plan = app.top
    plan.draft.clear_attention()
    plan.draft.attention = {"vision": plan.draft.budget}
    press(app, pygame.K_RETURN)
    assert top_name(app) in ("WaitingScene", "DebriefScene")   # the replay may be done already
    finish_background_work()
    frames(app, 2)
    assert app.top is debrief and app.session is game and game.finished
    w = debrief.what_if
    assert w is not None and w.from_quarter == 2
    assert w.decisions[1].attention == {"vision": plan.draft.budget}
    pd.testing.assert_frame_equal(w.original.drop(columns="strategy"),
                                  game.table().drop(columns="strategy"))
    labels = [s.label for s in debrief.series("output_cum")]
    assert labels[-1] == "what if"
    lines = [words for kind, _, block in debrief.left_blocks() if kind == "goal"
             for words, *_ in block]
    assert sum(line.startswith("what if quarter 2:") for line in lines) == len(game.level.goals)
