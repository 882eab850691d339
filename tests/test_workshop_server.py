"""The facilitator's page (`orgsim workshop serve`): real session folders, teams' logs and
results in the game's own formats, Starlette's TestClient for the HTTP contract
(/work/calib/live_contract.md), and the real CLI on a real uvicorn server on loopback."""

from __future__ import annotations

import copy
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import child_env, ctrl_c_stops, one_sentence
from live_server import running_page

import sim
from sim.cli import main
from sim.workshop import WorkshopError, new_session
from sim.workshop.session import Session

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import starlette.testclient as starlette_testclient

LEVEL, SEED, QUARTERS = "knowledge_team", 11, 4
TEAMS = "Red,Blue,Green"


# ----- helpers -------------------------------------------------------------------------------
class FakeClock:
    """The page's monotonic clock, moved by hand: no sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _session(tmp_path: Path, minutes: int | None = None, teams: str = TEAMS) -> Session:
    tmp_path.mkdir(parents=True, exist_ok=True)
    return new_session(tmp_path / "class", LEVEL, SEED, teams, quarters=QUARTERS,
                       minutes=minutes)


def _app(session: Session, **kwargs: Any) -> Any:
    from sim.workshop.server import make_app

    kwargs.setdefault("report_seeds", 3)
    return starlette_testclient.TestClient(make_app(session.folder, **kwargs))


def _game(session: Session, boss: str, quarters: int) -> Any:
    """A team's game as the game plays it (game.session), `quarters` quarters by a boss."""
    from game.session import Session as Game

    game = Game(session.spec.level, session.spec.seed, session.overrides)
    strategy = sim.get_strategy(boss)
    for _ in range(quarters):
        game.play_quarter(strategy.decide(game.model))
    return game


_LOGS: dict[tuple[str, str, int], str] = {}


def _log(session: Session, boss: str, quarters: int) -> list[dict[str, Any]]:
    """The log the game sends: game.session.Session.decision_log(), as JSON (kept by session
    code: every session of the same spec plays the same game)."""
    key = (session.code, boss, quarters)
    if key not in _LOGS:
        _LOGS[key] = json.dumps(_game(session, boss, quarters).decision_log())
    return json.loads(_LOGS[key])


def _result(session: Session, team: str, boss: str) -> dict[str, Any]:
    """A finished game's result file as the game writes it (game/results.py)."""
    from game.results import build_debrief, result_data

    game = _game(session, boss, session.quarters)
    game.team, game.session_code = team, session.code
    return json.loads(json.dumps(result_data(build_debrief(game))))


def _token(session: Session, team: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {session.team(team).token}"}


def _key(session: Session) -> dict[str, str]:
    return {"X-Orgsim-Key": session.secret}


def _put_log(client: Any, session: Session, team: str, log: list[dict[str, Any]],
             planned: dict[str, Any] | None = None, token_of: str | None = None) -> Any:
    return client.put(f"/{session.code}/teams/{team}/decisions",
                      json={"decisions": log, "planned": planned},
                      headers=_token(session, token_of or team))


def _team(state: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in state["teams"] if t["name"] == name)


def _rerun(session: Session, log: list[dict[str, Any]]) -> Any:
    decisions = [sim.Decision.from_dict(e) for e in log]
    model = sim.OrgModel(session.level(), seed=session.spec.seed, decisions=decisions)
    for _ in log:
        model.run_quarter()
    return model.table()


def _error(reply: Any, status: int) -> str:
    assert reply.status_code == status, (reply.status_code, reply.text)
    message = reply.json()["error"]
    assert isinstance(message, str) and "\n" not in message and message
    return message


# ----- the team side -------------------------------------------------------------------------
def test_posted_quarters_show_the_servers_own_rerun(tmp_path: Path) -> None:
    session = _session(tmp_path)
    clock = FakeClock()
    client = _app(session, clock=clock)
    log = _log(session, "leader", 3)
    plan = sim.Decision(attention={"vision": 2.0}).to_dict()
    reply = _put_log(client, session, "Red", log, planned=plan)
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"committed": 4, "played": 3,
                            "pacing": {"released": 0, "paused": False, "seconds_left": None}}
    clock.now += 12.5
    state = client.get("/api/state").json()
    red, blue = _team(state, "Red"), _team(state, "Blue")
    table = _rerun(session, log)
    assert red["path"]["output_cum"] == list(table["output_cum"])
    assert red["path"]["morale"] == list(table["morale"])
    assert red["output"] == float(table["output_cum"].iloc[-1])
    assert red["quits"] == int(table["quits"].sum())
    assert red["stars"] == sim.stars(sim.score(session.level(), table))
    assert (red["played"], red["committed"], red["finished"]) == (3, 4, False)
    assert red["budget"] is None                   # knowledge_team has no money of its own
    assert red["seen"] == 12.5
    assert blue["played"] == 0 and blue["stars"] is None and blue["seen"] is None
    assert state["code"] == session.code and state["quarters"] == QUARTERS
    for boss in ("leader", "manager", "balanced"):
        full = sim.OrgModel(session.level(), strategy=boss, seed=SEED).run()
        assert state["bosses"][boss]["output_cum"] == list(full["output_cum"])
    # the team's record lets a restarted game resume where it was
    record = client.get(f"/{session.code}/teams/red", headers=_token(session, "Red")).json()
    assert record["decisions"] == log and record["planned"] == plan


