"""Errors of the analysis tools: each a user's mistake told in one sentence (see sim.errors)."""

from __future__ import annotations

from sim.errors import OrgsimError


class SweepError(OrgsimError):
    """A sweep's grid, plan file, output path or back end is wrong."""


class PlotError(OrgsimError):
    """A results file cannot be read or does not hold what the requested plot needs."""


class CompareError(OrgsimError):
    """A comparison cannot be made: too few strategies, or no seeds in common."""


class ResultsError(OrgsimError):
    """A results file (a run's or a sweep's table) is missing, unreadable or lacks columns."""
