"""Where results go: a Parquet dataset folder or a CSV file, appended as runs finish.

Why: a sweep never holds all its results in memory, and a crash must leave only whole runs
behind. A Parquet part is written to a hidden temporary name and renamed into place, so a part
is either whole or absent; a CSV file is appended whole chunks at a time, and on resume a torn
last line and runs with missing quarters are cut away.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.errors import ResultsError, SweepError
from sim.levels import OVERRIDABLE

PART_PREFIX = "part-"
META_NAME = "_meta.json"
FORMATS = {".parquet": "parquet", ".csv": "csv"}


def output_format(path: Path) -> str:
    """'parquet' or 'csv' from the path's suffix, else a clear error."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise SweepError(
            f"{path}: the output must end in .parquet (a Parquet dataset folder) or .csv"
        ) from None


def chunk_token(run_ids: list[str]) -> str:
    """A name for a part, from the runs it holds (so a rewrite never collides)."""
    text = ",".join(sorted(run_ids))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def sort_columns(frame: pd.DataFrame) -> list[str]:
    """Columns that put a results table in a stable, readable order."""
    order = ("level", "strategy", *OVERRIDABLE, "seed", "run_id", "quarter", "worker")
    return [c for c in order if c in frame.columns]


class Sink(ABC):
    """A place that takes tables of whole runs and can say which runs it already holds."""

    def __init__(self, path: Path | None, columns: tuple[str, ...]) -> None:
        self.path = path
        self.columns = columns

    @abstractmethod
    def complete_runs(self) -> set[str]:
        """Run ids held with every quarter (torn or partial runs are dropped first)."""

    @abstractmethod
    def keep_only(self, run_ids: set[str]) -> None:
        """Drop records of runs not in `run_ids` (used for worker records on resume)."""

    @abstractmethod
    def write(self, frame: pd.DataFrame, token: str) -> None:
        """Append whole runs."""

    def close(self) -> None:  # noqa: B027 - an optional hook, not abstract
        """Release any open file."""


