"""Saves, settings and progress: atomic files in the player's data folder; replaying a save
gives the same state; damaged or foreign files are refused with a message and left alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pygame
import pytest
from test_game_kit import click, commit_anyway, frames, play_to_report, press, top_name

import sim
from game import flow
from game.app import App
from game.jsonfile import FileRefusedError, read_json, write_json_atomic
from game.paths import data_dir as game_data_dir
from game.progress import Progress, load_progress, save_progress
from game.saves import AUTOSAVE, list_saves, load_save, slot_path, write_save
from game.session import Session
from game.settings import Settings, load_settings, save_settings

pytest_plugins = ("test_game_kit",)   # the app, data folder and fixtures


def answered_session(level: str = "tutorial", seed: int = 4, quarters: int = 2) -> Session:
    """A game with a few quarters played, answering every event with its last choice."""
    session = Session(level, seed)
    plans = [sim.Decision(attention={"vision": 2, "coach": 2, "plan": 2}),
             sim.get_strategy("adaptive").decide(session.model)]
    for q in range(quarters):
        session.commit(plans[q % 2])
        while True:
            card = session.pending()
            if card is not None:
                session.answer(card.id, card.choices[-1].id)
                continue
            if session.step_week().quarter_done:
                break
    return session


def worker_state(session: Session) -> list[tuple]:
    return [(w.unique_id, w.name, round(w.morale, 12), round(w.trust, 12), round(w.skill, 12),
             w.tenure_weeks) for w in session.model.workers]


def test_save_then_load_gives_the_same_state(data_dir: Path) -> None:
    original = answered_session()
    path = write_save(original, "my game").path
    assert path == data_dir / "saves" / "my game.json"
    loaded = load_save(path)
    pd.testing.assert_frame_equal(original.table(), loaded.table())
    assert worker_state(original) == worker_state(loaded)
    assert [(f.card.id, f.choice) for f in original.model.fired] == \
        [(f.card.id, f.choice) for f in loaded.model.fired]
    assert loaded.replay_warning == ""
    # and both go on identically
    decision = sim.get_strategy("balanced").decide(original.model)
    for session in (original, loaded):
        session.play_quarter(decision)
    pd.testing.assert_frame_equal(original.table(), loaded.table())


def test_save_quit_and_continue_through_the_game(make_app: Callable[..., App],
                                                 data_dir: Path) -> None:
    app = make_app()
    flow.start(app)
    flow.start_level(app, "tutorial", 9)
    flow.open_plan(app)
    plan = app.top
    click(app, plan.plus["trust_autonomy"].rect.center)
    click(app, plan.commit_button.rect.center)
    commit_anyway(app)
    play_to_report(app, 600)
    assert top_name(app) == "ReportScene"
    table = app.session.table()
    assert (data_dir / "saves" / f"{AUTOSAVE}.json").is_file()
    app.quit()
    # a new run of the game: Continue on the title screen
    again = make_app()
    flow.start(again)
    frames(again)
    title = again.top
    cont = next(e for e in title.focus.items if e.text == "Continue")
    assert cont.is_enabled
    click(again, cont.rect.center)
    assert top_name(again) == "PlanScene"
    pd.testing.assert_frame_equal(again.session.table(), table)


def test_named_slot_from_the_save_dialog(make_app: Callable[..., App], data_dir: Path) -> None:
    app = make_app()
    app.session = answered_session(quarters=1)
    from game.scenes.report import ReportScene
    from game.scenes.save import SaveScene
    flow.start(app)
    app.push(ReportScene(app))
    app.push(SaveScene(app))
    frames(app)
    scene = app.top
    scene.entry.set_text("")
    for ch in "Friday team":
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        frames(app)
    assert scene.entry.get_text() == "Friday team"
    press(app, pygame.K_RETURN)
    assert top_name(app) == "ReportScene"
    assert (data_dir / "saves" / "Friday team.json").is_file()
    assert app.notice is not None and app.notice[0] == "Saved to slot “Friday team”."
    frames(app, round(3.5 / 0.05))                         # and it goes by itself
    assert app.notice is None
    assert [s.slot for s in list_saves()] == ["Friday team"]


@pytest.mark.parametrize("content, reason", [
    ("{this is not json", "not valid JSON"),
    ('{"format": "something-else", "level": "tutorial"}', "not an orgsim save"),
    ("[1, 2, 3]", "not an orgsim file"),
    ('{"format": "orgsim-save", "version": 1, "level": "tutorial", "seed": 1, '
     f'"orgsim_version": "{sim.__version__}", '
     '"quarter": 1, "decisions": [{"attention": {"no_such_lever": 1}}]}', "unknown lever"),
    ('{"format": "orgsim-save", "version": 1, "level": "tutorial", "seed": 1, '
     f'"orgsim_version": "{sim.__version__}", '
     '"quarter": 1, "decisions": [{"attention": {"vision": 999}}]}', "budget"),
    ('{"format": "orgsim-save", "version": 1, "level": "tutorial", "seed": 1, '
     '"quarter": 0, "decisions": []}', "made with orgsim 0.1 or earlier"),
    ('{"format": "orgsim-save", "version": 7, "level": "tutorial", "seed": 1, '
     '"decisions": []}', "version"),
])
def test_a_bad_save_is_refused_with_a_message_and_left_alone(
        make_app: Callable[..., App], data_dir: Path, content: str, reason: str) -> None:
    saves = data_dir / "saves"
    saves.mkdir(parents=True)
    bad = saves / "autosave.json"
    bad.write_text(content)
    with pytest.raises(FileRefusedError, match=reason):
        load_save(bad)
    app = make_app()
    flow.start(app)
    frames(app)
    continue_button = next(e for e in app.top.focus.items if e.text == "Continue")
    click(app, continue_button.rect.center)
    assert top_name(app) == "MessageScene"
    assert reason in app.top.body
    assert app.session is None
    assert bad.read_text() == content                      # never overwritten
    press(app, pygame.K_RETURN)
    assert top_name(app) == "TitleScene"
    info = list_saves()[0]             # the list reads files without replaying them
    if reason in ("not valid JSON", "not an orgsim save", "not an orgsim file", "version"):
        assert reason in info.error


@pytest.mark.parametrize("keys, words", [
    ({"team": 5, "session_code": "ABCD-EFGH-JKMN"}, "key 'team' must be a workshop team's name"),
    ({"team": " ", "session_code": "ABCD-EFGH-JKMN"}, "key 'team' must be"),
    ({"team": "Red", "session_code": "A" * 65}, "key 'session_code' must be a workshop"),
    ({"team": "Red"}, "both 'team' and 'session_code' or neither"),
])
def test_a_workshop_saves_team_and_session_are_kept_and_checked(
        data_dir: Path, keys: dict, words: str) -> None:
    """A workshop game's save keeps its team and session code (its result names them when
    the game is resumed); a save whose values are not text of a sane length is refused in
    one sentence, on loading and on the Load screen's list."""
    game = answered_session(quarters=1)
    assert "team" not in game.to_save()                     # not a workshop game: no keys
    game.team, game.session_code = "Red", "ABCD-EFGH-JKMN"
    loaded = load_save(write_save(game, "workshop").path)
    assert (loaded.team, loaded.session_code) == ("Red", "ABCD-EFGH-JKMN")
    bad = {key: value for key, value in game.to_save().items()
           if key not in ("team", "session_code")} | keys
    write_json_atomic(slot_path("bad"), bad)
    with pytest.raises(FileRefusedError, match=words):
        load_save(slot_path("bad"))
    assert words in next(info.error for info in list_saves() if info.slot == "bad")


