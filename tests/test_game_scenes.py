"""Each scene builds and draws to a real surface, fits its window, and can be left again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame
import pytest
from test_game_kit import commit_anyway, frames

import sim
from game import flow
from game.app import App
from game.scenes.debrief import DebriefScene
from game.scenes.help import HelpScene
from game.scenes.level_select import LevelSelectScene
from game.scenes.load import LoadScene
from game.scenes.menu import MenuScene
from game.scenes.report import ReportScene
from game.scenes.save import SaveScene
from game.scenes.settings import SettingsScene
from game.scenes.title import TitleScene
from game.scenes.workshop import WorkshopScene
from game.session import Session
from game.settings import Settings

pytest_plugins = ("test_game_kit",)   # the app, data folder and fixtures


def play_quarters(app: App, level: str, quarters: int) -> Session:
    """A session a few quarters in (balanced plans), set as the app's game."""
    import sim

    session = Session(level, 7, {"quarters": quarters} if quarters < 4 else {})
    for _ in range(quarters):
        session.play_quarter(sim.get_strategy("balanced").decide(session.model))
    app.session = session
    return session


def build_scene(app: App, name: str, level: str = "tutorial") -> None:
    """Put the named scene on top of a sensible stack (games on `level`)."""
    app.reset(TitleScene(app))
    if name == "title":
        return
    if name in ("level_select", "settings", "load", "workshop"):
        cls = {"level_select": LevelSelectScene, "settings": SettingsScene, "load": LoadScene,
               "workshop": WorkshopScene}[name]
        app.push(cls(app))
        return
    flow.start_level(app, level, 3)
    if name == "briefing":
        return
    flow.open_plan(app)
    if name == "plan":
        return
    if name in ("quarter", "event"):
        app.top.commit()
        commit_anyway(app)
        frames(app, 3)
        assert type(app.top).__name__ == "QuarterScene"
        if name == "event":
            from game.scenes.event import EventScene
            card = next(c for c in app.session.level.events if c.choices)
            app.push(EventScene(app, card))
        return
    session = app.session
    while not session.finished and (name in ("debrief", "whatif_pick")
                                    or session.model.quarter < 1):
        import sim
        session.play_quarter(sim.get_strategy("manager").decide(session.model))
    scene = {"report": ReportScene, "debrief": DebriefScene, "menu": ReportScene,
             "save": ReportScene, "help": ReportScene, "whatif_pick": DebriefScene}[name](app)
    app.replace(scene)
    if name == "whatif_pick":
        from game.scenes.whatif_pick import WhatIfPickScene
        app.push(WhatIfPickScene(app, session.level.quarters, lambda q: None))
    if name == "menu":
        app.push(MenuScene(app))
    elif name == "save":
        app.push(SaveScene(app))
    elif name == "help":
        app.push(HelpScene(app))


SCENES = ("title", "level_select", "settings", "load", "workshop", "briefing", "plan",
          "quarter", "event", "report", "debrief", "menu", "save", "help", "whatif_pick")


def colours(surface: pygame.Surface) -> int:
    """How many different colours a (downscaled) screenshot has: a blank screen has one."""
    small = pygame.transform.scale(surface, (160, 90))
    return len({small.get_at((x, y))[:3] for x in range(160) for y in range(90)})


@pytest.mark.parametrize("name", SCENES)
def test_each_scene_builds_and_draws(make_app: Callable[..., App], name: str,
                                     tmp_path: Path) -> None:
    app = make_app()
    build_scene(app, name)
    frames(app, 2)
    assert app.stack, name
    surface = pygame.Surface(app.screen.get_size())
    app.draw(surface)
    assert colours(surface) > 12, f"{name} drew almost nothing"
    path = tmp_path / f"{name}.png"
    pygame.image.save(surface, str(path))
    assert pygame.image.load(str(path)).get_size() == app.screen.get_size()
    # every widget is drawn and sits inside the window
    window = app.screen.get_rect()
    for element in app.top.focus.items:
        if element.visible:
            assert window.contains(element.rect), f"{name}: {element.text!r} is off screen"


