"""Read and write the game's JSON files safely: atomic writes, guarded reads, clear refusals.

Why: a crash while saving must never leave a half-written file, and a damaged or foreign file
must be refused with a sentence the player understands. Every read goes through
`sim.safefile` (regular files only, a size limit, UTF-8, a nesting limit, finite numbers), so a
FIFO, a device, a folder or a huge file in the player's data folder neither hangs nor floods
the game. JSON only, never pickle or eval.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from sim import safefile
from sim.errors import OrgsimError
from sim.limits import MAX_FILE_BYTES

MAX_BYTES = MAX_FILE_BYTES


class FileRefusedError(OrgsimError):
    """A file the game will not read (missing, damaged, too large, or not ours).

    `reason` is the sentence without the file's name, short enough for a list on screen."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason if reason is not None else message


def refused(path: Path, reason: str) -> FileRefusedError:
    """A refusal naming the file (its name only, cut if very long) and the reason."""
    return FileRefusedError(f"{safefile.quote_path(path.name)}: {reason}", reason)


def encode_json(data: Any) -> str:
    """The exact text the game writes for `data` (NaN and infinities refused)."""
    return json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False)


def write_json_atomic(path: Path, data: Any) -> Path:
    """Write `data` as JSON to `path` through a temp file and os.replace (all or nothing)."""
    text = encode_json(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:60]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_json(path: Path, expect_format: str | None = None) -> dict[str, Any]:
    """Read a JSON object; with `expect_format`, require {"format": expect_format}."""
    path = Path(path)
    what = f"{expect_format.removeprefix('orgsim-')} file" if expect_format else "file"
    try:
        data = safefile.read_json(path, what, FileRefusedError)
    except FileRefusedError as exc:     # re-worded to name the file, not its whole path
        prefix = f"{safefile.quote_path(path)}: "
        raise refused(path, str(exc).removeprefix(prefix)) from None
    if not isinstance(data, dict):
        raise refused(path, "is not an orgsim file (expected a JSON object)")
    if expect_format is not None and data.get("format") != expect_format:
        raise refused(path, f"is not an orgsim {what} (its 'format' is "
                            f"{safefile.quote(data.get('format'))}, expected {expect_format!r})")
    return data


def keep_aside(path: Path) -> Path | None:
    """Rename whatever is at `path` (any kind of file) to a free '<stem>-unreadable[-N]' name
    beside it, so writing a fresh file there destroys nothing; None if nothing was there."""
    if not os.path.lexists(path):
        return None
    n = 1
    while True:
        target = path.with_name(f"{path.stem}-unreadable{'' if n == 1 else f'-{n}'}"
                                f"{path.suffix}")
        if not os.path.lexists(target):
            os.replace(path, target)
            return target
        n += 1


def write_own_json(path: Path, data: dict[str, Any], expect_format: str) -> Path | None:
    """Write one of the game's fixed files (settings, progress) atomically. Whatever was there
    and could not be read as `expect_format` is never overwritten: it is kept aside first.
    Returns where it was kept, or None."""
    kept = None
    if os.path.lexists(path):
        try:
            read_json(path, expect_format)
        except FileRefusedError:
            kept = keep_aside(path)
    write_json_atomic(path, data)
    return kept
