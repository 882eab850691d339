"""Named contributions to morale: why each worker's morale moved, adding up exactly.

Every weekly morale change is computed as rows of a contribution matrix (one row per named
source), and morale is updated by the sum of those rows, so the explanation is the update itself,
not a reconstruction. Per quarter we keep each worker's start, end and contributions; the team
view adds a "joiners and leavers" term so the team's mean change also adds up exactly.

A finished quarter is kept compact (`_QuarterRecord`): the team's view exactly as from the full
float64 matrix; each worker's rows exact too, or, in a quarter of thousands of workers, in 16-bit
fixed point with what the rounding took off kept aside, so that they still add up.
"""

from __future__ import annotations

import math
import mmap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from sim.arraymath import mean
from sim.dynamics import MORALE_MECHANISMS
from sim.errors import OrgsimError
from sim.kernels import KERNELS
from sim.workforce import Compaction

COMPOSITION = "joiners and leavers"
#: The part of a change that the 0-1 scale's ends cut off (morale cannot go below 0 or above 1).
BOUNDS_LABEL = "held at the end of the 0-1 scale"
#: What a mechanism row is: morale drawn towards the level of one of its drivers (a row is a pull
#: towards a level, not the change of that level: exhaustion can rise while the row is positive).
_DRIVER_NAMES: dict[str, str] = {
    "intrinsic": "drawn to level of meaningful work",
    "extrinsic": "drawn to level of pay and rewards",
    "trust": "drawn to level of trust in the boss",
    "relatedness": "drawn to level of belonging",
    "energy": "drawn to energy level (1 − exhaustion)",
}
STATE_ROW_NAMES: dict[str, str] = {label: _DRIVER_NAMES.get(state, f"drawn to level of {state}")
                                   for state, label, _ in MORALE_MECHANISMS}


def state_row_name(label: str) -> str:
    """The name a by-state row is shown under (mechanism rows renamed for what they are)."""
    return STATE_ROW_NAMES.get(label, label)


@dataclass(frozen=True)
class Explanation:
    """Why morale moved over one quarter, for the team (mean) or one worker.

    contributions maps a plain-language label ("micromanaged (Monitor and control)") to its
    share of the change; `start + sum(contributions) == end` up to float rounding. By decision,
    `details` splits each cause's row by the route it acted through (the by-state rows).
    """

    quarter: int
    worker: int | None
    start: float
    end: float
    contributions: dict[str, float]
    details: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def change(self) -> float:
        return self.end - self.start

    def renamed(self) -> Explanation:
        """The same explanation with mechanism rows named for what they are."""
        return Explanation(self.quarter, self.worker, self.start, self.end,
                           {state_row_name(k): v for k, v in self.contributions.items()},
                           self.details)

    def top(self, n: int = 5) -> list[tuple[str, float]]:
        """The n largest contributions by size, signed."""
        items = sorted(self.contributions.items(), key=lambda kv: -abs(kv[1]))
        return items[:n]


#: A quarter's rows are kept exact (float64) up to this many bytes, a team of about 5,000;
#: a larger quarter's in fixed point (`_FixedRows`).
_EXACT_BYTES = 2**20
#: The largest whole number of steps a 16-bit fixed-point value holds.
_FIXED_LIMIT = 2**15 - 1


@dataclass(frozen=True)
class _ExactRows:
    """A quarter's (sources x workers) rows in float64, as the model added them up."""

    matrix: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.matrix.nbytes

    def column(self, i: int) -> np.ndarray:
        """One worker's values, one per source."""
        return self.matrix[:, i]


