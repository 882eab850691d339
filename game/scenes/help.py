"""F1: how to play and the keys, over whatever is on screen."""

from __future__ import annotations

import pygame

from game.assets import text, text_node
from game.draw import blit_text
from game.scenes.overlay import Overlay


class HelpScene(Overlay):
    name = "help"
    width = 820
    height = 540

    def layout(self) -> None:
        rect = self.panel_rect()
        close = pygame.Rect(0, 0, self.s(160), self.s(40))
        close.bottomright = (rect.right - self.s(20), rect.bottom - self.s(16))
        self.button(close, text("help.close"), self.app.pop, primary=True)

    def on_enter(self) -> None:
        self.app.pop()

    def draw_scene(self, surface: pygame.Surface) -> None:
        super().draw_scene(surface)
        app, pal = self.app, self.app.palette
        rect = self.panel_rect()
        y = self.title(surface, text("help.title"))
        width = rect.width - self.s(44)
        for para in text_node("help.how"):
            r = blit_text(surface, app.fonts, para, (rect.x + self.s(22), y), 14, pal["text"],
                          width=width)
            y = r.bottom + self.s(6)
        y += self.s(6)
        keys = text_node("help.keys")
        key_w = max(app.fonts.font(14, True).size(key)[0] for key, _ in keys) + self.s(16)
        for key, meaning in keys:
            blit_text(surface, app.fonts, key, (rect.x + self.s(22), y), 14, pal["accent"],
                      bold=True)
            r = blit_text(surface, app.fonts, meaning, (rect.x + self.s(22) + key_w, y), 14,
                          pal["text"], width=width - key_w)
            y = r.bottom + self.s(2)
        y += self.s(8)
        icon = self.s(20)
        x = rect.x + self.s(22)
        line_h = max(icon, app.fonts.line_height(13))
        for kind in ("exhausted", "idea", "offer", "quit", "new"):
            label = text(f"icons.{kind}").split(":")[0]
            needed = icon + self.s(6) + app.fonts.font(13).size(label)[0]
            if x + needed > rect.right - self.s(22):        # on to the next line
                x, y = rect.x + self.s(22), y + line_h + self.s(4)
            surface.blit(app.sprites.icon(kind, icon), (x, y + (line_h - icon) // 2))
            r = blit_text(surface, app.fonts, label, (x + icon + self.s(6), y + line_h // 2), 13,
                          pal["text"], anchor="midleft")
            x = r.right + self.s(18)

    def demo_act(self) -> None:
        self.app.pop()