def test_a_resent_prefix_changes_nothing_and_another_log_is_409(tmp_path: Path) -> None:
    session = _session(tmp_path)
    client = _app(session)
    log = _log(session, "leader", 3)
    assert _put_log(client, session, "Red", log).status_code == 200
    stored = session.folder / "live" / "red.json"
    before, inode = stored.read_bytes(), stored.stat().st_ino
    for prefix in (log[:1], log[:3], []):
        reply = _put_log(client, session, "Red", prefix)
        assert reply.status_code == 200 and reply.json()["played"] == 3
    assert stored.read_bytes() == before and stored.stat().st_ino == inode   # not rewritten
    other = _log(session, "manager", 3)
    message = _error(_put_log(client, session, "Red", other), 409)
    assert message.startswith("quarter 1 is already committed with other decisions")
    edited = copy.deepcopy(log) + _log(session, "leader", 4)[3:]
    edited[1]["hire"] = 1
    assert "quarter 2 is already committed" in _error(
        _put_log(client, session, "Red", edited), 409)
    assert stored.read_bytes() == before
    # and a longer log that agrees plays on from the cached quarters
    assert _put_log(client, session, "Red", _log(session, "leader", 4)).json()["played"] == 4
    assert json.loads(stored.read_text())["decisions"] == _log(session, "leader", 4)


def test_bad_requests_are_one_sentence_and_the_page_keeps_working(tmp_path: Path) -> None:
    session = _session(tmp_path)
    client = _app(session)
    code, log = session.code, _log(session, "balanced", 2)
    assert _put_log(client, session, "Blue", log).status_code == 200
    url = f"/{code}/teams/Red/decisions"
    red = _token(session, "Red")
    assert "is another session's" in _error(client.get("/ZZZZ-ZZZZ-ZZZZ/session"), 404)
    assert "team 'Purple' is not in this session" in _error(
        client.put(f"/{code}/teams/Purple/decisions", json={}, headers=red), 404)
    assert "needs its token" in _error(client.put(url, json={"decisions": []}), 401)
    assert "not valid JSON" in _error(client.put(url, content=b"{nope", headers=red), 400)
    assert "expected a JSON object" in _error(
        client.put(url, json={"decisions": [], "table": []}, headers=red), 400)
    unplayable = copy.deepcopy(log)
    unplayable[1]["attention"] = {"vision": 500.0}
    message = _error(client.put(url, json={"decisions": unplayable}, headers=red), 422)
    assert "quarter 2" in message and "budget" in message
    assert "unknown key" in _error(
        client.put(url, json={"decisions": [{"mood": 1}]}, headers=red), 422)
    assert not (session.folder / "live" / "red.json").exists()
    assert "is not allowed" in _error(client.get(url, headers=red), 405)
    state = client.get("/api/state").json()
    assert _team(state, "Blue")["played"] == 2 and _team(state, "Red")["played"] == 0
    assert client.get("/").status_code == 200
    # the code in any spelling the game accepts
    assert client.get(f"/{code.lower().replace('-', '')}/pacing").status_code == 200


