"""Hot seat: several workshop teams share one laptop (`orgsim play --session S --team
"Red,Blue"`), each with its own game, taking turns after each quarter with a hand-over screen
between them; each team's game autosaves to its own slot, ends with its own debrief, and its
result reaches the session as a single team's does. Real App, dummy video driver, real session
folders on disk."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pygame
import pytest
from cli_helpers import ROOT, child_env
from layout_audit import audit_screen, problems
from test_game_kit import commit_anyway, frames, play_to_report, press, top_name

import sim
from game import flow, hotseat
from game.app import App
from game.hotseat import join_teams
from game.plan_draft import PlanDraft
from game.saves import load_save, write_save
from game.settings import Settings
from sim.errors import OrgsimError
from sim.workshop import load_session, new_session, read_team_result

pytest_plugins = ("test_game_kit",)


def hot_seat_app(make_app: Callable[..., App], folder: Path, teams: str = "Red,Blue",
                 settings: Settings | None = None, **options: object) -> App:
    """An app that joined the session folder for every team of `teams`, as the CLI does."""
    joined = join_teams(str(folder), teams)
    first = joined[0]
    return make_app(settings or Settings(sound=False), level=first.level, seed=first.seed,
                    overrides=first.overrides, joined=first, teams=tuple(joined), **options)


def drawn(app: App) -> list[str]:
    """Every text the top screen draws (its header included)."""
    return [t.text for t in audit_screen(app).drawn]


def test_a_demo_hot_seat_of_two_teams_delivers_a_result_per_team(
        make_app: Callable[..., App], data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    new_session(folder, "tutorial", 11, ["Red", "Blue"], quarters=2)
    app = hot_seat_app(make_app, folder, demo="balanced", exit_after_level=True,
                       demo_pause=0.3, fixed_dt=0.1, max_frames=6000)
    flow.start(app)
    turns: list[tuple[str, str]] = []        # (screen, team) each time the screen changes
    games = set()
    while app.running and app.stack and app.frames < 6000:
        app.frame(0.1)
        if not app.stack:
            break
        if app.session is not None:
            games.add(id(app.session))
        shown = (top_name(app), app.session.team if app.session is not None else "")
        if not turns or turns[-1] != shown:
            turns.append(shown)
    assert not app.running, "the demo quits after the last team's debrief"
    handovers = [team for screen, team in turns if screen == "HandoverScene"]
    assert handovers == ["Red", "Blue", "Red", "Blue"]
    debriefs = [team for screen, team in turns if screen == "DebriefScene"]
    assert debriefs == ["Red", "Blue"]
    # between two hand-overs only one team's screens show
    team = None
    for screen, who in turns:
        if screen == "HandoverScene":
            team = who
        assert who == team, f"{screen} of {who} during {team}'s turn"
    assert len(games) == 2
    session = load_session(folder)
    for name in ("Red", "Blue"):
        result = read_team_result(session, folder / "results" / f"{name.lower()}.json")
        assert result.team == name and not result.practice and result.integrity.ok
        assert len(result.table) == 2
    assert not (folder / "results" / "practice").exists() or \
        not list((folder / "results" / "practice").glob("*.json"))
    assert not (data_dir / "saves").exists(), "a demo never writes an autosave"


@pytest.mark.slow
def test_orgsim_play_takes_a_comma_list_of_teams(tmp_path: Path) -> None:
    """The real command line in a fresh process: `--team "Red,Blue"` with --demo plays both
    teams' games by turns and delivers both results to the session folder (in real time:
    about 25 s)."""
    folder = tmp_path / "class"
    new_session(folder, "tutorial", 13, ["Red", "Blue"], quarters=1)
    env = {**child_env(), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "ORGSIM_DATA_DIR": str(tmp_path / "data")}
    out = subprocess.run([sys.executable, "-m", "sim.cli", "play", "--session", str(folder),
                          "--team", "Red,Blue", "--demo", "balanced", "--demo-pause", "0.3",
                          "--exit-after-level",
                          "--screenshots", str(tmp_path / "shots")],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
                         check=False)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (folder / "results").glob("*.json")) == ["blue.json",
                                                                          "red.json"]
    assert any("handover" in p.name for p in (tmp_path / "shots").glob("*.png"))


def play_turn(app: App, strategy: str) -> None:
    """From the hand-over screen: Enter, the briefing the first time, the strategy's plan
    committed with the keyboard, the quarter played to its report."""
    assert top_name(app) == "HandoverScene"
    press(app, pygame.K_RETURN)
    if top_name(app) == "BriefingScene":
        press(app, pygame.K_RETURN)
    assert top_name(app) == "PlanScene"
    plan = app.top
    decision = sim.get_strategy(strategy).decide(app.session.model)
    plan.draft = PlanDraft.from_decision(app.session.level, decision)
    plan.refresh()
    press(app, pygame.K_RETURN)
    commit_anyway(app)
    assert top_name(app) == "QuarterScene"
    play_to_report(app)
    assert top_name(app) == "ReportScene"


def test_teams_take_turns_with_their_own_games_autosaves_and_debriefs(
        make_app: Callable[..., App], data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    new_session(folder, "tutorial", 5, ["Red", "Blue"], quarters=2)
    app = hot_seat_app(make_app, folder, settings=Settings(sound=False, default_speed=4))
    flow.start(app)
    frames(app)
    texts = drawn(app)
    assert "Team Red goes first" in texts and "Red's quarter 1 of 2" in texts
    assert "Team Red" in texts                                  # the header's badge
    play_turn(app, "manager")
    red = app.session
    assert "Team Red" in drawn(app)                             # the report's header too
    assert "Next team (Enter)" in [e.text for e in app.top.focus.items]
    press(app, pygame.K_RETURN)
    texts = drawn(app)
    assert "Pass the laptop to team Blue" in texts and "Blue's quarter 1 of 2" in texts
    assert "Team Blue" in texts
    play_turn(app, "leader")
    blue = app.session
    assert blue is not red and blue.team == "Blue" and red.team == "Red"
    press(app, pygame.K_RETURN)
    assert "Red's quarter 2 of 2" in drawn(app)
    play_turn(app, "manager")
    assert app.session is red and red.finished
    press(app, pygame.K_RETURN)                               # Red's own debrief
    for _ in range(200):
        frames(app)
        if top_name(app) == "DebriefScene":
            break
    assert top_name(app) == "DebriefScene" and app.top.session is red
    assert "Team Red" in drawn(app)
    press(app, pygame.K_RETURN)                               # 'Next team': Blue's quarter 2
    assert top_name(app) == "HandoverScene" and "Blue's quarter 2 of 2" in drawn(app)
    play_turn(app, "leader")
    press(app, pygame.K_RETURN)
    for _ in range(200):
        frames(app)
        if top_name(app) == "DebriefScene":
            break
    assert app.top.session is blue and blue.finished
    frames(app, 3)
    assert not hotseat.will_hand_over(app)                    # the last team: Play again
    # Each team's game is its own: the session's two quarters, its own plans, its own slot.
    assert red.level.quarters == blue.level.quarters == 2
    assert red.decision_log() != blue.decision_log()
    saves = data_dir / "saves"
    assert sorted(p.name for p in saves.glob("*.json")) == ["autosave blue.json",
                                                            "autosave red.json"]
    for game in (red, blue):
        saved = load_save(saves / f"autosave {game.team.lower()}.json")
        assert saved.decision_log() == game.decision_log()
    # Play again on the last debrief: a new round for every team, on the session's seed.
    press(app, pygame.K_RETURN)
    assert top_name(app) == "HandoverScene" and "Team Red goes first" in drawn(app)
    assert app.session is not red and app.session.seed == 5 and app.session.model.quarter == 0
    app.shutdown()                                            # the result files are written
    results = folder / "results"
    teams = {json.loads(p.read_text())["team"] for p in results.glob("*.json")}
    assert teams == {"Red", "Blue"}


def test_a_finished_team_waits_while_the_others_play_on(
        make_app: Callable[..., App], data_dir: Path, tmp_path: Path) -> None:
    """A team whose game is over is skipped: the others hand over among themselves only,
    and the last one left plays on without a hand-over."""
    folder = tmp_path / "class"
    new_session(folder, "tutorial", 8, ["Red", "Blue", "Green"], quarters=2)
    app = hot_seat_app(make_app, folder, teams="Red, Blue, Green")
    flow.start(app)
    seats = hotseat.of(app)
    assert [s.team for s in seats.seats] == ["Red", "Blue", "Green"]
    balanced = sim.get_strategy("balanced")
    for seat in seats.seats:                                   # Red finished, Blue 1 of 2
        game = seats.game(seat)
        for _ in range({"Red": 2, "Blue": 1, "Green": 1}[seat.team]):
            game.play_quarter(balanced.decide(game.model))
    seats.turn = 1
    app.session = seats.current.game
    assert hotseat.hand_over(app) and seats.current.team == "Green"
    assert hotseat.hand_over(app) and seats.current.team == "Blue"   # Red is skipped
    texts = drawn(app)
    assert "Red: finished, waiting for the others" in texts
    game = seats.current.game
    game.play_quarter(balanced.decide(game.model))
    assert hotseat.hand_over(app) and seats.current.team == "Green"
    game = seats.current.game
    game.play_quarter(balanced.decide(game.model))
    assert not hotseat.hand_over(app) and seats.over


def test_continue_on_the_title_goes_back_to_the_hot_seat(
        make_app: Callable[..., App], data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    new_session(folder, "tutorial", 3, ["Red", "Blue"], quarters=2)
    app = hot_seat_app(make_app, folder)
    flow.start(app)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_ESCAPE)                                 # the briefing: back to title
    assert top_name(app) == "TitleScene"
    continue_button = next(e for e in app.top.focus.items if e.text == "Continue")
    assert continue_button.is_enabled
    flow.continue_game(app)
    assert top_name(app) == "HandoverScene" and app.session.team == "Red"
    assert "Red's quarter 1 of 2" in drawn(app)
    press(app, pygame.K_RETURN)
    assert top_name(app) == "PlanScene"
    app.top.commit()
    commit_anyway(app)
    for _ in range(100):                                        # a few weeks in ...
        frames(app)
        if app.session.model.week >= 3:
            break
    red, week = app.session, app.session.model.week
    flow.to_title(app)                                          # ... left for the title
    assert flow.continue_game(app) and app.session is red
    press(app, pygame.K_RETURN)
    assert top_name(app) == "QuarterScene" and red.model.week >= week   # the quarter goes on
    play_to_report(app)
    assert top_name(app) == "ReportScene" and red.model.quarter == 1


def test_a_loaded_teams_save_takes_its_seat_again(
        make_app: Callable[..., App], data_dir: Path, tmp_path: Path) -> None:
    """After a restart, loading Blue's autosave makes it Blue's game in the hot seat again:
    Blue's turn, Blue's slot, Blue's own line to the session, one game per team."""
    folder = tmp_path / "class"
    new_session(folder, "tutorial", 6, ["Red", "Blue"], quarters=3)
    app = hot_seat_app(make_app, folder)
    flow.start(app)
    seats = hotseat.of(app)
    for seat in seats.seats:
        game = seats.game(seat)
        game.play_quarter(sim.get_strategy("balanced").decide(game.model))
        write_save(game, seat.slot)
    app.quit()
    again = hot_seat_app(make_app, folder)                       # a new run: fresh games
    flow.start(again)
    seats = hotseat.of(again)
    assert flow.load_game(again, data_dir / "saves" / "autosave blue.json")
    blue = again.session
    assert (blue.team, blue.model.quarter, top_name(again)) == ("Blue", 1, "PlanScene")
    assert seats.current.team == "Blue" and seats.current.game is blue
    assert hotseat.autosave_slot(again) == "autosave blue"
    assert hotseat.joined_for(again, blue) is seats.current.joined
    assert "Team Blue" in drawn(again)


