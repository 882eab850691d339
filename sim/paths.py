"""Where orgsim's data folders (levels/, assets/) live, in a checkout and in an installed wheel."""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _data_dir(name: str) -> Path:
    """Return the folder `name`: the checkout's copy first (editable installs), then the wheel's."""
    candidates = [
        _CHECKOUT / name,
        Path(sysconfig.get_path("data")) / "share" / "orgsim" / name,
        Path(sys.prefix) / "share" / "orgsim" / name,
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def levels_dir() -> Path:
    """The folder holding the built-in level files (`*.toml`)."""
    return _data_dir("levels")


def assets_dir() -> Path:
    """The folder holding fonts, the pygame_gui theme and other game assets."""
    return _data_dir("assets")
