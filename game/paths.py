"""Where the game reads its assets and writes the player's data (saves, settings, results).

Why here: one place decides the folders, so tests can point everything at a temporary folder
with ORGSIM_DATA_DIR, and nothing is created at import time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sim.paths import assets_dir as assets_dir  # one place finds the data folders


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
