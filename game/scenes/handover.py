"""The hot seat's hand-over between teams sharing one laptop: whose turn it is, in big type,
which quarter they play, where every team stands, and a button (Enter) for when they sit down.

Why a screen of its own: without a clear stop, the team that just read its report presses on
into the next team's quarter; this screen names the next team before any of its game shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game import flow, hotseat
from game.assets import text
from game.draw import blit_text
from game.fonts import wrap
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height

if TYPE_CHECKING:
    from game.app import App
    from game.hotseat import HotSeat

BIG, QUARTER, HINT, LIST = 40, 28, 16, 15     # text sizes (design points)


class HandoverScene(Scene):
    name = "handover"

    def __init__(self, app: App, seats: HotSeat, first: bool = False) -> None:
        super().__init__(app)
        self.seats, self.first = seats, first
        self.team = seats.current.team

    # ----- what it says ---------------------------------------------------------------------
    def heading(self) -> str:
        return text("hotseat.first" if self.first else "hotseat.pass", team=self.team)

    def quarter_line(self) -> str:
        game = self.seats.current.game
        quarters = game.level.quarters if game is not None else 0
        quarter = game.next_quarter if game is not None else 1
        return text("hotseat.quarter", team=self.team, quarter=min(quarter, quarters),
                    quarters=quarters)

    def team_lines(self) -> list[tuple[str, str]]:
        """Each team's standing, in turn order: (line, palette colour)."""
        lines = []
        for i, seat in enumerate(self.seats.seats):
            quarters = seat.game.level.quarters if seat.game is not None else \
                self.app.session.level.quarters
            if i == self.seats.turn:
                lines.append((text("hotseat.next", team=seat.team), "accent"))
            elif seat.finished:
                lines.append((text("hotseat.finished", team=seat.team), "muted"))
            else:
                lines.append((text("hotseat.playing", team=seat.team, played=seat.played,
                                   quarters=quarters), "text"))
        return lines

    # ----- geometry -------------------------------------------------------------------------
    def text_width(self) -> int:
        w = self.app.screen.get_width()
        return min(w - self.s(80), self.s(900))

    def blocks(self) -> list[tuple[str, int, str, bool, int]]:
        """The centred column from the top: (text, size, colour, bold, gap above); '' marks
        where the button goes."""
        s = self.s
        blocks = [(self.heading(), BIG, "text", True, 0),
                  (self.quarter_line(), QUARTER, "accent", True, s(10)),
                  (text("hotseat.hint", team=self.team), HINT, "muted", False, s(14)),
                  ("", 0, "", False, s(26))]
        lines = self.team_lines()
        blocks.append((text("hotseat.teams"), LIST, "text", True, s(30)))
        blocks += [(line, LIST, colour, colour == "accent", s(2)) for line, colour in lines]
        return blocks

    def button_height(self) -> int:
        return self.s(56)

    def placed(self) -> list[tuple[str, int, str, bool, pygame.Rect]]:
        """The blocks with their rects, centred between the header and the footer (the list
        of teams is left out when the window is too short for it)."""
        fonts, s = self.app.fonts, self.s
        width = self.text_width()
        top, bottom = header_height(self) + s(16), footer_rect(self).y - s(12)
        blocks = self.blocks()
        for keep in (len(blocks), 4):
            sizes = []
            for words, size, _, bold, gap in blocks[:keep]:
                if not words:
                    sizes.append((gap, self.button_height()))
                else:
                    img = fonts.render(words, size, (0, 0, 0), bold, width=width)
                    sizes.append((gap, img.get_height()))
            total = sum(gap + h for gap, h in sizes)
            if total <= bottom - top:
                break
        y = top + max(0, (bottom - top - total) // 2)
        cx = self.app.screen.get_width() // 2
        out = []
        for (words, size, colour, bold, _), (gap, h) in zip(blocks[:keep], sizes, strict=True):
            y += gap
            rect = pygame.Rect(0, y, width, h)
            rect.centerx = cx
            out.append((words, size, colour, bold, rect))
            y += h
        return out

    def layout(self) -> None:
        s = self.s
        button = next(rect for words, _, _, _, rect in self.placed() if not words)
        label = text("hotseat.ready", team=self.team)
        width = max(s(320), self.app.fonts.font(16, True).size(label)[0] + s(48))
        ready = pygame.Rect(0, button.y, min(width, self.app.screen.get_width() - s(40)),
                            button.height)
        ready.centerx = button.centerx
        self.ready = self.button(ready, label, self.on_enter, primary=True)
        foot = footer_rect(self)
        self.button(pygame.Rect(foot.x, foot.y, s(160), foot.height), text("hotseat.menu"),
                    self.on_back)
        self.focus.focus(self.ready)

    # ----- actions --------------------------------------------------------------------------
    def on_enter(self) -> None:
        hotseat.go_on(self.app)

    def on_back(self) -> None:
        flow.open_menu(self.app)

    def demo_act(self) -> None:
        self.on_enter()

    # ----- drawing --------------------------------------------------------------------------
    def draw_scene(self, surface: pygame.Surface) -> None:
        app, pal = self.app, self.app.palette
        surface.fill(pal["background"])
        game = self.seats.current.game
        draw_header(self, surface, text("hotseat.title"),
                    game.level.title if game is not None else "")
        for words, size, colour, bold, rect in self.placed():
            y = rect.y
            for line in wrap(app.fonts.font(size, bold), words, rect.width) if words else []:
                y = blit_text(surface, app.fonts, line, (rect.centerx, y), size, pal[colour],
                              bold=bold, anchor="midtop").y + app.fonts.line_height(size, bold)

    def screenshot_name(self) -> str:
        return f"handover-{self.seats.turn + 1}"
