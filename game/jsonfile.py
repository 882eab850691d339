"""Read and write the game's JSON files safely: atomic writes, size limits, clear refusals.

Why: a crash while saving must never leave a half-written file, and a damaged or foreign file
must be refused with a sentence the player understands (JSON only, never pickle or eval).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

MAX_BYTES = 5_000_000


class FileRefusedError(Exception):
    """A file the game will not read (missing, damaged, too large, or not ours)."""


def write_json_atomic(path: Path, data: Any) -> Path:
    """Write `data` as JSON to `path` through a temp file and os.replace (all or nothing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, ensure_ascii=False, allow_nan=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_json(path: Path, expect_format: str | None = None) -> dict[str, Any]:
    """Read a JSON object; with `expect_format`, require {"format": expect_format}."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FileRefusedError(f"{path.name}: no such file") from None
    except OSError as exc:
        raise FileRefusedError(f"{path.name}: cannot be read ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise FileRefusedError(f"{path.name}: too large to be an orgsim file ({size} bytes)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise FileRefusedError(f"{path.name}: is not a text file (damaged or not an orgsim file)") \
            from None
    except json.JSONDecodeError as exc:
        raise FileRefusedError(
            f"{path.name}: is damaged (not valid JSON at line {exc.lineno}, column {exc.colno})"
        ) from None
    except OSError as exc:
        raise FileRefusedError(f"{path.name}: cannot be read ({exc.strerror})") from None
    if not isinstance(data, dict):
        raise FileRefusedError(f"{path.name}: is not an orgsim file (expected a JSON object)")
    if expect_format is not None and data.get("format") != expect_format:
        raise FileRefusedError(
            f"{path.name}: is not an orgsim {expect_format.removeprefix('orgsim-')} file "
            f"(its 'format' is {data.get('format')!r}, expected {expect_format!r})"
        )
    return data
