"""Named contributions to morale: why each worker's morale moved, adding up exactly.

Every weekly morale change is computed as rows of a contribution matrix (one row per named
source), and morale is updated by the sum of those rows, so the explanation is the update itself,
not a reconstruction. Per quarter we keep each worker's start, end and contributions; the team
view adds a "joiners and leavers" term so the team's mean change also adds up exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.dynamics import MORALE_MECHANISMS
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


@dataclass
class _QuarterRecord:
    ids: np.ndarray           # worker ids (present at end, then departed)
    present_at_end: np.ndarray
    start: np.ndarray
    end: np.ndarray
    contrib: np.ndarray       # (sources, workers)
    labels: list[str]
    team_start_mean: float


class Explainer:
    """Accumulates each quarter's contribution rows, row-aligned with the workforce."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self._index: dict[str, int] = {}
        self.acc = np.zeros((0, 0))
        self.start = np.zeros(0)
        self._departed: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._team_start_mean = 0.0
        self.records: dict[int, _QuarterRecord] = {}
        self._rows: dict[tuple[str, ...], np.ndarray | slice] = {}
        self._buffer = np.zeros((0, 0))

    def source(self, label: str) -> int:
        """The row index of a named source, adding it the first time it is seen."""
        index = self._index.get(label)
        if index is None:
            index = len(self.labels)
            self._index[label] = index
            self.labels.append(label)
            self._reshape(len(self.labels), self.acc.shape[1])
        return index

    def sources(self, labels: list[str]) -> np.ndarray | slice:
        """The rows of named sources, for `add`: a slice where they are consecutive (as a
        week's rows are), so that adding them is a plain in-place sum, else their indices.

        Cached by labels: the same labels recur every week, and a label keeps its row for the
        explainer's life (rows are only ever appended), so an entry never goes stale."""
        key = tuple(labels)
        rows = self._rows.get(key)
        if rows is None:
            index = np.array([self.source(label) for label in labels], dtype=np.int64)
            first = int(index[0]) if len(index) else 0
            consecutive = bool(np.array_equal(index, np.arange(first, first + len(index))))
            rows = slice(first, first + len(index)) if consecutive else index
            self._rows[key] = rows
        return rows

    def begin_quarter(self, morale: np.ndarray) -> None:
        self.acc = np.zeros((0, 0))  # a fresh quarter: nothing carried over
        self._reshape(len(self.labels), len(morale))
        self.start = morale.copy()
        self._departed = []
        self._team_start_mean = float(morale.mean()) if len(morale) else 0.0

    def add(self, rows: np.ndarray | slice, contributions: np.ndarray) -> None:
        """Add a (rows, workers) block of contributions to the named source rows (from
        `sources`: a slice adds in place, indices gather and scatter; rows are distinct)."""
        self.acc[rows] += contributions

    def joined(self, morale: np.ndarray) -> None:
        """New workers appended to the workforce start from their arrival morale."""
        self._reshape(self.acc.shape[0], self.acc.shape[1] + len(morale))
        self.start = np.concatenate([self.start, morale])

    def _reshape(self, rows: int, width: int) -> None:
        """Make `acc` (rows x width), keeping its values and zeroing what is new. `acc` is a
        window on a larger buffer grown geometrically, so a week with arrivals or a new source
        does not copy the whole matrix."""
        old_rows, old_width = self.acc.shape
        buffer = self._buffer
        if buffer.shape[0] < rows or buffer.shape[1] < width:
            buffer = np.zeros((max(rows + 8, buffer.shape[0]), int(width * 1.25) + 16))
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
        self._departed.append((ids[rows], self.start[rows], morale[rows], self.acc[:, rows]))
        self.acc = plan.apply(self.acc)
        self.start = plan.apply(self.start)

    def end_quarter(self, quarter: int, ids: np.ndarray, morale: np.ndarray) -> None:
        width = len(self.labels)
        parts_ids, parts_start, parts_end, parts_c = [ids], [self.start], [morale], [self.acc]
        for d_ids, d_start, d_end, d_c in self._departed:
            pad = np.zeros((width - d_c.shape[0], d_c.shape[1]))
            parts_ids.append(d_ids)
            parts_start.append(d_start)
            parts_end.append(d_end)
            parts_c.append(np.vstack([d_c, pad]))
        present = np.zeros(sum(len(p) for p in parts_ids), dtype=bool)
        present[: len(ids)] = True
        self.records[quarter] = _QuarterRecord(
            ids=np.concatenate(parts_ids), present_at_end=present,
            start=np.concatenate(parts_start), end=np.concatenate(parts_end),
            contrib=np.hstack(parts_c), labels=list(self.labels),
            team_start_mean=self._team_start_mean,
        )

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
            i = hits[0]
            contributions = {
                label: float(rec.contrib[k, i]) for k, label in enumerate(rec.labels)
                if rec.contrib[k, i] != 0.0
            }
            return Explanation(quarter, worker, float(rec.start[i]), float(rec.end[i]),
                               contributions)
        present = rec.present_at_end
        if not present.any():
            return Explanation(quarter, None, rec.team_start_mean, 0.0,
                               {COMPOSITION: -rec.team_start_mean})
        means = rec.contrib[:, present].mean(axis=1)
        contributions = {
            label: float(means[k]) for k, label in enumerate(rec.labels) if means[k] != 0.0
        }
        end_mean = float(rec.end[present].mean())
        composition = float(rec.start[present].mean()) - rec.team_start_mean
        if composition != 0.0:
            contributions[COMPOSITION] = composition
        return Explanation(quarter, None, rec.team_start_mean, end_mean, contributions)
