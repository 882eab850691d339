"""Scenes by name: the flow and the scenes ask for a screen by name instead of importing each
other (after Tuxemon's state manager), so no scene module imports another and the import graph
has no circle; a scene's module is imported when it is first shown.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.app import App
    from game.scene import Scene

#: Scene name -> its module in game/scenes (the class is the one named <Name>Scene).
SCENES: dict[str, str] = {
    "briefing": "BriefingScene", "debrief": "DebriefScene", "event": "EventScene",
    "handover": "HandoverScene", "help": "HelpScene", "join": "JoinScene",
    "level_select": "LevelSelectScene", "load": "LoadScene",
    "menu": "MenuScene", "message": "MessageScene", "plan": "PlanScene",
    "quarter": "QuarterScene", "report": "ReportScene", "save": "SaveScene",
    "settings": "SettingsScene", "title": "TitleScene", "waiting": "WaitingScene",
    "whatif_pick": "WhatIfPickScene", "workshop": "WorkshopScene",
}


def scene_class(name: str) -> type[Scene]:
    """The class of the scene called `name` (a KeyError names an unknown one)."""
    if name not in SCENES:
        raise KeyError(f"no scene called {name!r}; scenes are {', '.join(sorted(SCENES))}")
    return getattr(importlib.import_module(f"game.scenes.{name}"), SCENES[name])


def make(name: str, app: App, *args: Any, **kwargs: Any) -> Scene:
    """A new scene called `name` for `app`."""
    return scene_class(name)(app, *args, **kwargs)


def is_scene(scene: object, name: str) -> bool:
    """Whether `scene` is the scene called `name` (without importing its module)."""
    return type(scene).__name__ == SCENES[name]
