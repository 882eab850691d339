"""Shared helpers for the game's tests: a headless App on real pygame surfaces, real input
events posted to pygame's queue, and a data folder under tmp_path (ORGSIM_DATA_DIR)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
import pytest

from game.app import App
from game.options import PlayOptions
from game.settings import Settings

DT = 0.05


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every file the game writes goes under this folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("ORGSIM_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def make_app(data_dir: Path) -> Iterator[Callable[..., App]]:
    """Build Apps (headless, fixed time step, no sound) and close pygame afterwards."""
    apps: list[App] = []

    def build(settings: Settings | None = None, **options: object) -> App:
        options.setdefault("fixed_dt", DT)
        app = App(PlayOptions(**options), settings or Settings(sound=False))
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.shutdown()
    pygame.quit()


def frames(app: App, n: int = 1) -> None:
    for _ in range(n):
        app.frame(DT)


def click(app: App, pos: tuple[int, int]) -> None:
    """A real left click (down, up) at `pos`; two frames let pygame_gui's event arrive."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                         buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    frames(app, 2)


def press(app: App, key: int, mod: int = 0, unicode: str = "") -> None:
    """A real key press (down, up)."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode,
                                         scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode,
                                         scancode=0))
    frames(app, 2)


def play_to_report(app: App, most: int = 3000) -> None:
    """Play the committed quarter frame by frame, answering any event with its first choice,
    until its report shows (at most `most` frames)."""
    for _ in range(most):
        frames(app)
        if top_name(app) == "EventScene":
            press(app, pygame.K_1)
        if top_name(app) == "ReportScene":
            return


def commit_anyway(app: App) -> None:
    """Answer 'points unspent: commit anyway?' with yes, when the plan screen asked it."""
    if top_name(app) == "MessageScene" and app.top.confirm is not None:
        press(app, pygame.K_RETURN)


def top_name(app: App) -> str:
    return type(app.top).__name__


def test_the_kit_opens_a_real_window(make_app: Callable[..., App]) -> None:
    app = make_app()
    assert app.screen.get_size() == (1280, 720)
    assert pygame.display.get_driver() == "dummy"
