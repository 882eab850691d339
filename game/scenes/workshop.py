"""Workshop: join a facilitator's session (the join form, game/scenes/join.py), or set up a
class on this laptop: any level, one fixed seed for every team."""

from __future__ import annotations

import pygame

import sim
from game import flow, registry
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

    def column(self) -> tuple[int, int]:
        """The column's x and width: as wide as the buttons, centred."""
        width = self.s(560)
        return self.app.screen.get_width() // 2 - width // 2, width

    def text_height(self, key: str) -> int:
        return self.app.fonts.render(text(key), 15, (0, 0, 0),
                                     width=self.column()[1]).get_height()

    def layout(self) -> None:
        """From the top: joining a session (what most laptops in a class do), a rule, then
        the facilitator's own class on this laptop (level and seed)."""
        s = self.s
        x, bw = self.column()
        bh = s(44)
        y = header_height(self) + s(20)
        self.join_y = y
        y += self.text_height("workshop.join_intro") + s(10)
        self.button(pygame.Rect(x, y, bw, bh), text("workshop.join"), self.open_join,
                    tip=text("workshop.join_tip"))
        y += bh + s(28)
        self.rule_y = y - s(14)
        self.heading_y = y
        y += self.app.fonts.line_height(16, True) + s(4)
        self.intro_y = y
        y += self.text_height("workshop.intro") + s(10)
        self.level_button = self.button(pygame.Rect(x, y, bw, bh), self.level_label(),
                                        self.next_level)
        y += bh + s(12)
        self.button(pygame.Rect(x, y, s(60), bh), "−", lambda: self.change_seed(-1), small=True)
        self.seed_y = y + bh // 2
        self.button(pygame.Rect(x + bw - s(60), y, s(60), bh), "+", lambda: self.change_seed(1),
                    small=True)
        foot = footer_rect(self)
        self.button(pygame.Rect(foot.x, foot.y, s(160), foot.height), text("workshop.back"),
                    self.app.pop)
        self.button(pygame.Rect(foot.right - s(200), foot.y, s(200), foot.height),
                    text("workshop.start"), self.on_enter, primary=True)

    def open_join(self) -> None:
        """The join form: a session's code, address or folder, and the team(s)."""
        self.app.push(registry.make("join", self.app))

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_j:
            self.open_join()
            return True
        return False

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
        pal = self.app.palette
        surface.fill(pal["background"])
        draw_header(self, surface, text("workshop.title"))
        w = surface.get_width()
        x, width = self.column()
        blit_text(surface, self.app.fonts, text("workshop.join_intro"), (x, self.join_y), 15,
                  pal["text"], width=width)
        pygame.draw.line(surface, pal["panel_border"], (x, self.rule_y), (x + width, self.rule_y))
        blit_text(surface, self.app.fonts, text("workshop.facilitator"), (x, self.heading_y), 16,
                  pal["text"], bold=True)
        blit_text(surface, self.app.fonts, text("workshop.intro"), (x, self.intro_y), 15,
                  pal["text"], width=width)
        blit_text(surface, self.app.fonts, text("workshop.seed", seed=self.seed),
                  (w // 2, self.seed_y), 18, pal["text"], bold=True, anchor="center")
