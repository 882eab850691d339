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


def _word(value: int) -> np.ndarray:
    """A 64-bit constant as a 0-d array: numpy combines an array with a 0-d array faster than
    with a numpy scalar (about half the time of a 12-person hash), and wraps it modulo 2**64
    the same way."""
    return np.array(value, dtype=np.uint64)


_GOLDEN = _word(0x9E3779B97F4A7C15)
_M1 = _word(0xBF58476D1CE4E5B9)
_M2 = _word(0x94D049BB133111EB)
_PERSON = _word(0xD1B54A32D192ED03)
_WEEK = 0x8CB92BA72F3D8DD7
_STREAM = 0xA24BAED4963EE407
_UNIT = 2.0 ** -53
_HALF = 2.0 ** -32
_MASK64 = 2**64 - 1
_SHIFT = {bits: _word(bits) for bits in (11, 27, 30, 31, 32)}
_LOW32 = _word(0xFFFFFFFF)

#: What a draw is for: each purpose has its own stream, so adding one never shifts another.
STREAMS = ("drift", "drift_kind", "load", "join", "star_quit", "patience", "ability")


def _mix(z: np.ndarray) -> np.ndarray:
    z = z + _GOLDEN
    z = (z ^ (z >> _SHIFT[30])) * _M1
    z = (z ^ (z >> _SHIFT[27])) * _M2
    return z ^ (z >> _SHIFT[31])


class Luck:
    """Uniform and normal draws keyed by (seed, stream, person, week)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        with np.errstate(over="ignore"):
            self._key = _mix(np.array([seed % 2**64], dtype=np.uint64))[0]
        # Seed and stream keys as Python ints: a draw's per-call part is integer arithmetic
        # modulo 2**64 in Python (exact, and without numpy's overflow checks on scalars).
        self._stream_keys = {name: int(self._key) ^ ((i + 1) * _STREAM & _MASK64)
                             for i, name in enumerate(STREAMS)}
        self._offsets: dict[str, float] = {}     # each stream's `evenly` offset, once drawn

    def _base(self, stream: str, week: int, lane: int) -> int:
        """The part of a draw's key shared by everyone: seed, stream and week (mod 2**64)."""
        return self._stream_keys[stream] ^ ((week * 4 + lane) * _WEEK & _MASK64)

    def _bits(self, stream: str, people: np.ndarray, week: int, lane: int = 0) -> np.ndarray:
        ids = np.asarray(people, dtype=np.int64).astype(np.uint64)
        base = _word(self._base(stream, week, lane))
        if ids.ndim:      # array arithmetic wraps modulo 2**64 silently
            return _mix(ids * _PERSON ^ base)
        with np.errstate(over="ignore"):   # numpy scalars warn when they wrap
            return _mix(ids * _PERSON ^ base)

    def bits(self, streams: tuple[str, ...], people: np.ndarray, week: int) -> np.ndarray:
        """The hashes behind several streams' draws for the same people and week, one row per
        stream, in one pass (a small team's week is cheaper for it). `to_uniform(row i)` is
        exactly `uniform(streams[i], people, week)`, and so for `to_normal` and `normal`."""
        ids = np.asarray(people, dtype=np.int64).astype(np.uint64).reshape(-1)
        bases = np.array([self._base(s, week, 0) for s in streams], dtype=np.uint64)
        return _mix(ids * _PERSON ^ bases[:, None])

    def uniform(self, stream: str, people: np.ndarray, week: int, lane: int = 0) -> np.ndarray:
        """One uniform number in [0, 1) per person."""
        return to_uniform(self._bits(stream, people, week, lane))

    def normal(self, stream: str, people: np.ndarray, week: int) -> np.ndarray:
        """One standard normal number per person (see `to_normal`)."""
        return to_normal(self._bits(stream, people, week))

    def evenly(self, stream: str, people: np.ndarray) -> np.ndarray:
        """Quantiles in (0, 1) spread evenly over consecutive people (a Weyl sequence from a
        seeded offset): a team's tolerances are spread out rather than clumped, so people do
        not all reach the end of their patience in the same week."""
        offset = self._offsets.get(stream)
        if offset is None:       # a draw for nobody in week 0: the same for the whole run
            offset = self._offsets[stream] = self.uniform(stream, np.zeros(1, dtype=np.int64),
                                                          0)[0]
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


def to_uniform(bits: np.ndarray) -> np.ndarray:
    """Hashes to uniform numbers in [0, 1) (their top 53 bits)."""
    return (bits >> _SHIFT[11]).astype(float) * _UNIT


def to_normal(bits: np.ndarray) -> np.ndarray:
    """Hashes to standard normal numbers (Box-Muller on the two 32-bit halves of one hash:
    ample resolution for a person's week)."""
    u1 = ((bits >> _SHIFT[32]).astype(float) + 1.0) * _HALF    # (0, 1]: log is finite
    u2 = (bits & _LOW32).astype(float) * _HALF
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
