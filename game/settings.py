"""Settings kept between runs: window, projector mode, palette, sound, default speed.

Why a dataclass and JSON: every field is checked on load, so a hand-edited or damaged file falls
back to defaults field by field instead of crashing the game. A settings file that cannot be
read at all (damaged, foreign, a folder, a FIFO) gives the defaults and is left alone; when the
player next changes a setting it is renamed to 'settings-unreadable.json', never overwritten.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

from game.jsonfile import FileRefusedError, read_json, write_own_json
from game.paths import settings_file

FORMAT = "orgsim-settings"
WINDOW_SIZES: tuple[tuple[int, int], ...] = ((1024, 576), (1280, 720), (1600, 900),
                                             (1920, 1080))
SPEEDS: tuple[int, ...] = (1, 2, 4)
PROJECTOR_SCALE = 1.35


@dataclass
class Settings:
    """What the player chose; `scale` follows from the window and projector mode."""

    window: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    projector: bool = False
    colour_blind: bool = True
    sound: bool = True
    default_speed: int = 1
    easy: bool = False          # preview a plan's likely effect (never in a workshop)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["window"] = list(self.window)
        return {"format": FORMAT, **data}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Settings:
        """Build settings, keeping the default for any missing or malformed field."""
        settings = cls()
        window = data.get("window")
        if (isinstance(window, list) and len(window) == 2
                and all(isinstance(v, int) and 320 <= v <= 8000 for v in window)):
            settings.window = (window[0], window[1])
        for f in fields(cls):
            if f.name == "window":
                continue
            value = data.get(f.name)
            if f.name == "default_speed":
                if value in SPEEDS:
                    settings.default_speed = int(value)  # type: ignore[arg-type]
            elif isinstance(value, bool):
                setattr(settings, f.name, value)
        return settings


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or defaults when there are none or the file is unreadable."""
    try:
        return Settings.from_dict(read_json(path or settings_file(), FORMAT))
    except FileRefusedError:
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically (an unreadable file there is kept aside, not lost)."""
    path = path or settings_file()
    write_own_json(path, settings.to_dict(), FORMAT)
    return path


def ui_scale(window: tuple[int, int], projector: bool) -> float:
    """How much to scale text and widgets: with the window (from 1280x720) and projector mode."""
    w, h = window
    base = min(w / 1280, h / 720)
    base = max(0.8, min(base, 2.0))
    return round(base * (PROJECTOR_SCALE if projector else 1.0), 3)
