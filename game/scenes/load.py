"""Load a game from a save slot. A bad file in the folder is listed as unreadable with its short
reason (its full sentence as the button's tip); choosing it shows the refusal and changes
nothing."""

from __future__ import annotations

import pygame

from game import flow
from game.assets import text
from game.draw import blit_text, fit_text
from game.saves import list_saves
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height

MAX_SLOTS = 9


class LoadScene(Scene):
    name = "load"

    def layout(self) -> None:
        s = self.s
        w, _ = self.app.screen.get_size()
        self.saves = list_saves(limit=MAX_SLOTS)
        bw, bh, gap = min(w - s(64), s(820)), s(44), s(8)
        x, y = w // 2 - bw // 2, header_height(self) + s(24)
        for info in self.saves:
            if info.error:
                label = text("load.unreadable", slot=info.slot, reason=info.error)
            else:
                when = info.saved_at.replace("T", " ")[:16]
                label = text("load.entry", slot=info.slot, level=info.level,
                             quarter=info.quarter, seed=info.seed, when=when)
            label = fit_text(self.app.fonts, label, 15, bw - s(24))
            self.button(pygame.Rect(x, y, bw, bh), label,
                        lambda p=info.path: flow.load_game(self.app, p),
                        tip=info.error or None, primary=info.slot == "autosave")
            y += bh + gap
        foot = footer_rect(self)
        self.button(pygame.Rect(foot.x, foot.y, s(160), foot.height), text("load.back"),
                    self.app.pop)

    def on_back(self) -> None:
        self.app.pop()

    def draw_scene(self, surface: pygame.Surface) -> None:
        pal = self.app.palette
        surface.fill(pal["background"])
        draw_header(self, surface, text("load.title"))
        if not self.saves:
            blit_text(surface, self.app.fonts, text("load.empty"),
                      (surface.get_width() // 2, header_height(self) + self.s(40)), 15,
                      pal["muted"], anchor="midtop")
