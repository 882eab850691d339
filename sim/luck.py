"""Common random numbers: every chance a person meets is drawn from a counter-based generator
keyed by (the run's seed, what the draw is for, the person, the week).

Why: two plans played on the same seed must meet the same luck, so that a what-if in the game
and a paired comparison in analysis differ by the decision, not by chance. With one sequential
stream, a single extra hire shifts every later draw; here Ada's chance of quitting in week 30 is
the same number whatever else happened. The mixer is SplitMix64's finaliser (Steele et al.
2014) over a key that multiplies the person by an odd constant and xors in the seed, stream and
week, vectorised in numpy: a handful of array operations per draw, and one hash gives both
halves of a normal draw.
"""

from __future__ import annotations

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_PERSON = np.uint64(0xD1B54A32D192ED03)
_WEEK = np.uint64(0x8CB92BA72F3D8DD7)
_STREAM = np.uint64(0xA24BAED4963EE407)
_UNIT = 2.0 ** -53
_HALF = 2.0 ** -32

#: What a draw is for: each purpose has its own stream, so adding one never shifts another.
STREAMS = ("drift", "drift_kind", "load", "join", "star_quit", "patience", "ability")


def _mix(z: np.ndarray) -> np.ndarray:
    z = z + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


class Luck:
    """Uniform and normal draws keyed by (seed, stream, person, week)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        with np.errstate(over="ignore"):
            self._key = _mix(np.array([seed % 2**64], dtype=np.uint64))[0]
            self._streams = {name: np.uint64(i + 1) * _STREAM
                             for i, name in enumerate(STREAMS)}

    def _bits(self, stream: str, people: np.ndarray, week: int, lane: int = 0) -> np.ndarray:
        ids = np.asarray(people, dtype=np.int64).astype(np.uint64)
        with np.errstate(over="ignore"):
            base = self._key ^ self._streams[stream] ^ (np.uint64(week * 4 + lane) * _WEEK)
            return _mix(ids * _PERSON ^ base)

    def uniform(self, stream: str, people: np.ndarray, week: int, lane: int = 0) -> np.ndarray:
        """One uniform number in [0, 1) per person."""
        return (self._bits(stream, people, week, lane) >> np.uint64(11)).astype(float) * _UNIT

    def normal(self, stream: str, people: np.ndarray, week: int) -> np.ndarray:
        """One standard normal number per person (Box-Muller on the two 32-bit halves of one
        hash: ample resolution for a person's week)."""
        bits = self._bits(stream, people, week)
        u1 = ((bits >> np.uint64(32)).astype(float) + 1.0) * _HALF    # (0, 1]: log is finite
        u2 = (bits & np.uint64(0xFFFFFFFF)).astype(float) * _HALF
        return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)

    def evenly(self, stream: str, people: np.ndarray) -> np.ndarray:
        """Quantiles in (0, 1) spread evenly over consecutive people (a Weyl sequence from a
        seeded offset): a team's tolerances are spread out rather than clumped, so people do
        not all reach the end of their patience in the same week."""
        offset = self.uniform(stream, np.zeros(1, dtype=np.int64), 0)[0]
        ids = np.asarray(people, dtype=float)
        return np.mod(offset + ids * 0.6180339887498949, 1.0) * 0.998 + 0.001

    def generator(self, stream: str, week: int) -> np.random.Generator:
        """A generator for the draws of one purpose in one week (e.g. the newcomers arriving
        then), the same whatever happened before."""
        return np.random.default_rng([self.seed, STREAMS.index(stream), week])

    def integers(self, stream: str, people: np.ndarray, week: int, high: int) -> np.ndarray:
        """One whole number in [0, high) per person."""
        return np.minimum((self.uniform(stream, people, week) * high).astype(np.int64),
                          high - 1)
