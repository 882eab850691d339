"""The game joined to a workshop session: `orgsim play --session CODE|DIR --team NAME` plays
the session's level, seed and quarters; the result names the team and the session, is
collected into the session folder when the game was joined by it (first game counts, later
ones are practice), 'Play again' keeps the seed, and nothing unlocks outside the session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import ROOT, child_env
from test_game_kit import frames

import sim
from game import flow
from game.app import App
from game.joined import join
from game.settings import Settings
from sim.errors import OrgsimError
from sim.workshop import load_session, new_session, read_team_result

pytest_plugins = ("test_game_kit",)


def _play(tmp_path: Path, *args: str, demo: str = "balanced") -> subprocess.CompletedProcess:
    env = {**child_env(), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "ORGSIM_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run([sys.executable, "-m", "sim.cli", "play", "--demo", demo,
                           "--demo-pause", "0.3",
                           "--exit-after-level", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_teams_join_by_folder_and_by_code_and_their_results_count_once(tmp_path: Path):
    folder = tmp_path / "class"
    session = new_session(folder, "tutorial", 11, ["Red", "Blue"], quarters=2)
    # Red joins by the folder: its result is collected into the session as it finishes.
    first = _play(tmp_path, "--session", str(folder), "--team", "red")
    assert first.returncode == 0, first.stderr
    counted = folder / "results" / "red.json"
    assert counted.exists()
    result = read_team_result(load_session(folder), counted)
    assert result.team == "Red" and not result.practice and result.integrity.ok
    assert len(result.table) == 2                       # the session's two quarters
    # Red plays again (another game: the same one is written once): kept as practice.
    before = counted.read_bytes()
    again = _play(tmp_path, "--session", str(folder), "--team", "Red", demo="leader")
    assert again.returncode == 0, again.stderr
    assert counted.read_bytes() == before
    assert list((folder / "results" / "practice").glob("*.json"))
    # Blue joins by the code alone (no network, no folder): the result carries team and code.
    blue = _play(tmp_path, "--session", session.code.lower(), "--team", "Blue")
    assert blue.returncode == 0, blue.stderr
    written = sorted((tmp_path / "data" / "results").glob("tutorial-seed11-*.json"))
    data = [json.loads(p.read_text()) for p in written]
    blues = [d for d in data if d.get("team") == "Blue"]
    assert blues and blues[0]["session_code"] == session.code and blues[0]["seed"] == 11
    assert blues[0]["overrides"] == {"quarters": 2}


def test_bad_session_options_are_one_sentence(tmp_path: Path):
    folder = tmp_path / "class"
    new_session(folder, "tutorial", 3, ["Red", "Blue"])
    with pytest.raises(OrgsimError, match=r"not in the session .*Red, Blue"):
        join(str(folder), "Green")
    with pytest.raises(OrgsimError, match="needs --team"):
        join(str(folder), None)
    with pytest.raises(OrgsimError, match="checksum"):
        join("0000-0000-0000-0000", "Red")
    for args, words in ((["--team", "Red"], "give the session with --session"),
                        (["--session", str(folder), "--team", "Red", "--seed", "4"],
                         "leave out --level, --seed and --quarters")):
        out = subprocess.run([sys.executable, "-m", "sim.cli", "play", *args], cwd=ROOT,
                             env={**child_env(), "SDL_VIDEODRIVER": "dummy"},
                             capture_output=True, text=True, timeout=60, check=False)
        assert out.returncode != 0 and words in out.stderr and "Traceback" not in out.stderr


def test_a_joined_game_plays_the_sessions_level_and_seed_and_unlocks_nothing(
        tmp_path: Path, make_app: Callable[..., App], data_dir: Path):
    folder = tmp_path / "class"
    new_session(folder, "knowledge_team", 21, ["Red"], quarters=3)
    joined = join(str(folder), "Red")
    app = make_app(Settings(sound=False), level=joined.level, seed=joined.seed,
                   overrides=joined.overrides, joined=joined)
    flow.start(app)
    frames(app)
    session = app.session
    assert app.workshop and session.level_name == "knowledge_team" and session.seed == 21
    assert session.level.quarters == 3 and session.team == "Red"
    # Play again from the debrief keeps the session's seed and stays in the workshop.
    from game.scenes.debrief import DebriefScene
    for _ in range(3):
        session.play_quarter(sim.Decision(attention={"vision": 5.0, "plan": 5.0}))
    before = app.progress.to_dict()
    app.push(DebriefScene(app))
    frames(app, 3)
    assert app.progress.to_dict() == before, "a workshop game records no progress"
    assert not (data_dir / "progress.json").exists()
    app.top.again()
    assert app.session.seed == 21 and app.workshop


def test_a_workshop_from_the_title_screen_ends_at_the_title(make_app: Callable[..., App]):
    """Picking Workshop opens every level for the class; back at the title it is over."""
    app = make_app(Settings(sound=False))
    flow.start(app)
    app.workshop = True
    flow.to_title(app)
    assert not app.workshop


def test_the_cli_help_names_the_workshop_options():
    out = subprocess.run([sys.executable, "-m", "sim.cli", "play", "--help"], cwd=ROOT,
                         env={**os.environ, **child_env()}, capture_output=True, text=True,
                         timeout=60, check=False)
    assert "--session CODE|DIR" in out.stdout and "--team NAME" in out.stdout
