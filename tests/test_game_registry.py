"""Scenes are found by name (game/registry.py): no scene module imports another scene, the flow
imports none, and every scene is registered under its module's name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from game import registry
from game.scene import Scene

GAME = Path(__file__).resolve().parent.parent / "game"
#: Shared pieces of the scenes, not scenes themselves.
PARTS = {"common", "overlay", "plan_levers", "__init__"}


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def scene_modules() -> list[str]:
    return sorted(p.stem for p in (GAME / "scenes").glob("*.py") if p.stem not in PARTS)


@pytest.mark.parametrize("path", [GAME / "flow.py", GAME / "whatif.py",
                                  *sorted((GAME / "scenes").glob("*.py"))],
                         ids=lambda p: p.name)
def test_no_module_imports_a_scene(path: Path) -> None:
    scenes = {f"game.scenes.{name}" for name in scene_modules()}
    assert not imported_modules(path) & scenes


def test_every_scene_is_registered_under_its_module_name() -> None:
    assert sorted(registry.SCENES) == scene_modules()
    for name in registry.SCENES:
        cls = registry.scene_class(name)
        assert issubclass(cls, Scene) and cls.__module__ == f"game.scenes.{name}"
    with pytest.raises(KeyError):
        registry.scene_class("no_such_scene")
