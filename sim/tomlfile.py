"""Reading a user's TOML file (a level, a sweep plan) with one clear sentence for each failure."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from sim.errors import OrgsimError


def read_toml(path: Path, what: str, error: type[OrgsimError]) -> dict[str, Any]:
    """Parse `path`; a missing, unreadable, non-UTF-8 or invalid file raises `error` naming it
    and saying `what` it was meant to be ("level file", "plan file")."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise error(f"{path}: no such {what}") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not valid UTF-8 text; save the {what} as UTF-8") from None
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} ({exc.strerror})") from None
