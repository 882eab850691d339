"""Common random numbers: every chance a person meets is drawn from a counter-based generator
keyed by (the run's seed, what the draw is for, the person, the week).

Why: two plans played on the same seed must meet the same luck, so that a what-if in the game
and a paired comparison in analysis differ by the decision, not by chance. With one sequential
stream, a single extra hire shifts every later draw; here Ada's chance of quitting in week 30 is
the same number whatever else happened. The mixer is SplitMix64's finaliser (Steele et al.
2014) over a key that multiplies the person by an odd constant and xors in the seed, stream and
week: in numpy for a uniform draw, and in the compiled kernels (sim.kernels, the same hash)
for the week's draws and the normal ones, where one hash gives both halves of a normal draw.
"""

from __future__ import annotations

import functools

import numpy as np

from sim import kernels
from sim.kernels import KERNELS


def _word(value: int) -> np.ndarray:
    """A 64-bit constant as a 0-d array: numpy combines an array with a 0-d array faster than
    with a numpy scalar (about half the time of a 12-person hash), and wraps it modulo 2**64
    the same way."""
    return np.array(value, dtype=np.uint64)


_GOLDEN, _M1, _M2 = _word(kernels.GOLDEN), _word(kernels.M1), _word(kernels.M2)
_PERSON = _word(kernels.PERSON)
_WEEK = 0x8CB92BA72F3D8DD7
_STREAM = 0xA24BAED4963EE407
_UNIT = 2.0 ** -53
_MASK64 = kernels.MASK64
_SHIFT = {bits: _word(bits) for bits in (11, 27, 30, 31)}
#: Weeks in `span_bases`'s table: any level (`sim.limits`' most quarters) and then some.
_TABLE_WEEKS = 1024

#: What a draw is for: each purpose has its own stream, so adding one never shifts another.
STREAMS = ("drift", "drift_kind", "load", "join", "star_quit", "patience", "ability")


def _week_keys(first: int, end: int) -> np.ndarray:
    """Each week's part of the draws' keys, weeks `first` to `end` - 1."""
    return np.arange(first, end, dtype=np.uint64) * np.uint64(4 * _WEEK & _MASK64)


def _mix(z: np.ndarray) -> np.ndarray:
    z = z + _GOLDEN
    z = (z ^ (z >> _SHIFT[30])) * _M1
    z = (z ^ (z >> _SHIFT[27])) * _M2
    return z ^ (z >> _SHIFT[31])


@functools.lru_cache(maxsize=256)
def shared_luck(seed: int) -> Luck:
    """The run's luck for `seed`, one per seed in a process: a Luck only remembers what its
    seed gives (its keys and tables), so runs on the same seed share one instead of each
    making its own (a search makes thousands on a few seeds)."""
    return Luck(seed)


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
        self._offsets: dict[str, float] = {}     # each stream's `offset`, once drawn
        self._trait_offsets: np.ndarray | None = None
        self._stream_vectors: dict[tuple[str, ...], np.ndarray] = {}
        self._week_tables: dict[tuple[str, ...], np.ndarray] = {}   # `span_bases`

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

    def bases(self, streams: tuple[str, ...], week: int) -> np.ndarray:
        """The keys of several streams' draws in one week, for the kernels
        (`kernels.assignments`): person by person they give exactly `uniform` and `normal`."""
        return self._keys(streams) ^ np.uint64(week * 4 * _WEEK & _MASK64)

    def _keys(self, streams: tuple[str, ...]) -> np.ndarray:
        """The streams' keys as one array (made once per run)."""
        keys = self._stream_vectors.get(streams)
        if keys is None:
            keys = self._stream_vectors[streams] = np.array(
                [self._stream_keys[s] for s in streams], dtype=np.uint64)
        return keys

    def span_bases(self, streams: tuple[str, ...], first_week: int, weeks: int) -> np.ndarray:
        """`bases` of `weeks` weeks from `first_week` on, one row each (the same keys: unsigned
        64-bit products wrap as `_MASK64` cuts them). Up to `_TABLE_WEEKS` they are rows of a
        table made once per run: made anew each call they were 5% of a small team's run."""
        end = first_week + weeks
        if end > _TABLE_WEEKS:
            return self._keys(streams)[None, :] ^ _week_keys(first_week, end)[:, None]
        table = self._week_tables.get(streams)
        if table is None:
            table = self._keys(streams)[None, :] ^ _week_keys(0, _TABLE_WEEKS)[:, None]
            self._week_tables[streams] = table
        return table[first_week:end]

    def uniform(self, stream: str, people: np.ndarray, week: int, lane: int = 0) -> np.ndarray:
        """One uniform number in [0, 1) per person."""
        return to_uniform(self._bits(stream, people, week, lane))

    def normal(self, stream: str, people: np.ndarray, week: int) -> np.ndarray:
        """One standard normal number per person (the normal's inverse CDF at one hash, from a
        table: `kernels.normals`)."""
        ids = np.asarray(people, dtype=np.int64).reshape(-1)
        out = np.empty(len(ids))
        KERNELS["normals"](ids, np.uint64(self._base(stream, week, 0)), out)
        return out

    def trait_offsets(self) -> np.ndarray:
        """The `offset`s of patience and ability, as `kernels.person_traits` takes them."""
        offsets = self._trait_offsets
        if offsets is None:
            offsets = self._trait_offsets = np.array([self.offset("patience"),
                                                      self.offset("ability")])
            offsets.setflags(write=False)
        return offsets

    def offset(self, stream: str) -> float:
        """Where a stream's quantiles spread evenly over consecutive people begin
        (`kernels.person_traits`): a draw for nobody in week 0, the same for the whole run.
        Spread evenly, a team's tolerances are spread out rather than clumped, so people do
        not all reach the end of their patience in the same week."""
        offset = self._offsets.get(stream)
        if offset is None:
            offset = self._offsets[stream] = float(
                self.uniform(stream, np.zeros(1, dtype=np.int64), 0)[0])
        return offset

    def integers(self, stream: str, people: np.ndarray, week: int, high: int) -> np.ndarray:
        """One whole number in [0, high) per person."""
        return np.minimum((self.uniform(stream, people, week) * high).astype(np.int64),
                          high - 1)


def to_uniform(bits: np.ndarray) -> np.ndarray:
    """Hashes to uniform numbers in [0, 1) (their top 53 bits)."""
    return (bits >> _SHIFT[11]).astype(float) * _UNIT
