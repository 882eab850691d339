"""Settings: window size, full screen, projector mode, palette, sound, default speed.
Each change applies at once and is saved."""

from __future__ import annotations

import dataclasses

import pygame

from game.assets import text
from game.draw import blit_text
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height
from game.settings import SPEEDS, WINDOW_SIZES


class SettingsScene(Scene):
    name = "settings"

    def on_off(self, value: bool) -> str:
        return text("settings.on") if value else text("settings.off")

    def layout(self) -> None:
        s = self.s
        st = self.app.settings
        w, _ = self.app.screen.get_size()
        bw, bh, gap = s(460), s(44), s(10)
        x, y = w // 2 - bw // 2, header_height(self) + s(40)
        entries = [
            (text("settings.window", w=st.window[0], h=st.window[1]), self.next_window),
            (text("settings.fullscreen", on=self.on_off(st.fullscreen)),
             lambda: self.change(fullscreen=not st.fullscreen)),
            (text("settings.projector", on=self.on_off(st.projector)),
             lambda: self.change(projector=not st.projector)),
            (text("settings.colour_blind", on=self.on_off(st.colour_blind)),
             lambda: self.change(colour_blind=not st.colour_blind)),
            (text("settings.sound", on=self.on_off(st.sound)),
             lambda: self.change(sound=not st.sound)),
            (text("settings.speed", speed=f"{st.default_speed}x"), self.next_speed),
            (text("settings.easy", on=self.on_off(st.easy)),
             lambda: self.change(easy=not st.easy)),
        ]
        for label, action in entries:
            self.button(pygame.Rect(x, y, bw, bh), label, action)
            y += bh + gap
        self.note_y = y + s(10)
        foot = footer_rect(self)
        self.button(pygame.Rect(foot.x, foot.y, s(160), foot.height), text("settings.back"),
                    self.app.pop, primary=True)

    def change(self, **values: object) -> None:
        self.app.apply_settings(dataclasses.replace(self.app.settings, **values))

    def next_window(self) -> None:
        sizes = list(WINDOW_SIZES)
        now = tuple(self.app.settings.window)
        i = sizes.index(now) + 1 if now in sizes else 0
        self.change(window=sizes[i % len(sizes)])

    def next_speed(self) -> None:
        i = SPEEDS.index(self.app.settings.default_speed)
        self.change(default_speed=SPEEDS[(i + 1) % len(SPEEDS)])

    def on_back(self) -> None:
        self.app.pop()

    def draw_scene(self, surface: pygame.Surface) -> None:
        pal = self.app.palette
        surface.fill(pal["background"])
        draw_header(self, surface, text("settings.title"))
        blit_text(surface, self.app.fonts, text("settings.note"),
                  (surface.get_width() // 2, self.note_y), 13, pal["muted"], anchor="midtop")
