"""The guided first quarter of a level that asks for it (`guided = true`): a call-out on each
screen saying what to do next (spend, commit, watch, read the report), pointing at the place.

Why on the real screens: the player learns the game by playing its first quarter, not by
reading a manual; the steps follow what the player has done (points spent, committed).
"""

from __future__ import annotations

from typing import Any

import pygame

from game.assets import text
from game.draw import blit_text, on_top


def plan_step(scene: Any) -> tuple[str, pygame.Rect, pygame.Rect] | None:
    """The plan screen's step: (words, where the call-out goes, what it points at)."""
    session = scene.session
    if not session.level.guided or session.next_quarter != 1 or scene.what_if:
        return None
    r = scene.regions_
    levers = r["leadership"].union(r["management"])
    spent, budget = scene.draft.spent(), scene.draft.budget
    if spent <= 1e-9:
        return text("guide.spend"), r["office"], levers
    if spent < budget - 1e-9:
        return text("guide.all", budget=f"{budget:g}"), r["office"], r["budget"]
    return text("guide.commit"), r["office"], scene.commit_button.rect


def quarter_step(scene: Any) -> tuple[str, pygame.Rect, pygame.Rect] | None:
    if not scene.session.level.guided or scene.session.next_quarter != 1:
        return None
    area = scene.office_rect
    return text("guide.watch"), area, area


def report_step(scene: Any) -> tuple[str, pygame.Rect, pygame.Rect] | None:
    if not scene.session.level.guided or scene.quarter != 1:
        return None
    return text("guide.report"), scene.office_rect, scene.why_rect


def draw_callout(scene: Any, surface: pygame.Surface,
                 step: tuple[str, pygame.Rect, pygame.Rect] | None) -> None:
    """The step's words in a box at the top of `area`, with a line to the thing it is about."""
    if step is None:
        return
    words, area, target = step
    app, s, pal = scene.app, scene.s, scene.app.palette
    width = min(area.width - s(16), s(440))
    body = app.fonts.render(words, 14, pal["tooltip_text"], True, width=width - s(28))
    box = pygame.Rect(0, 0, width, body.get_height() + s(24))
    box.midtop = (area.centerx, area.y + s(8))
    if target.colliderect(box) and target is not area:
        box.midbottom = (area.centerx, area.bottom - s(8))
    if target is not area:
        start = box.midleft if target.centerx < box.centerx else box.midright
        end = (target.right - s(6) if target.centerx < box.centerx else target.x + s(6),
               target.centery)
        pygame.draw.line(surface, pal["accent"], start, end, max(2, s(3)))
        pygame.draw.circle(surface, pal["accent"], end, max(4, s(6)))
    pygame.draw.rect(surface, pal["tooltip_bg"], box, border_radius=s(10))
    pygame.draw.rect(surface, pal["accent"], box, max(2, s(3)), border_radius=s(10))
    with on_top():
        blit_text(surface, app.fonts, words, (box.x + s(14), box.y + s(12)), 14,
                  pal["tooltip_text"], bold=True, width=width - s(28))