@dataclass(frozen=True)
class _FixedRows:
    """A quarter's (sources x workers) rows in 16-bit fixed point: per source a step (its
    largest magnitude this quarter / (2**15 - 1)), per value a whole number of steps in an
    int16: 2 bytes a value instead of float64's 8. A source that is zero for everyone this
    quarter (a lever not used, an event of another quarter) is left out. Per worker,
    `residual` is what the rounding took off their values, summed in float64 and kept in
    float32; `column` gives it back to their largest value, so their rows still add up to
    their change as the exact ones do (to float32's rounding of the residual, under 1e-12).

    Why fixed point: the rows are parts of a sum, so their absolute error is what counts.
    Each value is within half a step of the exact one, 1/65534 (1.5e-5) of its source's
    largest value in the quarter, and the largest value also takes back the residual, so
    no value is further off than the sum of the steps (`error_bound`, asserted by
    tests/test_explain_compact.py). Only quarters of thousands of workers are kept so (an
    analyst's script; every level and the game stay exact): there about one value in fifty
    shown to 0.001 morale points changes in its last digit. A value that is not zero keeps at
    least one step, so a worker's list of rows names the same sources as before."""

    width: int           # sources in all
    sources: np.ndarray  # int64: the sources kept (not zero for everyone)
    step: np.ndarray     # float64 per kept source
    residual: np.ndarray  # float32 per worker: exact sum - kept sum of their values
    steps: np.ndarray    # int16 (kept sources, workers): each value in whole steps

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.sources, self.step, self.residual, self.steps))

    @property
    def error_bound(self) -> float:
        """How far any value `column` gives may be from the exact one: half a step for its
        own rounding plus, for the largest, the residual (at most half of every step)."""
        return float(self.step.sum())

    def column(self, i: int) -> np.ndarray:
        """One worker's values, one per source (float64, adding up as the exact ones)."""
        values = np.zeros(self.width)
        values[self.sources] = self.steps[:, i] * self.step
        lost = float(self.residual[i])
        if lost:
            values[int(np.argmax(np.abs(values)))] += lost
        return values


@dataclass
class _QuarterRecord:
    """One finished quarter: each worker's start, end and contributions, and the team's means.

    Why compact: the full float64 (sources x workers) matrix grew ~21 MiB a quarter per 100,000
    workers. The team's mean contributions are computed once, at the end of the quarter, from
    the full-precision matrix and exactly as before (bit for bit: tests/test_reference.py).
    Each worker's rows are kept exact in a quarter of up to `_EXACT_BYTES`, in fixed point
    (`_FixedRows`) in a larger one.
    """

    ids: np.ndarray           # worker ids (present at end, then departed; int32 if they fit)
    present: int              # the first `present` ids were in the team at the end
    start: np.ndarray         # float64, per worker
    end: np.ndarray           # float64, per worker
    contrib: _ExactRows | _FixedRows   # (sources, workers)
    labels: list[str]
    team_means: np.ndarray    # float64 per source: the mean over those present at the end
    team_start_mean: float

    def worker(self, column: int) -> dict[str, float]:
        """One worker's contributions by label (zero rows left out)."""
        values = self.contrib.column(column)
        return {label: float(values[k]) for k, label in enumerate(self.labels)
                if values[k] != 0.0}


def _room(width: int) -> int:
    """How many columns a buffer for `width` workers is given: more than the workforce's
    room for its leavers and joiners (`Workforce.reserve`, an eighth more), so that the
    explainer's buffers, sized at a quarter's start, are not copied when a span reserves the
    workforce's (a copy at 10,000 workers is ~0.5 ms)."""
    return width + width // 4 + 16


