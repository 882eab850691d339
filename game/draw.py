"""Small drawing helpers shared by the scenes: text placement, panels, stars, bars."""

from __future__ import annotations

import math

import pygame

from game.fonts import FontBook


def blit_text(surface: pygame.Surface, fonts: FontBook, text: str, pos: tuple[int, int],
              size: int, colour: pygame.Color, bold: bool = False, anchor: str = "topleft",
              width: int = 0) -> pygame.Rect:
    """Draw text anchored at `pos` ("topleft", "midtop", "center", "midright", ...)."""
    surf = fonts.render(text, size, colour, bold, width)
    rect = surf.get_rect(**{anchor: pos})
    surface.blit(surf, rect)
    return rect


def fit_text(fonts: FontBook, text: str, size: int, width: int, bold: bool = False) -> str:
    """`text` shortened with an ellipsis so it fits in `width` pixels."""
    font = fonts.font(size, bold)
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text.rstrip() + "…"


def panel(surface: pygame.Surface, rect: pygame.Rect, fill: pygame.Color,
          border: pygame.Color, radius: int = 8) -> None:
    """A rounded panel with a one-pixel border."""
    pygame.draw.rect(surface, fill, rect, border_radius=radius)
    pygame.draw.rect(surface, border, rect, 1, border_radius=radius)


def star(surface: pygame.Surface, centre: tuple[float, float], radius: float,
         colour: pygame.Color, filled: bool = True) -> None:
    """A five-pointed star."""
    cx, cy = centre
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    pygame.draw.polygon(surface, colour, points, 0 if filled else 2)


def stars(surface: pygame.Surface, topleft: tuple[int, int], count: int, total: int,
          radius: int, on: pygame.Color, off: pygame.Color) -> pygame.Rect:
    """A row of `total` stars, the first `count` filled; returns the row's rect."""
    x, y = topleft
    for i in range(total):
        star(surface, (x + radius + i * radius * 2.3, y + radius), radius,
             on if i < count else off)
    return pygame.Rect(x, y, int(total * radius * 2.3), 2 * radius)


def bar(surface: pygame.Surface, rect: pygame.Rect, share: float, fill: pygame.Color,
        back: pygame.Color) -> None:
    """A horizontal bar filled to `share` (0-1)."""
    pygame.draw.rect(surface, back, rect, border_radius=3)
    filled = rect.copy()
    filled.width = max(0, round(rect.width * min(max(share, 0.0), 1.0)))
    if filled.width:
        pygame.draw.rect(surface, fill, filled, border_radius=3)


def dim(surface: pygame.Surface, colour: pygame.Color) -> None:
    """Darken everything drawn so far (under an overlay)."""
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill(colour)
    surface.blit(veil, (0, 0))
