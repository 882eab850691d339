"""Where orgsim's data folders (levels/, assets/) live, in a checkout and in an installed wheel."""

from __future__ import annotations

import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _data_dir(name: str) -> Path:
    """Return the folder `name`: the checkout's copy first (editable installs), then the wheel's."""
    for candidate in _candidates(name):
        if candidate.is_dir():
            return candidate
    return _CHECKOUT / name


def _candidates(name: str) -> Iterator[Path]:
    """Where the folder may be, in order; made one at a time, since asking sysconfig where an
    installed wheel's data went costs more than looking in the checkout (every model build
    looks up its level's folder)."""
    yield _CHECKOUT / name
    yield Path(sysconfig.get_path("data")) / "share" / "orgsim" / name
    yield Path(sys.prefix) / "share" / "orgsim" / name


def levels_dir() -> Path:
    """The folder holding the built-in level files (`*.toml`)."""
    return _data_dir("levels")


def assets_dir() -> Path:
    """The folder holding fonts, the pygame_gui theme and other game assets."""
    return _data_dir("assets")
