"""An event pops up during the quarter; where it offers a choice, the week waits for it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.assets import text
from game.draw import blit_text, fit_text
from game.scenes.overlay import Overlay
from game.tips import Tip

if TYPE_CHECKING:
    from game.app import App


class EventScene(Overlay):
    name = "event"
    closable = False     # a choice must be made
    width = 700
    height = 470

    def __init__(self, app: App, card: Any) -> None:
        super().__init__(app)
        self.card = card

    def panel_rect(self) -> pygame.Rect:
        """As tall as the card's text and choices need."""
        fonts, s = self.app.fonts, self.s
        width = min(s(self.width), self.app.screen.get_width() - 20)
        body = fonts.render(self.card.text, 15, self.app.palette["text"],
                            width=width - s(44)).get_height()
        n = len(self.card.choices)
        height = (s(14) + fonts.line_height(12, True) + fonts.line_height(20, True) + s(8) + body
                  + s(12) + fonts.line_height(14, True) + s(12) + n * s(46) + (n - 1) * s(8)
                  + s(20))
        rect = pygame.Rect(0, 0, width, min(height, self.app.screen.get_height() - 20))
        rect.center = (self.app.screen.get_width() // 2, self.app.screen.get_height() // 2)
        return rect

    def layout(self) -> None:
        rect = self.panel_rect()
        s = self.s
        n = len(self.card.choices)
        bh, gap = s(46), s(8)
        y = rect.bottom - s(18) - n * bh - (n - 1) * gap
        self.choice_rows = []
        for i, choice in enumerate(self.card.choices):
            row = pygame.Rect(rect.x + s(22), y, rect.width - s(44), bh)
            button = pygame.Rect(row.x + s(110), row.y, row.width - s(110), bh)
            tip = f"{choice.label}. {choice.text}" if choice.text else choice.label
            label = fit_text(self.app.fonts, f"{i + 1}. {choice.label}", 14,
                             button.width - s(24), bold=True)
            self.button(button, label, lambda c=choice.id: self.choose(c), tip=tip, small=True)
            self.choice_rows.append((choice, row))
            y += bh + gap
        self.tips = [Tip(pygame.Rect(row.x, row.y, s(104), row.height),
                         f"A {choice.side} response. {choice.text}")
                     for choice, row in self.choice_rows]

    def choose(self, choice_id: str) -> None:
        self.app.session.answer(self.card.id, choice_id)
        self.app.pop()

    def on_key(self, event: pygame.event.Event) -> bool:
        index = event.key - pygame.K_1
        if 0 <= index < len(self.card.choices):
            self.choose(self.card.choices[index].id)
            return True
        return False

    def demo_act(self) -> None:
        self.choose(self.app.demo.respond(self.app.session.model, self.card))

    def draw_scene(self, surface: pygame.Surface) -> None:
        super().draw_scene(surface)
        app, pal, s = self.app, self.app.palette, self.s
        rect = self.panel_rect()
        r = blit_text(surface, app.fonts, text("event.title").upper(),
                      (rect.x + s(22), rect.y + s(14)), 12, pal["accent"], bold=True)
        r = blit_text(surface, app.fonts, self.card.title, (rect.x + s(22), r.bottom + s(2)), 20,
                      pal["text"], bold=True)
        r = blit_text(surface, app.fonts, self.card.text, (rect.x + s(22), r.bottom + s(8)), 15,
                      pal["text"], width=rect.width - s(44))
        blit_text(surface, app.fonts, text("event.choose"), (rect.x + s(22), r.bottom + s(12)),
                  14, pal["muted"], bold=True)
        for choice, row in self.choice_rows:
            colour = pal.ui.get(choice.side, pal["neglect"])
            tag = pygame.Rect(row.x, row.y + s(8), s(100), row.height - s(16))
            pygame.draw.rect(surface, colour, tag, border_radius=s(6))
            blit_text(surface, app.fonts, text(f"event.side_names.{choice.side}"), tag.center,
                      12, pal["accent_text"] if choice.side == "leadership" else pal["text"],
                      bold=True, anchor="center")
