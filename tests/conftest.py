"""Session set-up shared by every test file."""

from __future__ import annotations

import pytest

from sim import kernels


def pytest_sessionstart(session: pytest.Session) -> None:
    """Make the compiled week ready before any test: on a fresh clone the first process that
    plays a week builds it (15-40 s, `sim.prebuilt`), and that wait belongs to set-up, not to
    whichever test (perhaps one with a time limit on a child process) happens to come first.
    Parallel test processes build it once: the others wait on the build's lock."""
    kernels.warm_up()