class Explainer:
    """Accumulates each quarter's contribution rows, row-aligned with the workforce."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self._index: dict[str, int] = {}
        self.acc = np.zeros((0, 0))
        self.start = np.zeros(0)
        self._start_room = self.start
        self._departed: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._team_start_mean = 0.0
        self.records = _Records()
        self._rows: dict[tuple[str, ...], np.ndarray | slice] = {}
        self._buffer = np.zeros((0, 0))

    def source(self, label: str) -> int:
        """The row index of a named source, adding it the first time it is seen."""
        if label not in self._index:
            self._add_sources([label])
        return self._index[label]

    def _add_sources(self, labels: list[str]) -> None:
        """Append new sources' rows, in one reshape however many there are.

        Why together: a model's first week brings some twenty sources, and one by one each
        zeroed a row of fresh pages and every few of them the buffer grew and was copied
        (6 ms a model at 10,000 workers, as much as the week itself)."""
        for label in labels:
            self._index[label] = len(self.labels)
            self.labels.append(label)
        self._reshape(len(self.labels), self.acc.shape[1])

    def sources(self, labels: list[str]) -> np.ndarray | slice:
        """The rows of named sources, for `add`: a slice where they are consecutive (as a
        week's rows are), so that adding them is a plain in-place sum, else their indices.

        Cached by labels: the same labels recur every week, and a label keeps its row for the
        explainer's life (rows are only ever appended), so an entry never goes stale."""
        key = tuple(labels)
        rows = self._rows.get(key)
        if rows is None:
            new = [label for label in dict.fromkeys(labels) if label not in self._index]
            if new:
                self._add_sources(new)
            index = np.array([self._index[label] for label in labels], dtype=np.int64)
            first = int(index[0]) if len(index) else 0
            consecutive = bool(np.array_equal(index, np.arange(first, first + len(index))))
            rows = slice(first, first + len(index)) if consecutive else index
            self._rows[key] = rows
        return rows

    def block(self, labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The matrix the accumulated rows live in and the named sources' rows in it (adding
        them as needed): row r, column i of `acc` is row r, column i of the matrix. For adding
        weeks of rows in compiled code exactly as `add` does."""
        rows = self.sources(labels)
        index = np.arange(rows.start, rows.stop) if isinstance(rows, slice) else rows
        return self._buffer, index

    def row(self, label: str) -> int:
        """The row of a named source, or -1 if it has none yet."""
        return self._index.get(label, -1)

    def begin_quarter(self, morale: np.ndarray) -> None:
        self.acc = np.zeros((0, 0))  # a fresh quarter: nothing carried over
        self._reshape(len(self.labels), len(morale))
        self._start_room = np.empty(_room(len(morale)))
        self._start_room[:len(morale)] = morale
        self.start = self._start_room[:len(morale)]
        self._departed = []
        self._team_start_mean = mean(morale) if len(morale) else 0.0

    def add(self, rows: np.ndarray | slice, contributions: np.ndarray) -> None:
        """Add a (rows, workers) block of contributions to the named source rows (from
        `sources`: a slice adds in place, indices gather and scatter; rows are distinct)."""
        self.acc[rows] += contributions

    def joined(self, morale: np.ndarray) -> None:
        """New workers appended to the workforce start from their arrival morale (`start` is a
        window on a buffer with room, as `acc` is: a week's joiners are not a copy of it)."""
        self._reshape(self.acc.shape[0], self.acc.shape[1] + len(morale))
        n, width = len(self.start), len(self.start) + len(morale)
        if width > len(self._start_room):
            room = np.empty(_room(width))
            room[:n] = self.start
            self._start_room = room
        self._start_room[n:width] = morale
        self.start = self._start_room[:width]

    def reserve(self, width: int) -> None:
        """Room for `width` workers in the matrix's buffer and the start values' (what
        `kernels.churn_weeks` writes joiners into), keeping `acc` and `start`."""
        rows, n = self.acc.shape
        if self._buffer.shape[1] < width:
            buffer = _zeros((max(self._buffer.shape[0], rows + 4), _room(width)))
            buffer[:rows, :n] = self.acc
            self._buffer = buffer
            self.acc = buffer[:rows, :n]
        if len(self._start_room) < width:
            room = np.empty(_room(width))
            room[:len(self.start)] = self.start
            self._start_room = room
            self.start = room[:len(self.start)]

    def start_room(self) -> np.ndarray:
        """The buffer `start` is a window on (`reserve`)."""
        return self._start_room

    def churned(self, n: int, ids: np.ndarray, kept: np.ndarray) -> None:
        """Weeks played with their leavers and joiners (`kernels.churn_weeks`) left n workers
        in the matrix and the start values; `ids` left, with their start and end morale and
        their rows in `kept`'s rows (as `left` keeps them)."""
        if len(ids):
            self._departed.append((ids, kept[0], kept[1], kept[2:]))
        self.acc = self._buffer[:self.acc.shape[0], :n]
        self.start = self._start_room[:n]

    def _reshape(self, rows: int, width: int) -> None:
        """Make `acc` (rows x width), keeping its values and zeroing what is new. `acc` is a
        window on a larger buffer grown geometrically, so a week with arrivals or a new source
        does not copy the whole matrix.

        Why twice the rows: growing copies the matrix, so that for a moment both are resident
        (20 MiB more at 100,000 workers: the run's peak when a decision first taken late on
        adds a source). The buffer is mapped zero pages (`_zeros`), so rows and columns not
        yet used take address space, not memory."""
        old_rows, old_width = self.acc.shape
        buffer = self._buffer
        if buffer.shape[0] < rows or buffer.shape[1] < width:
            buffer = _zeros((max(2 * rows, rows + 4, buffer.shape[0]), _room(width)))
            buffer[:old_rows, :old_width] = self.acc
            self._buffer = buffer
        else:
            buffer[old_rows:rows, :width] = 0.0
            buffer[:old_rows, old_width:width] = 0.0
        self.acc = buffer[:rows, :width]

    def left(self, plan: Compaction, ids: np.ndarray, morale: np.ndarray) -> None:
        """Workers about to be removed: keep their record for this quarter, then compact the
        columns exactly as the workforce compacts its rows."""
        rows = plan.leaving
        kept = np.empty((2 + self.acc.shape[0], len(rows)))    # their start, end and rows
        KERNELS["split_off"](rows, plan.holes, plan.movers, self.start, morale, self.acc, kept)
        self._departed.append((ids[rows], kept[0], kept[1], kept[2:]))
        self.acc = self.acc[:, :plan.keep]
        self.start = self.start[:plan.keep]

    def end_quarter(self, quarter: int, ids: np.ndarray, morale: np.ndarray) -> None:
        """Keep the quarter's record: those present at the end, then those who left. A small
        quarter's (kept exact) is kept as copies of its parts and built when first read
        (`_Records`); a large one is compacted now, so its parts are not kept."""
        departed = self._departed
        parts = _RecordParts(
            list(self.labels), [self.acc, *(d[3] for d in departed)],
            ids=[ids, *(d[0] for d in departed)],
            start=[self.start, *(d[1] for d in departed)],
            end=[morale, *(d[2] for d in departed)],
            team_start_mean=self._team_start_mean)
        if _is_exact(len(self.labels), sum(len(part) for part in parts.ids)):
            self.records.keep(quarter, parts.copied())
        else:
            self.records.put(quarter, parts.record())

    def explain(self, quarter: int, worker: int | None = None) -> Explanation:
        """The team's (mean) or one worker's explanation for a finished quarter."""
        if quarter not in self.records:
            done = sorted(self.records)
            raise KeyError(f"quarter {quarter} has not been played (finished quarters: {done})")
        rec = self.records[quarter]
        if worker is not None:
            hits = np.flatnonzero(rec.ids == worker)
            if not len(hits):
                raise KeyError(f"no worker with id {worker} in quarter {quarter}")
            i = int(hits[0])
            return Explanation(quarter, worker, float(rec.start[i]), float(rec.end[i]),
                               rec.worker(i))
        present = rec.present
        if not present:
            return Explanation(quarter, None, rec.team_start_mean, 0.0,
                               {COMPOSITION: -rec.team_start_mean})
        means = rec.team_means
        contributions = {
            label: float(means[k]) for k, label in enumerate(rec.labels) if means[k] != 0.0
        }
        end_mean = float(rec.end[:present].mean())
        composition = float(rec.start[:present].mean()) - rec.team_start_mean
        if composition != 0.0:
            contributions[COMPOSITION] = composition
        return Explanation(quarter, None, rec.team_start_mean, end_mean, contributions)


class Unexplained:
    """What a model built with `explanations=False` has instead of an `Explainer`: the same
    calls, but nothing is kept. The compiled weeks still add each week's morale rows into a
    matrix (`block`); here it is scratch space that nobody reads.

    Why: a run that is only scored (`orgsim balance`'s) never reads an explanation, and
    keeping them was a tenth of a small team's run and a fifth of the Python around a large
    team's weeks. The explanations never feed back into the model, so its results are the same
    bits either way (tests/test_lean_runs.py)."""

    def __init__(self) -> None:
        self._scratch = np.zeros((0, 0))
        self._width = 0                       # workers present (the scratch's columns in use)
        self._room = 0                        # workers the scratch must have room for
        self._rows: dict[int, np.ndarray] = {}

    def sources(self, labels: list[str]) -> slice:
        return slice(0, len(labels))

    def source(self, label: str) -> int:
        return 0

    def block(self, labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """A scratch matrix with a row for each label and one more (`row`'s), and their rows."""
        rows, width = len(labels) + 1, max(self._width, self._room)
        if self._scratch.shape[0] < rows or self._scratch.shape[1] < width:
            self._scratch = np.zeros((max(rows, 2 * self._scratch.shape[0]),
                                      max(width, int(self._scratch.shape[1] * 1.25) + 16)))
        index = self._rows.get(len(labels))
        if index is None:
            index = self._rows[len(labels)] = np.arange(len(labels), dtype=np.int64)
        return self._scratch, index

    def row(self, label: str) -> int:
        """A row for anything (the scale's ends' row): the scratch's last, past every label's,
        so that the compiled weeks never stop to add one."""
        return self._scratch.shape[0] - 1

    def begin_quarter(self, morale: np.ndarray) -> None:
        self._width = len(morale)

    def add(self, rows: np.ndarray | slice, contributions: np.ndarray) -> None:
        pass

    def joined(self, morale: np.ndarray) -> None:
        self._width += len(morale)

    def reserve(self, width: int) -> None:
        self._room = max(self._room, width)

    def start_room(self) -> np.ndarray:
        return np.zeros(0)

    def churned(self, n: int, ids: np.ndarray, kept: np.ndarray) -> None:
        self._width = n

    def left(self, plan: Compaction, ids: np.ndarray, morale: np.ndarray) -> None:
        self._width = plan.keep

    def end_quarter(self, quarter: int, ids: np.ndarray, morale: np.ndarray) -> None:
        pass

    def explain(self, quarter: int, worker: int | None = None) -> Explanation:
        raise OrgsimError("this model keeps no explanations (it was built with "
                          "explanations=False): build it with explanations=True (the default) "
                          "to ask why morale moved")


_INT32_MAX = 2**31 - 1


def _team_means(acc: np.ndarray) -> np.ndarray:
    """The mean of each source row over the workers present at the end, bit for bit as the
    team view has always computed it, without a copy of the whole matrix.

    Why this way: the view took the quarter's matrix with a boolean mask of those present,
    which numpy returns in Fortran order, and a mean over a row of that adds the workers one
    after another (a single row is contiguous either way: numpy's pairwise sum). The compiled
    `row_means` adds each row's workers one after another too, so every row is summed in the
    same order (tests/test_explain_compact.py)."""
    rows, n = acc.shape
    if rows <= 1 or n == 0:
        return np.asfortranarray(acc).mean(axis=1)
    means = np.empty(rows)
    KERNELS["row_means"](acc, means)
    return means


def _is_exact(width: int, workers: int) -> bool:
    """Whether a quarter of `width` sources and `workers` columns keeps its rows exact."""
    return width * workers * 8 <= _EXACT_BYTES


@dataclass
class _RecordParts:
    """What a quarter's record is made of: the present team's parts, then each week's
    leavers' (`Explainer.left`)."""

    labels: list[str]
    blocks: list[np.ndarray]
    ids: list[np.ndarray]
    start: list[np.ndarray]
    end: list[np.ndarray]
    team_start_mean: float

    def copied(self) -> _RecordParts:
        """The parts with the present team's arrays copied (the team and the explainer's
        matrix change after the quarter; the leavers' parts are already copies)."""
        return _RecordParts(self.labels, [self.blocks[0].copy(), *self.blocks[1:]],
                            [self.ids[0].copy(), *self.ids[1:]],
                            [self.start[0].copy(), *self.start[1:]],
                            [self.end[0].copy(), *self.end[1:]], self.team_start_mean)

    def record(self) -> _QuarterRecord:
        team = self.blocks[0]
        team_means = _team_means(team) if len(self.ids[0]) else np.zeros(len(self.labels))
        return _compact_record(self.labels, self.blocks, self.ids, self.start, self.end,
                               team_means, self.team_start_mean)


class _Records(Mapping[int, _QuarterRecord]):
    """Finished quarters' records, by quarter, in the order they were played.

    Why kept as parts until read: building a small quarter's record was half of the end of
    a quarter of a small team, and most runs (a sweep's, a search's) never ask why morale
    moved. A record is built the first time it is read, from copies of its parts, and then
    kept: the same record as building it at once (tests/test_explain_compact.py)."""

    def __init__(self) -> None:
        self._records: dict[int, _QuarterRecord | _RecordParts] = {}

    def keep(self, quarter: int, parts: _RecordParts) -> None:
        self._records[quarter] = parts

    def put(self, quarter: int, record: _QuarterRecord) -> None:
        self._records[quarter] = record

    def __getitem__(self, quarter: int) -> _QuarterRecord:
        record = self._records[quarter]
        if isinstance(record, _RecordParts):
            record = self._records[quarter] = record.record()
        return record

    def __contains__(self, quarter: object) -> bool:
        return quarter in self._records

    def __iter__(self) -> Iterator[int]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)


def _compact_record(labels: list[str], blocks: list[np.ndarray], ids: list[np.ndarray],
                    start: list[np.ndarray], end: list[np.ndarray], team_means: np.ndarray,
                    team_start_mean: float) -> _QuarterRecord:
    """A quarter's record from its parts side by side: each worker's id, start, end and float64
    contribution column (those present at the end first, then each week's leavers; a block
    from before a source was added has fewer rows, zero in the others). Its arrays are laid
    out in one allocation (`_one_block`)."""
    width, total = len(labels), sum(len(part) for part in ids)
    exact = _is_exact(width, total)
    if exact:
        row_specs = [((width, total), np.float64)]
    else:
        blocks = [blocks[0], _side_by_side(blocks[1:], width)]    # the leavers, in one block
        step = _steps(blocks, width)
        sources = np.flatnonzero(step)
        row_specs = [((total,), np.float32), ((len(sources), total), np.int16)]
    widest = max([int(part.max()) for part in ids if len(part)], default=0)
    all_ids, all_start, all_end, *parts = _one_block(
        ((total,), np.int32 if widest <= _INT32_MAX else np.int64), ((total,), np.float64),
        ((total,), np.float64), *row_specs)
    np.concatenate(ids, out=all_ids)
    np.concatenate(start, out=all_start)
    np.concatenate(end, out=all_end)
    if exact:
        rows: _ExactRows | _FixedRows = _ExactRows(_side_by_side(blocks, width, parts[0]))
    else:
        rows = _FixedRows(width, sources, step[sources], *parts)
        _fill(rows, blocks[0], 0)
        _fill(rows, blocks[1], blocks[0].shape[1])
    return _QuarterRecord(ids=all_ids, present=len(ids[0]), start=all_start, end=all_end,
                          contrib=rows, labels=labels, team_means=team_means,
                          team_start_mean=team_start_mean)


def _side_by_side(blocks: list[np.ndarray], width: int,
                  out: np.ndarray | None = None) -> np.ndarray:
    """The blocks' columns side by side in a (width x columns) float64 matrix (in `out`, if
    given, which must be zero), a block with fewer rows padded with zeros."""
    if out is None:
        out = np.zeros((width, sum(block.shape[1] for block in blocks)))
    first = 0
    for block in blocks:
        out[:block.shape[0], first:first + block.shape[1]] = block
        first += block.shape[1]
    return out


def _steps(blocks: list[np.ndarray], width: int) -> np.ndarray:
    """Each source's fixed-point step: its largest magnitude in any block / `_FIXED_LIMIT`."""
    largest = np.zeros(width)
    for block in blocks:
        KERNELS["abs_max_rows"](block, largest[:block.shape[0]])
    return largest / _FIXED_LIMIT


def _fill(rows: _FixedRows, block: np.ndarray, first: int) -> None:
    """Write a block's columns into `rows` from column `first`, with what the rounding took
    off each column (the compiled `fixed_point`). No value exceeds `_FIXED_LIMIT` steps: the
    largest is its step times that, to a rounding of 1e-16."""
    kept = int(np.searchsorted(rows.sources, block.shape[0]))   # sources the block has
    step = rows.step[:kept]
    KERNELS["fixed_point"](block, rows.sources[:kept], 1.0 / step, step, rows.steps,
                           rows.residual, first)


#: An array this large is mapped from the system by itself (`_zeros`).
_MAPPED_BYTES = 2**20


def _zeros(shape: tuple[int, ...], kind: type = np.float64,
           populate: bool = False) -> np.ndarray:
    """A zeroed array; if large, in an anonymous `mmap` of its own (with `populate`, its
    pages made resident at once: one call instead of a fault per page, for an array that
    will be written whole).

    Why: its pages are then resident only once written (so an unused part of a buffer costs
    no memory), and it goes back to the system when freed, wherever it was. glibc would
    map a large block by itself only below its mmap threshold, which it raises to the size of
    any mapped block freed (the explainer's buffer when it grows: 20 MiB at 100,000 workers),
    and then kept the records in its heap among the weeks' temporaries."""
    size = math.prod(shape) * np.dtype(kind).itemsize
    if size < _MAPPED_BYTES:
        return np.zeros(shape, dtype=kind)
    flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS
    if populate:
        flags |= getattr(mmap, "MAP_POPULATE", 0)
    return np.frombuffer(mmap.mmap(-1, size, flags=flags), dtype=kind).reshape(shape)


def _one_block(*specs: tuple[tuple[int, ...], type]) -> list[np.ndarray]:
    """Zeroed arrays of these shapes and types, laid out in one allocation.

    Why: a quarter's record lives as long as the model, and each of its arrays alone is about
    the size of a week's short-lived arrays, so the C allocator would place them among those
    and keep the memory around them; one block for them all, mapped on its own if large
    (`_zeros`), is not."""
    rooms = [-(-math.prod(shape) * np.dtype(kind).itemsize // 8) * 8 for shape, kind in specs]
    block = _zeros((sum(rooms),), np.uint8, populate=True)     # each array 8-byte aligned
    arrays, offset = [], 0
    for (shape, kind), room in zip(specs, rooms, strict=True):
        arrays.append(np.ndarray(shape, kind, buffer=block, offset=offset))
        offset += room
    return arrays
