"""The level's phases on screen: the briefing lists them with their quarters, the plan screen
names the one being planned, and the first plan of a new phase tells its situation once, in
a message over the plan that fits at 1024x768 and 1280x720, normal and projector mode. Real
App on the dummy video driver."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pygame
from layout_audit import audit_screen, problems
from test_game_kit import frames, press, top_name
from test_game_layout import every_page

import sim
from game import flow, phases
from game.app import App
from game.settings import Settings

pytest_plugins = ("test_game_kit",)

CONFIGS = [((1024, 768), False), ((1024, 768), True), ((1280, 720), False), ((1280, 720), True)]


def shown(app: App) -> set[str]:
    return {t.text for t in audit_screen(app).drawn}


def fits_everywhere(app: App, folder: Path, name: str) -> None:
    """The top screen at every size and mode: no text clipped, cut, overlapping or too
    small (a PNG of each is kept for a look)."""
    for size, projector in CONFIGS:
        app.apply_settings(dataclasses.replace(app.settings, window=size, projector=projector))
        frames(app)
        assert problems(app, audit_screen(app)) == [], (name, size, projector)
        mode = "projector" if projector else "normal"
        pygame.image.save(app.screen, str(folder / f"{name}-{size[0]}x{size[1]}-{mode}.png"))


def test_phases_are_listed_named_and_told_once_when_they_begin(
        make_app: Callable[..., App], tmp_path: Path) -> None:
    app = make_app(Settings(sound=False))
    flow.start(app)
    flow.start_level(app, "knowledge_team", 3)
    frames(app)
    listed = every_page(app)
    assert "How the work changes" in listed
    assert {"A steady stream of work (quarters 1-4)", "The big release (quarters 5-6)",
            "The long game (quarters 7-12)"} <= listed
    flow.open_plan(app)
    frames(app)
    assert top_name(app) == "PlanScene", "the first phase is on the briefing, not told again"
    assert "Phase 1 of 3: A steady stream of work, quarters 1-4" in shown(app)
    game = app.session
    while game.model.quarter < 4:
        game.play_quarter(sim.get_strategy("balanced").decide(game.model))
    flow.open_plan(app)                                       # quarter 5: the big release
    frames(app)
    assert top_name(app) == "MessageScene"
    assert app.top.heading == "Phase 2 of 3: The big release"
    release = game.level.phase_at(5)
    assert release.text in app.top.body and "quarters 5-6 of 12" in app.top.body
    fits_everywhere(app, tmp_path, "phase-message")
    press(app, pygame.K_RETURN)
    assert top_name(app) == "PlanScene"
    plan = app.top
    assert "Phase 2 of 3: The big release, quarters 5-6" in shown(app)
    line, _ = plan.phase_place(plan.regions_["goals"])
    assert plan.tip_text(line.center) == release.text          # its situation, on hover
    fits_everywhere(app, tmp_path, "plan-phase")
    flow.open_plan(app)                                       # the same quarter again: told once
    frames(app, 2)
    assert top_name(app) == "PlanScene"


def test_a_shorter_session_words_its_own_phases() -> None:
    """A session cut to five quarters keeps the phases that start in them, the last one
    ending with the session."""
    level = sim.load_level("knowledge_team").with_overrides(quarters=5)
    assert phases.briefing_lines(level) == ["A steady stream of work (quarters 1-4)",
                                            "The big release (quarter 5)"]
    assert phases.current_line(level, 5) == "Phase 2 of 2: The big release, quarter 5"
    assert phases.beginning(level, 5) is level.phases[1]
    assert phases.beginning(level, 1) is None and phases.beginning(level, 4) is None
    assert phases.message(level, level.phases[1])[1].endswith("This phase: quarter 5 of 5.")
    tutorial = sim.load_level("tutorial")
    assert phases.briefing_lines(tutorial) == [] and phases.current_line(tutorial, 1) == ""