def test_a_teams_token_writes_only_its_own_records(tmp_path: Path) -> None:
    session = _session(tmp_path)
    client = _app(session)
    log = _log(session, "leader", 1)
    message = _error(_put_log(client, session, "Blue", log, token_of="Red"), 401)
    assert message == "that token is not Blue's; use the token in Blue's join link"
    assert not (session.folder / "live" / "blue.json").exists()
    result = _result(session, "Blue", "manager")
    reply = client.put(f"/{session.code}/teams/Red/result", json=result,
                       headers=_token(session, "Red"))
    assert "holds Blue's game" in _error(reply, 403)
    assert not (session.folder / "results" / "blue.json").exists()


def test_oversized_uploads_are_413_by_header_and_by_stream(tmp_path: Path) -> None:
    from sim.workshop.live import MAX_LOG_BYTES

    session = _session(tmp_path)
    client = _app(session)
    url = f"/{session.code}/teams/Red/decisions"
    big = b'{"decisions": [], "planned": null, "x": "' + b"a" * MAX_LOG_BYTES + b'"}'
    assert "limit" in _error(client.put(url, content=big, headers=_token(session, "Red")), 413)

    def chunks() -> Any:                      # no Content-Length: chunked, cut at the limit
        for _ in range(40):
            yield b" " * 10_000

    reply = client.put(url, content=chunks(), headers=_token(session, "Red"))
    assert "larger than the limit of 262,144 bytes" in _error(reply, 413)
    assert "limit" in _error(client.post("/api/pause", content=b"[" * 5000,
                                         headers=_key(session)), 413)
    assert client.get("/api/state").status_code == 200


# ----- results -------------------------------------------------------------------------------
def test_results_are_rerun_flagged_when_edited_and_stored_once(tmp_path: Path) -> None:
    session = _session(tmp_path)
    client = _app(session)
    blue = _result(session, "Blue", "manager")
    edited = copy.deepcopy(blue)
    edited["table"][-1]["output_cum"] += 500.0
    url = f"/{session.code}/teams/Blue/result"
    reply = client.put(url, json=edited, headers=_token(session, "Blue"))
    assert reply.status_code == 200, reply.text
    message = reply.json()["message"]
    assert "collected as results/blue.json" in message and "flagged as edited" in message
    state = _team(client.get("/api/state").json(), "Blue")
    assert state["integrity"].startswith("edited: it records output_cum")
    assert (state["result"], state["finished"], state["played"]) == ("counted", True, QUARTERS)
    rerun = _rerun(session, blue["decisions"])
    assert state["output"] == float(rerun["output_cum"].iloc[-1])   # never the edited figure
    again = client.put(url, json=edited, headers=_token(session, "Blue")).json()["message"]
    assert "already collected" in again and "nothing written" in again
    assert sorted(p.name for p in (session.folder / "results").iterdir()) == ["blue.json"]
    other = new_session(tmp_path / "other", LEVEL, SEED + 1, TEAMS, quarters=QUARTERS)
    foreign = _result(other, "Red", "leader")
    reply = client.put(f"/{session.code}/teams/Red/result", json=foreign,
                       headers=_token(session, "Red"))
    assert "comes from another session" in _error(reply, 409)
    unfinished = {**_result(session, "Red", "leader")}
    unfinished["decisions"] = unfinished["decisions"][:2]
    reply = client.put(f"/{session.code}/teams/Red/result", json=unfinished,
                       headers=_token(session, "Red"))
    assert "not a finished game" in _error(reply, 422)
    assert not (session.folder / "results" / "red.json").exists()