def test_saving_never_replaces_a_foreign_file(data_dir: Path) -> None:
    foreign = slot_path("notes")
    foreign.parent.mkdir(parents=True)
    foreign.write_text('{"shopping": ["milk"]}')
    written = write_save(answered_session(quarters=1), "notes")
    assert written.path == slot_path("notes-2")
    assert "notes.json could not be loaded" in written.notice and "notes-2" in written.notice
    assert foreign.read_text() == '{"shopping": ["milk"]}'


def test_writes_are_atomic(tmp_path: Path) -> None:
    path = tmp_path / "file.json"
    write_json_atomic(path, {"format": "x", "n": 1})
    with pytest.raises(ValueError):
        write_json_atomic(path, {"format": "x", "n": float("nan")})    # JSON cannot hold NaN
    assert json.loads(path.read_text()) == {"format": "x", "n": 1}     # the old file survives
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]       # no temp files left


def test_slot_names_are_made_safe(data_dir: Path) -> None:
    assert slot_path("../../etc/passwd").parent == data_dir / "saves"
    with pytest.raises(FileRefusedError):
        slot_path("../..")


def test_the_data_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.setenv("ORGSIM_DATA_DIR", str(tmp_path / "a"))
    assert game_data_dir() == tmp_path / "a"
    monkeypatch.delenv("ORGSIM_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if game_data_dir().parent == tmp_path / "xdg":        # on Linux and the BSDs
        assert game_data_dir() == tmp_path / "xdg" / "orgsim"


def test_settings_round_trip_and_survive_a_damaged_file(data_dir: Path) -> None:
    settings = Settings(window=(1600, 900), fullscreen=True, projector=True, colour_blind=False,
                        sound=False, default_speed=4)
    path = save_settings(settings)
    assert load_settings() == settings
    data = json.loads(path.read_text())
    data["default_speed"] = 3          # not a speed
    data["window"] = "huge"
    path.write_text(json.dumps(data))
    loaded = load_settings()
    assert loaded.default_speed == 1 and loaded.window == (1280, 720) and loaded.projector
    path.write_text("garbage")
    assert load_settings() == Settings()
    assert path.read_text() == "garbage"


def test_settings_screen_applies_and_keeps_changes(make_app: Callable[..., App],
                                                   data_dir: Path) -> None:
    app = make_app()
    from game.scenes.settings import SettingsScene
    flow.start(app)
    app.push(SettingsScene(app))
    frames(app)

    def press_button(prefix: str) -> None:
        element = next(e for e in app.top.focus.items if e.text.startswith(prefix))
        click(app, element.rect.center)

    press_button("Projector")
    assert app.settings.projector and app.scale > 1
    press_button("Window size")
    assert app.screen.get_size() == app.settings.window != (1280, 720)
    press_button("Default speed")
    assert app.settings.default_speed == 2
    assert load_settings() == app.settings
    press(app, pygame.K_ESCAPE)
    assert top_name(app) == "TitleScene"
    assert read_json(data_dir / "settings.json", "orgsim-settings")["projector"] is True


def test_progress_unlocks_the_next_level(data_dir: Path) -> None:
    levels = [sim.load_level(name) for name in sim.level_names()]
    first = levels[0]
    follower = next((lv for lv in levels if lv.unlock_after == first.name), None)
    progress = Progress()
    assert progress.unlocked(first)
    if follower is not None:
        assert not progress.unlocked(follower)
    progress.record(first.name, 2, passed=True)
    save_progress(progress)
    loaded = load_progress()
    assert loaded.best[first.name] == 2
    if follower is not None:
        assert loaded.unlocked(follower)
    (data_dir / "progress.json").write_text("not json")
    assert load_progress() == Progress()
