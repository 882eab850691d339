"""The player's progress: best stars per level and which levels are unlocked.

Why a file of its own: progress outlives save slots, and a damaged progress file must not stop
the game (it falls back to a fresh start, and is only replaced by a good one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sim
from game.jsonfile import FileRefusedError, read_json, write_json_atomic
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


def load_progress(path: Path | None = None) -> Progress:
    """The saved progress, or a fresh one when there is none or it cannot be read."""
    try:
        data = read_json(path or progress_file(), FORMAT)
    except FileRefusedError:
        return Progress()
    best = data.get("best", {})
    passed = data.get("passed", [])
    progress = Progress()
    if isinstance(best, dict):
        progress.best = {str(k): int(v) for k, v in best.items()
                         if isinstance(v, int) and 0 <= v <= 3}
    if isinstance(passed, list):
        progress.passed = {str(p) for p in passed if isinstance(p, str)}
    return progress


def save_progress(progress: Progress, path: Path | None = None) -> Path:
    return write_json_atomic(path or progress_file(), progress.to_dict())