@pytest.mark.parametrize("name", SCENES)
def test_projector_mode_in_a_small_window_keeps_every_button_on_screen(
        make_app: Callable[..., App], name: str) -> None:
    app = make_app(Settings(window=(1024, 576), projector=True, sound=False))
    assert app.scale > 1.0        # text and widgets are scaled up
    build_scene(app, name)
    frames(app, 2)
    window = app.screen.get_rect()
    rects = [e.rect for e in app.top.focus.items if e.visible]
    assert rects
    for rect in rects:
        assert window.contains(rect), f"{name}: a button at {rect} leaves the {window}"


def test_drawing_changes_nothing_in_the_game(make_app: Callable[..., App]) -> None:
    app = make_app()
    build_scene(app, "report")
    before = app.session.table().copy()
    quarter, week = app.session.model.quarter, app.session.model.week
    for _ in range(5):
        app.draw(app.screen)
    assert (app.session.model.quarter, app.session.model.week) == (quarter, week)
    assert app.session.table().equals(before)


def test_large_text_mode_renders_bigger_text(make_app: Callable[..., App]) -> None:
    normal = make_app()
    big = make_app(Settings(projector=True, sound=False))
    assert big.fonts.line_height(15) > normal.fonts.line_height(15) * 1.2
    assert int(big.theme["button"]["font"]["size"]) > int(normal.theme["button"]["font"]["size"])


def test_colour_blind_palette_differs_and_keeps_morale_ordered(
        make_app: Callable[..., App]) -> None:
    from game.palette import Palette

    safe, standard = Palette(colour_blind=True), Palette(colour_blind=False)
    assert safe.morale(0.05) != standard.morale(0.05)
    # lightness changes along the safe scale, so it reads without hue
    lightness = [safe.morale(m).hsla[2] for m in (0.05, 0.5)]
    assert lightness[0] != lightness[1]


def test_a_resized_window_lays_every_scene_out_again(make_app: Callable[..., App]) -> None:
    app = make_app()
    build_scene(app, "plan")
    frames(app)
    pygame.display.set_mode((1024, 600), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1024, 600), w=1024, h=600))
    frames(app, 2)
    assert app.screen.get_size() == (1024, 600)
    window = app.screen.get_rect()
    for scene in app.stack:
        for element in scene.focus.items:
            assert window.contains(element.rect)


def test_a_person_keeps_their_desk_on_every_screen_for_the_whole_level(
        make_app: Callable[..., App]) -> None:
    from game.scenes.plan import PlanScene
    from game.scenes.report import ReportScene
    from game.session import Session

    app = make_app()
    flow.start(app)
    app.session = Session("knowledge_team", 4)
    app.push(PlanScene(app))
    frames(app)
    first = {d.id: d.slot for d in app.top.office.desks}
    neglect = sim.get_strategy("neglect")
    for _ in range(3):                        # neglect: people leave
        app.session.play_quarter(neglect.decide(app.session.model))
    app.replace(ReportScene(app))
    frames(app)
    after = {d.id: d.slot for d in app.top.office.desks}
    stayed = set(first) & set(after)
    assert len(stayed) < len(first)           # someone left ...
    assert min(set(first) - stayed) < max(stayed)   # ... from before someone who stayed
    assert {i: after[i] for i in stayed} == {i: first[i] for i in stayed}
    app.replace(PlanScene(app))
    frames(app)
    assert {d.id: d.slot for d in app.top.office.desks} == after


def test_the_colour_blind_palette_recolours_the_open_screen(make_app: Callable[..., App]) -> None:
    import dataclasses

    app = make_app()
    flow.start(app)
    flow.start_level(app, "tutorial", 3)
    flow.open_plan(app)
    frames(app)
    office = app.top.office.rect
    before = pygame.surfarray.array3d(app.screen.subsurface(office)).copy()
    app.apply_settings(dataclasses.replace(app.settings,
                                           colour_blind=not app.settings.colour_blind))
    frames(app)
    assert app.top.office.palette is app.palette
    after = pygame.surfarray.array3d(app.screen.subsurface(office))
    assert (before != after).any(axis=2).mean() > 0.01     # the people are redrawn