# ----- pacing --------------------------------------------------------------------------------
def test_release_pause_and_the_timer_run_on_the_pages_clock(tmp_path: Path) -> None:
    session = _session(tmp_path, minutes=2)
    clock = FakeClock()
    client = _app(session, clock=clock)
    pacing_url = f"/{session.code}/pacing"
    assert client.get(pacing_url).json() == {"released": 0, "paused": False,
                                             "seconds_left": None}
    assert _error(client.post("/api/release", headers={"X-Orgsim-Key": "guess"}),
                  403).startswith("wrong facilitator key")
    assert _error(client.post("/api/release"), 403).startswith("wrong facilitator key")
    assert client.get(pacing_url).json()["released"] == 0
    reply = client.post("/api/release", headers=_key(session))
    assert reply.json() == {"released": 1, "paused": False, "seconds_left": 120.0}
    clock.now += 50
    assert client.get(pacing_url).json()["seconds_left"] == 70.0
    assert client.post("/api/pause", json={"paused": True}, headers=_key(session)).json() == \
        {"released": 1, "paused": True, "seconds_left": 70.0}
    clock.now += 600
    assert client.get("/api/state").json()["pacing"]["seconds_left"] == 70.0
    client.post("/api/pause", json={"paused": False}, headers=_key(session))
    clock.now += 30
    assert client.get(pacing_url).json() == {"released": 1, "paused": False,
                                             "seconds_left": 40.0}
    clock.now += 100
    assert client.get(pacing_url).json()["seconds_left"] == 0.0
    assert "true or false" in _error(client.post("/api/pause", json={"paused": "yes"},
                                                 headers=_key(session)), 400)
    for quarter in range(2, QUARTERS + 1):
        assert client.post("/api/release", headers=_key(session)).json()["released"] == quarter
    assert client.get(pacing_url).json()["seconds_left"] == 120.0
    assert _error(client.post("/api/release", headers=_key(session)), 409) == \
        f"all {QUARTERS} quarters are released already"
    # a team ahead of the released quarters (it lost the page) is accepted
    ahead = _session(tmp_path / "b")
    client = _app(ahead, clock=clock)
    assert _put_log(client, ahead, "Red", _log(ahead, "leader", 3)).json()["played"] == 3
    no_pacing = _app(ahead, pacing=False)
    assert no_pacing.get(f"/{ahead.code}/pacing").json()["released"] == QUARTERS
    assert "without pacing" in _error(no_pacing.post("/api/release", headers=_key(ahead)), 409)


def test_the_live_state_survives_a_restart(tmp_path: Path) -> None:
    session = _session(tmp_path, minutes=3)
    clock = FakeClock()
    client = _app(session, clock=clock)
    log = _log(session, "manager", 2)
    plan = sim.Decision(attention={"plan": 3.0}).to_dict()
    _put_log(client, session, "Blue", log, planned=plan)
    client.post("/api/release", headers=_key(session))
    clock.now += 20
    client.post("/api/pause", json={"paused": True}, headers=_key(session))
    client.post("/api/stand-in", json={"team": "Green", "boss": "leader"}, headers=_key(session))
    before = client.get("/api/state").json()
    assert oct(os.stat(session.folder / "live").st_mode & 0o777) == "0o700"
    assert sorted(p.name for p in (session.folder / "live").iterdir()) == \
        ["blue.json", "pacing.json"]
    again = _app(session, clock=FakeClock()).get("/api/state").json()
    for team in before["teams"]:
        team["seen"] = None
    assert again == before
    assert again["pacing"] == {"released": 1, "paused": True, "seconds_left": 160.0}
    assert _team(again, "Green")["stand_in"] == "leader" and _team(again, "Blue")["committed"] == 3


def test_a_bad_live_file_at_start_names_the_file_and_key(tmp_path: Path) -> None:
    from sim.workshop.server import make_app

    session = _session(tmp_path)
    _app(session)
    live = session.folder / "live"
    (live / "red.json").write_text(json.dumps({"team": "Red", "decisions": "all",
                                               "planned": None, "updated_at": None}))
    with pytest.raises(WorkshopError, match=r"live/red\.json: key 'decisions' must be a list"):
        make_app(session.folder)
    (live / "red.json").unlink()
    (live / "pacing.json").write_text(json.dumps({"released": 99, "paused": False,
                                                  "remaining": None, "deadline_wall": None,
                                                  "stand_ins": {}}))
    with pytest.raises(WorkshopError, match=r"pacing\.json: key 'released' must be a whole"):
        make_app(session.folder)


