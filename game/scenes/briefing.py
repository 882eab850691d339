"""The briefing: the level's story, its goals, and the team (a figure, name, role, strengths)."""

from __future__ import annotations

import pygame

from game import flow, phases
from game.assets import count, text
from game.draw import bar, blit_image, blit_text, fit_text, panel
from game.figures import mood_of
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height
from game.scoring import describe
from game.scroll import ItemScroller
from game.tips import Tip

KINDS = ("building", "analysis", "design", "people")


class BriefingScene(Scene):
    name = "briefing"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.scroller = ItemScroller()

    def layout(self) -> None:
        foot = footer_rect(self)
        back = pygame.Rect(foot.x, foot.y, self.s(160), foot.height)
        start = pygame.Rect(foot.right - self.s(220), foot.y, self.s(220), foot.height)
        self.button(back, text("briefing.back"), self.on_back)
        self.start = self.button(start, text("briefing.start"), self.on_enter, primary=True)
        self.left, self.right = self.areas()
        self.story = self.story_parts()
        self.cells, self.more = self.team_cells(self.right)
        self.tips = self.team_tips()

    def facts_text(self) -> str:
        """The level in numbers: quarters, team, attention budget, kind of work."""
        level = self.app.session.level
        return text("briefing.facts", quarters=count(level.quarters, "quarter"),
                    n=level.team_size, budget=f"{level.attention_budget:g}",
                    share=f"{level.knowledge_share:.0%}", unit=level.output_unit)

    def story_parts(self) -> list[tuple[pygame.Surface, tuple[int, int], str, int]]:
        """The briefing, goals and facts, in the largest text size that fits the panel."""
        app, pal, s = self.app, self.app.palette, self.s
        if self.app.session is None:
            return []
        level = self.app.session.level
        x, width = self.left.x + s(18), self.left.width - s(36)
        facts = self.facts_text()
        bottom = self.left.bottom - s(10)
        for body in (15, 14, 13, 12):        # the largest text at which it all fits
            blocks = [(level.briefing.strip(), body, False, 0),
                      (text("briefing.goals"), body + 1, True, s(12))]
            blocks += [(describe(goal), body - 1, False, s(4)) for goal in level.goals]
            blocks += self.phase_blocks(body)
            blocks += [(text("briefing.level"), body + 1, True, s(12)),
                       (facts, body - 1, False, s(4))]
            images = [(app.fonts.render(words, size, pal["text"], bold, width=width), words,
                       app.fonts.px(size), gap) for words, size, bold, gap in blocks]
            if self.left.y + s(14) + sum(img.get_height() + gap
                                         for img, _, _, gap in images) <= bottom:
                break
        # what does not fit even so scrolls, a whole block at a time
        heights = [img.get_height() + gap for img, _, _, gap in images]
        room = bottom - self.left.y - s(14)
        if sum(heights) > room:
            room -= app.fonts.line_height(13)          # the 'scroll for more' line
        self.scroller.fit(heights, room)
        parts: list[tuple[pygame.Surface, tuple[int, int], str, int]] = []
        y = self.left.y + s(14)
        for i in self.scroller.visible():
            img, words, px, gap = images[i]
            y += gap if i > self.scroller.first else 0
            parts.append((img, (x, y), words, px))
            y += img.get_height()
        return parts

    def phase_blocks(self, body: int) -> list[tuple[str, int, bool, int]]:
        """The level's phases, one short line each under a heading (none for a level without
        phases): the player knows from the start that the work will change, and when."""
        lines = phases.briefing_lines(self.app.session.level)
        if not lines:
            return []
        s = self.s
        return [(text("phases.heading"), body + 1, True, s(12)),
                *((line, body - 1, False, s(4)) for line in lines)]

    def areas(self) -> tuple[pygame.Rect, pygame.Rect]:
        w, _ = self.app.screen.get_size()
        s = self.s
        top = header_height(self) + s(16)
        left = pygame.Rect(s(16), top, round(w * 0.5) - s(24), footer_rect(self).y - top - s(12))
        right = pygame.Rect(left.right + s(16), top, w - left.right - s(32), left.height)
        return left, right

    def team_cells(self, area: pygame.Rect) -> tuple[list[tuple[object, pygame.Rect]], int]:
        """Where each shown worker's card goes, and how many did not fit."""
        s = self.s
        if self.app.session is None:
            return [], 0
        workers = self.app.session.model.workers
        fonts = self.app.fonts
        cols = 2
        ch = max(s(78), fonts.line_height(14, True) + fonts.line_height(12)
                 + fonts.line_height(11) + s(7) + s(20))
        cw = (area.width - s(36)) // cols
        top = area.y + s(12) + fonts.line_height(16, True) + s(10)
        rows = max(1, (area.bottom - top - s(10) - 2 * fonts.line_height(14)) // ch)
        shown = workers if len(workers) <= rows * cols else workers[: rows * cols - 1]
        cells = [(w, pygame.Rect(area.x + s(18) + (i % cols) * cw, top + (i // cols) * ch,
                                 cw - s(10), ch - s(8))) for i, w in enumerate(shown)]
        return cells, len(workers) - len(shown)

    def strength_rects(self, cell: pygame.Rect) -> list[pygame.Rect]:
        s = self.s
        tx = cell.x + s(58)
        tw = cell.right - tx
        bw = (tw - s(6) * 3) // 4
        fonts = self.app.fonts
        y = (cell.y + fonts.line_height(14, True) + fonts.line_height(12)
             + fonts.line_height(11) + s(6))
        return [pygame.Rect(tx + k * (bw + s(6)), y, bw, s(7)) for k in range(4)]

    def team_tips(self) -> list[Tip]:
        tips = []
        for worker, cell in self.cells:
            strengths = worker.strengths
            for kind, rect in zip(KINDS, self.strength_rects(cell), strict=True):
                tips.append(Tip(rect.inflate(0, self.s(22)).move(0, -self.s(8)),
                                f"{worker.name}'s strength at {kind} work: "
                                f"{strengths[kind]:.0%}. Work that fits a person's strengths "
                                "goes better and feels better."))
            tips.append(Tip(pygame.Rect(cell.x, cell.y, self.s(48), self.s(52)),
                            f"{worker.name}, {worker.role}: morale {worker.morale:.0%}, "
                            f"skill {worker.skill:.0%}, trust {worker.trust:.0%}"))
        return tips

    def handle_event(self, event: pygame.event.Event) -> pygame.event.Event | None:
        """The wheel over the story (or PgUp/PgDn) scrolls it when it does not fit."""
        if self.scroller.handle(event, self.left, self.app.mouse):
            self.story = self.story_parts()
            return None
        return super().handle_event(event)

    def on_back(self) -> None:
        self.app.session = None
        self.app.pop()

    def on_enter(self) -> None:
        flow.open_plan(self.app)

    def demo_act(self) -> None:
        self.on_enter()

    def draw_scene(self, surface: pygame.Surface) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        session = app.session
        surface.fill(pal["background"])
        if session is None:
            return
        level = session.level
        draw_header(self, surface, level.title,
                    f"{level.era} · {text('briefing.seed', seed=session.seed)}")
        left = self.left
        panel(surface, left, pal["panel"], pal["panel_border"], s(10))
        for image, pos, words, px in self.story:
            blit_image(surface, image, pos, words, px)
        if self.scroller.above or self.scroller.below:
            blit_text(surface, app.fonts, self.scroller.more(),
                      (left.x + s(18), left.bottom - s(8)), 13, pal["muted"],
                      anchor="bottomleft")
        panel(surface, self.right, pal["panel"], pal["panel_border"], s(10))
        self.draw_team(surface)

    def draw_team(self, surface: pygame.Surface) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        area = self.right
        blit_text(surface, app.fonts, text("briefing.team"), (area.x + s(18), area.y + s(12)),
                  16, pal["text"], bold=True)
        for worker, cell in self.cells:
            size = s(48)
            sprite = app.sprites.person(size, app.palette.shade_index(worker.morale),
                                        mood_of(worker.morale), (int(worker.unique_id) * 7) % 36)
            surface.blit(sprite, cell.topleft)
            tx = cell.x + s(58)
            tw = cell.right - tx
            nr = blit_text(surface, app.fonts, fit_text(app.fonts, worker.name, 14, tw, True),
                           (tx, cell.y), 14, pal["text"], bold=True)
            blit_text(surface, app.fonts, fit_text(app.fonts, worker.role, 12, tw),
                      (tx, nr.bottom), 12, pal["muted"])
            strengths = worker.strengths
            for kind, rect in zip(KINDS, self.strength_rects(cell), strict=True):
                label = kind if self.full_kind_names(rect) else kind[0].upper()
                blit_text(surface, app.fonts, label, (rect.x, rect.y - s(2)), 11, pal["muted"],
                          anchor="bottomleft")
                bar(surface, rect, strengths[kind], pal["accent"], pal["grid"])
        y = area.bottom - s(8)
        if self.cells and not self.full_kind_names(self.strength_rects(self.cells[0][1])[0]):
            legend = " · ".join(f"{k[0].upper()} {k}" for k in KINDS)   # what the letters mean
            r = blit_text(surface, app.fonts, legend, (area.x + s(18), y), 12, pal["muted"],
                          anchor="bottomleft", width=area.width - s(36))
            y = r.top - s(2)
        if self.more:
            blit_text(surface, app.fonts, text("briefing.more", n=self.more),
                      (area.x + s(18), y), 14, pal["muted"], anchor="bottomleft")

    def full_kind_names(self, rect: pygame.Rect) -> bool:
        """Whether the kinds of work fit by name over their bars (else letters and a legend)."""
        font = self.app.fonts.font(11)
        return all(font.size(kind)[0] <= rect.width for kind in KINDS)