def test_bad_team_lists_are_one_sentence(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from sim.cli import main

    folder = tmp_path / "class"
    session = new_session(folder, "tutorial", 3, ["Red", "Blue"], quarters=2)
    for teams, words in (("Red,red", "share"), ("Red,Green", "not in the session"),
                         ("Red,Bl/ue", "holds '/'")):
        with pytest.raises(OrgsimError, match=words):
            join_teams(str(folder), teams)
    with pytest.raises(OrgsimError, match=r"one token per team.*\(2 teams, 1 token\)"):
        join_teams(session.code, "Red,Blue", "abc")
    joined = join_teams(session.code, " Red , Blue ,")          # spaces and a stray comma
    assert [j.team for j in joined] == ["Red", "Blue"]
    assert {(j.level, j.seed, j.code) for j in joined} == {("tutorial", 3, session.code)}
    assert main(["play", "--session", str(folder), "--team", "Red,Red"]) != 0
    err = capsys.readouterr().err
    assert "given twice" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
@pytest.mark.parametrize("projector", [False, True], ids=["normal", "projector"])
def test_the_hand_over_screen_fits(make_app: Callable[..., App], data_dir: Path,
                                   tmp_path: Path, size: tuple[int, int],
                                   projector: bool) -> None:
    folder = tmp_path / "class"
    new_session(folder, "startup", 3, ["Red", "Blue Whales Of The North"], quarters=2)
    app = hot_seat_app(make_app, folder, teams="Red,Blue Whales Of The North",
                       settings=Settings(window=size, projector=projector, sound=False))
    flow.start(app)
    seats = hotseat.of(app)
    game = seats.game(seats.current)
    game.play_quarter(sim.get_strategy("balanced").decide(game.model))
    assert hotseat.hand_over(app)
    frames(app, 2)
    assert problems(app, audit_screen(app)) == []
    window = app.screen.get_rect()
    assert all(window.contains(e.rect) for e in app.top.focus.items)
    pygame.image.save(app.screen, str(tmp_path / f"handover-{size[0]}x{size[1]}.png"))
