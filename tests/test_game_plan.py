"""Scripted clicks and keys through the planning screen change the decision the model gets."""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pytest
from test_game_kit import click, commit_anyway, frames, press, top_name

import sim
from game import flow
from game.app import App
from game.plan_draft import PlanDraft
from game.scenes.plan import PlanScene
from game.settings import Settings

pytest_plugins = ("test_game_kit",)   # the app, data folder and fixtures


def open_plan(app: App, level: str = "tutorial", seed: int = 5) -> PlanScene:
    flow.start(app)
    flow.start_level(app, level, seed)
    frames(app)
    press(app, pygame.K_RETURN)              # the briefing's Start
    assert top_name(app) == "PlanScene"
    return app.top


def received(app: App) -> sim.Decision:
    """Say yes if asked about unspent points, play until the quarter has begun and return the
    decision the model is using."""
    commit_anyway(app)
    for _ in range(200):
        frames(app)
        if app.session.model.week >= 1:
            return app.session.model.decisions[-1]
    raise AssertionError("the quarter never started")


def test_clicks_on_levers_actions_and_a_worker_reach_the_model(
        make_app: Callable[..., App]) -> None:
    app = make_app()
    plan = open_plan(app)
    for _ in range(4):
        click(app, plan.plus["vision"].rect.center)
    for _ in range(3):
        click(app, plan.plus["plan"].rect.center)
    click(app, plan.minus["plan"].rect.center)
    acts = app.session.level.actions          # levels differ in what they allow
    click(app, plan.hire_plus.rect.center)
    click(app, plan.train_plus.rect.center)
    click(app, plan.train_plus.rect.center)
    click(app, plan.bonus_button.rect.center)             # none -> team
    worker = plan.office.desks[2]
    click(app, plan.office.cell_rect(worker.slot).center)  # pick a person in the office
    assert plan.picked == worker.id
    click(app, plan.one_buttons["recognise"].rect.center)
    click(app, plan.commit_button.rect.center)
    assert top_name(app) == "MessageScene"                 # some points are unspent
    click(app, app.top.ok.rect.center)                     # commit anyway
    assert top_name(app) == "QuarterScene"
    decision = received(app)
    assert decision.attention == {"vision": 2.0, "plan": 1.0}
    assert decision.hire == (1 if acts.hire and acts.max_hires else 0)
    assert decision.training == (0.5 if acts.training else 0.0)
    assert decision.bonus == ("team" if acts.bonus else "none")
    assert decision.one_to_one == ((sim.OneToOne("recognise", worker.id),)
                                   if acts.one_to_one else ())


def test_keyboard_alone_plans_and_commits(make_app: Callable[..., App]) -> None:
    app = make_app()
    plan = open_plan(app)
    target = plan.plus["coach"]
    for _ in range(len(plan.focus.items) + 1):    # Tab until the focus is on coach's +
        press(app, pygame.K_TAB)
        if plan.focus.current is target:
            break
    assert plan.focus.current is target
    press(app, pygame.K_RETURN)
    press(app, pygame.K_SPACE)
    press(app, pygame.K_RIGHTBRACKET)            # pick the first person
    assert plan.picked is not None
    press(app, pygame.K_TAB, mod=pygame.KMOD_SHIFT)   # Shift+Tab goes back
    assert plan.focus.current is not target
    for _ in range(len(plan.focus.items) + 1):
        press(app, pygame.K_TAB)
        if plan.focus.current is plan.commit_button:
            break
    press(app, pygame.K_RETURN)
    decision = received(app)
    assert decision.attention == {"coach": 1.0}


def test_enter_commits_when_no_button_has_the_focus(make_app: Callable[..., App]) -> None:
    app = make_app()
    plan = open_plan(app)
    click(app, plan.plus["listen"].rect.center)
    plan.focus.index = None
    press(app, pygame.K_RETURN)
    assert received(app).attention == {"listen": 0.5}


def test_the_budget_cannot_be_overspent_from_the_screen(make_app: Callable[..., App]) -> None:
    app = make_app()
    plan = open_plan(app)
    budget = app.session.level.attention_budget
    for _ in range(int(budget / 0.5) + 5):
        click(app, plan.plus["inspire"].rect.center)
    assert plan.draft.spent() == pytest.approx(budget)
    assert not plan.plus["deadlines"].is_enabled
    click(app, plan.plus["deadlines"].rect.center)
    assert plan.draft.points("deadlines") == 0


