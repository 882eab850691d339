"""Keyboard focus over a scene's buttons, so every button is reachable without a mouse.

Why our own ring: pygame_gui focuses what the mouse clicked; players on a projector laptop or
using the keyboard need Tab, arrows and Enter to walk every button in reading order.
"""

from __future__ import annotations

import pygame
from pygame_gui.core import UIElement

NEXT_KEYS = (pygame.K_TAB, pygame.K_DOWN, pygame.K_RIGHT)
PREV_KEYS = (pygame.K_UP, pygame.K_LEFT)
ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


class FocusRing:
    """The focusable elements of a scene in order, and which one has the focus (if any)."""

    def __init__(self) -> None:
        self.items: list[UIElement] = []
        self.index: int | None = None

    def clear(self) -> None:
        self.items = []
        self.index = None

    def add(self, element: UIElement) -> None:
        self.items.append(element)

    @staticmethod
    def usable(element: UIElement) -> bool:
        return bool(element.visible) and bool(element.is_enabled) and element.alive()

    @property
    def current(self) -> UIElement | None:
        if self.index is None or self.index >= len(self.items):
            return None
        element = self.items[self.index]
        return element if self.usable(element) else None

    def focus(self, element: UIElement) -> None:
        if element in self.items:
            self.index = self.items.index(element)

    def move(self, step: int) -> UIElement | None:
        """Move to the next usable element forwards (+1) or backwards (-1)."""
        if not any(self.usable(e) for e in self.items):
            self.index = None
            return None
        n = len(self.items)
        i = (-1 if step > 0 else 0) if self.index is None else self.index
        for _ in range(n):
            i = (i + step) % n
            if self.usable(self.items[i]):
                self.index = i
                return self.items[i]
        return None

    def direction(self, event: pygame.event.Event) -> int:
        """+1 / -1 when the key moves the focus, else 0."""
        if event.key == pygame.K_TAB:
            return -1 if event.mod & pygame.KMOD_SHIFT else 1
        if event.key in NEXT_KEYS:
            return 1
        if event.key in PREV_KEYS:
            return -1
        return 0

    def draw(self, surface: pygame.Surface, colour: pygame.Color, width: int) -> None:
        element = self.current
        if element is not None:
            rect = element.rect.inflate(2 * width + 2, 2 * width + 2)
            pygame.draw.rect(surface, colour, rect, width, border_radius=8)
