"""People and icons drawn with pygame primitives, cached as small sprites.

Why primitives: no art that cannot be redistributed, and sprites cached per (size, shade,
mood, look) make 200 people on screen a few hundred blits a frame.
"""

from __future__ import annotations

import math

import pygame

from game.palette import Palette

MOODS = 3   # 0 frown, 1 flat, 2 smile: the face repeats the morale colour in shape


def mood_of(morale: float) -> int:
    return 0 if morale < 0.4 else (1 if morale < 0.6 else 2)


class Sprites:
    """A cache of person and icon sprites at given pixel sizes."""

    def __init__(self, palette: Palette) -> None:
        self.palette = palette
        self._cache: dict[tuple, pygame.Surface] = {}

    def person(self, size: int, shade: int, mood: int, look: int,
               ghost: bool = False, pose: str = "working") -> pygame.Surface:
        """A head-and-shoulders figure `size` pixels wide, body in the morale shade, in a pose
        (`POSES`: working at the desk, talking, stressed, idle)."""
        key = ("person", size, shade, mood, look, ghost, pose)
        surf = self._cache.get(key)
        if surf is None:
            surf = _person(size, self.palette.morale_stops()[shade],
                           self.palette.skin[look % len(self.palette.skin)],
                           self.palette.hair[(look // 3) % len(self.palette.hair)], mood, pose)
            if ghost:
                surf.set_alpha(110)
            self._cache[key] = surf
        return surf

    def icon(self, kind: str, size: int) -> pygame.Surface:
        """A badge: 'exhausted', 'idea', 'offer', 'quit', 'new' or 'selected'."""
        key = ("icon", kind, size)
        surf = self._cache.get(key)
        if surf is None:
            surf = _ICONS[kind](size, self.palette)
            self._cache[key] = surf
        return surf


#: The poses a person can be drawn in.
POSES = ("working", "talking", "stressed", "idle")


def _person(size: int, body: pygame.Color, skin: pygame.Color, hair: pygame.Color,
            mood: int, pose: str = "working") -> pygame.Surface:
    w, h = size, round(size * 1.1)
    surf = pygame.Surface((w, h), pygame.SRCALPHA)
    outline = pygame.Color(40, 44, 50)
    slump = round(h * 0.06) if pose == "idle" else 0       # leaning back, lower in the chair
    # shoulders and body: the morale colour
    body_rect = pygame.Rect(round(w * 0.12), round(h * 0.55) + slump, round(w * 0.76),
                            round(h * 0.5))
    pygame.draw.rect(surf, body, body_rect, border_radius=max(2, w // 4))
    pygame.draw.rect(surf, outline, body_rect, max(1, w // 28), border_radius=max(2, w // 4))
    # head
    r = round(w * 0.23)
    cx, cy = w // 2, round(h * 0.36) + slump
    pygame.draw.circle(surf, skin, (cx, cy), r)
    pygame.draw.arc(surf, hair, pygame.Rect(cx - r, cy - r, 2 * r, 2 * r), 0.15, math.pi - 0.15,
                    max(2, r // 2))
    pygame.draw.circle(surf, outline, (cx, cy), r, max(1, w // 28))
    if w >= 14:
        eye = max(1, r // 6)
        pygame.draw.circle(surf, outline, (cx - r // 3, cy - r // 8), eye)
        pygame.draw.circle(surf, outline, (cx + r // 3, cy - r // 8), eye)
        mw, my = r, cy + r // 3
        line = max(1, r // 7)
        if mood == 2:
            pygame.draw.arc(surf, outline, pygame.Rect(cx - mw // 2, my - mw // 3, mw, mw // 2),
                            math.pi + 0.3, 2 * math.pi - 0.3, line)
        elif mood == 0:
            pygame.draw.arc(surf, outline, pygame.Rect(cx - mw // 2, my, mw, mw // 2),
                            0.3, math.pi - 0.3, line)
        else:
            pygame.draw.line(surf, outline, (cx - mw // 3, my + 1), (cx + mw // 3, my + 1), line)
    _pose(surf, pose, skin, outline, w, h, r, cx, cy)
    return surf


def _pose(surf: pygame.Surface, pose: str, skin: pygame.Color, outline: pygame.Color,
          w: int, h: int, r: int, cx: int, cy: int) -> None:
    """Hands and a speech bubble: typing at the desk, hands to the head, a word with someone."""
    hand = max(2, w // 10)
    edge = max(1, w // 28)
    if pose == "working":            # hands forward on the keyboard
        for x in (cx - r, cx + r):
            pygame.draw.circle(surf, skin, (x, h - hand), hand)
            pygame.draw.circle(surf, outline, (x, h - hand), hand, edge)
    elif pose == "stressed":         # hands to the head
        for x in (cx - r - hand, cx + r + hand):
            pygame.draw.circle(surf, skin, (x, cy - r // 3), hand)
            pygame.draw.circle(surf, outline, (x, cy - r // 3), hand, edge)
    elif pose == "talking":          # a speech bubble
        bubble = pygame.Rect(0, 0, max(6, w // 3), max(4, w // 4))
        bubble.bottomright = (w - 1, max(bubble.height, cy - r + bubble.height // 2))
        pygame.draw.ellipse(surf, pygame.Color(255, 255, 255), bubble)
        pygame.draw.ellipse(surf, outline, bubble, edge)


def _badge(size: int, fill: pygame.Color) -> pygame.Surface:
    surf = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(surf, pygame.Color(255, 255, 255), (size // 2, size // 2), size // 2)
    pygame.draw.circle(surf, fill, (size // 2, size // 2), size // 2, max(1, size // 10))
    return surf


def _exhausted(size: int, palette: Palette) -> pygame.Surface:
    """A nearly empty battery."""
    colour = palette["bad"]
    surf = _badge(size, colour)
    bw, bh = round(size * 0.56), round(size * 0.32)
    body = pygame.Rect(0, 0, bw, bh)
    body.center = (size // 2 - size // 20, size // 2)
    pygame.draw.rect(surf, colour, body, max(1, size // 12))
    cap = pygame.Rect(body.right, body.centery - bh // 4, max(1, size // 12), bh // 2)
    pygame.draw.rect(surf, colour, cap)
    pygame.draw.rect(surf, colour, pygame.Rect(body.x + 2, body.y + 2, max(1, bw // 5),
                                               bh - 4))
    return surf


def _idea(size: int, palette: Palette) -> pygame.Surface:
    """A light bulb."""
    surf = _badge(size, palette["star"])
    c = size // 2
    pygame.draw.circle(surf, pygame.Color("#F0E442"), (c, c - size // 10), round(size * 0.22))
    pygame.draw.circle(surf, pygame.Color(60, 60, 60), (c, c - size // 10), round(size * 0.22),
                       max(1, size // 14))
    base = pygame.Rect(0, 0, round(size * 0.2), round(size * 0.16))
    base.midtop = (c, c + size // 10)
    pygame.draw.rect(surf, pygame.Color(90, 90, 90), base)
    return surf


def _offer(size: int, palette: Palette) -> pygame.Surface:
    """An envelope (a job offer)."""
    colour = palette["highlight"]
    surf = _badge(size, colour)
    env = pygame.Rect(0, 0, round(size * 0.58), round(size * 0.4))
    env.center = (size // 2, size // 2)
    pygame.draw.rect(surf, colour, env, max(1, size // 12))
    pygame.draw.lines(surf, colour, False, [env.topleft, env.center, env.topright],
                      max(1, size // 12))
    return surf


def _quit(size: int, palette: Palette) -> pygame.Surface:
    """A door with an arrow going out."""
    colour = palette["text"]
    surf = _badge(size, colour)
    door = pygame.Rect(0, 0, round(size * 0.3), round(size * 0.5))
    door.midleft = (round(size * 0.22), size // 2)
    pygame.draw.rect(surf, colour, door, max(1, size // 12))
    y = size // 2
    x0, x1 = door.centerx, round(size * 0.8)
    pygame.draw.line(surf, colour, (x0, y), (x1, y), max(1, size // 10))
    pygame.draw.polygon(surf, colour, [(x1, y), (x1 - size // 7, y - size // 7),
                                       (x1 - size // 7, y + size // 7)])
    return surf


def _new(size: int, palette: Palette) -> pygame.Surface:
    """A small green sprout: a newcomer ramping up."""
    colour = pygame.Color("#009E73")
    surf = _badge(size, colour)
    c = size // 2
    pygame.draw.line(surf, colour, (c, round(size * 0.78)), (c, round(size * 0.4)),
                     max(1, size // 10))
    pygame.draw.ellipse(surf, colour, pygame.Rect(c - round(size * 0.3), round(size * 0.25),
                                                  round(size * 0.3), round(size * 0.2)))
    pygame.draw.ellipse(surf, colour, pygame.Rect(c, round(size * 0.33),
                                                  round(size * 0.3), round(size * 0.2)))
    return surf


def _selected(size: int, palette: Palette) -> pygame.Surface:
    """A check mark: picked for a one-to-one."""
    colour = palette["accent"]
    surf = _badge(size, colour)
    pygame.draw.lines(surf, colour, False, [(size * 0.28, size * 0.52), (size * 0.44, size * 0.68),
                                            (size * 0.74, size * 0.34)], max(2, size // 8))
    return surf


_ICONS = {"exhausted": _exhausted, "idea": _idea, "offer": _offer, "quit": _quit, "new": _new,
          "selected": _selected}
ICON_KINDS = tuple(_ICONS)
