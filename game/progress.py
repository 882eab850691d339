"""The player's progress: best stars per level and which levels are unlocked.

Why a file of its own: progress outlives save slots. A progress file that cannot be read must
not stop the game, nor be lost silently: the game starts afresh and tells the player, the file
is left alone, and when new progress is saved the old file is first renamed to
'progress-unreadable.json' (never overwritten).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import sim
from game.jsonfile import FileRefusedError, read_json, write_own_json
from game.paths import progress_file

FORMAT = "orgsim-progress"


@dataclass
class Progress:
    """Best stars (0-3) per level, and the levels passed."""

    best: dict[str, int] = field(default_factory=dict)
    passed: set[str] = field(default_factory=set)

    def unlocked(self, level: sim.Level) -> bool:
        """The first level is open; later ones open when the level they follow is passed."""
        return level.unlock_after is None or level.unlock_after in self.passed

    def record(self, level: str, stars: int, passed: bool) -> None:
        self.best[level] = max(stars, self.best.get(level, 0))
        if passed:
            self.passed.add(level)

    def to_dict(self) -> dict[str, object]:
        return {"format": FORMAT, "best": dict(self.best), "passed": sorted(self.passed)}


def read_progress(path: Path | None = None) -> tuple[Progress, str]:
    """The saved progress and '' ; or a fresh one and, if a file was there but could not be
    read, the reason (so the player can be told)."""
    path = path or progress_file()
    try:
        data = read_json(path, FORMAT)
    except FileRefusedError as exc:
        return Progress(), (str(exc) if os.path.lexists(path) else "")
    best = data.get("best", {})
    passed = data.get("passed", [])
    progress = Progress()
    if isinstance(best, dict):
        progress.best = {str(k): int(v) for k, v in best.items()
                         if isinstance(v, int) and 0 <= v <= 3}
    if isinstance(passed, list):
        progress.passed = {str(p) for p in passed if isinstance(p, str)}
    return progress, ""


def load_progress(path: Path | None = None) -> Progress:
    """The saved progress, or a fresh one when there is none or it cannot be read."""
    return read_progress(path)[0]


def save_progress(progress: Progress, path: Path | None = None) -> Path:
    """Write the progress atomically (an unreadable file there is kept aside, not lost)."""
    path = path or progress_file()
    write_own_json(path, progress.to_dict(), FORMAT)
    return path
