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

import pygame
import pytest
from cli_helpers import ROOT, child_env
from test_game_kit import commit_anyway, frames, play_to_report, press, top_name

import sim
from game import flow, hotseat
from game.app import App
from game.joined import join
from game.plan_draft import PlanDraft
from game.results import build_debrief, write_results
from game.settings import Settings
from sim.errors import OrgsimError
from sim.workshop import collect, load_session, new_session, read_team_result

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


def _play_quarter_by_keys(app: App, strategy: str) -> None:
    """From the plan screen: the strategy's plan, committed with Enter, played to its report
    (the autosave is written as the report opens)."""
    assert top_name(app) == "PlanScene"
    decision = sim.get_strategy(strategy).decide(app.session.model)
    app.top.draft = PlanDraft.from_decision(app.session.level, decision)
    app.top.refresh()
    press(app, pygame.K_RETURN)
    commit_anyway(app)
    play_to_report(app)
    assert top_name(app) == "ReportScene"


def test_a_resumed_workshop_game_is_still_the_teams_and_its_result_is_collected(
        tmp_path: Path, make_app: Callable[..., App], data_dir: Path):
    """Two quarters, the game closed, started again, Continue: the autosave keeps the team and
    the session, so the game is the team's again (delivered to its session folder as it ends)
    and `orgsim workshop collect` takes its result. A save of a session not joined here plays
    on with its team kept for its result, and is handed to no other session."""
    folder = tmp_path / "class"
    classroom = new_session(folder, "tutorial", 11, ["Red", "Blue"], quarters=3)
    options = {"level": "tutorial", "seed": 11, "overrides": {"quarters": 3},
               "joined": join(str(folder), "Blue")}
    app = make_app(Settings(sound=False, default_speed=4), **options)
    flow.start(app)
    press(app, pygame.K_RETURN)                                # the briefing's Start
    for strategy in ("manager", "leader"):
        _play_quarter_by_keys(app, strategy)
        press(app, pygame.K_RETURN)                            # on to the next plan
    autosave = data_dir / "saves" / "autosave.json"
    saved = json.loads(autosave.read_text())
    assert (saved["team"], saved["session_code"], saved["quarter"]) == ("Blue", classroom.code, 2)
    halfway = tmp_path / "halfway.json"
    halfway.write_bytes(autosave.read_bytes())
    app.quit()

    again = make_app(Settings(sound=False, default_speed=4), **options)   # a new run
    flow.start(again)
    press(again, pygame.K_ESCAPE)                              # a new game's briefing: back
    assert flow.continue_game(again) and top_name(again) == "PlanScene"
    game = again.session
    assert (game.team, game.session_code, game.model.quarter) == ("Blue", classroom.code, 2)
    assert hotseat.joined_for(again, game) is again.options.joined
    _play_quarter_by_keys(again, "balanced")
    press(again, pygame.K_RETURN)                              # the debrief writes the result
    for _ in range(300):
        frames(again)
        if top_name(again) == "DebriefScene" and again.top.writing is None \
                and not again.top.to_write:
            break
    from game.results import finish_background_work
    finish_background_work()          # the write and the session's collect, as on quitting
    counted = folder / "results" / "blue.json"
    result = read_team_result(load_session(folder), counted)
    assert result.team == "Blue" and not result.practice and result.integrity.ok
    assert len(result.table) == 3
    again.quit()

    # Joined to another session (its own team Blue): the save is not that session's team.
    other = tmp_path / "other"
    new_session(other, "tutorial", 12, ["Blue"], quarters=3)
    elsewhere = make_app(Settings(sound=False), level="tutorial", seed=12,
                         overrides={"quarters": 3}, joined=join(str(other), "Blue"))
    flow.start(elsewhere)
    assert flow.load_game(elsewhere, halfway)
    game = elsewhere.session
    assert (game.team, game.session_code, game.link) == ("Blue", classroom.code, None)
    assert hotseat.joined_for(elsewhere, game) is None      # not handed to the other session
    game.play_quarter(sim.get_strategy("leader").decide(game.model))
    path, _ = write_results(build_debrief(game), elsewhere.palette, tmp_path / "results")
    data = json.loads(path.read_text())
    assert (data["team"], data["session_code"]) == ("Blue", classroom.code)
    assert "practice" in collect(folder, [path])[0]             # Blue's second game
    kept = read_team_result(load_session(folder), path)
    assert kept.team == "Blue" and kept.integrity.ok and len(kept.table) == 3
