"""The pygame_gui theme from assets/theme.json, with font paths resolved and sizes scaled.

Why: the projector mode must scale every widget's text, and font files must be found both in a
checkout and in an installed wheel, so the theme file keeps relative paths and sizes at 1x.
"""

from __future__ import annotations

import copy
from typing import Any

import pygame_gui

from game.assets import load
from game.paths import assets_dir


def theme_dict(scale: float = 1.0) -> dict[str, Any]:
    """The theme as a dict for pygame_gui.UIManager, fonts absolute and scaled by `scale`."""
    theme = copy.deepcopy(load("theme.json"))
    root = assets_dir()
    for block in theme.values():
        if not isinstance(block, dict):
            continue
        font = block.get("font")
        if isinstance(font, dict):
            for key in ("regular_path", "bold_path", "italic_path", "bold_italic_path"):
                if key in font:
                    font[key] = str(root / font[key])
            if "size" in font:
                font["size"] = str(max(8, round(int(font["size"]) * scale)))
        misc = block.get("misc")
        if isinstance(misc, dict) and "rect_width" in misc:
            misc["rect_width"] = str(round(int(misc["rect_width"]) * scale))
    return theme


class _SharedThemeManager(pygame_gui.UIManager):
    """A UIManager that uses an already loaded theme instead of parsing the theme again."""

    def __init__(self, size: tuple[int, int], theme: Any) -> None:
        self._shared_theme = theme
        super().__init__(size, None, enable_live_theme_updates=False)

    def create_new_theme(self, theme_path: Any = None) -> Any:
        return self._shared_theme


class ManagerFactory:
    """Widget managers for scenes, all sharing one parsed theme (and its font and shape caches).

    Why: every scene owns a manager so scenes stack cleanly, and parsing the theme for each
    one cost ~30 ms per scene change; sharing it makes a new scene's manager ~2 ms.
    """

    def __init__(self, size: tuple[int, int], scale: float) -> None:
        self.host = pygame_gui.UIManager(size, theme_dict(scale), enable_live_theme_updates=False)
        self.theme = self.host.get_theme()

    def new(self, size: tuple[int, int]) -> pygame_gui.UIManager:
        return _SharedThemeManager(size, self.theme)
