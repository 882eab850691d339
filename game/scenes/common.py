"""Pieces every full-screen scene shares: the header band and the footer row of buttons."""

from __future__ import annotations

import pygame

from game.draw import blit_text
from game.scene import Scene


def header_height(scene: Scene) -> int:
    return scene.s(56)


def footer_rect(scene: Scene) -> pygame.Rect:
    """The band at the bottom where a scene's main buttons go."""
    w, h = scene.app.screen.get_size()
    return pygame.Rect(scene.s(16), h - scene.s(58), w - scene.s(32), scene.s(44))


def draw_header(scene: Scene, surface: pygame.Surface, title: str, subtitle: str = "",
                limit: int | None = None) -> None:
    """The band at the top: a title and a muted subtitle (cut to end before x = `limit`)."""
    app = scene.app
    w = surface.get_width()
    band = pygame.Rect(0, 0, w, header_height(scene))
    pygame.draw.rect(surface, app.palette["panel"], band)
    pygame.draw.line(surface, app.palette["panel_border"], band.bottomleft, band.bottomright)
    rect = blit_text(surface, app.fonts, title, (scene.s(18), band.centery), 22,
                     app.palette["text"], bold=True, anchor="midleft")
    room = (limit if limit is not None else w) - rect.right - scene.s(28)
    # the subtitle repeats what the screen shows (level, era): left out, not cut, when tight
    if subtitle and app.fonts.font(14).size(subtitle)[0] <= room:
        blit_text(surface, app.fonts, subtitle, (rect.right + scene.s(14), band.centery + 2), 14,
                  app.palette["muted"], anchor="midleft")
