"""Helpers for tests that run the real `orgsim` command line in a child process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env() -> dict[str, str]:
    """The environment for child processes: this checkout importable first."""
    extra = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{extra}" if extra else str(ROOT)}


def ctrl_c_stops() -> None:
    """Popen's `preexec_fn` for a child the test stops with SIGINT, as Ctrl-C in a terminal
    does. Why: a process started in the background by a script (`./.ci/run &`) ignores
    SIGINT, a child inherits that across exec, and Python then installs no KeyboardInterrupt
    handler, so the child would never stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def orgsim(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the real command line in a child process."""
    return subprocess.run([sys.executable, "-m", "sim.cli", *args], cwd=cwd, env=child_env(),
                          capture_output=True, text=True, timeout=timeout, check=False)


def one_sentence(stderr: str) -> str:
    """The error line, after checking it is a single line with no traceback."""
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("orgsim: error: ")
    return lines[0]
