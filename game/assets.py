"""The game's data files under assets/ (text, palettes, hints, lessons), loaded once each.

Why: words and colours are content, not code; keeping them in files lets a facilitator or a
translator change them without touching Python.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from game.paths import assets_dir


@cache
def load(name: str) -> dict[str, Any]:
    """A JSON asset by file name, e.g. load("text.json")."""
    path = assets_dir() / name
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def text(key: str, **values: Any) -> str:
    """A UI string by dotted key from assets/text.json, formatted with `values`."""
    node: Any = load("text.json")
    for part in key.split("."):
        node = node[part]
    if not isinstance(node, str):
        raise TypeError(f"text key {key!r} is not a string")
    return node.format(**values) if values else node


def count(n: int, word: str) -> str:
    """'1 quarter', '4 quarters': a number with its noun (regular plurals only)."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def text_node(key: str) -> Any:
    """A list or table from assets/text.json by dotted key (help keys, speed names...)."""
    node: Any = load("text.json")
    for part in key.split("."):
        node = node[part]
    return node


def font_path(bold: bool = False) -> str:
    """The shipped font (Noto Sans, SIL Open Font Licence; see assets/fonts/OFL-NotoSans.txt)."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return str(assets_dir() / "fonts" / name)
