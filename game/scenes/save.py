"""Save the game to a named slot (written atomically). A file there that cannot be loaded is
never replaced: the game goes to 'name-2' and the player is told."""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from game import flow
from game.assets import text
from game.draw import blit_text
from game.jsonfile import FileRefusedError
from game.saves import write_save
from game.scenes.overlay import Overlay


class SaveScene(Overlay):
    name = "save"
    width = 520
    height = 260

    def __init__(self, app) -> None:
        super().__init__(app)
        session = app.session
        self.default = (f"{session.level_name} q{session.model.quarter}" if session else "save")
        self.message = ""
        self.value = self.default

    def layout(self) -> None:
        s = self.s
        rect = self.panel_rect()
        self.entry = UITextEntryLine(pygame.Rect(rect.x + s(22), rect.y + s(92),
                                                 rect.width - s(44), s(40)), manager=self.ui)
        self.entry.set_text(self.value)
        self.entry.focus()
        cancel = pygame.Rect(rect.x + s(22), rect.bottom - s(58), s(160), s(40))
        save = pygame.Rect(rect.right - s(182), rect.bottom - s(58), s(160), s(40))
        self.button(cancel, text("save.cancel"), self.app.pop)
        self.button(save, text("save.save"), self.save, primary=True)

    def save(self) -> None:
        self.value = self.entry.get_text()
        if self.app.session is None:
            self.app.pop()
            return
        try:
            written = write_save(self.app.session, self.value)
        except (FileRefusedError, OSError) as exc:
            self.message = str(exc)
            return
        self.app.pop()
        self.app.notify(text("save.saved", slot=written.path.stem))
        if written.notice:
            flow.show_message(self.app, text("save.elsewhere"), written.notice)

    def handle_event(self, event: pygame.event.Event) -> pygame.event.Event | None:
        """Typing goes to the name; Enter saves, Esc cancels, Tab walks the buttons."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.focus.current is None:
                self.save()
                return None
            if event.key == pygame.K_ESCAPE:
                self.app.pop()
                return None
            if event.key != pygame.K_TAB and self.entry.is_focused:
                self.ui.process_events(event)
                return None
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            self.save()
            return None
        return super().handle_event(event)

    def draw_scene(self, surface: pygame.Surface) -> None:
        super().draw_scene(surface)
        rect = self.panel_rect()
        y = self.title(surface, text("save.title"))
        blit_text(surface, self.app.fonts, text("save.prompt"), (rect.x + self.s(22), y), 14,
                  self.app.palette["text"])
        if self.message:
            blit_text(surface, self.app.fonts, self.message,
                      (rect.x + self.s(22), rect.y + self.s(138)), 13, self.app.palette["bad"],
                      width=rect.width - self.s(44))
