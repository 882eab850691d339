"""The quarter report explains morale by cause (issue 9), with the split by state a click away,
and its 'biggest concern' advice comes from the split by cause and names only actions the level
offers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame
from test_game_kit import click, frames, press

import sim
from game.advice import biggest_concern, offered
from game.app import App
from game.assets import load
from game.scenes.report import ReportScene
from game.scenes.title import TitleScene
from game.session import Session
from game.why import hint_for
from sim import Decision
from sim.causes import BOUNDS, FIXED, INHERITED
from sim.explain import Explanation

pytest_plugins = ("test_game_kit",)   # the app, data folder and fixtures

#: Words that name each discrete action in advice.
ACTION_WORDS = {"hire": ("hire",), "bonus": ("bonus",), "let_go": ("letting people go",),
                "one_to_one": ("one-to-one",), "training": ("training budget",)}


def _report(app: App) -> ReportScene:
    app.reset(TitleScene(app))
    session = Session("knowledge_team", 7, {"quarters": 2})
    for _ in range(2):
        session.play_quarter(Decision(attention={"control": 8.0}))
    app.session = session
    scene = ReportScene(app)
    app.replace(scene)
    frames(app, 2)
    return scene


def test_report_shows_causes_and_the_states_a_click_away(make_app: Callable[..., App],
                                                          tmp_path: Path) -> None:
    app = make_app()
    scene = _report(app)
    assert scene.by == "decision"
    labels = {row.label for row in scene.view.rows}
    assert "Monitor and control" in labels and INHERITED in labels
    assert sum(r.tenths for r in scene.view.rows) == scene.view.change
    concern = scene.view.concern
    click(app, scene.view_buttons["decision"].rect.center)
    assert scene.by == "state"
    labels = {row.label for row in scene.view.rows}
    assert any(label.startswith("drawn to") for label in labels)
    assert sum(r.tenths for r in scene.view.rows) == scene.view.change
    assert scene.view.concern == concern          # the advice always reads the causes
    surface = pygame.Surface(app.screen.get_size())
    app.draw(surface)
    pygame.image.save(surface, str(tmp_path / "report_state.png"))
    press(app, pygame.K_v)
    assert scene.by == "decision"
    window = app.screen.get_rect()
    for element in scene.focus.items:
        if element.visible:
            assert window.contains(element.rect)


def test_the_concern_names_the_players_costliest_choice() -> None:
    level = sim.load_level("knowledge_team")
    e = Explanation(1, None, 0.6, 0.5, {INHERITED: -0.07, "Monitor and control": -0.02,
                                        "Vision and purpose": -0.01})
    label, hint = biggest_concern(e, level)
    assert label == INHERITED
    assert "Monitor and control" in hint and "monitoring" in hint
    label, hint = biggest_concern(Explanation(1, None, 0.6, 0.5, {"Cost efficiency": -0.1}),
                                  level)
    assert label == "Cost efficiency" and "bottom line" in hint


def test_advice_never_names_an_action_the_level_does_not_offer() -> None:
    assert "hire" not in offered(sim.load_level("knowledge_team"))
    entries = load("hints.json")["hints"]
    for action, words in ACTION_WORDS.items():
        others = set(ACTION_WORDS) - {action}
        for entry in entries:
            hint = hint_for(entry["match"], others).lower()
            assert not any(word in hint for word in words), (action, entry["match"])


def test_every_row_that_is_not_a_decision_has_its_own_advice() -> None:
    """The fixed rows of the explanation by decision (the team you inherited, drift, people
    leaving anyway, newcomers) each get advice of their own, never the fallback, whether or
    not the level offers hiring."""
    fallback = load("hints.json")["fallback"]
    for level_name in ("knowledge_team", "startup"):
        actions = offered(sim.load_level(level_name))
        for label in FIXED:
            if label == BOUNDS:
                continue
            assert hint_for(label, actions) != fallback, (level_name, label)
