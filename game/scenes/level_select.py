"""Level select: a card per level with its era, team, learning goal, difficulty, best stars,
and a lock until the level it follows is passed."""

from __future__ import annotations

import math

import pygame

import sim
from game import flow
from game.assets import text
from game.draw import blit_text, panel, stars
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height
from game.scroll import ItemScroller
from game.tips import Tip


class LevelSelectScene(Scene):
    name = "level_select"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.scroller = ItemScroller()
        self.levels = [sim.load_level(name) for name in sim.level_names()]
        self.titles = {lv.name: lv.title for lv in self.levels}

    def unlocked(self, level: sim.Level) -> bool:
        return self.app.workshop or self.app.progress.unlocked(level)

    def columns(self) -> int:
        """As many columns (up to 4) as keep a card wide enough for its text."""
        w, s = self.app.screen.get_width(), self.s
        return max(1, min(4, len(self.levels), (w - s(32) + s(12)) // (s(230) + s(12))))

    def card_height(self, width: int) -> int:
        """Every card as tall as the fullest one needs (title, era, team, difficulty, kind of
        work, learning goal, lock or best stars, the Play button)."""
        s, fonts = self.s, self.app.fonts
        inner = width - s(28)

        def h(words: str, size: int, bold: bool = False) -> int:
            return fonts.render(words, size, (0, 0, 0), bold, width=inner).get_height()

        tallest = 0
        for level in self.levels:
            lock = text("levels.locked", after=self.titles.get(level.unlock_after or "", ""))
            tallest = max(tallest, h(level.title, 17, True) + h(level.learning_goal, 13)
                          + max(h(lock, 13), s(20)))
        return (s(12) + tallest + 2 * fonts.line_height(13) + s(16) + s(24) + s(16)
                + s(38) + s(20))

    def card_rects(self) -> list[pygame.Rect | None]:
        """Each level's card, or None for cards on rows scrolled out of view."""
        w, s = self.app.screen.get_width(), self.s
        cols, gap = self.columns(), s(12)
        cw = (w - 2 * s(16) - (cols - 1) * gap) // cols
        ch = self.card_height(cw)
        top, bottom = header_height(self) + s(14), footer_rect(self).y - s(12)
        rows = math.ceil(len(self.levels) / cols)
        room = bottom - top + gap
        if rows * (ch + gap) > room:
            room -= self.app.fonts.line_height(13)        # for 'more below'
        self.scroller.fit([ch + gap] * rows, room)
        shown = self.scroller.visible()
        out: list[pygame.Rect | None] = []
        for i in range(len(self.levels)):
            row = i // cols
            out.append(pygame.Rect(s(16) + (i % cols) * (cw + gap),
                                   top + (row - shown.start) * (ch + gap), cw, ch)
                       if row in shown else None)
        return out

    def shown(self) -> list[tuple[sim.Level, pygame.Rect]]:
        return [(level, rect) for level, rect in zip(self.levels, self.card_rects(), strict=True)
                if rect is not None]

    def layout(self) -> None:
        for level, rect in self.shown():
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

    def handle_event(self, event: pygame.event.Event) -> pygame.event.Event | None:
        """The wheel (or PgUp/PgDn) scrolls the cards a row at a time when they do not fit."""
        if self.scroller.handle(event, self.app.screen.get_rect(), self.app.mouse):
            self.build()
            return None
        return super().handle_event(event)

    def geometry(self, level: sim.Level, rect: pygame.Rect) -> dict[str, pygame.Rect]:
        """Where a card's parts go, top down (shared by drawing and tooltips)."""
        s = self.s
        x, width = rect.x + s(14), rect.width - s(28)
        fonts = self.app.fonts
        title_h = fonts.render(level.title, 17, (0, 0, 0), True, width=width).get_height()
        dots_y = rect.y + s(12) + title_h + 2 * fonts.line_height(13) + s(16)
        knowledge = pygame.Rect(x, dots_y + s(12), width, s(6))
        stars_row = pygame.Rect(x, rect.bottom - s(58) - s(20), width, s(18))
        goal = pygame.Rect(x, knowledge.bottom + s(10), width,
                           max(0, stars_row.y - knowledge.bottom - s(14)))
        return {"dots": pygame.Rect(x, dots_y - s(5), width, s(10)), "knowledge": knowledge,
                "goal": goal, "stars": stars_row}

    def card_tips(self) -> list[Tip]:
        tips = []
        for level, rect in self.shown():
            g = self.geometry(level, rect)
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
        for level, rect in self.shown():
            open_ = self.unlocked(level)
            g = self.geometry(level, rect)
            panel(surface, rect, pal["panel"] if open_ else pal["background"],
                  pal["panel_border"], radius=s(10))
            x, y, width = rect.x + s(14), rect.y + s(12), rect.width - s(28)
            colour = pal["text"] if open_ else pal["muted"]
            r = blit_text(surface, app.fonts, level.title, (x, y), 17, colour, bold=True,
                          width=width)
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
            r = blit_text(surface, app.fonts, level.learning_goal, goal.topleft, 13, colour,
                          width=goal.width)
            if not open_:       # why it is locked
                lock = text("levels.locked", after=self.titles.get(level.unlock_after or "", ""))
                blit_text(surface, app.fonts, lock, (x, r.bottom + s(6)), 13, pal["text"],
                          width=width)
            best = app.progress.best.get(level.name)
            if best is not None:
                sy = g["stars"].y
                blit_text(surface, app.fonts, text("levels.best"), (x, sy + s(8)), 13,
                          pal["muted"], anchor="midleft")
                stars(surface, (x + s(44), sy), best, 3, s(8), pal["star"], pal["star_empty"])
        if self.scroller.above or self.scroller.below:
            foot = footer_rect(self)
            blit_text(surface, app.fonts, self.scroller.more("levels.more"),
                      (foot.centerx, foot.y - s(6)), 13, pal["muted"], anchor="midbottom")
