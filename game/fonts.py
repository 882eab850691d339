"""Fonts and cached text rendering at the current UI scale.

Why a cache: the office and reports redraw the same labels every frame; rendering text is the
most expensive thing pygame does, so each (text, size, colour) is rendered once.
"""

from __future__ import annotations

from collections import OrderedDict

import pygame

from game.assets import font_path

_CACHE_SIZE = 4000


class FontBook:
    """Noto Sans at any size, scaled by the UI scale, with an LRU cache of rendered text."""

    def __init__(self, scale: float = 1.0, min_px: int = 8) -> None:
        """`min_px`: no text smaller than this (projector mode: 18 px, readable at the back)."""
        self.scale = scale
        self.min_px = max(8, min_px)
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._rendered: OrderedDict[tuple, pygame.Surface] = OrderedDict()

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        """The font at `size` design points (scaled)."""
        px = self.px(size)
        key = (px, bold)
        if key not in self._fonts:
            self._fonts[key] = pygame.font.Font(font_path(bold), px)
        return self._fonts[key]

    def px(self, size: int) -> int:
        """The pixel size of text at `size` design points."""
        return max(self.min_px, round(size * self.scale))

    def render(self, text: str, size: int, colour: pygame.Color | tuple, bold: bool = False,
               width: int = 0) -> pygame.Surface:
        """Rendered text (wrapped to `width` pixels when given), cached."""
        key = (text, size, tuple(colour), bold, width)
        surf = self._rendered.get(key)
        if surf is not None:
            self._rendered.move_to_end(key)
            return surf
        font = self.font(size, bold)
        if width > 0:
            surf = self._wrapped(font, text, colour, width)
        else:
            surf = font.render(text, True, colour)
        self._rendered[key] = surf
        if len(self._rendered) > _CACHE_SIZE:
            self._rendered.popitem(last=False)
        return surf

    @staticmethod
    def _wrapped(font: pygame.font.Font, text: str, colour: pygame.Color | tuple,
                 width: int) -> pygame.Surface:
        lines = wrap(font, text, width)
        height = font.get_linesize()
        widest = max((font.size(line)[0] for line in lines), default=1)
        surf = pygame.Surface((max(1, widest), max(1, height * len(lines))), pygame.SRCALPHA)
        for i, line in enumerate(lines):
            surf.blit(font.render(line, True, colour), (0, i * height))
        return surf

    def line_height(self, size: int, bold: bool = False) -> int:
        return self.font(size, bold).get_linesize()


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Split text into lines no wider than `width` (paragraphs kept on '\\n')."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        line = words[0]
        for word in words[1:]:
            trial = f"{line} {word}"
            if font.size(trial)[0] <= width:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines
