"""Save slots in the player's data folder: the autosave and named slots, listed and loaded.

Why: saving must never lose or damage anything. Files are written atomically; a file in the
slot that is not an orgsim save is refused rather than overwritten; loading a damaged or
foreign file is refused with a message and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from game.jsonfile import FileRefusedError, read_json, write_json_atomic
from game.paths import saves_dir
from game.session import SAVE_FORMAT, Session

AUTOSAVE = "autosave"
_SLOT_RE = re.compile(r"[^A-Za-z0-9 _-]+")


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


def slot_name(name: str) -> str:
    """A safe slot name (letters, digits, space, '_', '-'); FileRefusedError if none is left."""
    cleaned = _SLOT_RE.sub("", name).strip()[:40]
    if not cleaned:
        raise FileRefusedError("a save slot needs a name made of letters, digits, '_' or '-'")
    return cleaned


def slot_path(name: str, folder: Path | None = None) -> Path:
    return (folder or saves_dir()) / f"{slot_name(name)}.json"


def write_save(session: Session, slot: str, folder: Path | None = None) -> Path:
    """Save the session to a slot, refusing to replace a file that is not an orgsim save."""
    path = slot_path(slot, folder)
    if path.exists():
        try:
            read_json(path, SAVE_FORMAT)
        except FileRefusedError as exc:
            raise FileRefusedError(f"will not overwrite {path.name}: {exc}") from None
    return write_json_atomic(path, session.to_save())


def autosave(session: Session, folder: Path | None = None) -> Path:
    """Save after a quarter, so a crash loses at most the quarter being played."""
    return write_save(session, AUTOSAVE, folder)


def load_save(path: Path) -> Session:
    """Read and replay a save file; FileRefusedError (with the reason) if it is not a sound save."""
    data = read_json(path, SAVE_FORMAT)
    return Session.from_save(data, source=path.name)


def has_autosave(folder: Path | None = None) -> bool:
    return slot_path(AUTOSAVE, folder).is_file()


def list_saves(folder: Path | None = None) -> list[SaveInfo]:
    """Every *.json in the saves folder, newest first; unreadable ones carry their error."""
    folder = folder or saves_dir()
    if not folder.is_dir():
        return []
    infos = []
    paths = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in paths:
        try:
            data = read_json(path, SAVE_FORMAT)
            infos.append(SaveInfo(
                slot=path.stem, path=path, level=str(data.get("level_title", data.get("level"))),
                quarter=int(data.get("quarter", 0)), seed=int(data.get("seed", 0)),
                saved_at=str(data.get("saved_at", "")),
            ))
        except (FileRefusedError, TypeError, ValueError) as exc:
            infos.append(SaveInfo(slot=path.stem, path=path, error=str(exc)))
    return infos