@pytest.mark.parametrize("window, projector", [((1024, 768), False), ((1280, 720), True),
                                               ((1920, 1080), True)])
def test_every_event_choice_is_shown_whole_without_its_side(
        make_app: Callable[..., App], window: tuple[int, int], projector: bool) -> None:
    from game.scenes.event import EventScene

    app = make_app(Settings(window=window, projector=projector, sound=False))
    flow.start(app)
    checked = 0
    for level in sim.level_names():
        app.session = Session(level, 1)
        for card in (c for c in app.session.level.events if c.choices):
            app.push(EventScene(app, card))
            frames(app)
            scene = app.top
            panel = scene.panel_rect()
            assert app.screen.get_rect().contains(panel), (level, card.id)
            for i, choice, row in scene.choice_rows:
                assert panel.contains(row), (level, card.id, choice.id)
                label = app.fonts.render(scene._label(i, choice), scene.LABEL_SIZE,
                                         app.palette["text"], True,
                                         width=scene._label_width(panel.width))
                assert label.get_width() <= row.width - scene.s(14)
                assert label.get_height() <= row.height, (level, card.id, choice.id)
            # the side of each answer is not shown while choosing
            buttons = list(scene.focus.items)
            assert all(b.text == "" for b in buttons)
            explanations = {c.text for c in card.choices if c.text}
            assert not any(t.text in explanations for t in scene.tips), \
                "a choice's explanation would give its side away"
            app.pop()
            checked += 1
    assert checked >= 10


def test_buttons_are_drawn_without_pygame_guis_anti_aliased_rounded_shape(
        make_app: Callable[..., App]) -> None:
    """pygame_gui draws a rounded button at four times its size and scales it down, in every
    state; on a 1920x1080 projector an event card's answers took 120 ms to open and two frames
    of 50-60 ms after (a demo level had 16 frames over 100 ms). Plain rectangles take 6 ms."""
    from pygame_gui.core.drawable_shapes import RectDrawableShape

    from game.scenes.event import EventScene

    app = make_app(Settings(window=(1920, 1080), projector=True, sound=False))
    flow.start(app)
    app.session = Session("knowledge_team", 1)
    card = next(c for c in app.session.level.events if c.choices)
    app.push(EventScene(app, card))
    frames(app)
    kinds = {type(button.drawable_shape) for button in app.top.actions}
    assert len(app.top.actions) >= len(card.choices)
    assert kinds == {RectDrawableShape}


def test_a_crisis_says_so_and_an_answer_is_explained_after_the_choice(
        make_app: Callable[..., App]) -> None:
    import dataclasses

    from layout_audit import audit_screen

    from game.scenes.event import EventScene
    from game.scenes.quarter import QuarterScene
    from sim.events import FiredEvent

    app = make_app(Settings(sound=False))
    flow.start(app)
    app.session = Session("knowledge_team", 1)
    card = next(c for c in app.session.level.events if len(c.choices) >= 2)
    shown = {}
    for crisis in (False, True):
        app.push(EventScene(app, dataclasses.replace(card, crisis=crisis)))
        frames(app)
        shown[crisis] = {t.text for t in audit_screen(app).drawn}
        app.pop()
    assert "CRISIS" in shown[True] and "CRISIS" not in shown[False]
    assert "EVENT" in shown[False]
    for choice in card.choices:
        toast = QuarterScene.toast_for(FiredEvent(card, 2, 3, choice.id))
        side = {"leadership": "a leadership answer", "management": "a management answer",
                "neither": "neither leading nor managing"}[choice.side]
        assert side in toast and choice.text in toast
    assert QuarterScene.toast_for(FiredEvent(card, 2, 3, None)).startswith(card.title)


