"""Save slots in the player's data folder: the autosave and named slots, listed and loaded.

Why: saving must never lose or damage anything. Files are written atomically, and a file in a
slot that cannot be loaded (damaged, foreign, from a newer orgsim, unreadable, not a regular
file) is never overwritten: the game is saved under a new slot name ('autosave-2') instead and
the player is told once. Listing reads each file through the guarded reader, so one bad file
is shown as unreadable with its reason and never stops the Load screen.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from game.jsonfile import FileRefusedError, encode_json, read_json, refused, write_json_atomic
from game.paths import saves_dir
from game.session import SAVE_FORMAT, Session, check_save
from sim import safefile

AUTOSAVE = "autosave"
MAX_SCANNED = 2000       # files in the saves folder considered for the list (newest of these)
MAX_OTHER_SLOTS = 999    # 'name-2' ... 'name-999' tried when a slot's file must be kept
_SLOT_RE = re.compile(r"[^A-Za-z0-9 _-]+")
_SLOT_CHARS = 40


@dataclass(frozen=True)
class SaveInfo:
    """A slot as listed on the load screen (read without replaying)."""

    slot: str
    path: Path
    level: str = ""
    quarter: int = 0
    seed: int = 0
    saved_at: str = ""
    error: str = ""


@dataclass(frozen=True)
class Written:
    """Where a save went. `notice` tells the player, the first time, that the slot asked for
    held a file that could not be loaded, so it was kept and the game saved elsewhere."""

    path: Path
    notice: str = ""


def slot_name(name: str) -> str:
    """A safe slot name (letters, digits, space, '_', '-'); FileRefusedError if none is left."""
    cleaned = _SLOT_RE.sub("", name).strip()[:_SLOT_CHARS]
    if not cleaned:
        raise FileRefusedError("a save slot needs a name made of letters, digits, '_' or '-'")
    return cleaned


def slot_path(name: str, folder: Path | None = None) -> Path:
    return (folder or saves_dir()) / f"{slot_name(name)}.json"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _written_by(session: Session, path: Path) -> bool:
    """The file still holds exactly what this game last wrote there."""
    if path not in session.written:
        return False
    try:
        return _digest(safefile.read_bytes(path, "save file", FileRefusedError)) \
            == session.written[path]
    except FileRefusedError:
        return False


def _why_kept(session: Session, path: Path) -> str:
    """Why the file at `path` must not be replaced ('' when it may be): it cannot be loaded."""
    if not os.path.lexists(path) or _written_by(session, path):
        return ""
    try:
        load_save(path)
    except FileRefusedError as exc:
        return exc.reason
    return ""


def _other_slot(session: Session, path: Path) -> Path:
    """The first 'slot-N' that is free or already holds this game's save."""
    base = path.stem[: _SLOT_CHARS - 4]
    for n in range(2, MAX_OTHER_SLOTS + 1):
        other = path.with_name(f"{base}-{n}.json")
        if not os.path.lexists(other) or _written_by(session, other):
            return other
    raise refused(path, f"cannot be replaced and no other slot is free up to "
                        f"'{base}-{MAX_OTHER_SLOTS}'; tidy the saves folder")


def _write(session: Session, path: Path) -> Path:
    data = session.to_save()
    write_json_atomic(path, data)
    session.written[path] = _digest(encode_json(data).encode("utf-8"))
    return path


def write_save(session: Session, slot: str, folder: Path | None = None) -> Written:
    """Save the session to a slot; a file there that cannot be loaded is kept, and the game
    goes to the next free 'slot-N' instead (with a notice the first time)."""
    path = slot_path(slot, folder)
    reason = _why_kept(session, path)
    if not reason:
        return Written(_write(session, path))
    other = _other_slot(session, path)
    first_time = other not in session.written
    _write(session, other)
    notice = (f"{safefile.quote_path(path.name)} could not be loaded ({reason}), so it is kept "
              f"as it is and this game is saved as '{other.stem}' instead.") if first_time else ""
    return Written(other, notice)


def autosave(session: Session, folder: Path | None = None) -> Written:
    """Save after a quarter, so a crash loses at most the quarter being played."""
    return write_save(session, AUTOSAVE, folder)


def load_save(path: Path) -> Session:
    """Read and replay a save file; FileRefusedError (with the reason) if it is not a sound save."""
    path = Path(path)
    data = read_json(path, SAVE_FORMAT)
    return Session.from_save(data, source=safefile.quote_path(path.name))


def latest_autosave(folder: Path | None = None) -> Path | None:
    """The newest of 'autosave' and the 'autosave-N' slots it was diverted to, if any."""
    folder = folder or saves_dir()
    found = [p for p in _newest_first(folder)
             if p.stem == AUTOSAVE or re.fullmatch(rf"{AUTOSAVE}-\d+", p.stem)]
    return found[0] if found else None


def has_autosave(folder: Path | None = None) -> bool:
    return latest_autosave(folder) is not None


def _mtime(path: Path) -> float:
    try:
        return os.lstat(path).st_mtime
    except OSError:
        return 0.0


def _newest_first(folder: Path) -> list[Path]:
    """Up to MAX_SCANNED '*.json' names in the folder, newest first (links are not followed)."""
    try:
        if not folder.is_dir():
            return []
        names = list(itertools.islice(folder.glob("*.json"), MAX_SCANNED))
    except OSError:
        return []
    return sorted(names, key=_mtime, reverse=True)


def _info(path: Path) -> SaveInfo:
    """A slot's summary from its own keys (checked, not replayed), or its error."""
    try:
        data = read_json(path, SAVE_FORMAT)
        header = check_save(data, safefile.quote_path(path.name))
    except FileRefusedError as exc:
        return SaveInfo(slot=path.stem, path=path, error=exc.reason)
    title = data.get("level_title")
    saved_at = data.get("saved_at")
    return SaveInfo(slot=path.stem, path=path,
                    level=title[:60] if isinstance(title, str) else header.level,
                    quarter=header.quarter, seed=header.seed,
                    saved_at=saved_at[:32] if isinstance(saved_at, str) else "")


def list_saves(folder: Path | None = None, limit: int | None = None) -> list[SaveInfo]:
    """The newest `limit` (all if None) *.json in the saves folder, newest first; an unreadable
    one carries its short reason. Only the listed files are read, each within the size limit."""
    return [_info(path) for path in _newest_first(folder or saves_dir())[:limit]]
