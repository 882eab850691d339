"""Whole items in a viewport, scrolled with the mouse wheel or PgUp/PgDn.

Why whole items: a list that does not fit (a projector's big text, a small window) scrolls
instead of dropping rows or cutting them in half, so every row the game has to show is shown
whole, one screen at a time, with a note of how many more are above or below.
"""

from __future__ import annotations

import pygame

from game.assets import text


class ItemScroller:
    """Which items (of given heights) show in a viewport of a given height, from `first` on."""

    def __init__(self) -> None:
        self.first = 0
        self.heights: list[int] = []
        self.room = 0

    def fit(self, heights: list[int], room: int) -> None:
        """New item heights and viewport height; keep `first` in range."""
        self.heights, self.room = list(heights), room
        self.first = max(0, min(self.first, self._last_first()))

    def _last_first(self) -> int:
        """The first item of the last screenful."""
        total, i = 0, len(self.heights)
        while i > 0 and total + self.heights[i - 1] <= self.room:
            total += self.heights[i - 1]
            i -= 1
        return min(i, max(len(self.heights) - 1, 0))

    def visible(self) -> range:
        """The items shown: from `first`, as many whole ones as fit (at least one)."""
        total, end = 0, self.first
        while end < len(self.heights) and (total + self.heights[end] <= self.room
                                           or end == self.first):
            total += self.heights[end]
            end += 1
        return range(self.first, end)

    @property
    def above(self) -> int:
        return self.first

    @property
    def below(self) -> int:
        return len(self.heights) - self.visible().stop

    def more(self, key: str = "report.more") -> str:
        """'2 more above, 3 more below (scroll, ...)' in the words of `key`; '' when all show."""
        where = [text(f"report.more_{side}", n=n)
                 for side, n in (("above", self.above), ("below", self.below)) if n]
        return text(key, where=", ".join(where)) if where else ""

    def scroll(self, steps: int) -> bool:
        """Move by `steps` items (negative: up); True if anything moved."""
        before = self.first
        self.first = max(0, min(self.first + steps, self._last_first()))
        return self.first != before

    def handle(self, event: pygame.event.Event, area: pygame.Rect, mouse: tuple[int, int]
               ) -> bool:
        """The wheel over `area`, or PgUp/PgDn anywhere: True when it scrolled."""
        if event.type == pygame.MOUSEWHEEL and area.collidepoint(mouse):
            return self.scroll(-event.y)
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            page = max(1, len(self.visible()) - 1)
            return self.scroll(page if event.key == pygame.K_PAGEDOWN else -page)
        return False
