"""A sweep's output on disk: refuse to clobber, --overwrite, --resume, and the metadata file.

Why: the rules that protect an analyst's finished work (never replace results silently, resume
only the same plan with the same model, keep only whole runs) live in one place, and are
checked before any back end starts so a mistake costs nothing.
"""

from __future__ import annotations

import json
import platform
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import mesa
import pandas as pd

import sim
from sim.analysis.errors import SweepError
from sim.analysis.evaluate import Context
from sim.analysis.grid import Grid
from sim.analysis.store import META_NAME, PART_PREFIX, Sink, open_sink, output_format
from sim.limits import MAX_META_BYTES
from sim.outputs import check_folder, exists, refuse, write_atomic
from sim.safefile import quote_path, read_json

#: Metadata keys that must match for --resume to continue a sweep.
RESUME_KEYS = ("orgsim", "mesa", "plan", "inputs", "columns", "worker_columns")


def meta_path(path: Path) -> Path:
    """The metadata file: inside a Parquet dataset folder, or beside a CSV file."""
    if output_format(path) == "parquet":
        return path / META_NAME
    return path.with_name(path.name + ".meta.json")


def read_meta(path: Path) -> dict[str, Any] | None:
    """The metadata of an earlier sweep at `path`, or None if there is none.

    Read through sim.safefile (a regular file, bounded size and depth): the metadata file is as
    untrusted as any other file in the output folder."""
    meta = meta_path(path)
    if not exists(meta):
        return None
    data = read_json(meta, "sweep metadata file", SweepError, max_bytes=MAX_META_BYTES)
    if not isinstance(data, dict):
        raise SweepError(f"{quote_path(meta)}: the sweep metadata must be a JSON object")
    return data


def write_meta(path: Path, data: dict[str, Any]) -> None:
    """Write the metadata atomically (a crash leaves the old file or the new one)."""
    if output_format(path) == "parquet":
        try:
            path.mkdir(exist_ok=True)      # a new dataset folder comes with its metadata
        except OSError as exc:
            raise refuse(path, "create the results folder", exc) from None
    write_atomic(meta_path(path), lambda tmp: tmp.write_text(json.dumps(data, indent=2) + "\n",
                                                               encoding="utf-8"),
                 "sweep metadata")


def new_meta(grid: Grid, ctx: Context, path: Path, workers: Path | None) -> dict[str, Any]:
    """The metadata for a sweep: versions, the full plan, its inputs and columns."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return {
        "orgsim": sim.__version__, "mesa": mesa.__version__,
        "python": platform.python_version(), "created": now, "updated": now,
        "format": output_format(path), "results": path.name,
        "workers_out": str(workers) if workers else None,
        "runs": grid.size, "runs_done": 0, "complete": False,
        "run_id": "blake2b (8 bytes) of level, strategy, seed, swept parameters "
                  "(and a decision log's sha256)",
        "plan": grid.plan_dict(), "inputs": grid.inputs,
        "columns": list(ctx.columns),
        "worker_columns": list(ctx.worker_columns) if workers else None,
    }


def _exists(path: Path) -> bool:
    return exists(path) or exists(meta_path(path))


def _ours(path: Path) -> bool:
    """True if a folder holds nothing but what a sweep writes (safe to delete)."""
    return all(p.name == META_NAME or p.name.startswith((PART_PREFIX, f".{PART_PREFIX}",
                                                         f".{META_NAME}"))
               for p in path.iterdir())


def _remove(path: Path) -> None:
    try:
        if path.is_dir():
            if not _ours(path):
                raise SweepError(f"{path} holds files a sweep did not write; refusing to "
                                 "overwrite it (choose another --out)")
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        if output_format(path) == "csv":
            meta_path(path).unlink(missing_ok=True)
    except OSError as exc:
        raise refuse(path, "remove the earlier results", exc) from None


def discard(path: Path, workers: Path | None) -> None:
    """Remove what a new sweep wrote when it failed before any run was finished, so a failed
    sweep leaves nothing behind (a resumable part of whole runs is kept by the caller)."""
    for target in (path, workers):
        if target is not None and _exists(target):
            _remove(target)


def check(path: Path, workers: Path | None, fresh: dict[str, Any], resume: bool,
          overwrite: bool) -> dict[str, Any] | None:
    """Refuse an existing output unless told what to do; on --resume, check it is this sweep.

    Touches nothing on disk. Returns the earlier metadata when resuming an earlier sweep.
    """
    if resume and overwrite:
        raise SweepError("give --resume or --overwrite, not both")
    targets = [p for p in (path, workers) if p is not None]
    if len({p.resolve() for p in targets}) < len(targets):
        raise SweepError(f"{path}: --workers-out must be a different file from --out")
    flags = {path: "--out", workers: "--workers-out"}
    for target in targets:
        output_format(target)
        check_folder(target, flags[target])
        if target.is_dir() and output_format(target) == "csv":
            raise SweepError(f"{target} is a folder; a .csv output must be a file")
    existing = [p for p in targets if _exists(p)]
    if not existing:
        return None
    if not resume and not overwrite:
        raise SweepError(f"{existing[0]} already exists; use --resume to continue that sweep "
                         "or --overwrite to replace it")
    if overwrite:
        for target in existing:
            if target.is_dir() and not _ours(target):
                raise SweepError(f"{target} holds files a sweep did not write; refusing to "
                                 "overwrite it (choose another --out)")
        return None
    if not _exists(path):
        raise SweepError(f"{existing[0]} exists but {path} does not; cannot resume (use "
                         "--overwrite to start again)")
    old = read_meta(path)
    if old is None:
        raise SweepError(f"{path} exists but has no sweep metadata ({meta_path(path).name}); "
                         "cannot resume it (use --overwrite to replace it)")
    for key in RESUME_KEYS:
        if old.get(key) != fresh.get(key):
            what = {"orgsim": "the orgsim version", "mesa": "the mesa version",
                    "plan": "the plan", "inputs": "a level or decision log",
                    "columns": "the columns",
                    "worker_columns": "whether worker records are kept"}[key]
            raise SweepError(f"cannot resume {path}: {what} differs from the sweep it holds; "
                             "use --overwrite to start again or choose another --out")
    if workers is not None and old.get("workers_out") \
            and Path(old["workers_out"]).resolve() != workers.resolve():
        raise SweepError(f"cannot resume {path}: its worker records went to "
                         f"{old['workers_out']}, not {workers}")
    return old


def prepare(path: Path, workers: Path | None, ctx: Context, meta: dict[str, Any],
            old: dict[str, Any] | None, overwrite: bool) -> tuple[Sink, Sink | None, set[str]]:
    """Clear (on --overwrite) or repair (on --resume) the output; open sinks; runs already done.

    Call only after `check` and after the back end is up, so a failure before leaves disk alone.
    A new sweep's files are created with its first finished runs (see `_Batches`), so a sweep
    that fails before then leaves nothing behind. Returns the sinks and the runs already done.
    """
    if overwrite:
        for target in (path, workers):
            if target is not None and _exists(target):
                _remove(target)
    rows = open_sink(path, ctx.columns)
    people = open_sink(workers, ctx.worker_columns) if workers else None
    done = rows.complete_runs() if old is not None else set()
    if people is not None:
        people.keep_only(done)
    meta["runs_done"] = len(done)
    if old is not None:
        meta["created"] = old.get("created", meta["created"])
        write_meta(path, meta)
    return rows, people, done


def frame_or_empty(frames: list[pd.DataFrame], columns: tuple[str, ...]) -> pd.DataFrame:
    """Concatenate tables (an empty one with the right columns if there are none)."""
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
