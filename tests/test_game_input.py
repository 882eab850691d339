"""Input that must never surprise a player: key repeat stays off after a text field closes, one
key press acts on one screen only, committing with points unspent asks first, and the debrief's
bosses never block a frame (issue 10, defects 1 and 2)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import pygame
from test_game_kit import frames, press, top_name
from test_game_saves import answered_session

from game import flow
from game.app import App
from game.results import archetype_runs, prepare_debrief
from game.scenes.report import ReportScene
from game.scenes.save import SaveScene

pytest_plugins = ("test_game_kit",)


def key_down(key: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


def at_report(make_app: Callable[..., App], quarters: int = 1) -> App:
    app = make_app()
    flow.start(app)
    app.session = answered_session(quarters=quarters)
    app.push(ReportScene(app))
    frames(app)
    return app


def test_key_repeat_goes_off_when_the_save_dialog_closes(make_app: Callable[..., App],
                                                           data_dir: Path) -> None:
    app = at_report(make_app)
    for close in (pygame.K_RETURN, pygame.K_ESCAPE):        # save, then cancel
        app.push(SaveScene(app))
        frames(app)
        assert app.top.entry.is_focused
        assert pygame.key.get_repeat() != (0, 0)           # pygame_gui's text entry turns it on
        press(app, close)
        assert top_name(app) == "ReportScene"
        assert pygame.key.get_repeat() == (0, 0)


def test_a_held_key_acts_on_one_screen_only(make_app: Callable[..., App],
                                            data_dir: Path) -> None:
    app = at_report(make_app)
    before = app.session.planned
    for _ in range(5):                                      # Enter held: a press, then repeats
        pygame.event.post(key_down(pygame.K_RETURN))
    frames(app, 3)
    assert top_name(app) == "PlanScene"                     # the report moved on ...
    assert app.session.planned is before                    # ... once: no plan committed
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_RETURN, mod=0))
    frames(app)
    press(app, pygame.K_RETURN)                             # released and pressed again: acts
    assert top_name(app) == "MessageScene"                  # (here: the unspent-points question)


def test_committing_with_points_unspent_asks_once_a_game(make_app: Callable[..., App],
                                                         data_dir: Path) -> None:
    app = at_report(make_app)
    before = app.session.planned                            # the last quarter's plan
    press(app, pygame.K_RETURN)
    assert top_name(app) == "PlanScene"
    plan = app.top
    plan.clear()
    press(app, pygame.K_RETURN)
    assert top_name(app) == "MessageScene"
    budget = f"{plan.draft.budget:g}"
    assert f"{budget} of {budget} attention points are unspent" in app.top.body
    press(app, pygame.K_ESCAPE)                             # go back: nothing committed
    assert app.top is plan and app.session.planned is before
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)                             # commit anyway
    assert top_name(app) == "QuarterScene"
    assert app.session.planned is not before and app.session.planned.attention == {}
    # the next quarter's plan with points unspent is committed without asking again
    while top_name(app) != "ReportScene":
        frames(app)
        if top_name(app) == "EventScene":
            press(app, pygame.K_1)
    press(app, pygame.K_RETURN)
    app.top.clear()
    press(app, pygame.K_RETURN)
    assert top_name(app) == "QuarterScene"


def test_a_full_plan_commits_without_a_question(make_app: Callable[..., App],
                                                data_dir: Path) -> None:
    app = at_report(make_app)
    press(app, pygame.K_RETURN)
    plan = app.top
    plan.clear()
    plan.draft.attention = {"vision": plan.draft.budget}
    press(app, pygame.K_RETURN)
    assert top_name(app) == "QuarterScene"


def test_the_debrief_waits_for_its_bosses_without_blocking_a_frame(
        make_app: Callable[..., App], data_dir: Path) -> None:
    app = make_app()
    flow.start(app)
    session = answered_session(quarters=4)                  # the tutorial, played to the end
    assert session.finished
    app.session = session
    pending: Future = Future()                              # the bosses still playing
    session.archetypes = pending
    flow.after_report(app)
    frames(app, 5)                                          # frames go on meanwhile
    assert top_name(app) == "WaitingScene"
    pending.set_result(archetype_runs(session.level_name, session.seed, session.overrides))
    frames(app)
    assert top_name(app) == "DebriefScene"
    assert set(app.top.debrief.runs) == {"leader", "manager", "balanced"}


def test_the_bosses_start_playing_during_the_last_quarter(make_app: Callable[..., App],
                                                          data_dir: Path) -> None:
    app = make_app()
    flow.start(app)
    app.session = answered_session(quarters=2)
    flow.open_quarter(app)                                   # quarter 3 of 4: not yet
    assert app.session.archetypes is None
    app.session = answered_session(quarters=3)
    flow.open_quarter(app)                                   # the last quarter
    runs = app.session.archetypes
    assert runs is not None and runs is prepare_debrief(app.session)   # started once
    assert set(runs.result(timeout=60)) == {"leader", "manager", "balanced"}


def test_continue_on_a_finished_game_writes_its_result_once(make_app: Callable[..., App],
                                                            data_dir: Path) -> None:
    session = answered_session(quarters=4)
    for _ in range(3):                                       # the debrief opened three times
        app = make_app()
        flow.start(app)
        flow.resume_session(app, session)
        prepare_debrief(session).result(timeout=60)
        frames(app, 2)
        assert top_name(app) == "DebriefScene"
        if app.top.writing is not None:         # the files are written in the background
            app.top.writing.result(timeout=60)
    assert len(list((data_dir / "results").glob("*.json"))) == 1
    assert len(list((data_dir / "results").glob("*.png"))) == 1


def test_a_debrief_left_at_once_still_writes_its_result(make_app: Callable[..., App],
                                                         data_dir: Path) -> None:
    from game.results import finish_background_work

    app = make_app()
    flow.start(app)
    session = answered_session(quarters=4)
    flow.resume_session(app, session)
    prepare_debrief(session).result(timeout=60)
    frames(app)                                # the wait screen gives way to the debrief
    assert top_name(app) == "DebriefScene"
    flow.to_title(app)                         # gone before a frame of its own
    finish_background_work()
    assert len(list((data_dir / "results").glob("*.json"))) == 1