class MemorySink(Sink):
    """Keeps tables in memory: for small studies through the Python API with no output file."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        super().__init__(None, columns)
        self.frames: list[pd.DataFrame] = []

    def complete_runs(self) -> set[str]:
        return set()

    def keep_only(self, run_ids: set[str]) -> None:
        self.frames = [f[f["run_id"].isin(run_ids)] for f in self.frames]

    def write(self, frame: pd.DataFrame, token: str) -> None:
        self.frames.append(frame)

    def table(self) -> pd.DataFrame:
        if not self.frames:
            return pd.DataFrame(columns=list(self.columns))
        return pd.concat(self.frames, ignore_index=True)


class ParquetSink(Sink):
    """A folder of `part-*.parquet` files, each renamed into place once fully written.

    pyarrow is imported when first needed, so a new sweep's first runs are already computing
    while it loads.
    """

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        super().__init__(path, columns)
        if importlib.util.find_spec("pyarrow") is None:
            raise SweepError(f"{path}: writing .parquet needs pyarrow (pip install "
                             "'orgsim[analysis]'), or write a .csv file")
        path.mkdir(parents=True, exist_ok=True)
        for leftover in path.glob(f".{PART_PREFIX}*.tmp"):
            leftover.unlink()
        parts = self.parts()
        self.schema = self._pq.read_schema(parts[0]) if parts else None
        if self.schema is not None and tuple(self.schema.names) != columns:
            raise SweepError(
                f"{path}: its columns differ from this sweep's; use --overwrite to start again"
            )

    @property
    def _pa(self) -> Any:
        import pyarrow

        return pyarrow

    @property
    def _pq(self) -> Any:
        import pyarrow.parquet

        return pyarrow.parquet

    def parts(self) -> list[Path]:
        return sorted(self.path.glob(f"{PART_PREFIX}*.parquet"))

    def _ids(self, part: Path) -> set[str]:
        return set(self._pq.read_table(part, columns=["run_id"]).column(0).to_pylist())

    def complete_runs(self) -> set[str]:
        done: set[str] = set()
        for part in self.parts():
            done |= self._ids(part)
        return done

    def keep_only(self, run_ids: set[str]) -> None:
        for part in self.parts():
            ids = self._ids(part)
            if ids <= run_ids:
                continue
            if ids & run_ids:
                kept = self._pq.read_table(part).to_pandas()
                self._write_part(kept[kept["run_id"].isin(run_ids)], part)
            else:
                part.unlink()

    def write(self, frame: pd.DataFrame, token: str) -> None:
        if len(frame):
            self._write_part(frame, self.path / f"{PART_PREFIX}{token}.parquet")

    def _write_part(self, frame: pd.DataFrame, target: Path) -> None:
        table = self._pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False)
        if self.schema is None:
            self.schema = table.schema
        tmp = target.with_name(f".{target.stem}.tmp")
        self._pq.write_table(table, tmp)
        os.replace(tmp, target)


class CsvSink(Sink):
    """One CSV file with a header, appended a chunk at a time and flushed after each."""

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        super().__init__(path, columns)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._cut_torn_line()
        header = ",".join(columns) + "\n"
        if not path.exists() or path.stat().st_size == 0:
            path.write_text(header, encoding="utf-8")
        else:
            with open(path, encoding="utf-8") as fh:
                if fh.readline() != header:
                    raise SweepError(f"{path}: its columns differ from this sweep's; "
                                     "use --overwrite to start again")
        self._fh = open(path, "a", encoding="utf-8", newline="")  # noqa: SIM115

    def _cut_torn_line(self) -> None:
        """A crash mid-write can leave a last line without its newline: drop that line."""
        if not self.path.exists():
            return
        with open(self.path, "rb+") as fh:
            size = fh.seek(0, os.SEEK_END)
            if size == 0:
                return
            fh.seek(size - 1)
            if fh.read(1) == b"\n":
                return
            block = min(size, 1 << 20)
            while True:
                fh.seek(size - block)
                cut = fh.read(block).rfind(b"\n")
                if cut >= 0 or block == size:
                    fh.truncate(size - block + cut + 1 if cut >= 0 else 0)
                    return
                block = min(size, block * 2)

    def _read(self) -> pd.DataFrame:
        self._fh.flush()
        return pd.read_csv(self.path, dtype={"run_id": str})

    def _rewrite(self, frame: pd.DataFrame) -> None:
        self._fh.close()
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        frame.to_csv(tmp, index=False)
        os.replace(tmp, self.path)
        self._fh = open(self.path, "a", encoding="utf-8", newline="")  # noqa: SIM115

    def complete_runs(self) -> set[str]:
        frame = self._read()
        if frame.empty:
            return set()
        counts = frame.groupby("run_id")["quarter"].transform("size")
        whole = counts == frame["quarters"]
        if not whole.all():
            self._rewrite(frame[whole])
        return set(frame.loc[whole, "run_id"])

    def keep_only(self, run_ids: set[str]) -> None:
        frame = self._read()
        keep = frame["run_id"].isin(run_ids)
        if not keep.all():
            self._rewrite(frame[keep])

    def write(self, frame: pd.DataFrame, token: str) -> None:
        if len(frame):
            self._fh.write(frame.to_csv(index=False, header=False))
            self._fh.flush()

    def close(self) -> None:
        self._fh.close()


def open_sink(path: Path, columns: tuple[str, ...]) -> Sink:
    """The sink for a path's format."""
    return ParquetSink(path, columns) if output_format(path) == "parquet" \
        else CsvSink(path, columns)


def read_results(path: str | Path) -> pd.DataFrame:
    """Read a run's or a sweep's table (CSV, Parquet file or dataset folder, JSON), sorted."""
    path = Path(path)
    if not path.exists():
        raise ResultsError(f"{path}: no such results file")
    suffix = path.suffix.lower()
    try:
        if path.is_dir() or suffix == ".parquet":
            frame = pd.read_parquet(path)
        elif suffix == ".csv":
            frame = pd.read_csv(path, dtype={"run_id": str})
        elif suffix == ".json":
            frame = pd.read_json(path)
        else:
            raise ResultsError(f"{path}: expected a .csv, .parquet or .json results file")
    except ResultsError:
        raise
    except ImportError:
        raise ResultsError(f"{path}: reading Parquet needs pyarrow (pip install "
                           "'orgsim[analysis]')") from None
    except Exception as exc:  # any reader failure means the user's file is bad
        raise ResultsError(f"{path}: cannot read the results ({type(exc).__name__}: {exc})") \
            from None
    if frame.empty:
        raise ResultsError(f"{path}: the results hold no rows")
    return frame.sort_values(sort_columns(frame), kind="stable").reset_index(drop=True)
