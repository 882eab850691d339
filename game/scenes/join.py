"""Join a workshop session from the title screen (Workshop, then Join a session): the session's
code, the facilitator page's address or the session folder; the team (a comma list for teams
sharing this laptop, a hot seat); and the team's token for the page. Join calls the same
joining function as `orgsim play --session S --team T` (game.hotseat.join_teams), and what it
refuses is shown here in its own one sentence.

Keyboard only: Tab and Shift+Tab walk the three fields and the two buttons, Enter joins (or
presses the focused button), Esc goes back."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from game import flow, hotseat
from game.assets import text
from game.draw import blit_text
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height
from sim.errors import OrgsimError

if TYPE_CHECKING:
    from game.app import App

FIELDS = ("session", "team", "token")
MAX_CHARS = 400          # a session folder's path or a page's address with its link


class JoinScene(Scene):
    name = "join"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.values = dict.fromkeys(FIELDS, "")
        self.field = 0                       # the field with the keyboard, when one has it
        self.error = ""
        self.entries: dict[str, UITextEntryLine] = {}
        # The key that opened the form ('J' on the Workshop screen) also sends its letter as
        # text in the same batch of events: text is taken from the form's first frame on.
        self.typing = False

    # ----- geometry -------------------------------------------------------------------------
    def column(self) -> tuple[int, int]:
        w = self.app.screen.get_width()
        width = min(w - self.s(80), self.s(720))
        return w // 2 - width // 2, width

    def rows(self) -> dict[str, int]:
        """Top-down y of the intro, each field's label and box, the keys line and the error."""
        s, fonts = self.s, self.app.fonts
        _, width = self.column()
        y = header_height(self) + s(18)
        out = {"intro": y}
        y += fonts.render(text("join.intro"), 15, (0, 0, 0), width=width).get_height() + s(16)
        for key in FIELDS:
            out[f"{key}_label"] = y
            y += fonts.render(text(f"join.{key}"), 14, (0, 0, 0), True,
                              width=width).get_height() + s(4)
            out[key] = y
            y += self.entry_height() + s(12)
        out["keys"] = y
        out["error"] = y + fonts.line_height(13) + s(8)
        return out

    def entry_height(self) -> int:
        return max(self.s(40), self.app.fonts.line_height(16) + self.s(12))

    # ----- widgets --------------------------------------------------------------------------
    def build(self) -> None:
        """Rebuilt for a new window size or scale: what was typed stays."""
        self.keep_values()
        super().build()

    def keep_values(self) -> None:
        for key, entry in self.entries.items():
            if entry.alive():
                self.values[key] = entry.get_text()

    def layout(self) -> None:
        s = self.s
        x, width = self.column()
        rows = self.rows()
        self.entries = {}
        for key in FIELDS:
            entry = UITextEntryLine(pygame.Rect(x, rows[key], width, self.entry_height()),
                                    manager=self.ui)
            entry.set_text_length_limit(MAX_CHARS)
            entry.set_text(self.values[key])
            self.entries[key] = entry
        foot = footer_rect(self)
        self.back = self.button(pygame.Rect(foot.x, foot.y, s(160), foot.height),
                                text("join.back"), self.on_back)
        self.join_button = self.button(
            pygame.Rect(foot.right - s(200), foot.y, s(200), foot.height), text("join.join"),
            self.join, primary=True)
        self.focus_field(self.field)

    # ----- focus: three fields, then the two buttons ----------------------------------------
    def stops(self) -> list[object]:
        return [*(self.entries[k] for k in FIELDS), self.join_button, self.back]

    def position(self) -> int:
        """Where the keyboard is among the stops (a field clicked with the mouse counts)."""
        for i, key in enumerate(FIELDS):
            if self.entries[key].is_focused:
                return i
        current = self.focus.current
        if current is not None:
            return self.stops().index(current)
        return self.field

    def focus_field(self, index: int) -> None:
        """Give the keyboard to a field (index < 3) or a button."""
        for i, key in enumerate(FIELDS):
            if i != index and self.entries[key].is_focused:
                self.entries[key].unfocus()
        if index < len(FIELDS):
            self.field = index
            self.focus.index = None
            entry = self.entries[FIELDS[index]]
            entry.focus()
            entry.set_text(entry.get_text())          # the cursor at the end, to type on
        else:
            self.focus.focus(self.stops()[index])

    def handle_event(self, event: pygame.event.Event) -> pygame.event.Event | None:
        """Tab walks the stops, Enter joins (or presses the focused button), Esc goes back;
        other keys and typed text go to the field that has the keyboard."""
        if event.type == pygame.TEXTINPUT and not self.typing:
            return None
        if event.type == pygame.KEYDOWN:
            stops = len(self.stops())
            if event.key == pygame.K_TAB:
                step = -1 if event.mod & pygame.KMOD_SHIFT else 1
                self.focus_field((self.position() + step) % stops)
                return None
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                current = self.focus.current
                if current is not None and self.position() >= len(FIELDS):
                    self.activate(current)
                else:
                    self.join()
                return None
            if event.key == pygame.K_ESCAPE:
                self.on_back()
                return None
            if self.position() < len(FIELDS) and self.entries[FIELDS[self.position()]] \
                    .is_focused:
                self.ui.process_events(event)
                return None
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and any(e.rect.collidepoint(event.pos)
                                                        for e in self.entries.values()):
            self.focus.index = None           # the clicked field has the keyboard now
        return super().handle_event(event)

    def update(self, dt: float) -> None:
        self.typing = True
        super().update(dt)

    # ----- actions --------------------------------------------------------------------------
    def join(self) -> None:
        """Join with what is typed; a refusal is shown on the form, in its own words."""
        self.keep_values()
        session = self.values["session"].strip()
        team = self.values["team"].strip()
        token = self.values["token"].strip()
        if not session:
            self.refuse(text("join.no_session"), 0)
            return
        if not team and not session.startswith(("http://", "https://")):
            self.refuse(text("join.no_team"), 1)
            return
        try:
            teams = hotseat.join_teams(session, team or None, token or None)
        except OrgsimError as exc:
            self.refuse(str(exc), 0)
            return
        except (OSError, ValueError) as exc:        # a path the system cannot even look at
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.refuse(f"cannot use {session[:60]!r} as a session folder or code: {reason}", 0)
            return
        self.error = ""
        flow.play_joined(self.app, teams)

    def refuse(self, message: str, field: int) -> None:
        self.error = message
        self.focus_field(field)

    def on_back(self) -> None:
        self.app.pop()

    # ----- drawing --------------------------------------------------------------------------
    def draw_scene(self, surface: pygame.Surface) -> None:
        app, pal = self.app, self.app.palette
        surface.fill(pal["background"])
        draw_header(self, surface, text("join.title"))
        x, width = self.column()
        rows = self.rows()
        blit_text(surface, app.fonts, text("join.intro"), (x, rows["intro"]), 15, pal["text"],
                  width=width)
        for key in FIELDS:
            blit_text(surface, app.fonts, text(f"join.{key}"), (x, rows[f"{key}_label"]), 14,
                      pal["text"], bold=True, width=width)
        blit_text(surface, app.fonts, text("join.keys"), (x, rows["keys"]), 13, pal["muted"],
                  width=width)
        if self.error:
            blit_text(surface, app.fonts, self.error, (x, rows["error"]), 14, pal["bad"],
                      bold=True, width=width)

    def draw_above_widgets(self, surface: pygame.Surface) -> None:
        """The field with the keyboard gets the same ring as a focused button."""
        if self.focus.current is not None:
            return
        for entry in self.entries.values():
            if entry.is_focused:
                width = max(2, self.s(3))
                pygame.draw.rect(surface, self.app.palette["focus"],
                                 entry.rect.inflate(2 * width + 2, 2 * width + 2), width,
                                 border_radius=8)
