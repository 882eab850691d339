"""Small drawing helpers shared by the scenes: text placement, panels, stars, bars."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import ClassVar

import pygame

from game.fonts import FontBook


@dataclass(frozen=True)
class DrawnText:
    """A text as drawn on the screen: where, and at what pixel size."""

    text: str
    rect: pygame.Rect
    px: int
    clip: pygame.Rect | None = None     # the surface's clip when drawn (None: whole surface)
    layer: int = 0                      # 1: a call-out drawn over the screen on purpose


@dataclass
class TextAudit:
    """While active (a `with` block), every text drawn on the screen and every text cut to fit
    is recorded: the layout test checks them against the window, each other and the projector
    mode's minimum size. Drawing is unchanged."""

    drawn: list[DrawnText] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)
    layer: int = 0
    active: ClassVar[TextAudit | None] = None

    def __enter__(self) -> TextAudit:
        TextAudit.active = self
        return self

    def __exit__(self, *exc: object) -> None:
        TextAudit.active = None


def note_text(text: str, rect: pygame.Rect, px: int, clip: pygame.Rect | None = None) -> None:
    """Tell the audit (if any) that `text` was drawn at `rect` (screen coordinates)."""
    if TextAudit.active is not None and text.strip():
        TextAudit.active.drawn.append(DrawnText(text, pygame.Rect(rect), px, clip,
                                                TextAudit.active.layer))


@contextmanager
def on_top() -> Iterator[None]:
    """Text drawn in this block sits over the screen on purpose (a call-out): the audit checks
    it against the window and against itself, not against what it covers."""
    audit = TextAudit.active
    if audit is not None:
        audit.layer += 1
    try:
        yield
    finally:
        if audit is not None:
            audit.layer -= 1


def blit_image(surface: pygame.Surface, image: pygame.Surface, rect: pygame.Rect | tuple,
               text: str, px: int, offset: tuple[int, int] = (0, 0)) -> None:
    """Blit an already rendered text image and tell the audit; `offset` is where `surface`
    sits on the screen (a chart's own surface, say)."""
    surface.blit(image, rect)
    r = image.get_rect(topleft=rect[:2] if isinstance(rect, tuple) else rect.topleft)
    note_text(text, r.move(offset), px, _clip(surface, offset))


def blit_text(surface: pygame.Surface, fonts: FontBook, text: str, pos: tuple[int, int],
              size: int, colour: pygame.Color, bold: bool = False, anchor: str = "topleft",
              width: int = 0) -> pygame.Rect:
    """Draw text anchored at `pos` ("topleft", "midtop", "center", "midright", ...)."""
    surf = fonts.render(text, size, colour, bold, width)
    rect = surf.get_rect(**{anchor: pos})
    surface.blit(surf, rect)
    note_text(text, rect, fonts.px(size), _clip(surface))
    return rect


def _clip(surface: pygame.Surface, offset: tuple[int, int] = (0, 0)) -> pygame.Rect | None:
    clip = surface.get_clip()
    return None if clip == surface.get_rect() else clip.move(offset)


def fit_text(fonts: FontBook, text: str, size: int, width: int, bold: bool = False) -> str:
    """`text` shortened with an ellipsis so it fits in `width` pixels (the audit hears of it:
    a cut is content lost)."""
    font = fonts.font(size, bold)
    if font.size(text)[0] <= width:
        return text
    if TextAudit.active is not None:
        TextAudit.active.cut.append(text)
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
