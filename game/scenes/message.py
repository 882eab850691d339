"""A message the player must acknowledge (a refused save file, a failed autosave), or a
question with a yes (Enter) and a way back (Esc): one pop-up for both."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.assets import text
from game.draw import blit_text
from game.scenes.overlay import Overlay

if TYPE_CHECKING:
    from game.app import App


class MessageScene(Overlay):
    name = "message"
    height = 300

    def __init__(self, app: App, heading: str, body: str,
                 confirm: Callable[[], None] | None = None, confirm_label: str = "") -> None:
        super().__init__(app)
        self.heading, self.body = heading, body
        self.confirm, self.confirm_label = confirm, confirm_label

    def panel_rect(self) -> pygame.Rect:
        """As tall as the message needs."""
        fonts, s = self.app.fonts, self.s
        width = min(s(self.width), self.app.screen.get_width() - 20)
        body = fonts.render(self.body, 15, self.app.palette["text"], width=width - s(44))
        height = s(16) + fonts.line_height(20, True) + s(10) + body.get_height() + s(80)
        rect = pygame.Rect(0, 0, width, min(height, self.app.screen.get_height() - 20))
        rect.center = (self.app.screen.get_width() // 2, self.app.screen.get_height() // 2)
        return rect

    def layout(self) -> None:
        rect = self.panel_rect()
        label = self.confirm_label or text("message.ok")
        width = max(self.s(160), self.app.fonts.font(15, True).size(label)[0] + self.s(28))
        ok = pygame.Rect(0, 0, width, self.s(40))
        ok.bottomright = (rect.right - self.s(20), rect.bottom - self.s(18))
        self.ok = self.button(ok, label, self.on_enter, primary=True)
        if self.confirm is not None:
            back = pygame.Rect(rect.x + self.s(20), ok.y, self.s(160), self.s(40))
            self.button(back, text("message.back"), self.app.pop)
        self.focus.focus(self.ok)

    def on_enter(self) -> None:
        """OK, or yes to the question: the pop-up goes first, then what was asked for."""
        self.app.pop()
        if self.confirm is not None:
            self.confirm()

    def draw_scene(self, surface: pygame.Surface) -> None:
        super().draw_scene(surface)
        y = self.title(surface, self.heading)
        rect = self.panel_rect()
        blit_text(surface, self.app.fonts, self.body, (rect.x + self.s(22), y), 15,
                  self.app.palette["text"], width=rect.width - self.s(44))

    def demo_act(self) -> None:
        self.on_enter()