def test_demo_shows_its_plan_on_the_screen_before_committing(
        make_app: Callable[..., App]) -> None:
    app = make_app(demo="manager", demo_pause=0.2)
    plan = open_plan(app)
    frames(app, 5)                     # the pilot fills in the plan ...
    assert plan.draft.side_points("management") == pytest.approx(
        app.session.level.attention_budget)
    assert top_name(app) == "PlanScene"
    frames(app, 5)                     # ... then commits it
    assert top_name(app) in ("QuarterScene", "EventScene")


@pytest.mark.parametrize("name", sim.level_names())
def test_plan_draft_rules(name: str) -> None:
    level = sim.load_level(name)
    draft = PlanDraft(level=level)
    assert draft.add("vision", 1) and not draft.add("plan", level.attention_budget)
    acts = level.actions
    assert draft.toggle_one_to_one(3, "coach") == acts.one_to_one
    assert draft.spent() == 1 + acts.one_to_one_cost * acts.one_to_one
    if acts.let_go:
        assert draft.toggle_let_go(3) and 3 not in draft.one_to_one   # none with a leaver
        assert not draft.toggle_one_to_one(3, "coach")
    if level.actions.training:
        assert draft.change_training(1) and draft.training == 0.25
        assert not draft.change_training(-2)
    for _ in range(level.actions.max_hires + 2):
        draft.change_hire(1)
    assert draft.hire == (level.actions.max_hires if level.actions.hire else 0)
    draft.cycle_bonus()
    draft.cycle_bonus()
    assert draft.bonus == ("individual" if level.actions.bonus else "none")
    decision = draft.to_decision()
    assert PlanDraft.from_decision(level, decision).to_decision() == decision
    draft.forget_missing(set())
    assert not draft.let_go and not draft.one_to_one


def test_a_disabled_button_says_why(make_app: Callable[..., App]) -> None:
    app = make_app()
    plan = open_plan(app)                       # the tutorial: no hiring
    assert not plan.session.level.actions.hire
    assert not plan.hire_plus.is_enabled
    assert "does not let you hire" in plan.tip_text(plan.hire_plus.rect.center)
    assert "no points on" in plan.tip_text(plan.minus["coach"].rect.center).lower()
    plan.draft.attention = {"vision": plan.draft.budget}
    plan.refresh()
    assert not plan.plus["coach"].is_enabled
    assert "are spent" in plan.tip_text(plan.plus["coach"].rect.center)
    plan.draft.attention = {}
    plan.refresh()                              # enabled again: the button's own tip
    assert plan.tip_text(plan.plus["coach"].rect.center).startswith("Put ")


def test_easy_mode_previews_the_plan_on_other_luck(make_app: Callable[..., App]) -> None:
    """Easy mode shows where next quarter likely lands for the draft, from copies of the team
    meeting other luck; the game itself is untouched; off by default and in workshops."""
    from game.preview import copies, forecast
    from game.results import finish_background_work

    assert Settings().easy is False
    app = make_app(Settings(sound=False, easy=True))
    plan = open_plan(app)
    assert plan.preview_on
    before = app.session.model.week, app.session.model.quarter
    plan.draft.attention = {"vision": 4, "plan": 4}
    plan.refresh()
    for _ in range(40):                          # the draft settles, the forecast comes back
        frames(app)
        finish_background_work()
    line = plan.preview_line()
    assert line.startswith("Easy mode: with this plan, next quarter's output is likely")
    assert (app.session.model.week, app.session.model.quarter) == before
    decision = plan.draft.to_decision()
    f = forecast(copies(app.session.model), decision)
    assert f.output[0] <= f.output[1] and 0 <= f.morale[0] <= f.morale[1] <= 1
    assert f"{f.output[0]:,.0f}" in line                        # the same copies, the same range
    # the real quarter meets the game's own luck, not the preview's
    exact = copies(app.session.model, 1)[0]
    exact.luck = app.session.model.luck
    twin = copies(app.session.model, 1)[0]
    assert forecast([exact], decision) != forecast([twin], decision)
    app.workshop = True
    assert not type(plan)(app).preview_on
