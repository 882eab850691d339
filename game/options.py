"""How the game was started (from `orgsim play` or a test): level, seed, demo, files, limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.joined import Joined


@dataclass
class PlayOptions:
    """Options of `orgsim play`, plus a fixed time step for tests and benchmarks.

    fixed_dt: advance the game by this many seconds per frame and never sleep (headless runs);
    None means real time with the frame rate capped.
    """

    level: str | None = None
    seed: int | None = None
    demo: str | None = None
    load: Path | None = None
    screenshots: Path | None = None
    exit_after_level: bool = False
    fps_report: bool = False
    overrides: dict[str, Any] = field(default_factory=dict)
    joined: Joined | None = None      # a workshop session's team (`--session`, `--team`)
    #: Every team joined, in turn order (`--team "Red,Blue"`): two or more share this laptop
    #: in a hot seat (game/hotseat.py), `joined` being the first of them.
    teams: tuple[Joined, ...] = ()
    fixed_dt: float | None = None
    max_frames: int | None = None
    demo_pause: float = 1.5
