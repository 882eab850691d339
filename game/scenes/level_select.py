"""Level select: a card per level with its era, team, learning goal, difficulty, best stars,
and a lock until the level it follows is passed."""

from __future__ import annotations

import math

import pygame

import sim
from game import flow
from game.assets import text
from game.draw import blit_text, fit_text, panel, stars
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height
from game.tips import Tip


class LevelSelectScene(Scene):
    name = "level_select"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.levels = [sim.load_level(name) for name in sim.level_names()]
        self.titles = {lv.name: lv.title for lv in self.levels}

    def unlocked(self, level: sim.Level) -> bool:
        return self.app.workshop or self.app.progress.unlocked(level)

    def card_rects(self) -> list[pygame.Rect]:
        w = self.app.screen.get_width()
        n = len(self.levels)
        cols = min(4, n) if n > 6 or w / self.app.scale >= 1000 else min(3, n)
        rows = math.ceil(n / cols)
        top, bottom = header_height(self) + self.s(14), footer_rect(self).y - self.s(12)
        gap = self.s(12)
        cw = (w - 2 * self.s(16) - (cols - 1) * gap) // cols
        ch = (bottom - top - (rows - 1) * gap) // rows
        return [pygame.Rect(self.s(16) + (i % cols) * (cw + gap), top + (i // cols) * (ch + gap),
                            cw, ch) for i in range(n)]

    def layout(self) -> None:
        for level, rect in zip(self.levels, self.card_rects(), strict=True):
            b = pygame.Rect(0, 0, rect.width - self.s(24), self.s(38))
            b.midbottom = (rect.centerx, rect.bottom - self.s(10))
            open_ = self.unlocked(level)
            label = text("levels.play") if open_ else text("levels.locked_button")
            lock = text("levels.locked", after=self.titles.get(level.unlock_after or "", ""))
            self.button(b, label, lambda name=level.name: flow.start_level(self.app, name),
                        tip=(level.learning_goal or None) if open_ else lock, enabled=open_,
                        primary=open_ and level.name not in self.app.progress.best)
        back = footer_rect(self).copy()
        back.width = self.s(160)
        self.button(back, text("levels.back"), self.app.pop)
        self.tips = self.card_tips()

    def geometry(self, rect: pygame.Rect) -> dict[str, pygame.Rect]:
        """Where a card's parts go (shared by drawing and tooltips)."""
        s = self.s
        x, width = rect.x + s(14), rect.width - s(28)
        fonts = self.app.fonts
        dots_y = rect.y + s(12) + fonts.line_height(17, True) + fonts.line_height(13) \
            + fonts.line_height(13) + s(16)
        knowledge = pygame.Rect(x, dots_y + s(12), width, s(6))
        stars_row = pygame.Rect(x, rect.bottom - s(78), width, s(18))
        goal = pygame.Rect(x, knowledge.bottom + s(10), width, max(0, stars_row.y
                                                                   - knowledge.bottom - s(14)))
        return {"dots": pygame.Rect(x, dots_y - s(5), width, s(10)), "knowledge": knowledge,
                "goal": goal, "stars": stars_row}

    def card_tips(self) -> list[Tip]:
        tips = []
        for level, rect in zip(self.levels, self.card_rects(), strict=True):
            g = self.geometry(rect)
            tips.append(Tip(g["knowledge"].inflate(0, self.s(8)),
                            f"knowledge work: {level.knowledge_share:.0%} (the rest is routine "
                            "work). The more knowledge work, the more leadership pays."))
            tips.append(Tip(g["dots"], f"difficulty {level.difficulty} of 5"))
            best = self.app.progress.best.get(level.name)
            if best is not None:
                tips.append(Tip(g["stars"], f"your best result: {best} of 3 stars"))
        return tips

    def on_back(self) -> None:
        self.app.pop()

    def draw_scene(self, surface: pygame.Surface) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        surface.fill(pal["background"])
        draw_header(self, surface, text("levels.title"))
        for level, rect in zip(self.levels, self.card_rects(), strict=True):
            open_ = self.unlocked(level)
            g = self.geometry(rect)
            panel(surface, rect, pal["panel"] if open_ else pal["background"],
                  pal["panel_border"], radius=s(10))
            x, y, width = rect.x + s(14), rect.y + s(12), rect.width - s(28)
            colour = pal["text"] if open_ else pal["muted"]
            r = blit_text(surface, app.fonts, fit_text(app.fonts, level.title, 17, width, True),
                          (x, y), 17, colour, bold=True)
            r = blit_text(surface, app.fonts, level.era, (x, r.bottom), 13, pal["muted"])
            blit_text(surface, app.fonts, text("levels.team", n=level.team_size, q=level.quarters),
                      (x, r.bottom), 13, colour)
            dy = g["dots"].centery
            for i in range(5):
                pygame.draw.circle(surface, pal["accent"] if i < level.difficulty
                                   else pal["star_empty"], (x + s(6) + i * s(15), dy), s(5))
            blit_text(surface, app.fonts, text("levels.difficulty"), (x + s(82), dy), 12,
                      pal["muted"], anchor="midleft")
            kb = g["knowledge"]
            pygame.draw.rect(surface, pal["grid"], kb, border_radius=3)
            pygame.draw.rect(surface, pal["leadership"],
                             (kb.x, kb.y, round(kb.width * level.knowledge_share), kb.height),
                             border_radius=3)
            goal = g["goal"]
            clip = surface.get_clip()
            surface.set_clip(goal)
            blit_text(surface, app.fonts, level.learning_goal, goal.topleft, 13, colour,
                      width=goal.width)
            surface.set_clip(clip)
            if not open_:       # why it is locked, when the whole sentence fits
                lock = text("levels.locked", after=self.titles.get(level.unlock_after or "", ""))
                img = app.fonts.render(lock, 13, pal["text"], width=width)
                bottom = rect.bottom - s(52)
                top = max(g["knowledge"].bottom + s(6),
                          min(g["stars"].y, bottom - img.get_height()))
                if top + img.get_height() <= bottom:
                    surface.blit(img, (x, top))
            best = app.progress.best.get(level.name)
            if best is not None:
                sy = g["stars"].y
                blit_text(surface, app.fonts, text("levels.best"), (x, sy + s(8)), 13,
                          pal["muted"], anchor="midleft")
                stars(surface, (x + s(44), sy), best, 3, s(8), pal["star"], pal["star_empty"])
