"""An event pops up during the quarter; where it offers a choice, the week waits for it.

Choices are not labelled leadership or management while the player chooses (that would give the
answer away); the quarter's log names the side once the choice is made. A choice's label is
wrapped, never cut: its button is as tall as the label needs."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import pygame

from game.assets import text
from game.draw import blit_image, blit_text
from game.scenes.overlay import Overlay

if TYPE_CHECKING:
    from game.app import App


def shown_order(card: Any, seed: int) -> list[Any]:
    """The card's choices in an order drawn from the game's seed and the card: level files
    tend to list one side first, and a fixed position would give the side away. The same game
    always shows the same order (a reload or a what-if does not reshuffle)."""
    choices = list(card.choices)
    random.Random(f"{seed}:{card.id}").shuffle(choices)
    return choices


class EventScene(Overlay):
    name = "event"
    closable = False     # a choice must be made
    width = 760
    height = 470
    LABEL_SIZE = 14

    def __init__(self, app: App, card: Any) -> None:
        super().__init__(app)
        self.card = card
        self.choices = shown_order(card, app.session.seed)

    def panel_rect(self) -> pygame.Rect:
        """As tall as the card's text and choices need."""
        fonts, s = self.app.fonts, self.s
        width = min(s(self.width), self.app.screen.get_width() - 20)
        body = fonts.render(self.card.text, 15, self.app.palette["text"],
                            width=width - s(44)).get_height()
        about = self.about()
        if about:
            body += s(6) + fonts.render(about, 14, self.app.palette["text"], True,
                                        width=width - s(44)).get_height()
        n = len(self.choices)
        buttons = sum(self._button_height(width, choice, i)
                      for i, choice in enumerate(self.choices))
        height = (s(14) + fonts.line_height(12, True) + fonts.line_height(20, True) + s(8) + body
                  + s(12) + fonts.line_height(14, True) + s(12) + buttons + (n - 1) * s(8)
                  + s(20))
        rect = pygame.Rect(0, 0, width, min(height, self.app.screen.get_height() - 20))
        rect.center = (self.app.screen.get_width() // 2, self.app.screen.get_height() // 2)
        return rect

    def about(self) -> str:
        """Who the card is about, by name ('' for a card about the whole team)."""
        person = self.app.session.model.event_subject(self.card)
        return "" if person is None else text("event.about", name=person.name, role=person.role)

    def _label(self, index: int, choice: Any) -> str:
        return f"{index + 1}. {choice.label}"

    def _label_width(self, panel_width: int) -> int:
        return panel_width - self.s(44) - self.s(28)

    def _button_height(self, panel_width: int, choice: Any, index: int) -> int:
        """Tall enough for the wrapped label, at least a normal button."""
        label = self.app.fonts.render(self._label(index, choice), self.LABEL_SIZE,
                                      self.app.palette["text"], True,
                                      width=self._label_width(panel_width))
        return max(self.s(46), label.get_height() + self.s(16))

    def layout(self) -> None:
        rect = self.panel_rect()
        s = self.s
        gap = s(8)
        heights = [self._button_height(rect.width, c, i)
                   for i, c in enumerate(self.choices)]
        y = rect.bottom - s(18) - sum(heights) - (len(heights) - 1) * gap
        self.choice_rows = []
        for i, (choice, bh) in enumerate(zip(self.choices, heights, strict=True)):
            row = pygame.Rect(rect.x + s(22), y, rect.width - s(44), bh)
            # the label is drawn over the button, wrapped (a pygame_gui button cuts it)
            # no tooltip: a choice's text explains it after the fact and would give it away
            self.button(row, "", lambda c=choice.id: self.choose(c), small=True)
            self.choice_rows.append((i, choice, row))
            y += bh + gap

    def choose(self, choice_id: str) -> None:
        self.app.session.answer(self.card.id, choice_id)
        self.app.pop()

    def on_key(self, event: pygame.event.Event) -> bool:
        index = event.key - pygame.K_1
        if 0 <= index < len(self.choices):
            self.choose(self.choices[index].id)
            return True
        return False

    def demo_act(self) -> None:
        self.choose(self.app.demo.respond(self.app.session.model, self.card))

    def draw_scene(self, surface: pygame.Surface) -> None:
        super().draw_scene(surface)
        app, pal, s = self.app, self.app.palette, self.s
        rect = self.panel_rect()
        kind, colour = (("event.crisis", pal["bad"]) if self.card.crisis
                        else ("event.title", pal["accent"]))
        r = blit_text(surface, app.fonts, text(kind).upper(),
                      (rect.x + s(22), rect.y + s(14)), 12, colour, bold=True)
        r = blit_text(surface, app.fonts, self.card.title, (rect.x + s(22), r.bottom + s(2)), 20,
                      pal["text"], bold=True)
        r = blit_text(surface, app.fonts, self.card.text, (rect.x + s(22), r.bottom + s(8)), 15,
                      pal["text"], width=rect.width - s(44))
        about = self.about()
        if about:
            r = blit_text(surface, app.fonts, about, (rect.x + s(22), r.bottom + s(6)), 14,
                          pal["accent"], bold=True, width=rect.width - s(44))
        blit_text(surface, app.fonts, text("event.choose"), (rect.x + s(22), r.bottom + s(12)),
                  14, pal["muted"], bold=True)

    def draw_above_widgets(self, surface: pygame.Surface) -> None:
        """The choices' labels, wrapped, over their buttons."""
        width = self._label_width(self.panel_rect().width)
        for i, choice, row in self.choice_rows:
            label = self.app.fonts.render(self._label(i, choice), self.LABEL_SIZE,
                                          self.app.palette["text"], True, width=width)
            blit_image(surface, label, label.get_rect(midleft=(row.x + self.s(14), row.centery)),
                       self._label(i, choice), self.app.fonts.px(self.LABEL_SIZE))
