"""The scene base class: enter / exit / update(dt) / draw / handle an event, with its widgets.

Why each scene owns a pygame_gui manager: scenes stack (a pop-up over the quarter, the help over
anything), and each draws its own widgets in order, so what is on top is drawn last and only the
top scene receives input. Drawing never changes game state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import pygame
import pygame_gui
from pygame_gui.core import ObjectID, UIElement
from pygame_gui.elements import UIButton

from game.focus import FocusRing
from game.tips import Tip, tip_at

if TYPE_CHECKING:
    from game.app import App


class Scene:
    """A screen of the game. Subclasses override `layout`, `draw_scene` and the `on_*` hooks."""

    name = "scene"       # used for screenshot file names
    opaque = True        # an opaque scene hides the scenes below it

    def __init__(self, app: App) -> None:
        self.app = app
        self.ui: pygame_gui.UIManager | None = None
        self.focus = FocusRing()
        self.tips: list[Tip] = []
        self.actions: dict[UIElement, Callable[[], None]] = {}
        self.widget_tips: dict[UIElement, str] = {}
        self.demo_clock = 0.0
        self.built_version = 0

    # ----- lifecycle ----------------------------------------------------------------------
    def enter(self) -> None:
        """Called when pushed: build the widgets."""
        self.build()

    def exit(self) -> None:
        """Called when popped or replaced: drop the widgets."""
        if self.ui is not None:
            self.ui.clear_and_reset()
        self.ui = None
        self.actions.clear()
        self.focus.clear()

    def pause(self) -> None:
        """Another scene went on top."""

    def resume(self) -> None:
        """The scene above was popped."""

    def build(self) -> None:
        """(Re)create the widgets for the current window size and scale."""
        focused = self.focus.index
        if self.ui is not None:
            self.ui.clear_and_reset()
        self.ui = self.app.new_ui()
        self.actions.clear()
        self.widget_tips.clear()
        self.focus.clear()
        self.tips = []
        self.layout()
        self.ui.update(0.0)          # widgets render their first image on an update
        if focused is not None and focused < len(self.focus.items):
            self.focus.index = focused

    def layout(self) -> None:
        """Create widgets (subclasses)."""

    # ----- widgets ------------------------------------------------------------------------
    def s(self, value: float) -> int:
        """A length in design pixels (at 1280x720), scaled."""
        return round(value * self.app.scale)

    def button(self, rect: pygame.Rect, label: str, action: Callable[[], None],
               tip: str | None = None, primary: bool = False, small: bool = False,
               enabled: bool = True, focusable: bool = True) -> UIButton:
        """A themed button that runs `action` when clicked or activated from the keyboard.
        Its tip is shown by the scene's own tooltips (they vanish as soon as the mouse moves,
        so they never hide the next button), or, while it is disabled, why."""
        object_id = ObjectID(object_id="#primary" if primary else "#small" if small else None)
        element = UIButton(rect, label, manager=self.ui, object_id=object_id)
        if not enabled:
            element.disable()
        self.actions[element] = action
        if tip:
            self.widget_tips[element] = tip
        if focusable:
            self.focus.add(element)
        return element

    def activate(self, element: UIElement) -> None:
        action = self.actions.get(element)
        if action is not None and element.is_enabled:
            self.app.sounds.play("click")
            action()

    # ----- frame --------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.ui is not None:
            self.ui.update(dt)
        if self.app.demo is not None:
            self.demo_clock += dt
            if self.demo_clock >= self.app.demo.pause:
                self.demo_clock = 0.0
                self.demo_act()

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_scene(surface)
        if self.ui is not None:
            self.ui.draw_ui(surface)
        self.draw_above_widgets(surface)
        self.focus.draw(surface, self.app.palette["focus"], max(2, self.s(3)))

    def draw_scene(self, surface: pygame.Surface) -> None:
        """Draw everything but the widgets (subclasses)."""

    def draw_above_widgets(self, surface: pygame.Surface) -> None:
        """Draw what must show over the widgets, such as wrapped button labels (subclasses)."""

    # ----- input --------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> pygame.event.Event | None:
        """Handle an event; return None when consumed, the event when not."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element in self.actions:
                self.activate(event.ui_element)
                return None
            return event
        if event.type == pygame.KEYDOWN:
            if self.on_key(event):
                return None
            step = self.focus.direction(event)
            if step:
                self.focus.move(step)
                return None
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                current = self.focus.current
                if current is not None:
                    self.activate(current)
                    return None
                if event.key != pygame.K_SPACE:
                    self.on_enter()
                    return None
            if event.key == pygame.K_ESCAPE:
                self.on_back()
                return None
        if self.ui is not None and self.ui.process_events(event):
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.on_click(event.pos)
        return event

    def on_key(self, event: pygame.event.Event) -> bool:
        """Scene keys before the focus keys; return True when handled."""
        return False

    def on_enter(self) -> None:
        """Enter with no button focused: the scene's main action."""

    def on_back(self) -> None:
        """Esc: back, or the menu."""

    def on_click(self, pos: tuple[int, int]) -> None:
        """A left click on something drawn (not a widget)."""

    def tip_text(self, pos: tuple[int, int]) -> str | None:
        """The tooltip for the button or drawn thing under `pos`; a disabled button says why."""
        for element in self.actions:
            if element.visible and element.rect.collidepoint(pos):
                if not element.is_enabled and _DISABLED_BECAUSE.get(element):
                    return _DISABLED_BECAUSE[element]
                if element in self.widget_tips:
                    return self.widget_tips[element]
        tip = tip_at(self.tips, pos)
        return tip.text if tip else None

    def demo_act(self) -> None:
        """In demo mode, called every `demo.pause` seconds: act as the scripted boss would."""

    def screenshot_name(self) -> str:
        return self.name


#: Why a disabled widget is disabled, shown as its tooltip.
_DISABLED_BECAUSE: WeakKeyDictionary[UIElement, str] = WeakKeyDictionary()


def set_enabled(element: UIElement, enabled: bool, because: str = "") -> None:
    """Enable or disable a widget (only when it changes, which redraws it); `because` says why
    it is disabled, for its tooltip."""
    _DISABLED_BECAUSE[element] = "" if enabled else because
    if enabled and not element.is_enabled:
        element.enable()
    elif not enabled and element.is_enabled:
        element.disable()


def set_selected(element: UIButton, selected: bool) -> None:
    """Show a toggle button as on or off."""
    if selected and not element.is_selected:
        element.select()
    elif not selected and element.is_selected:
        element.unselect()
