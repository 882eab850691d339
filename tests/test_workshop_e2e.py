"""A whole workshop through the real command line, as a class would run it:
`orgsim workshop new`, `orgsim workshop serve` (the facilitator's page on loopback), three
teams' games played by `orgsim play --demo` under the dummy video driver (one joined by the
session folder, two by the page; one of those killed mid-level and started again), then
`orgsim workshop collect` and `orgsim workshop report`; a result edited afterwards is flagged
and changes nothing on the leaderboard."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import ROOT, child_env, ctrl_c_stops

from sim.workshop import load_session, read_team_result

pytestmark = pytest.mark.slow

QUARTERS = 4


def _cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim.cli", *args], cwd=ROOT, env=child_env(),
                          capture_output=True, text=True, timeout=timeout, check=False)


def _game(tmp_path: Path, demo: str, *session: str) -> subprocess.Popen:
    env = {**child_env(), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "ORGSIM_DATA_DIR": str(tmp_path / "laptop")}
    return subprocess.Popen([sys.executable, "-m", "sim.cli", "play", "--demo", demo,
                             "--demo-pause", "0.3", "--exit-after-level", "--session",
                             *session], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as reply:
        return json.loads(reply.read())


def _team(base: str, name: str) -> dict[str, Any]:
    return next(t for t in _get(f"{base}/api/state")["teams"] if t["name"] == name)


def _wait(what: Any, seconds: float = 180.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if what():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def _finish(proc: subprocess.Popen, timeout: float = 240) -> None:
    _, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err


def test_a_class_plays_through_the_page_and_the_files_and_the_report_trusts_only_reruns(
        tmp_path: Path) -> None:
    folder = tmp_path / "class"
    made = _cli("workshop", "new", "--level", "tutorial", "--seed", "12", "--teams",
                "Red,Blue,Green", "--quarters", str(QUARTERS), "--dir", str(folder))
    assert made.returncode == 0, made.stderr
    code = made.stdout.strip().splitlines()[-1]
    session = load_session(folder)
    assert code == session.code
    port = _free_port()
    page = subprocess.Popen([sys.executable, "-m", "sim.cli", "workshop", "serve", str(folder),
                             "--port", str(port)], cwd=ROOT, env=child_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=ctrl_c_stops)
    base = f"http://127.0.0.1:{port}"
    try:
        lines = [page.stdout.readline().strip() for _ in range(6)]
        links = {m.group(1): m.group(2) for m in
                 (re.match(r"team (\w+) joins with: (\S+)$", line) for line in lines) if m}
        assert set(links) == {"Red", "Blue", "Green"}
        key = re.search(r"\?key=(\S+)$", lines[1]).group(1)
        for _ in range(QUARTERS):           # the facilitator lets the class play it all
            request = urllib.request.Request(f"{base}/api/release", data=b"{}", method="POST",
                                             headers={"X-Orgsim-Key": key})
            urllib.request.urlopen(request, timeout=30).close()
        # Red joins by the session folder (its result is collected as it finishes); Blue and
        # Green by the page. Green's laptop dies after two quarters and is started again.
        red = _game(tmp_path, "leader", str(folder), "--team", "Red")
        blue = _game(tmp_path, "manager", links["Blue"])
        green = _game(tmp_path, "balanced", links["Green"])
        _wait(lambda: _team(base, "Green")["played"] >= 2)
        green.send_signal(signal.SIGKILL)
        green.communicate(timeout=30)
        held = _team(base, "Green")
        assert held["played"] < QUARTERS, "Green was killed mid-level"
        green = _game(tmp_path, "balanced", links["Green"])
        for proc in (red, blue, green):
            _finish(proc)
        _wait(lambda: _team(base, "Blue")["result"] == "counted"
              and _team(base, "Green")["result"] == "counted")
        final = _team(base, "Green")
        assert final["played"] == QUARTERS
        assert final["path"]["output_cum"][:held["played"]] == held["path"]["output_cum"]
    finally:
        page.send_signal(signal.SIGINT)
        page.communicate(timeout=30)
    results = folder / "results"
    assert sorted(p.name for p in results.glob("*.json")) == ["blue.json", "green.json",
                                                              "red.json"]
    assert not list((results / "practice").glob("*.json")), "a restart made no second game"
    green_result = read_team_result(session, results / "green.json")
    assert len(green_result.decisions) == QUARTERS and green_result.integrity.ok
    # A second copy of Red's game from the laptop (a USB stick) changes nothing.
    copies = sorted((tmp_path / "laptop" / "results").glob("tutorial-seed12-*.json"))
    reds = [p for p in copies if json.loads(p.read_text()).get("team") == "Red"]
    collected = _cli("workshop", "collect", str(folder), str(reds[0]))
    assert collected.returncode == 0, collected.stderr
    assert "already" in collected.stdout
    # Someone edits Blue's output figures in the session folder: the report flags it and
    # ranks Blue by the re-run.
    blue_file = results / "blue.json"
    data = json.loads(blue_file.read_text())
    true_output = data["table"][-1]["output_cum"]
    data["table"][-1]["output_cum"] = true_output * 3
    blue_file.write_text(json.dumps(data))
    out = tmp_path / "report.html"
    report = _cli("workshop", "report", str(folder), "--out", str(out))
    assert report.returncode == 0, report.stderr
    html = out.read_text()
    for team in ("Red", "Blue", "Green"):
        assert team in html
    for heading in ("Leaderboard", "Paths beside the scripted bosses",
                    "Attention: leadership or management", "Luck or skill?", "Turning points",
                    "For discussion"):
        assert f">{heading}</h2>" in html
    for boss in ("leader boss", "manager boss", "balanced boss"):
        assert boss in html
    assert html.count("<svg") >= 5
    board = html.split(">Paths beside the scripted bosses</h2>")[0]
    flag = re.search(r"flagged: edited</span><span class=\"detail\">it records output_cum "
                     r"([0-9.,]+) in quarter 4, the re-run gives ([0-9.,]+)", board)
    assert flag, "the edited result is flagged on the leaderboard"
    recorded, rerun = (float(g.replace(",", "")) for g in flag.groups())
    assert recorded == pytest.approx(true_output * 3, abs=1e-4)
    assert rerun == pytest.approx(true_output, abs=0.05)
    assert f">{true_output:,.0f}<" in board and f">{true_output * 3:,.0f}<" not in board
    csv = out.with_suffix(".csv").read_text()
    assert csv.splitlines()[0].startswith("rank,team") or "team" in csv.splitlines()[0]
    assert {"Red", "Blue", "Green"} <= set(re.findall(r"Red|Blue|Green", csv))
