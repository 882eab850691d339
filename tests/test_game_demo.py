"""A whole level played by the scripted boss of --demo reaches the debrief and writes results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pygame
import pytest
from test_game_kit import top_name

import sim
from game import flow
from game.app import App

pytest_plugins = ("test_game_kit",)   # the app, data folder and fixtures

ROOT = Path(__file__).resolve().parent.parent


def test_demo_plays_the_tutorial_to_the_debrief_and_writes_results(
        make_app: Callable[..., App], data_dir: Path, tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    app = make_app(level="tutorial", seed=11, demo="balanced", exit_after_level=True,
                   demo_pause=0.3, screenshots=shots, fixed_dt=0.1, max_frames=4000)
    flow.start(app)
    seen: set[str] = set()
    while app.running and app.stack and app.frames < 4000:
        app.frame(0.1)
        if app.stack:
            seen.add(top_name(app))
    assert not app.running, "the demo should quit after the debrief"
    assert {"BriefingScene", "PlanScene", "QuarterScene", "ReportScene",
            "DebriefScene"} <= seen
    results = sorted((data_dir / "results").glob("*.json"))
    assert len(results) == 1
    data = json.loads(results[0].read_text())
    level = sim.load_level("tutorial")
    assert data["level"] == "tutorial" and data["seed"] == 11 and data["player"] == "balanced"
    assert len(data["decisions"]) == level.quarters
    assert [row["quarter"] for row in data["table"]] == list(range(1, level.quarters + 1))
    assert set(data["archetypes"]) == {"leader", "manager", "balanced"}
    # the decision log replays to the same table
    decisions = [sim.Decision.from_dict(d) for d in data["decisions"]]
    replay = sim.run("tutorial", seed=11, decisions=decisions)
    assert replay["output_cum"].tolist() == [row["output_cum"] for row in data["table"]]
    # the balanced boss's plan reached the model unchanged
    strategy_plan = sim.run("tutorial", "balanced", 11)
    assert replay["output_cum"].tolist() == strategy_plan["output_cum"].tolist()
    png = results[0].with_suffix(".png")
    assert pygame.image.load(str(png)).get_size() == (1600, 1000)
    assert data["charts"] == png.name
    names = {p.stem.split("-", 1)[1] for p in shots.glob("*.png")}
    assert {"briefing", "plan", "quarter", "report", "debrief"} <= names
    assert not (data_dir / "saves").exists(), "a demo never overwrites the player's autosave"


@pytest.mark.slow
def test_orgsim_play_demo_from_the_command_line(tmp_path: Path) -> None:
    """The real CLI, in a fresh process: a one-quarter demo that exits by itself."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "ORGSIM_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "sim.cli", "play", "--level", "tutorial", "--seed", "2",
         "--demo", "leader", "--demo-pause", "0.3", "--quarters", "1", "--exit-after-level",
         "--fps-report",
         "--screenshots", str(tmp_path / "shots")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "p95" in result.stdout
    assert list((tmp_path / "data" / "results").glob("tutorial-seed2-*.json"))
    assert len(list((tmp_path / "shots").glob("*.png"))) >= 5


def test_orgsim_play_refuses_bad_options_with_one_line(
        tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sim.cli import main

    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    for args, words in ((["--level", "no_such_level"], "unknown level"),
                        (["--demo", "nobody"], "unknown strategy"),
                        (["--load", str(bad)], "cannot load"),
                        (["--load", str(tmp_path / "missing.json")], "no such save file")):
        assert main(["play", *args]) != 0
        err = capsys.readouterr().err
        assert words in err
        assert len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit) as stopped:
        main(["play", "--demo", "leader", "--demo-pause", "0"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == ("orgsim: error: argument --demo-pause: expected seconds "
                                       "from 0.05 to 30, got '0' (see 'orgsim play --help')\n")
    assert bad.read_text() == "{not json"
    assert not data_dir.exists(), "nothing was written"


def test_importing_sim_never_imports_pygame() -> None:
    code = ("import sys, sim, sim.cli; sim.cli.build_parser(); "
            "assert 'pygame' not in sys.modules and 'game' not in sys.modules, "
            "sorted(m for m in sys.modules if 'pygame' in m or m.startswith('game'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_player_plays_the_tutorial_with_the_mouse(make_app: Callable[..., App],
                                                    data_dir: Path) -> None:
    """Title to debrief by clicks only; the next level unlocks and shows the best stars."""
    from test_game_kit import click, frames

    app = make_app()
    flow.start(app)
    frames(app)

    def button(label: str) -> object:
        return next(e for e in app.top.focus.items if e.visible and e.text.startswith(label))

    click(app, button("New game").rect.center)
    assert top_name(app) == "LevelSelectScene"
    click(app, button("Play").rect.center)              # the first (and only open) level
    assert top_name(app) == "BriefingScene"
    click(app, button("Start").rect.center)
    quarters = app.session.level.quarters
    for quarter in range(1, quarters + 1):
        assert top_name(app) == "PlanScene"
        plan = app.top
        plan.draft.clear_attention()
        for lever in ("vision", "coach", "plan", "assign"):
            click(app, plan.plus[lever].rect.center)
            click(app, plan.plus[lever].rect.center)
        click(app, plan.commit_button.rect.center)
        if top_name(app) == "MessageScene":              # points unspent: asked once a game
            assert quarter == 1
            click(app, app.top.ok.rect.center)
        for _ in range(2000):
            frames(app)
            if top_name(app) == "EventScene":
                choice = app.top.focus.items[-1]           # the last response
                click(app, choice.rect.center)
            if top_name(app) == "ReportScene":
                break
        report = app.top
        assert report.quarter == quarter
        desk = report.office.desks[0]
        click(app, report.office.cell_rect(desk.slot).center)   # that worker's own list
        assert report.worker == desk.id
        assert sum(r.tenths for r in report.view.rows) == report.view.change
        click(app, button("Plan quarter" if quarter < quarters else "Debrief").rect.center)
    assert top_name(app) == "DebriefScene"
    if app.top.writing is not None:            # written in the background
        app.top.writing.result(timeout=60)
    assert list((data_dir / "results").glob("tutorial-*.json"))
    stars = app.top.debrief.stars
    click(app, button("Levels").rect.center)
    assert top_name(app) == "LevelSelectScene"
    assert app.progress.best["tutorial"] == stars
    if stars >= 1:                                      # passed: what follows opens
        followers = [lv for lv in app.top.levels if lv.unlock_after == "tutorial"]
        assert all(app.top.unlocked(lv) for lv in followers)
