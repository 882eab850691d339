"""One rule for every file or folder an orgsim command writes (`run --out`, `sweep --out` and
`--workers-out`, `compare --out`, `plot --out`).

Why one module: the rule is the user's promise, so it must not drift between commands:
- the folder an output goes into must already exist (nothing is created behind the user's back,
  except a figures folder, which is itself the output of `plot`);
- an existing output is refused unless `--overwrite` is given (a sweep may also `--resume`);
- a file is written to a temporary name in the same folder and renamed into place, so a reader
  or a crash never sees half a file;
- every OS error is one sentence naming the path and the reason.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from sim.errors import OrgsimError
from sim.safefile import quote_path


class OutputError(OrgsimError):
    """An output path cannot be used or written (which path, and why)."""


def reason(exc: OSError) -> str:
    """The OS's reason for a failure, in words ('Permission denied', 'File name too long')."""
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    return exc.strerror or type(exc).__name__


def refuse(path: str | Path, doing: str, exc: OSError) -> OutputError:
    """The one sentence for an OS error while writing: the path, what we did, the reason."""
    return OutputError(f"{quote_path(path)}: cannot {doing} ({reason(exc)})")


def exists(path: Path) -> bool:
    """Like Path.exists, but an unusable name (too long, a file used as a folder) is an error."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        raise OutputError(f"{quote_path(path)}: the folder {quote_path(path.parent)} is not a "
                          "folder") from None
    except OSError as exc:
        raise refuse(path, "use this path", exc) from None
    return True


def check_folder(path: str | Path, flag: str) -> Path:
    """The output path, if the folder it goes into exists and takes new files.

    A temporary file is created there and removed at once, so an unwritable folder (a
    read-only disk, /proc) is found before any work is done and nothing is left behind."""
    path = Path(path)
    folder = path.parent
    if len(path.name.encode("utf-8", "surrogateescape")) > 255:
        raise OutputError(f"{flag} {quote_path(path)}: the file name is too long (at most 255 "
                          "bytes)")
    try:
        if not folder.is_dir():
            raise OutputError(f"{flag} {quote_path(path)}: the folder {quote_path(folder)} does "
                              "not exist (create it first)")
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".orgsim-probe-")
    except OSError as exc:
        raise OutputError(f"{flag} {quote_path(path)}: cannot write in the folder "
                          f"{quote_path(folder)} ({reason(exc)})") from None
    os.close(fd)
    os.unlink(probe)
    return path


def check_new(path: str | Path, flag: str, overwrite: bool) -> Path:
    """`check_folder`, and an existing output is refused unless `overwrite`."""
    path = check_folder(path, flag)
    if exists(path) and not overwrite:
        raise OutputError(f"{flag} {quote_path(path)} already exists; pass --overwrite to "
                          "replace it")
    if path.is_dir() and not path.is_symlink():
        raise OutputError(f"{flag} {quote_path(path)} is a folder; give a file name")
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, write: Callable[[Path], None], what: str = "file") -> Path:
    """Call `write(tmp)` on a temporary file in the same folder, then rename it to `path`.

    Why: a reader (or a crash) never sees a half-written file, and a failure leaves the old
    file (if any) untouched and no temporary file behind."""
    path = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.",
                                        suffix=path.suffix)
    except OSError as exc:
        raise refuse(path, f"write the {what}", exc) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())     # mkstemp makes it private; an output is not
        os.replace(tmp, path)
    except OSError as exc:
        raise refuse(path, f"write the {what}", exc) from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


def make_folder(path: str | Path, flag: str, what: str = "folder") -> Path:
    """A folder that is itself the output (plot's figures): created if its parent exists."""
    path = Path(path)
    if exists(path):
        if not path.is_dir():
            raise OutputError(f"{flag} {quote_path(path)} is a file, not a folder")
        return path
    check_folder(path, flag)
    try:
        path.mkdir()
    except OSError as exc:
        raise refuse(path, f"create the {what}", exc) from None
    return path
