"""The guided first quarter (a level with `guided = true`): a call-out on each screen says what
to do next, following what the player has done, and only in the first quarter."""

from __future__ import annotations

from collections.abc import Callable

import pygame
from layout_audit import audit_screen, problems
from test_game_kit import commit_anyway, frames, play_to_report, press, top_name

import sim
from game import flow, guide
from game.app import App

pytest_plugins = ("test_game_kit",)


def test_the_tutorial_walks_through_its_first_quarter(make_app: Callable[..., App]) -> None:
    app = make_app()
    flow.start(app)
    flow.start_level(app, "tutorial", 3)
    assert app.session.level.guided
    flow.open_plan(app)
    frames(app)
    plan = app.top
    assert guide.plan_step(plan)[0].startswith("Step 1 of 4")
    plan.draft.add("vision", 1)
    plan.refresh()
    assert guide.plan_step(plan)[0].startswith("Step 2 of 4")
    plan.draft.attention = {"vision": plan.draft.budget}
    plan.refresh()
    step = guide.plan_step(plan)
    assert step[0].startswith("Step 3 of 4") and step[2] == plan.commit_button.rect
    shown = {t.text for t in audit_screen(app).drawn}
    assert step[0] in shown and problems(app, audit_screen(app)) == []
    press(app, pygame.K_RETURN)
    assert top_name(app) == "QuarterScene" and guide.quarter_step(app.top) is not None
    play_to_report(app)
    report = app.top
    assert guide.report_step(report)[0].startswith("Step 4 of 4")
    assert guide.report_step(report)[2] == report.why_rect
    press(app, pygame.K_RETURN)                       # quarter 2: on your own
    assert top_name(app) == "PlanScene" and guide.plan_step(app.top) is None


def test_levels_that_do_not_ask_for_it_are_not_guided(make_app: Callable[..., App]) -> None:
    assert not sim.load_level("knowledge_team").guided
    app = make_app()
    flow.start(app)
    flow.start_level(app, "knowledge_team", 3)
    flow.open_plan(app)
    frames(app)
    assert guide.plan_step(app.top) is None
    app.top.commit()
    commit_anyway(app)
    assert guide.quarter_step(app.top) is None
