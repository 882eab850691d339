"""Load on the facilitator's page: ten teams' games, each with the game's own client
(game/live.py) in its own thread, sending every commit and quarter to one page at once, then
their results, and sending them again. Nothing is lost (the page's log of each team is the
team's own), nothing is duplicated (one counted result per team, none as practice), and the
page's figures are its re-runs of the teams' logs. (A team killed and restarted mid-level is
tests/test_workshop_e2e.py.)"""

from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from live_server import running_page

import sim
from game.live import LiveLink, parse_address
from game.results import build_debrief, result_data
from game.session import Session as Game
from sim.workshop import load_session, new_session, read_team_result

pytestmark = pytest.mark.slow

TEAMS = [f"Team {i}" for i in range(1, 11)]
BOSSES = ("leader", "manager", "balanced", "adaptive", "neglect")
QUARTERS = 6


def _play(base: str, code: str, name: str, token: str, boss: str, level: str, seed: int,
          overrides: dict[str, Any], games: dict[str, Game], answers: dict[str, str]) -> None:
    """One team's game as the game plays it, its link sending as the game does."""
    link = LiveLink(parse_address(f"{base}/{code}"), name, token).start()
    try:
        game = Game(level, seed, overrides)
        game.team, game.session_code, game.link = name, code, link
        strategy = sim.get_strategy(boss)
        for _ in range(QUARTERS):
            decision = strategy.decide(game.model)
            game.commit(decision)
            link.send_log(game.decision_log(), decision.to_dict())
            game.play_quarter(decision)
            link.send_log(game.decision_log(), None)
        assert link.flush(60)
        raw = json.dumps(result_data(build_debrief(game))).encode()
        answers[name] = link.send_result(raw, wait=60)
        answers[name + " again"] = link.send_result(raw, wait=60)   # a retry after a drop
        games[name] = game
    finally:
        link.close()


def test_ten_teams_send_at_once_and_nothing_is_lost_or_duplicated(tmp_path: Path) -> None:
    session = new_session(tmp_path / "class", "knowledge_team", 5, TEAMS, quarters=QUARTERS)
    games: dict[str, Game] = {}
    answers: dict[str, str] = {}
    with running_page(session.folder, pacing=False) as base:
        threads = [threading.Thread(target=_play, args=(
            base, session.code, t.name, t.token, BOSSES[i % len(BOSSES)], session.spec.level,
            session.spec.seed, session.overrides, games, answers))
            for i, t in enumerate(session.teams)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        assert sorted(games) == sorted(TEAMS), "every team finished"
        with urllib.request.urlopen(f"{base}/api/state", timeout=30) as reply:
            state = json.loads(reply.read())
    for team in state["teams"]:
        game = games[team["name"]]
        table = game.table()
        assert team["played"] == QUARTERS and team["result"] == "counted"
        assert team["path"]["output_cum"] == list(table["output_cum"])
        assert team["integrity"] == "ok"
    for name in TEAMS:
        assert "collected as" in answers[name], answers[name]
        assert "already" in answers[name + " again"], answers[name + " again"]
    live = load_session(session.folder)
    counted = sorted(live.results_dir.glob("*.json"))
    assert len(counted) == len(TEAMS)
    assert not list(live.practice_dir.glob("*.json"))
    for path in counted:
        result = read_team_result(live, path)
        assert [d.to_dict() for d in result.decisions] == \
            [sim.Decision.from_dict(e).to_dict() for e in games[result.team].decision_log()]
