"""Workshop set-up for facilitators: any level, one fixed seed for every team."""

from __future__ import annotations

import pygame

import sim
from game import flow
from game.assets import text
from game.draw import blit_text
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height


class WorkshopScene(Scene):
    name = "workshop"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.levels = [sim.load_level(name) for name in sim.level_names()]
        self.index = 0
        self.seed = 1

    def layout(self) -> None:
        s = self.s
        w, _ = self.app.screen.get_size()
        bw, bh = s(460), s(44)
        x, y = w // 2 - bw // 2, header_height(self) + s(110)
        self.level_button = self.button(pygame.Rect(x, y, bw, bh), self.level_label(),
                                        self.next_level)
        y += bh + s(16)
        self.button(pygame.Rect(x, y, s(60), bh), "−", lambda: self.change_seed(-1), small=True)
        self.seed_y = y + bh // 2
        self.button(pygame.Rect(x + bw - s(60), y, s(60), bh), "+", lambda: self.change_seed(1),
                    small=True)
        foot = footer_rect(self)
        self.button(pygame.Rect(foot.x, foot.y, s(160), foot.height), text("workshop.back"),
                    self.app.pop)
        self.button(pygame.Rect(foot.right - s(200), foot.y, s(200), foot.height),
                    text("workshop.start"), self.on_enter, primary=True)

    def level_label(self) -> str:
        return text("workshop.level", title=self.levels[self.index].title)

    def next_level(self) -> None:
        self.index = (self.index + 1) % len(self.levels)
        self.level_button.set_text(self.level_label())

    def change_seed(self, step: int) -> None:
        self.seed = max(1, self.seed + step)

    def on_enter(self) -> None:
        self.app.workshop = True
        flow.start_level(self.app, self.levels[self.index].name, self.seed)

    def on_back(self) -> None:
        self.app.pop()

    def draw_scene(self, surface: pygame.Surface) -> None:
        pal, s = self.app.palette, self.s
        surface.fill(pal["background"])
        draw_header(self, surface, text("workshop.title"))
        w = surface.get_width()
        blit_text(surface, self.app.fonts, text("workshop.intro"),
                  (w // 2 - s(300), header_height(self) + s(24)), 15, pal["text"], width=s(600))
        blit_text(surface, self.app.fonts, text("workshop.seed", seed=self.seed),
                  (w // 2, self.seed_y), 18, pal["text"], bold=True, anchor="center")
