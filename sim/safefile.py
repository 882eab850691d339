"""One guarded reader for every file orgsim reads: levels, plans, decision logs, saves, settings,
results' metadata (and later workshop files).

Why: a user's file is untrusted input. Whatever it holds, reading it must end quickly with the
data or with one sentence naming the file and the reason: only regular files (a FIFO or a
device never blocks or floods us), a size limit, UTF-8 text, a nesting limit, finite numbers and
whole numbers of a sane size. Nothing read is ever executed (no pickle, eval or exec).
"""

from __future__ import annotations

import json
import math
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from sim.errors import OrgsimError
from sim.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_INT

#: How much of an offending value a message quotes.
QUOTE_CHARS = 80


def quote(value: Any, limit: int = QUOTE_CHARS) -> str:
    """repr(value), cut to about `limit` characters so a message never echoes a whole file."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # e.g. an int with more digits than Python prints
        text = f"<{type(value).__name__}>"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _refuse(error: type[OrgsimError], path: Path, message: str) -> OrgsimError:
    return error(f"{quote_path(path)}: {message}")


def quote_path(path: str | Path) -> str:
    """A path as shown in a message: cut in the middle if it is very long."""
    text = str(path)
    if len(text) > 120:
        text = text[:58] + "…" + text[-58:]
    return text


def read_bytes(path: str | Path, what: str, error: type[OrgsimError],
               max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, or `error` naming the path and why.

    The file is opened without blocking and checked with fstat before a byte is read, so a
    FIFO, a device such as /dev/zero or a folder is refused at once, and a file that grows
    while it is read is cut off at the limit."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _refuse(error, path, f"no such {what}") from None
    except IsADirectoryError:
        raise _refuse(error, path, f"is a folder, not a {what}") from None
    except OSError as exc:
        raise _refuse(error, path, f"cannot read the {what} ({_reason(exc)})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(error, path, f"is a folder, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(error, path, f"is not a regular file, so it cannot be a {what}")
        if info.st_size > max_bytes:
            raise _refuse(error, path, f"is too large for a {what} ({info.st_size:,} bytes; "
                                       f"the limit is {max_bytes:,})")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise _refuse(error, path, f"is too large for a {what} (over {max_bytes:,} "
                                           "bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise _refuse(error, path, f"cannot read the {what} ({_reason(exc)})") from None
    finally:
        os.close(fd)


def read_text(path: str | Path, what: str, error: type[OrgsimError],
              max_bytes: int = MAX_FILE_BYTES) -> str:
    """A regular file's text, which must be UTF-8."""
    data = read_bytes(path, what, error, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(error, Path(path), f"not valid UTF-8 text; save the {what} as UTF-8") \
            from None


def read_toml(path: str | Path, what: str, error: type[OrgsimError]) -> dict[str, Any]:
    """A TOML file's table, checked for depth and finite numbers (see `check_tree`)."""
    return parse_toml(read_text(path, what, error), path, error)


def parse_toml(text: str, path: str | Path, error: type[OrgsimError]) -> dict[str, Any]:
    """The text of the TOML file at `path` (named in errors) as its table, checked as
    `read_toml` checks it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _refuse(error, Path(path), f"not valid TOML ({quote(str(exc), 160)[1:-1]})") \
            from None
    except RecursionError:
        raise _refuse(error, Path(path), f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError:      # a whole number with more digits than Python converts
        raise _refuse(error, Path(path), f"holds a number too large (at most {MAX_INT:.0e})") \
            from None
    check_tree(data, str(quote_path(path)), error)
    return data


def parse_json(text: str, source: str, error: type[OrgsimError]) -> Any:
    """JSON text to data; NaN, Infinity, overflowing numbers (which parse as infinity) and deep
    nesting are refused by `check_tree`, which names the key."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise error(f"{source}: nested more than {MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError as exc:
        raise error(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: "
                    f"{exc.msg})") from None
    except ValueError as exc:   # an int with more digits than Python converts
        raise error(f"{source}: {quote(str(exc), 120)[1:-1]}") from None
    check_tree(data, source, error)
    return data


def read_json(path: str | Path, what: str, error: type[OrgsimError],
              max_bytes: int = MAX_FILE_BYTES) -> Any:
    """A JSON file's data through the same guards as TOML files."""
    text = read_text(path, what, error, max_bytes)
    return parse_json(text, quote_path(path), error)


def check_tree(data: Any, source: str, error: type[OrgsimError]) -> None:
    """Walk parsed data (without recursion): refuse nesting deeper than MAX_DEPTH, non-finite
    numbers and whole numbers beyond +-MAX_INT, naming the key path."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise error(f"{source}: nested more than {MAX_DEPTH} levels deep (at "
                        f"'{where[:80]}')")
        if isinstance(value, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k), depth + 1)
                         for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value))
        elif isinstance(value, float) and not math.isfinite(value):
            raise error(f"{source}: key '{where[:80]}' must be a finite number, got {value!r}")
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            raise error(f"{source}: key '{where[:80]}' is too large a number (at most "
                        f"{MAX_INT:.0e})")


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
