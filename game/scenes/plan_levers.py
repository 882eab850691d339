"""The two columns of levers on the planning screen: leadership (people, long term, 'why') and
management (structure, short term, 'when'), each lever with -/+ buttons, its points, a bar of
its effect after diminishing returns, and the seed's words in its tooltip."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton

import sim
from game.assets import text
from game.draw import blit_image, blit_text, fit_text, panel
from game.plan_draft import STEP, PlanDraft
from game.scene import set_enabled
from game.tips import Tip

if TYPE_CHECKING:
    from game.scene import Scene

SIDES = ("leadership", "management")


class LeverColumns:
    """Rows, buttons, drawing and tooltips of both lever columns for one scene."""

    def __init__(self, scene: Scene, change: Callable[[str, float], None]) -> None:
        self.scene = scene
        self.change = change
        self.table = sim.lever_table()
        self.areas: dict[str, pygame.Rect] = {}
        self.rows: dict[str, pygame.Rect] = {}
        self.plus: dict[str, UIButton] = {}
        self.minus: dict[str, UIButton] = {}

    def head_height(self) -> int:
        """The column's heading: its side (and points) over a line saying what the side is."""
        fonts, s = self.scene.app.fonts, self.scene.s
        return s(12) + fonts.line_height(15, True) + fonts.line_height(12) + s(4)

    def rows_in(self, column: pygame.Rect, n: int) -> list[pygame.Rect]:
        s = self.scene.s
        head = self.head_height()
        rh = min(s(52), (column.height - head - s(6)) // max(n, 1))
        return [pygame.Rect(column.x + s(10), column.y + head + i * rh, column.width - s(20), rh)
                for i in range(n)]

    def layout(self, areas: dict[str, pygame.Rect]) -> None:
        """Create the -/+ buttons (in reading order, so Tab walks them column by column)."""
        s = self.scene.s
        self.areas = areas
        self.rows, self.plus, self.minus = {}, {}, {}
        for side in SIDES:
            ids = self.table.by_side(side)
            for lever_id, row in zip(ids, self.rows_in(areas[side], len(ids)), strict=True):
                self.rows[lever_id] = row
                bw, bh = s(28), min(s(30), row.height - s(8))
                plus = pygame.Rect(row.right - bw, row.y + (row.height - bh) // 2 - s(2), bw, bh)
                minus = plus.move(-bw - s(38), 0)
                title = self.table[lever_id].title
                self.minus[lever_id] = self.scene.button(
                    minus, "−", lambda i=lever_id: self.change(i, -STEP),
                    tip=f"Take {STEP:g} attention points from {title}", small=True)
                self.plus[lever_id] = self.scene.button(
                    plus, "+", lambda i=lever_id: self.change(i, STEP),
                    tip=f"Put {STEP:g} more attention points on {title}", small=True)

    def refresh(self, draft: PlanDraft) -> None:
        can_add = draft.can_add()
        full = text("plan.why_off.budget_full", budget=f"{draft.budget:g}")
        for lever_id in self.rows:
            set_enabled(self.plus[lever_id], can_add, full)
            set_enabled(self.minus[lever_id], draft.points(lever_id) > 0,
                        text("plan.why_off.nothing_on", title=self.table[lever_id].title))

    def tips(self) -> list[Tip]:
        tips = []
        for lever_id, row in self.rows.items():
            lever = self.table[lever_id]
            area = pygame.Rect(row.x, row.y, self.minus[lever_id].rect.x - row.x, row.height)
            tips.append(Tip(area, text("plan.lever_tip", title=lever.title, side=lever.side,
                                       horizon=lever.horizon, description=lever.description,
                                       seed=lever.seed)))
        for side in SIDES:
            column = self.areas[side]
            tips.append(Tip(pygame.Rect(column.x, column.y, column.width, self.scene.s(44)),
                            text("plan.side_tip", side=side)))
        return tips

    def draw(self, surface: pygame.Surface, draft: PlanDraft) -> None:
        for side in SIDES:
            self.draw_column(surface, side, draft)

    def draw_column(self, surface: pygame.Surface, side: str, draft: PlanDraft) -> None:
        app, pal, s = self.scene.app, self.scene.app.palette, self.scene.s
        area = self.areas[side]
        panel(surface, area, pal["panel"], pal["panel_border"], s(10))
        pygame.draw.rect(surface, pal[side], (area.x, area.y, area.width, s(6)),
                         border_top_left_radius=s(10), border_top_right_radius=s(10))
        r = blit_text(surface, app.fonts, text(f"plan.{side}"), (area.x + s(12), area.y + s(10)),
                      15, pal["text"], bold=True)
        sub = text(f"plan.{side}_sub")
        if app.fonts.font(12).size(sub)[0] > area.width - s(24):
            sub = sub.split(" · ")[0]          # 'people', 'structure': the gist when tight
        blit_text(surface, app.fonts, sub, (area.x + s(12), r.bottom), 12, pal["muted"])
        total = draft.side_points(side)
        blit_text(surface, app.fonts, f"{round(total, 1):g} " + ("pt" if total == 1 else "pts"),
                  (area.right - s(12), area.y + s(12)), 15, pal[side], bold=True,
                  anchor="topright")
        for lever_id in self.table.by_side(side):
            self.draw_row(surface, side, lever_id, draft.points(lever_id))

    def row_title(self, lever: sim.Lever, width: int, height: int, bold: bool) -> str:
        """The lever's title on one line, or on two where the row has room, else its short
        name (the full title is in the tooltip); cut only if even that does not fit."""
        fonts, s = self.scene.app.fonts, self.scene.s
        font = fonts.font(13, bold)
        if font.size(lever.title)[0] <= width:
            return lever.title
        line_h = fonts.line_height(13, bold)
        if height >= 2 * line_h + s(12):
            wrapped = fonts.render(lever.title, 13, (0, 0, 0), bold, width=width)
            if wrapped.get_height() <= 2 * line_h:
                return lever.title
        return fit_text(fonts, lever.short, 13, width, bold)

    def draw_row(self, surface: pygame.Surface, side: str, lever_id: str, points: float) -> None:
        app, pal, s = self.scene.app, self.scene.app.palette, self.scene.s
        row, lever = self.rows[lever_id], self.table[lever_id]
        width = self.minus[lever_id].rect.x - row.x - s(8)
        bold = points > 0
        words = self.row_title(lever, width, row.height, bold)
        title = app.fonts.render(words, 13, pal["text"], bold, width=width)
        blit_image(surface, title, (row.x, row.y + s(2)), words, app.fonts.px(13))
        # the bar shows the lever's effect after diminishing returns, not the raw points
        bar = pygame.Rect(row.x, row.y + s(4) + title.get_height(), width, s(5))
        pygame.draw.rect(surface, pal["grid"], bar, border_radius=3)
        share = 1.0 - math.exp(-points / self.table.returns_scale)
        if share > 0:
            pygame.draw.rect(surface, pal[side], (bar.x, bar.y, round(bar.width * share),
                                                  bar.height), border_radius=3)
        value_x = (self.minus[lever_id].rect.right + self.plus[lever_id].rect.x) // 2
        blit_text(surface, app.fonts, f"{points:.1f}".rstrip("0").rstrip(".") or "0",
                  (value_x, self.plus[lever_id].rect.centery), 15,
                  pal["text"] if points else pal["muted"], bold=True, anchor="center")
