"""Scenes drawn over others (pop-ups, menus, help): the screen below dims, a panel on top."""

from __future__ import annotations

import pygame

from game.draw import blit_text, dim, panel
from game.scene import Scene


class Overlay(Scene):
    """A centred panel over a dimmed screen; Esc closes it unless `closable` is False."""

    opaque = False
    closable = True
    width = 620     # design pixels
    height = 420

    def panel_rect(self) -> pygame.Rect:
        w, h = self.app.screen.get_size()
        rect = pygame.Rect(0, 0, min(self.s(self.width), w - 20), min(self.s(self.height), h - 20))
        rect.center = (w // 2, h // 2)
        return rect

    def draw_scene(self, surface: pygame.Surface) -> None:
        dim(surface, self.app.palette["dim"])
        panel(surface, self.panel_rect(), self.app.palette["panel"],
              self.app.palette["panel_border"], radius=self.s(10))

    def title(self, surface: pygame.Surface, text: str) -> int:
        """Draw the panel's title; return the y below it."""
        rect = self.panel_rect()
        r = blit_text(surface, self.app.fonts, text, (rect.x + self.s(22), rect.y + self.s(16)),
                      20, self.app.palette["text"], bold=True)
        return r.bottom + self.s(10)

    def on_back(self) -> None:
        if self.closable:
            self.app.pop()