# ----- stand-ins and the report ------------------------------------------------------------
def test_a_stand_in_boss_finishes_the_game_from_the_teams_own_quarters(tmp_path: Path) -> None:
    session = _session(tmp_path)
    client = _app(session)
    log = _log(session, "leader", 2)
    _put_log(client, session, "Red", log)
    assert "is not in this session" in _error(client.post(
        "/api/stand-in", json={"team": "Mauve", "boss": "balanced"}, headers=_key(session)), 404)
    assert "must be a scripted boss" in _error(client.post(
        "/api/stand-in", json={"team": "Red", "boss": "gpt"}, headers=_key(session)), 400)
    for team, played in (("Red", 2), ("Green", 0)):     # nothing released yet: no quarter
        reply = client.post("/api/stand-in", json={"team": team, "boss": "balanced"},
                            headers=_key(session))
        assert reply.status_code == 200, reply.text
        assert (reply.json()["played"], reply.json()["stand_in"]) == (played, "balanced")
    for _ in range(QUARTERS):
        client.post("/api/release", headers=_key(session))
    state = client.get("/api/state").json()
    red, green = _team(state, "Red"), _team(state, "Green")
    assert red["stand_in"] == "balanced" and red["finished"] and red["result"] == "counted"
    balanced = sim.OrgModel(session.level(), strategy="balanced", seed=SEED).run()
    assert green["path"]["output_cum"] == list(balanced["output_cum"])   # the boss's own path
    stored = json.loads((session.folder / "results" / "red.json").read_text())
    assert stored["played_by"] == "balanced" and stored["team"] == "Red"
    assert stored["decisions"][:2] == log                                 # its own quarters kept
    assert red["path"]["output_cum"] == list(_rerun(session, stored["decisions"])["output_cum"])
    assert red["integrity"] == "ok"


@pytest.mark.slow
def test_the_served_report_shows_the_teams_and_who_stood_in(tmp_path: Path) -> None:
    session = _session(tmp_path)
    client = _app(session, pacing=False)
    _put_log(client, session, "Red", _log(session, "leader", 2))
    for team in ("Red", "Green"):
        client.post("/api/stand-in", json={"team": team, "boss": "balanced"},
                    headers=_key(session))
    page = _report(client)
    assert 'data-team="Red"' in page and 'data-team="Green"' in page
    assert page.count("(played by the balanced boss)") == 2
    assert "No result yet from <b>Blue</b>" in page
    assert _report(client) == page                   # built once while results/ is unchanged
    client.put(f"/{session.code}/teams/Blue/result", json=_result(session, "Blue", "manager"),
               headers=_token(session, "Blue"))
    page = _report(client)                           # rebuilt: a result arrived
    assert 'data-team="Blue"' in page and "No result yet" not in page


def _report(client: Any) -> str:
    """/report once built (the page shown meanwhile reloads itself)."""
    for _ in range(300):
        reply = client.get("/report")
        if "being built" not in reply.text:
            assert reply.status_code == 200
            return reply.text
        assert '<meta http-equiv="refresh" content="2">' in reply.text
        time.sleep(0.1)
    raise AssertionError("the report was not built")


