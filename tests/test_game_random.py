"""Thousands of random clicks and keys across every scene never crash the game (seeded)."""

from __future__ import annotations

import random
from collections.abc import Callable

import pygame
import pytest

from game import flow
from game.app import App
from game.settings import Settings

pytest_plugins = ("test_game_kit",)   # the app, data folder and fixtures

KEYS = (pygame.K_TAB, pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_SPACE, pygame.K_1, pygame.K_2,
        pygame.K_3, pygame.K_4, pygame.K_F1, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT,
        pygame.K_RIGHT, pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET, pygame.K_a,
        pygame.K_BACKSPACE, pygame.K_KP_ENTER)


def random_event(rng: random.Random, app: App) -> pygame.event.Event:
    w, h = app.screen.get_size()
    roll = rng.random()
    if roll < 0.55:
        # aim at a widget of the top scene half of the time, anywhere otherwise
        items = [e for e in app.top.focus.items if e.visible] if app.stack else []
        if items and rng.random() < 0.5:
            pos = rng.choice(items).rect.center
        else:
            pos = (rng.randrange(w), rng.randrange(h))
        kind = pygame.MOUSEBUTTONDOWN if rng.random() < 0.5 else pygame.MOUSEBUTTONUP
        return pygame.event.Event(kind, pos=pos, button=rng.choice((1, 1, 1, 3)))
    if roll < 0.7:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=(rng.randrange(w), rng.randrange(h)),
                                  rel=(1, 1), buttons=(0, 0, 0))
    mod = pygame.KMOD_SHIFT if rng.random() < 0.2 else 0
    return pygame.event.Event(pygame.KEYDOWN, key=rng.choice(KEYS), mod=mod, unicode="",
                              scancode=0)


@pytest.mark.slow
def test_random_input_never_crashes(make_app: Callable[..., App]) -> None:
    rng = random.Random(20240611)
    app = make_app(Settings(sound=False, default_speed=4), fixed_dt=0.25, demo_pause=0.5)
    flow.start(app)
    scenes: set[str] = set()
    restarts = 0
    for i in range(3000):
        event = random_event(rng, app)
        pygame.event.post(event)
        if event.type == pygame.KEYDOWN and rng.random() < 0.8:   # released, but now and then held
            pygame.event.post(pygame.event.Event(pygame.KEYUP, key=event.key, mod=event.mod))
        if i % 3 == 0:
            app.frame(0.25)
        if not app.running or not app.stack:     # the Quit button, or --exit-after-level
            restarts += 1
            app.running = True
            flow.start(app)
        scenes.add(type(app.top).__name__)
    # the walk reached deep into the game, not just the title screen
    assert {"TitleScene", "LevelSelectScene", "BriefingScene", "PlanScene"} <= scenes
    assert len(scenes) >= 8, scenes
