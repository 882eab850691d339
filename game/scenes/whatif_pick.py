"""What if: which quarter to decide differently (a pop-up over the debrief)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.assets import text
from game.draw import blit_text
from game.scenes.overlay import Overlay

if TYPE_CHECKING:
    from game.app import App


class WhatIfPickScene(Overlay):
    name = "whatif_pick"
    width = 640
    height = 330

    def __init__(self, app: App, quarters: int, pick: Callable[[int], None]) -> None:
        super().__init__(app)
        self.quarters, self.pick = quarters, pick

    def prompt_height(self) -> int:
        rect = self.panel_rect()
        return self.app.fonts.render(text("whatif.prompt"), 14, (0, 0, 0),
                                     width=rect.width - self.s(44)).get_height()

    def layout(self) -> None:
        s, rect = self.s, self.panel_rect()
        top = rect.y + s(16) + self.app.fonts.line_height(20, True) + s(16) + self.prompt_height()
        per_row = 6
        bw = (rect.width - s(44) - (per_row - 1) * s(8)) // per_row
        for q in range(1, self.quarters + 1):
            row, col = divmod(q - 1, per_row)
            b = pygame.Rect(rect.x + s(22) + col * (bw + s(8)), top + row * s(46), bw, s(38))
            self.button(b, text("whatif.quarter", q=q), lambda q=q: self.choose(q), small=True)
        cancel = pygame.Rect(0, 0, s(160), s(40))
        cancel.bottomright = (rect.right - s(20), rect.bottom - s(16))
        self.button(cancel, text("whatif.cancel"), self.app.pop)

    def panel_rect(self) -> pygame.Rect:
        """Tall enough for the rows of quarter buttons."""
        rows = -(-self.quarters // 6)
        self.height = 250 + 46 * rows
        return super().panel_rect()

    def choose(self, quarter: int) -> None:
        self.app.pop()
        self.pick(quarter)

    def on_key(self, event: pygame.event.Event) -> bool:
        quarter = event.key - pygame.K_0
        if 1 <= quarter <= min(9, self.quarters):
            self.choose(quarter)
            return True
        return False

    def draw_scene(self, surface: pygame.Surface) -> None:
        super().draw_scene(surface)
        rect = self.panel_rect()
        y = self.title(surface, text("whatif.title"))
        blit_text(surface, self.app.fonts, text("whatif.prompt"), (rect.x + self.s(22), y), 14,
                  self.app.palette["text"], width=rect.width - self.s(44))
