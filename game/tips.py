"""Tooltips for drawn things (numbers, charts, people): a rect and the sentence behind it.

Why: every number on screen should say where it comes from; pygame_gui covers its own
widgets, this covers what scenes draw themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.fonts import FontBook

HOVER_DELAY = 0.35


@dataclass(frozen=True)
class Tip:
    """Hovering `rect` shows `text`."""

    rect: pygame.Rect
    text: str


def tip_at(tips: list[Tip], pos: tuple[int, int]) -> Tip | None:
    """The last-added tip under `pos` (later tips sit on top)."""
    for tip in reversed(tips):
        if tip.rect.collidepoint(pos):
            return tip
    return None


def draw_tip(surface: pygame.Surface, fonts: FontBook, text: str, pos: tuple[int, int],
             bg: pygame.Color, fg: pygame.Color) -> None:
    """A dark box with wrapped text near `pos`, kept inside the window."""
    width = round(340 * fonts.scale)
    body = fonts.render(text, 14, fg, width=width - 2 * round(8 * fonts.scale))
    pad = round(8 * fonts.scale)
    box = pygame.Rect(0, 0, body.get_width() + 2 * pad, body.get_height() + 2 * pad)
    box.topleft = (pos[0] + 16, pos[1] + 18)
    sw, sh = surface.get_size()
    if box.right > sw:
        box.right = max(0, pos[0] - 8)
    if box.bottom > sh:
        box.bottom = max(0, pos[1] - 8)
    pygame.draw.rect(surface, bg, box, border_radius=6)
    surface.blit(body, (box.x + pad, box.y + pad))
