"""Every scene lays out without clipping at 1024x768, 1280x720 and 1920x1080, in normal and
projector mode (text at least 18 px there), and nothing is dropped to make it fit: every lever,
goal, lesson, report row and level is on screen or a scroll away (issue 10, defect 3)."""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pytest
from layout_audit import PROJECTOR_PX, audit_screen, problems
from test_game_kit import frames
from test_game_scenes import SCENES, build_scene

import sim
from game.app import App
from game.scoring import describe
from game.settings import Settings

pytest_plugins = ("test_game_kit",)

SIZES = ((1024, 768), (1280, 720), (1920, 1080))
CONFIGS = [(size, projector) for projector in (False, True) for size in SIZES]
#: The quick loop checks the tightest case; the whole matrix runs with the slow tests.
QUICK = ((1024, 768), True)


def _cases() -> list:
    return [pytest.param(name, size, projector, id=f"{name}-{size[0]}x{size[1]}-"
                         f"{'projector' if projector else 'normal'}",
                         marks=() if (size, projector) == QUICK else pytest.mark.slow)
            for size, projector in CONFIGS for name in SCENES]


def open_scene(make_app: Callable[..., App], name: str, size: tuple[int, int],
               projector: bool, level: str = "startup") -> App:
    app = make_app(Settings(window=size, projector=projector, sound=False))
    build_scene(app, name, level)
    frames(app, 2)
    return app


@pytest.mark.parametrize("name, size, projector", _cases())
def test_no_text_is_clipped_cut_or_too_small(make_app: Callable[..., App], name: str,
                                             size: tuple[int, int], projector: bool) -> None:
    app = open_scene(make_app, name, size, projector)
    audit = audit_screen(app)
    assert audit.drawn, f"{name} drew no text"
    if projector:
        assert min(t.px for t in audit.drawn) >= PROJECTOR_PX
    assert problems(app, audit) == []


def every_page(app: App) -> set[str]:
    """The texts the top scene draws on each page it scrolls to (PgDn until nothing moves)."""
    seen: set[str] = set()
    for _ in range(30):
        seen |= {t.text for t in audit_screen(app).drawn}
        before = {t.text for t in audit_screen(app).drawn}
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEDOWN, mod=0,
                                             unicode="", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_PAGEDOWN, mod=0))
        frames(app, 2)
        if {t.text for t in audit_screen(app).drawn} == before:
            break
    return seen


@pytest.mark.parametrize("size, projector", [((1024, 768), True), ((1280, 720), True),
                                             ((1280, 720), False)])
def test_nothing_is_dropped_to_make_it_fit(make_app: Callable[..., App],
                                           size: tuple[int, int], projector: bool) -> None:
    levers = sim.lever_table()
    app = open_scene(make_app, "plan", size, projector)
    shown = every_page(app)
    for lever in levers.levers:
        assert lever.title in shown or lever.short in shown, lever.id
    goals = app.session.level.goals
    assert all(any(t.startswith(describe(g)) for t in shown) for g in goals)

    app = open_scene(make_app, "briefing", size, projector)
    shown = every_page(app)
    level = app.session.level
    assert level.briefing.strip() in shown and app.top.facts_text() in shown
    assert all(describe(g) in shown for g in level.goals)

    app = open_scene(make_app, "report", size, projector)
    shown = every_page(app)
    assert all(row.label in shown for row in app.top.view.rows)

    app = open_scene(make_app, "debrief", size, projector, level="tutorial")
    lessons = app.top.debrief.lessons
    assert len(lessons) >= 3                  # the case that used to drop lessons
    shown = every_page(app)
    assert all(lesson.title in shown for lesson in lessons)

    app = open_scene(make_app, "level_select", size, projector)
    shown = every_page(app)
    assert all(level.title in shown for level in app.top.levels)


def test_money_and_work_are_on_the_plan_quarter_and_report_screens(
        make_app: Callable[..., App]) -> None:
    """Budget left, cost this quarter and the backlog are shown where decisions are made and
    read (issue 10: 'money is never shown')."""
    app = open_scene(make_app, "report", (1280, 720), False)
    last = app.session.table().iloc[-1]
    shown = {t.text for t in audit_screen(app).drawn}
    for label, column, fmt in (("budget left", "budget_left", "{:,.0f}"),
                               ("cost this quarter", "cost", "{:,.0f}"),
                               ("backlog (weeks)", "backlog", "{:.1f}")):
        assert label in shown and fmt.format(float(last[column])) in shown, column
    app = open_scene(make_app, "plan", (1280, 720), False)
    left = f"{app.session.model.budget_left:,.0f}"
    assert any(t.startswith(f"Budget left {left} of ") for t in
               (d.text for d in audit_screen(app).drawn))
    app = open_scene(make_app, "quarter", (1280, 720), False)
    assert any(t.startswith("Budget left ") and "backlog" in t
               for t in (d.text for d in audit_screen(app).drawn))