def test_the_offline_stand_in_command(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    session = _session(tmp_path)
    _put_log(_app(session), session, "Blue", _log(session, "leader", 1))
    folder = str(session.folder)
    assert main(["workshop", "stand-in", folder, "--team", "blue", "--boss", "manager"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("Blue's stand-in (manager boss): Blue's game collected as "
                           "results/blue.json")
    stored = json.loads((session.folder / "results" / "blue.json").read_text())
    assert stored["played_by"] == "manager" and stored["decisions"][:1] == _log(session,
                                                                                "leader", 1)
    assert main(["workshop", "stand-in", folder, "--team", "Green"]) == 0   # the session's boss
    assert json.loads((session.folder / "results" / "green.json").read_text())[
        "played_by"] == session.boss
    capsys.readouterr()
    for argv, expected in ((["--team", "Mauve"], "team 'Mauve' is not in this session"),
                           (["--team", "Red", "--boss", "mix:0.5"], "a stand-in is a scripted")):
        assert main(["workshop", "stand-in", folder, *argv]) == 1
        assert expected in one_sentence(capsys.readouterr().err)


def test_the_join_page_and_session_info(tmp_path: Path) -> None:
    session = _session(tmp_path)
    client = _app(session)
    red = session.team("Red")
    page = client.get(f"/{session.code}?team=Red&token={red.token}")
    assert page.status_code == 200 and "default-src 'self'" in page.headers[
        "content-security-policy"]
    assert f'orgsim play --session "http://testserver/{session.code}?team=Red&amp;token=' \
           f'{red.token}"' in page.text
    wrong = client.get(f"/{session.code}?team=Red&token=nope").text
    assert "that token is not Red&#39;s" in wrong and "nope\"" not in wrong
    assert red.token not in client.get(f"/{session.code}").text
    info = client.get(f"/{session.code}", headers={"Accept": "application/json"}).json()
    assert info == client.get(f"/{session.code}/session").json()
    assert info["teams"] == ["Red", "Blue", "Green"] and info["seed"] == SEED
    projector = client.get("/?key=anything").text
    assert '<section id="controls" class="controls">' in projector
    assert '<section id="controls" class="controls" hidden>' in client.get("/").text
    for name in ("page.js", "page.css"):
        assert client.get(f"/static/{name}").status_code == 200
    assert session.secret not in projector


# ----- the real command and server ---------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_on_a_busy_port_is_one_sentence(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    session = _session(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["workshop", "serve", str(session.folder), "--port", str(port)]) == 1
    assert one_sentence(capsys.readouterr().err) == (
        f"orgsim: error: port {port} on 127.0.0.1 is already in use (another 'orgsim workshop "
        "serve' or another program); stop it or give another port with --port")


def _call(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None,
          raw: bytes | None = None) -> tuple[int, Any]:
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json",
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_real_uvicorn_server_in_a_thread_refuses_oversized_bodies(tmp_path: Path) -> None:
    """Over a real socket, a body past the limit is refused whether its length is declared
    or it comes in chunks, and the page answers the next request."""
    import http.client

    session = _session(tmp_path)
    with running_page(session.folder) as base:
        port = int(base.rsplit(":", 1)[1])
        url = f"{base}/{session.code}/teams/Red/decisions"
        body = b'{"decisions": [], "x": "' + b"a" * 300_000 + b'"}'
        status, error = _call("PUT", url, body=None, headers=_token(session, "Red"), raw=body)
        assert status == 413
        assert error["error"] == ("Red's decision log is 300,026 bytes; the limit is 262,144 "
                                  "bytes")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("PUT", url.removeprefix(base),
                           body=iter([b" " * 10_000] * 100), encode_chunked=True,
                           headers=_token(session, "Red"))
        reply = connection.getresponse()
        assert reply.status == 413 and b"larger than the limit" in reply.read()
        connection.close()
        log = _log(session, "leader", 1)
        assert _call("PUT", url, {"decisions": log, "planned": None},
                     _token(session, "Red"))[1]["played"] == 1
        assert _call("GET", f"{base}/api/state")[1]["teams"][0]["played"] == 1


def _serve(folder: Path, port: int) -> tuple[subprocess.Popen, list[str]]:
    """`orgsim workshop serve` in a child process, and the lines it printed before serving."""
    proc = subprocess.Popen([sys.executable, "-m", "sim.cli", "workshop", "serve", str(folder),
                             "--port", str(port)], env=child_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=ctrl_c_stops)
    lines = []
    while not lines or not lines[-1].startswith("Ctrl-C stops the page"):
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        lines.append(line.strip())
    return proc, lines


def _stop(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    return out


def _state(base: str) -> dict[str, Any]:
    for _ in range(100):                   # the socket listens at once; uvicorn soon answers
        try:
            return _call("GET", f"{base}/api/state")[1]
        except urllib.error.URLError:
            time.sleep(0.1)
    raise AssertionError("the page did not answer")


@pytest.mark.slow
def test_ten_teams_post_at_once_to_the_real_command_and_a_restart_loses_nothing(
        tmp_path: Path) -> None:
    """`orgsim workshop serve` in a child process on loopback: its printed links, ten teams
    sending every quarter at once over real HTTP (and resending), a wrong key refused, Ctrl-C,
    and a restart that carries on where it stopped."""
    names = [f"Team {i}" for i in range(10)]
    session = _session(tmp_path, teams=",".join(names))
    port = _free_port()
    proc, lines = _serve(session.folder, port)
    base = f"http://127.0.0.1:{port}"
    try:
        assert lines[0].endswith(f": {base}/")
        assert lines[1].endswith(f"{base}/?key={session.secret}")
        assert "need --host 0.0.0.0" in lines[2]
        for line, team in zip(lines[3:13], session.teams, strict=True):
            assert line == (f"team {team.name} joins with: {base}/{session.code}"
                            f"?team={team.name.replace(' ', '%20')}&token={team.token}")
        bosses = ("leader", "manager", "balanced", "adaptive", "neglect")
        logs = {n: _log(session, bosses[i % 5], QUARTERS) for i, n in enumerate(names)}
        failures: list[Any] = []

        def play(name: str) -> None:
            url = f"{base}/{session.code}/teams/{name.replace(' ', '%20')}/decisions"
            sends = [(n, n) for n in range(1, QUARTERS + 1)]
            sends += [(QUARTERS, QUARTERS), (2, QUARTERS)]       # a resend, a prefix
            for n, played in sends:
                reply = _call("PUT", url, {"decisions": logs[name][:n], "planned": None},
                              _token(session, name))
                if reply[0] != 200 or reply[1]["played"] != played:
                    failures.append((name, n, reply))

        threads = [threading.Thread(target=play, args=(n,)) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not failures
        state = _state(base)
        assert [t["played"] for t in state["teams"]] == [QUARTERS] * 10
        for team in state["teams"]:
            table = _rerun(session, logs[team["name"]])
            assert team["path"]["output_cum"] == list(table["output_cum"])
        status, error = _call("POST", f"{base}/api/release", {}, {"X-Orgsim-Key": "guess"})
        assert status == 403 and error["error"].startswith("wrong facilitator key")
        assert _call("POST", f"{base}/api/release", {}, _key(session))[1]["released"] == 1
        with urllib.request.urlopen(f"{base}/", timeout=30) as reply:
            assert "Leaderboard" in reply.read().decode()
    finally:
        out = _stop(proc)
    assert out.strip().endswith("the page stopped; its live state is kept in the session's "
                                "live/ folder")
    proc, _ = _serve(session.folder, port)
    try:
        again = _state(base)
        for team in state["teams"]:
            team["seen"] = None
        for team in again["teams"]:
            assert team["seen"] is None
        assert again == {**state, "pacing": {"released": 1, "paused": False,
                                             "seconds_left": None}}
        name = names[3]
        record = _call("GET", f"{base}/{session.code}/teams/{name.replace(' ', '%20')}",
                       headers=_token(session, name))[1]
        assert record["decisions"] == logs[name]
    finally:
        _stop(proc)


def test_import_sim_and_play_never_load_the_web_stack() -> None:
    code = ("import sys, sim, sim.workshop, sim.workshop.standin\n"
            "from sim.cli import build_parser\nbuild_parser()\n"
            "import game.app, game.options, game.joined\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('starlette', 'uvicorn', 'jinja2', 'httpx', 'httpx2') or m == 'sim.workshop.server'))")
    done = subprocess.run([sys.executable, "-c", code], env=child_env(), capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_serve_without_the_workshop_extra_says_which_to_install(tmp_path: Path) -> None:
    session = _session(tmp_path)
    code = ("import sys; sys.modules['starlette'] = None; sys.modules['uvicorn'] = None; "
            "from sim.cli import main; sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "workshop", "serve",
                           str(session.folder)], env=child_env(), capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "pip install 'orgsim[workshop]'" in one_sentence(done.stderr)
