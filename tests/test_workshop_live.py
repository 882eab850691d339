"""The game joined by the facilitator's page (game/live.py, game/joined.py): a real App on the
dummy video driver against a real page on loopback (tests/live_server.py). The plan screen
waits for the facilitator's release, every quarter reaches the page, the result is counted,
a timer that runs out commits the draft as it stands, a restarted game resumes from the page,
and a game whose page is gone plays on and catches up."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from live_server import running_page
from test_game_kit import frames, top_name

import sim
from game import flow
from game.app import App
from game.joined import join
from game.live import LiveLink, Pacing, parse_address
from game.settings import Settings
from sim.errors import OrgsimError
from sim.workshop import new_session
from sim.workshop.session import Session

pytest_plugins = ("test_game_kit",)


def _session(tmp_path: Path, quarters: int = 2, minutes: int | None = None) -> Session:
    return new_session(tmp_path / "class", "tutorial", 7, ["Red", "Blue"], quarters=quarters,
                       minutes=minutes)


def _link(base: str, session: Session, team: str = "Red") -> str:
    token = session.team(team).token
    return f"{base}/{session.code}?team={team}&token={token}"


def _state(base: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}/api/state", timeout=10) as reply:
        return json.loads(reply.read())


def _team(base: str, name: str) -> dict[str, Any]:
    return next(t for t in _state(base)["teams"] if t["name"] == name)


def _release(base: str, session: Session) -> dict[str, Any]:
    request = urllib.request.Request(f"{base}/api/release", data=b"{}", method="POST",
                                     headers={"X-Orgsim-Key": session.secret,
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read())


def _start(make_app: Callable[..., App], url: str, demo: str | None = "balanced") -> App:
    joined = join(url, None)
    app = make_app(Settings(sound=False), level=joined.level, seed=joined.seed,
                   overrides=joined.overrides, joined=joined, demo=demo, demo_pause=0.05)
    flow.start(app)
    return app


def _until(app: App, done: Callable[[], bool], seconds: float = 60.0) -> None:
    """Run frames (the page's thread works in real time) until `done()` or fail."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        frames(app)
        if done():
            return
        time.sleep(0.005)
    raise AssertionError(f"timed out on {top_name(app)}")


def test_a_game_waits_for_each_release_and_the_page_gets_every_quarter_and_the_result(
        tmp_path: Path, make_app: Callable[..., App]) -> None:
    session = _session(tmp_path)
    with running_page(session.folder) as base:
        app = _start(make_app, _link(base, session))
        assert app.session.team == "Red" and app.session.link is not None
        _until(app, lambda: top_name(app) == "PlanScene" and app.session.link.pacing is not None)
        # Quarter 1 is not released: the demo boss's plan waits, the header says why.
        _until(app, lambda: _team(base, "Red")["seen"] is not None)
        frames(app, 40)
        assert top_name(app) == "PlanScene" and app.session.model.quarter == 0
        assert app.top.pacing_line() == "Waiting for the facilitator to release quarter 1"
        assert not app.top.commit_button.is_enabled
        _release(base, session)
        _until(app, lambda: app.session.model.quarter == 1 and top_name(app) == "PlanScene")
        # Quarter 2 waits in turn; the page already has quarter 1, re-run by itself.
        _until(app, lambda: _team(base, "Red")["played"] == 1)
        frames(app, 40)
        assert app.session.model.quarter == 1
        red = _team(base, "Red")
        assert red["path"]["output_cum"] == list(app.session.table()["output_cum"])
        _release(base, session)
        _until(app, lambda: top_name(app) == "DebriefScene")
        debrief = app.top
        app.demo = None                          # stay on the debrief: the player reads it
        _until(app, lambda: " · " in debrief.saved, seconds=20)
        assert "game collected as results/red.json" in debrief.saved, debrief.saved
        red = _team(base, "Red")
        assert red["played"] == 2 and red["finished"] and red["integrity"] == "ok"
        assert red["result"] == "counted" and red["stars"] == debrief.debrief.stars
        assert (session.folder / "results" / "red.json").exists()


def test_a_timer_that_runs_out_commits_the_draft_as_it_stands(
        tmp_path: Path, make_app: Callable[..., App]) -> None:
    session = _session(tmp_path, quarters=1, minutes=1)
    clock = [1000.0]
    with running_page(session.folder, clock=lambda: clock[0]) as base:
        app = _start(make_app, _link(base, session), demo=None)
        _until(app, lambda: top_name(app) == "BriefingScene" or top_name(app) == "PlanScene")
        if top_name(app) == "BriefingScene":
            flow.open_plan(app)
        _release(base, session)
        _until(app, lambda: app.session.link.time_left(1) is not None)
        assert 0 < app.session.link.time_left(1) <= 60
        assert "left to commit quarter 1" in app.top.pacing_line()
        app.top.change("vision", 3.0)            # a half-made plan: points left unspent
        draft = app.top.draft.to_decision()
        assert draft.attention.get("vision") == 3.0
        clock[0] += 61.0                         # the page's minute is up
        _until(app, lambda: top_name(app) != "PlanScene", seconds=30)
        assert top_name(app) == "QuarterScene"       # no question about unspent points
        assert app.session.planned.attention == draft.attention


def test_a_restarted_game_resumes_from_the_quarters_the_page_holds(
        tmp_path: Path, make_app: Callable[..., App]) -> None:
    session = _session(tmp_path, quarters=3)
    with running_page(session.folder, pacing=False) as base:
        first = _start(make_app, _link(base, session))
        _until(first, lambda: _team(base, "Red")["played"] == 2)
        held = _team(base, "Red")["path"]["output_cum"]
        first.session.link.close()               # the laptop crashed
        again = _start(make_app, _link(base, session))
        assert again.session.model.quarter == 2
        assert list(again.session.table()["output_cum"]) == held
        _until(again, lambda: _team(base, "Red")["result"] == "counted")
        red = _team(base, "Red")
        assert red["played"] == 3 and red["path"]["output_cum"][:2] == held


def test_a_game_whose_page_is_gone_plays_on_and_sends_when_it_is_back(
        tmp_path: Path, make_app: Callable[..., App], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("game.live.MAX_BACKOFF", 1.0)     # retry sooner than in class
    monkeypatch.setattr("game.live.LOST_AFTER", 1.0)      # and give up waiting sooner
    session = _session(tmp_path, quarters=2)
    with running_page(session.folder) as base:
        url = _link(base, session)
        joined = join(url, None)
    # The page is gone (it had said quarter 1 is not released yet): once it has been quiet
    # for LOST_AFTER seconds, the game plays on at its own pace.
    app = make_app(Settings(sound=False), level=joined.level, seed=joined.seed,
                   overrides=joined.overrides, joined=joined, demo="balanced",
                   demo_pause=0.05)
    flow.start(app)
    _until(app, lambda: app.session.model.quarter >= 1)
    assert app.session.link.hold(2) is None
    port = int(base.rsplit(":", 1)[1])
    log = app.session.decision_log()
    # Back on the same port (the facilitator restarted it): the log arrives, nothing lost.
    with _page_on(session.folder, port) as again:
        _until(app, lambda: _team(again, "Red")["played"] >= len(log), seconds=40)
        assert _team(again, "Red")["played"] >= 1


def _page_on(folder: Path, port: int) -> Any:
    """The page again on a given port (a restart, as the facilitator would do it)."""
    import threading
    from contextlib import contextmanager

    import uvicorn

    from sim.workshop.server import make_app, open_socket, server_config

    @contextmanager
    def serving() -> Any:
        sock = open_socket("127.0.0.1", port)
        server = uvicorn.Server(server_config(make_app(folder, pacing=False)))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        try:
            while not server.started:
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(10)
            sock.close()

    return serving()


def test_joining_by_the_page_checks_team_and_token(tmp_path: Path) -> None:
    session = _session(tmp_path)
    with running_page(session.folder) as base:
        with pytest.raises(OrgsimError, match="refused team 'Red'"):
            join(f"{base}/{session.code}?team=Red&token={session.team('Blue').token}", None)
        with pytest.raises(OrgsimError, match="needs its token"):
            join(f"{base}/{session.code}", "Red")
        with pytest.raises(OrgsimError, match="needs --team"):
            join(f"{base}/{session.code}?token=x", None)
        with pytest.raises(OrgsimError, match="not a facilitator page's join address"):
            join(f"{base}/", "Red", "token")
        ok = join(f"{base}/{session.code}", "red", session.team("Red").token)
        assert ok.team == "Red" and ok.level == "tutorial" and ok.seed == 7
        ok.link.close()


def test_pacing_is_read_as_the_page_sends_it() -> None:
    address = parse_address("http://10.0.0.5:8765/ABCD-EFGH?team=Red&token=t0k")
    assert (address.base, address.code, address.team, address.token) == \
        ("http://10.0.0.5:8765", "ABCD-EFGH", "Red", "t0k")
    pacing = Pacing.from_reply({"released": 2, "paused": False, "seconds_left": 30.0}, 100.0)
    assert pacing.left(110.0) == 20.0 and pacing.left(200.0) == 0.0
    paused = Pacing.from_reply({"released": 2, "paused": True, "seconds_left": 30.0}, 100.0)
    assert paused.left(200.0) == 30.0
    now = [0.0]
    link = LiveLink(address, "Red", "t0k", clock=lambda: now[0])
    assert link.hold(1) is None                        # never heard from the page: play on
    link.pacing, link._contact = pacing, 0.0
    assert link.hold(2) is None and link.hold(3) == "waiting"
    link.pacing = paused
    assert link.hold(1) == "paused"
    now[0] = 60.0                                      # the page has gone quiet
    assert link.hold(3) is None and not link.connected
    assert sim.__version__
