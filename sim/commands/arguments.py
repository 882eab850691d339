"""Argument types shared by the sub-commands, so a flag means the same in every command.

Why: argparse turns a ValueError or ArgumentTypeError raised here into one line on stderr
with exit status 2, so a bad number never reaches the model (where it would be a traceback).
"""

from __future__ import annotations

import argparse
import math

from sim.limits import MAX_SEED
from sim.safefile import quote


def _whole(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {quote(text)}") \
            from None


def positive_int(text: str) -> int:
    """A whole number of at least 1 (counts such as --quarters and --seeds)."""
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def seed(text: str) -> int:
    """A random seed: a whole number from 0 to MAX_SEED (numpy refuses negative seeds)."""
    value = _whole(text)
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(
            f"a seed must be a whole number from 0 to {MAX_SEED:,}, got {quote(text, 40)}")
    return value


def seconds(text: str) -> float:
    """A finite number of seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {quote(text)}")
    return value
