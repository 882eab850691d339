"""Team names: what a name may hold, and the file name (slug) each team's result gets.

Why strict: a team's name becomes a file name in the session folder and a label on the
projector, so it holds only letters, digits, spaces and '-' (no path, no markup), and two names
that would share a file ("Red Team", "red-team") are refused when the session is made.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from sim.safefile import quote
from sim.workshop.errors import WorkshopError

MAX_TEAMS = 10
MAX_NAME = 24
RULE = (f"a team name has letters, digits, spaces and '-', starts with a letter or digit and "
        f"has at most {MAX_NAME} characters")


def clean_name(name: str) -> str:
    """A name as stored: NFC, outer spaces dropped, inner runs of spaces made one."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip()


def team_slug(name: str) -> str:
    """The file name stem of a team's result: its name in lower case, spaces as '-'."""
    return clean_name(name).casefold().replace(" ", "-")


def _allowed(char: str) -> bool:
    return char in " -" or unicodedata.category(char)[0] == "L" or \
        unicodedata.category(char) == "Nd"


def check_name(name: object, where: str) -> str:
    """A team's name, cleaned, or one sentence saying what is wrong with it."""
    if not isinstance(name, str):
        raise WorkshopError(f"{where} must be a string, got {quote(name)}")
    cleaned = clean_name(name)
    if not cleaned:
        raise WorkshopError(f"{where} is empty; {RULE}")
    bad = next((c for c in cleaned if not _allowed(c)), None)
    if bad is not None:
        raise WorkshopError(f"{where} {quote(cleaned)} holds {quote(bad)}; {RULE}")
    if len(cleaned) > MAX_NAME:
        raise WorkshopError(f"{where} {quote(cleaned)} is {len(cleaned)} characters long; "
                            f"{RULE}")
    if cleaned[0] == "-":
        raise WorkshopError(f"{where} {quote(cleaned)} starts with '-'; {RULE}")
    return cleaned


def check_teams(names: Sequence[object], where: str = "teams") -> tuple[str, ...]:
    """1 to 10 valid names, no two sharing a file name."""
    if not 1 <= len(names) <= MAX_TEAMS:
        raise WorkshopError(f"{where}: a session has 1 to {MAX_TEAMS} teams, got {len(names)}")
    cleaned = tuple(check_name(n, f"{where}: team {i + 1}") for i, n in enumerate(names))
    seen: dict[str, str] = {}
    for name in cleaned:
        other = seen.get(team_slug(name))
        if other == name:
            raise WorkshopError(f"{where}: team {quote(name)} is given twice")
        if other is not None:
            raise WorkshopError(f"{where}: teams {quote(other)} and {quote(name)} would share "
                                "one result file (names must differ in more than case, spaces "
                                "and '-')")
        seen[team_slug(name)] = name
    return cleaned

