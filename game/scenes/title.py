"""The title screen: new game, continue, load, workshop, settings, quit."""

from __future__ import annotations

import pygame

from game import flow, hotseat, registry
from game.assets import text
from game.draw import blit_text
from game.figures import mood_of
from game.saves import has_autosave
from game.scene import Scene

ENTRIES = ("new", "continue", "load", "workshop", "settings", "quit")


class TitleScene(Scene):
    name = "title"

    def geometry(self) -> dict[str, int]:
        """Top-down positions that fit the window: title, figures, buttons, then the quote
        (the figures and the quote are left out when the window is too short for them)."""
        s, fonts = self.s, self.app.fonts
        w, h = self.app.screen.get_size()
        bh, gap = s(44), s(10)
        buttons_h = len(ENTRIES) * bh + (len(ENTRIES) - 1) * gap
        title_y = s(24)
        subtitle_y = title_y + fonts.line_height(60, True)
        figures_y = subtitle_y + fonts.line_height(20) + s(12)
        figures = s(44)
        buttons_y = figures_y + figures * 11 // 10 + s(24)
        if buttons_y + buttons_h > h - s(12):          # no room for the figures
            figures = 0
            buttons_y = figures_y + s(8)
        quote_w = min(w - s(80), s(760))
        quote_h = fonts.render("“" + text("title.quote") + "”", 14, (0, 0, 0),
                               width=quote_w).get_height()
        quote_y = h - quote_h - s(24)
        show_quote = quote_y > buttons_y + buttons_h + s(16)
        return {"w": w, "bh": bh, "gap": gap, "title_y": title_y, "subtitle_y": subtitle_y,
                "figures_y": figures_y, "figures": figures, "buttons_y": buttons_y,
                "quote_w": quote_w, "quote_y": quote_y if show_quote else -1}

    def layout(self) -> None:

        g = self.geometry()
        bw = self.s(300)
        x, y = g["w"] // 2 - bw // 2, g["buttons_y"]
        actions = {
            "new": lambda: self.app.push(registry.make("level_select", self.app)),
            "continue": lambda: flow.continue_game(self.app),
            "load": lambda: self.app.push(registry.make("load", self.app)),
            "workshop": lambda: self.app.push(registry.make("workshop", self.app)),
            "settings": lambda: self.app.push(registry.make("settings", self.app)),
            "quit": self.app.quit,
        }
        # Continue: the newest autosave, or a hot seat of teams left for the title
        saved = has_autosave() or hotseat.resumable(self.app)
        main = "continue" if saved else "new"
        for key in ENTRIES:
            self.button(pygame.Rect(x, y, bw, g["bh"]), text(f"title.buttons.{key}"),
                        actions[key], tip=text(f"title.tips.{key}"),
                        enabled=key != "continue" or saved, primary=key == main)
            y += g["bh"] + g["gap"]

    def draw_scene(self, surface: pygame.Surface) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        surface.fill(pal["background"])
        g = self.geometry()
        w = g["w"]
        blit_text(surface, app.fonts, text("title.name"), (w // 2, g["title_y"]), 60,
                  pal["text"], bold=True, anchor="midtop")
        blit_text(surface, app.fonts, text("title.subtitle"), (w // 2, g["subtitle_y"]), 20,
                  pal["muted"], anchor="midtop")
        size = g["figures"]
        if size:   # a team from unhappy to happy: the morale scale, drawn as people
            n, step = 7, size + s(12)
            x0 = w // 2 - (n * step) // 2
            for i in range(n):
                morale = 0.05 + 0.9 * i / (n - 1)
                sprite = app.sprites.person(size, app.palette.shade_index(morale),
                                            mood_of(morale), i * 5 + 2)
                surface.blit(sprite, (x0 + i * step, g["figures_y"]))
        if g["quote_y"] >= 0:
            blit_text(surface, app.fonts, "“" + text("title.quote") + "”",
                      (w // 2 - g["quote_w"] // 2, g["quote_y"]), 14, pal["muted"],
                      width=g["quote_w"])
