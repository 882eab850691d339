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
import stat
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from sim.analysis.errors import ResultsError, SweepError
from sim.levels import OVERRIDABLE
from sim.limits import MAX_FILE_BYTES, MAX_RESULT_PARTS, MAX_RESULTS_BYTES
from sim.outputs import exists, reason
from sim.safefile import quote, quote_path, read_json

#: A run's table as JSON (`orgsim run --out x.json`) is small; read it through sim.safefile.
MAX_JSON_RESULTS_BYTES = 50 * MAX_FILE_BYTES

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
        if path.is_dir():
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
        return parquet_parts(self.path) if self.path.is_dir() else []

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
        self.path.mkdir(exist_ok=True)     # a new sweep's folder comes with its first runs
        tmp = target.with_name(f".{target.stem}.tmp")
        self._pq.write_table(table, tmp)
        os.replace(tmp, target)


class CsvSink(Sink):
    """One CSV file with a header, appended a chunk at a time and flushed after each."""

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        super().__init__(path, columns)
        self.header = ",".join(columns) + "\n"
        self._fh: TextIO | None = None
        self._cut_torn_line()
        if path.exists() and path.stat().st_size > 0:
            with open(path, encoding="utf-8") as fh:
                if fh.readline() != self.header:
                    raise SweepError(f"{path}: its columns differ from this sweep's; "
                                     "use --overwrite to start again")

    def _open(self) -> TextIO:
        """The file for appending; a new file (header first) comes with the first runs."""
        if self._fh is None:
            fresh = not self.path.exists() or self.path.stat().st_size == 0
            self._fh = open(self.path, "a", encoding="utf-8", newline="")  # noqa: SIM115
            if fresh:
                self._fh.write(self.header)
        return self._fh

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
        if self._fh is not None:
            self._fh.flush()
        if not self.path.exists() or self.path.stat().st_size == 0:
            return pd.DataFrame(columns=list(self.columns))
        return pd.read_csv(self.path, dtype={"run_id": str})

    def _rewrite(self, frame: pd.DataFrame) -> None:
        self.close()
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        frame.to_csv(tmp, index=False)
        os.replace(tmp, self.path)

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
            fh = self._open()
            fh.write(frame.to_csv(index=False, header=False))
            fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def open_sink(path: Path, columns: tuple[str, ...]) -> Sink:
    """The sink for a path's format."""
    return ParquetSink(path, columns) if output_format(path) == "parquet" \
        else CsvSink(path, columns)


def parquet_parts(folder: Path) -> list[Path]:
    """A dataset folder's part files, in order (only its own level: no walk of a big tree)."""
    parts = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(PART_PREFIX) and entry.name.endswith(".parquet"):
                parts.append(Path(entry.path))
                if len(parts) > MAX_RESULT_PARTS:
                    raise ResultsError(f"{quote_path(folder)}: more than {MAX_RESULT_PARTS:,} "
                                       "part files; not a sweep's dataset folder")
    return sorted(parts)


def _check_table_file(path: Path) -> None:
    """A results file must be a regular file of a sane size before pandas or pyarrow see it
    (a FIFO would block them, /dev/zero would never end)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ResultsError(f"{quote_path(path)}: cannot read the results ({reason(exc)})") \
            from None
    if not stat.S_ISREG(info.st_mode):
        raise ResultsError(f"{quote_path(path)}: not a regular file, so not a results table")
    if info.st_size > MAX_RESULTS_BYTES:
        raise ResultsError(f"{quote_path(path)}: too large for a results table "
                           f"({info.st_size:,} bytes; the limit is {MAX_RESULTS_BYTES:,})")


def _read_table(path: Path) -> pd.DataFrame:
    """The table in a results file or dataset folder, by its kind (checked first)."""
    suffix = path.suffix.lower()
    if path.is_dir():
        parts = parquet_parts(path)
        if not parts:
            raise ResultsError(f"{quote_path(path)}: a folder with no part-*.parquet files, so "
                               "not a sweep's results")
        for part in parts:
            _check_table_file(part)
        import pyarrow.parquet as pq

        return pq.read_table([str(p) for p in parts]).to_pandas()
    if suffix not in (".csv", ".parquet", ".json"):
        raise ResultsError(f"{quote_path(path)}: expected a .csv, .parquet or .json results "
                           "file")
    if suffix == ".json":
        return pd.DataFrame(read_json(path, "results file", ResultsError,
                                      max_bytes=MAX_JSON_RESULTS_BYTES))
    _check_table_file(path)
    if suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, dtype={"run_id": str})


def read_results(path: str | Path) -> pd.DataFrame:
    """Read a run's or a sweep's table (CSV, Parquet file or dataset folder, JSON), sorted."""
    path = Path(path)
    if not exists(path):
        raise ResultsError(f"{quote_path(path)}: no such results file")
    try:
        frame = _read_table(path)
    except ResultsError:
        raise
    except ImportError:
        raise ResultsError(f"{quote_path(path)}: reading Parquet needs pyarrow (pip install "
                           "'orgsim[analysis]')") from None
    except Exception as exc:  # any reader failure means the user's file is bad
        raise ResultsError(f"{quote_path(path)}: cannot read the results "
                           f"({type(exc).__name__}: {quote(str(exc))[1:-1]})") from None
    if frame.empty:
        raise ResultsError(f"{quote_path(path)}: the results hold no rows")
    return frame.sort_values(sort_columns(frame), kind="stable").reset_index(drop=True)
