"""Esc during a game: resume, save, settings, help, or back to the title."""

from __future__ import annotations

import pygame

from game import flow, registry
from game.assets import text
from game.scenes.overlay import Overlay


class MenuScene(Overlay):
    name = "menu"
    width = 360
    height = 360

    def layout(self) -> None:

        rect = self.panel_rect()
        w, h, gap = rect.width - self.s(60), self.s(42), self.s(10)
        y = rect.y + self.s(64)
        entries = [
            ("menu.resume", self.app.pop, True),
            ("menu.save", lambda: self.app.replace(registry.make("save", self.app)),
             self.app.session is not None and self.app.demo is None),
            ("menu.settings", lambda: self.app.push(registry.make("settings", self.app)), True),
            ("menu.help", lambda: flow.toggle_help(self.app), True),
            ("menu.quit", lambda: flow.to_title(self.app), True),
        ]
        for key, action, enabled in entries:
            self.button(pygame.Rect(rect.x + self.s(30), y, w, h), text(key), action,
                        enabled=enabled, primary=key == "menu.resume")
            y += h + gap

    def draw_scene(self, surface: pygame.Surface) -> None:
        super().draw_scene(surface)
        self.title(surface, text("menu.title"))

    def demo_act(self) -> None:
        self.app.pop()
