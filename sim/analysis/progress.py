"""A progress bar for long sweeps: runs done, runs per second and time left.

Why tqdm: Mesa already depends on it, so it costs nothing to install, and it handles terminal
width, rates and estimates well. The bar shows only on a terminal: in a pipe, a log file or with
--quiet it stays silent.
"""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """Counts finished runs out of a total (already-done runs count from the start)."""

    def __init__(self, total: int, done: int = 0, enabled: bool | None = None,
                 stream: TextIO | None = None) -> None:
        stream = stream or sys.stderr
        if enabled is None:
            enabled = stream.isatty()
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=done, unit="run", desc="sweep", file=stream,
                            dynamic_ncols=True, smoothing=0.1, mininterval=0.2)

    def advance(self, runs: int) -> None:
        if self.bar is not None:
            self.bar.update(runs)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
