"""Pieces every full-screen scene shares: the header band and the footer row of buttons."""

from __future__ import annotations

import pygame

from game import hotseat
from game.assets import text
from game.draw import blit_image, blit_text, fit_text
from game.scene import Scene

BADGE = 18          # the team's badge in a hot seat's headers (design points)


def header_height(scene: Scene) -> int:
    return scene.s(56)


def footer_rect(scene: Scene) -> pygame.Rect:
    """The band at the bottom where a scene's main buttons go."""
    w, h = scene.app.screen.get_size()
    return pygame.Rect(scene.s(16), h - scene.s(58), w - scene.s(32), scene.s(44))


def draw_header(scene: Scene, surface: pygame.Surface, title: str, subtitle: str = "",
                limit: int | None = None) -> None:
    """The band at the top: a title and a muted subtitle (cut to end before x = `limit`); in
    a hot seat, first the team whose turn it is, so nobody plays another team's quarter."""
    app = scene.app
    w = surface.get_width()
    band = pygame.Rect(0, 0, w, header_height(scene))
    pygame.draw.rect(surface, app.palette["panel"], band)
    pygame.draw.line(surface, app.palette["panel_border"], band.bottomleft, band.bottomright)
    x, size = scene.s(18), 22
    team = hotseat.team_on_turn(app)
    if team:
        label, size, title = fit_badge(scene, team, title, (limit if limit is not None else w)
                                       - x - scene.s(28))
        x = draw_team_badge(scene, surface, label, (x, band.centery)) + scene.s(16)
    rect = blit_text(surface, app.fonts, title, (x, band.centery), size,
                     app.palette["text"], bold=True, anchor="midleft")
    room = (limit if limit is not None else w) - rect.right - scene.s(28)
    # the subtitle repeats what the screen shows (level, era): left out, not cut, when tight
    if subtitle and app.fonts.font(14).size(subtitle)[0] <= room:
        blit_text(surface, app.fonts, subtitle, (rect.right + scene.s(14), band.centery + 2), 14,
                  app.palette["muted"], anchor="midleft")


def badge_width(scene: Scene, label: str) -> int:
    return scene.app.fonts.font(BADGE, True).size(label)[0] + 2 * scene.s(12)


def fit_badge(scene: Scene, team: str, title: str, room: int) -> tuple[str, int, str]:
    """The team's badge and the title in `room` pixels: 'Team X' and the title at 22 points
    when they fit, else the team's name alone, then the title at 18 points, and last the title
    cut (the team is never left out)."""
    fonts, gap = scene.app.fonts, scene.s(16)
    for label, size in ((text("hotseat.badge", team=team), 22), (team, 22), (team, 18)):
        if badge_width(scene, label) + gap + fonts.font(size, True).size(title)[0] <= room:
            return label, size, title
    return team, 18, fit_text(fonts, title, 18, room - badge_width(scene, team) - gap, True)


def draw_team_badge(scene: Scene, surface: pygame.Surface, label: str,
                    midleft: tuple[int, int]) -> int:
    """A team's name in a pill in the accent colour; returns the pill's right edge."""
    app, s = scene.app, scene.s
    img = app.fonts.render(label, BADGE, app.palette["accent_text"], bold=True)
    pad = s(12)
    box = img.get_rect(midleft=(midleft[0] + pad, midleft[1]))
    pill = box.inflate(2 * pad, s(8))
    pygame.draw.rect(surface, app.palette["accent"], pill, border_radius=pill.height // 2)
    blit_image(surface, img, box, label, app.fonts.px(BADGE))
    return pill.right
