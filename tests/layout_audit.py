"""What is wrong with a drawn screen's layout: text off the window or outside its clip, texts on
top of each other, text cut with an ellipsis, text too small for a projector, button labels
wider than their buttons. Used by tests/test_game_layout.py (and handy from a shell)."""

from __future__ import annotations

import pygame
import pygame_gui

from game.app import App
from game.draw import TextAudit

#: Smallest text in projector mode, in pixels (issue 10: readable from the back of a room).
PROJECTOR_PX = 18
#: Two texts may touch (line spacing, anti-aliasing margins), not overlap more than this.
OVERLAP_PX = 3


def audit_screen(app: App) -> TextAudit:
    """Draw the app once, the top scene with the audit on (a pop-up's own texts, not those
    of the dimmed screen under it)."""
    surface = pygame.Surface(app.screen.get_size())
    app.draw(surface)
    with TextAudit() as audit:
        app.top.draw(surface)
    return audit


def problems(app: App, audit: TextAudit) -> list[str]:
    """Every layout problem of the drawn screen, one sentence each."""
    window = app.screen.get_rect()
    found: list[str] = []
    drawn = audit.drawn
    for t in drawn:
        if not window.contains(t.rect):
            found.append(f"off the window: {t.text[:60]!r} at {t.rect}")
        elif t.clip is not None and not t.clip.contains(t.rect):
            found.append(f"clipped: {t.text[:60]!r} at {t.rect} outside {t.clip}")
        if app.settings.projector and t.px < PROJECTOR_PX:
            found.append(f"{t.px} px in projector mode: {t.text[:60]!r}")
    for i, a in enumerate(drawn):
        for b in drawn[i + 1:]:
            if a.layer != b.layer:                   # a call-out covers the screen on purpose
                continue
            inter = a.rect.clip(b.rect)
            if inter.width > OVERLAP_PX and inter.height > OVERLAP_PX:
                found.append(f"overlap: {a.text[:40]!r} at {a.rect} and {b.text[:40]!r} "
                             f"at {b.rect}")
    found += [f"cut to fit: {text[:60]!r}" for text in audit.cut]
    found += _button_problems(app)
    return found


def _button_problems(app: App) -> list[str]:
    """Buttons whose label does not fit (pygame_gui cuts it silently)."""
    found = []
    ui = app.top.ui if app.stack else None
    for element in ui.get_sprite_group().sprites() if ui is not None else []:
        if not isinstance(element, pygame_gui.elements.UIButton) or not element.visible:
            continue
        label = element.text
        if not label:
            continue
        font = element.font
        width = font.size(label)[0] if hasattr(font, "size") else font.get_rect(label).width
        if width > element.rect.width - 8:
            found.append(f"button label wider than its button: {label!r} ({width} px in "
                         f"{element.rect.width})")
    return found
