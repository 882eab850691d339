"""A short wait while background work finishes (the debrief's bosses playing the same seed):
the frame loop keeps running, so the window stays alive and no key press piles up."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

import pygame

from game import flow
from game.assets import text
from game.draw import blit_text
from game.scene import Scene

if TYPE_CHECKING:
    from game.app import App


class WaitingScene(Scene):
    name = "waiting"

    def __init__(self, app: App, work: Future, then: Callable[[], None],
                 message: str = "waiting.debrief") -> None:
        super().__init__(app)
        self.work, self.then, self.message = work, then, message
        self.elapsed = 0.0

    def layout(self) -> None:
        """Nothing to press: the wait ends by itself."""

    def update(self, dt: float) -> None:
        self.elapsed += dt
        if not self.work.done():
            return
        error = self.work.exception()
        if error is not None:
            flow.to_title(self.app)
            flow.show_message(self.app, text("waiting.failed"), str(error))
            return
        self.then()

    def draw_scene(self, surface: pygame.Surface) -> None:
        pal, s = self.app.palette, self.s
        surface.fill(pal["background"])
        w, h = surface.get_size()
        blit_text(surface, self.app.fonts, text(self.message), (w // 2, h // 2 - s(30)),
                  18, pal["text"], anchor="center")
        bar = pygame.Rect(0, 0, s(320), s(10))
        bar.center = (w // 2, h // 2 + s(10))
        pygame.draw.rect(surface, pal["panel_border"], bar, border_radius=s(5))
        # an indeterminate bar: a block sweeping across, one pass a second
        block = pygame.Rect(0, bar.y, bar.width // 4, bar.height)
        block.x = bar.x + round((self.elapsed % 1.0) * (bar.width - block.width))
        pygame.draw.rect(surface, pal["accent"], block, border_radius=s(5))
