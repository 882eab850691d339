"""Where the game reads its assets and writes the player's data (saves, settings, results).

Why here: one place decides the folders, so tests can point everything at a temporary folder
with ORGSIM_DATA_DIR, and nothing is created at import time.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    """The assets folder: the checkout's copy first (editable installs), then the wheel's."""
    candidates = [
        _CHECKOUT / "assets",
        Path(sysconfig.get_path("data")) / "share" / "orgsim" / "assets",
        Path(sys.prefix) / "share" / "orgsim" / "assets",
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def data_dir() -> Path:
    """The player's data folder (not created here): ORGSIM_DATA_DIR, else the platform's."""
    override = os.environ.get("ORGSIM_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "orgsim"


def saves_dir() -> Path:
    """Named save slots and the autosave."""
    return data_dir() / "saves"


def results_dir() -> Path:
    """Debrief results: a JSON file and a PNG of the charts per finished level."""
    return data_dir() / "results"


def settings_file() -> Path:
    """The settings kept between runs."""
    return data_dir() / "settings.json"


def progress_file() -> Path:
    """Best stars per level and which levels are passed."""
    return data_dir() / "progress.json"