def test_the_position_of_a_choice_does_not_give_its_side_away(
        make_app: Callable[..., App]) -> None:
    """Level files mostly list the management answer first; the pop-up shuffles the order per
    game and card (the same game always shows the same order), and keys follow what is shown."""
    from game.scenes.event import EventScene, shown_order

    cards = [c for name in sim.level_names() for c in sim.load_level(name).events
             if len(c.choices) >= 2]
    listed_first = sum(c.choices[0].side == "management" for c in cards) / len(cards)
    shown_first = sum(shown_order(c, 1)[0].side == "management" for c in cards) / len(cards)
    assert listed_first > 0.6                      # what the files do
    assert 0.25 < shown_first < 0.6, shown_first   # what the player sees
    assert [c.id for c in shown_order(cards[0], 1)] == [c.id for c in shown_order(cards[0], 1)]
    assert len({tuple(c.id for c in shown_order(cards[0], seed)) for seed in range(20)}) > 1
    app = make_app(Settings(sound=False))
    flow.start(app)
    app.session = Session("knowledge_team", 5)
    card = next(c for c in app.session.level.events if len(c.choices) == 3)
    app.push(EventScene(app, card))
    frames(app)
    second = app.top.choices[1].id
    app.top.on_key(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_2))
    assert app.session.model._answers[card.id] == second


def test_the_office_moves(make_app: Callable[..., App]) -> None:
    """Poses follow the person (stressed when exhausted, else varied week by week); leavers
    walk out of the door and newcomers walk in to their desks."""
    from game.office import GHOST_SECONDS, WALK_SECONDS, OfficeView, pose_of

    assert pose_of(3, 0.7, 0.9, 5) == "stressed"
    assert pose_of(3, 0.2, 0.1, 5) == "idle"
    poses = {pose_of(wid, 0.7, 0.1, week) for wid in range(12) for week in range(13)}
    assert poses == {"working", "talking", "idle"}
    assert pose_of(4, 0.7, 0.1, 8) == pose_of(4, 0.7, 0.1, 8)          # the same every run

    app = make_app()
    flow.start(app)
    session = Session("knowledge_team", 3)
    office = OfficeView(app, session.seats)
    office.set_rect(pygame.Rect(0, 0, 800, 500))
    office.sync(session.model)
    assert not office.arriving                                # the first look: all seated
    neglect = sim.get_strategy("neglect")
    session.commit(neglect.decide(session.model))
    walked_out = walked_in = False
    for _ in range(5 * 13):
        if session.finished:
            break
        if session.model.week == 0 and session.model.quarter > 0:
            session.commit(neglect.decide(session.model))
        result = session.step_week()
        office.sync(session.model, result.left + result.let_go)
        if office.ghosts:
            ghost = office.ghosts[0]
            start = office._walker_at(ghost.slot, 1 - ghost.seconds / GHOST_SECONDS)
            office.advance(GHOST_SECONDS / 2)
            if office.ghosts and office.ghosts[0] is ghost:
                halfway = office._walker_at(ghost.slot, 1 - ghost.seconds / GHOST_SECONDS)
                door = office.door()
                assert abs(halfway[0] - door[0]) < abs(start[0] - door[0])   # nearer the door
                walked_out = True
            office.advance(GHOST_SECONDS)
            assert not office.ghosts
        if office.arriving:
            office.advance(WALK_SECONDS + 0.01)
            assert not office.arriving
            walked_in = True
        if walked_out and walked_in:
            break
    assert walked_out and walked_in
    surface = pygame.Surface((800, 500))
    office.draw(surface)                                      # draws with walkers and poses


def test_the_debrief_says_where_the_results_went_once_they_are_written(
        make_app: Callable[..., App]) -> None:
    """Its first frame says the results are being saved (they are written after it); then
    the line names the file, which is on disk."""
    app = make_app()
    build_scene(app, "debrief")
    debrief = app.top
    assert isinstance(debrief, DebriefScene)
    assert debrief.saved_line() == "Saving the results…"
    frames(app, 2)
    if debrief.writing is not None:
        debrief.writing.result(timeout=30)
    frames(app, 1)
    assert debrief.saved and debrief.saved_line().startswith("Results saved to ")
    assert Path(debrief.saved).name in debrief.saved_line() and Path(debrief.saved).is_file()
