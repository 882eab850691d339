"""A workshop session on disk: a folder with `session.json` (what every team plays, the teams,
the facilitator's secret and each team's token) and `results/` (the teams' result files).

Why a folder: offline first. The facilitator's laptop holds the session; teams' games join by
the code, the folder or the page, and their results are collected into `results/`. The folder is
private to the facilitator (mode 700, session.json 600) because it holds the secrets, and
nothing is ever written outside it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sim
from sim.errors import StrategyError
from sim.levels import Level, level_names, load_level
from sim.limits import MAX_QUARTERS, MAX_SEED
from sim.outputs import make_folder, refuse, write_atomic
from sim.safefile import quote, quote_path, read_json
from sim.strategies import get_strategy
from sim.workshop.code import (
    DEFAULT_RULES,
    MAX_MINUTES,
    Rules,
    SessionSpec,
    decode,
    encode,
    printed,
)
from sim.workshop.errors import WorkshopError
from sim.workshop.teams import check_teams, team_slug

FORMAT = "orgsim-workshop"
VERSION = 1
SESSION_FILE = "session.json"
RESULTS = "results"
PRACTICE = "practice"
MAX_SESSION_BYTES = 1_000_000
#: Leadership's edge builds over quarters and catches up by quarter 3 or 4.
LESSON_QUARTERS = 4
MIN_SECRET = 16
_URLSAFE = re.compile(r"^[A-Za-z0-9_-]+$")
KEYS = ("format", "version", "orgsim_version", "code", "level", "seed", "quarters", "minutes",
        "rules", "teams", "boss", "facilitator_secret", "created_at")


@dataclass(frozen=True)
class Team:
    """A team of the session and the token its game shows to write its own records."""

    name: str
    token: str

    @property
    def slug(self) -> str:
        """The stem of the team's result file in results/."""
        return team_slug(self.name)


@dataclass(frozen=True)
class Session:
    """A session as read from its folder."""

    folder: Path
    code: str
    spec: SessionSpec
    quarters: int               # the quarters played (the level's own if the code says 0)
    teams: tuple[Team, ...]
    boss: str                   # the scripted boss that plays a missing team
    secret: str                 # the facilitator's secret
    created_at: str

    @property
    def results_dir(self) -> Path:
        return self.folder / RESULTS

    @property
    def practice_dir(self) -> Path:
        return self.folder / RESULTS / PRACTICE

    @property
    def overrides(self) -> dict[str, int]:
        return self.spec.overrides

    def level(self) -> Level:
        """The level every team plays: goals and budget scaled to the session's quarters."""
        return load_level(self.spec.level).with_overrides(**self.overrides)

    def team(self, name: str) -> Team | None:
        """A team by name, ignoring case, spaces and '-' (None if it is not in the session)."""
        slug = team_slug(name)
        return next((t for t in self.teams if t.slug == slug), None)

    def to_json(self) -> dict[str, Any]:
        """The session file's content."""
        return {
            "format": FORMAT, "version": VERSION, "orgsim_version": self.spec.version,
            "code": self.code, "level": self.spec.level, "seed": self.spec.seed,
            "quarters": self.quarters, "minutes": self.spec.minutes,
            "rules": {f.name: getattr(self.spec.rules, f.name) for f in fields(Rules)},
            "teams": [{"name": t.name, "token": t.token} for t in self.teams],
            "boss": self.boss, "facilitator_secret": self.secret, "created_at": self.created_at,
        }


# ----- making a session ----------------------------------------------------------------------
def _built_in(level: object) -> Level:
    """A built-in level by name: a session code cannot carry a level file."""
    names = level_names()
    if isinstance(level, str) and level in names:
        return load_level(level)
    text = str(level)
    what = "a level file such as" if isinstance(level, Path) or text.endswith(".toml") or \
        "/" in text or "\\" in text else "the unknown level"
    raise WorkshopError(f"a workshop plays a built-in level ({', '.join(names)}), not {what} "
                        f"{quote(text)}")


def _whole(value: object, low: int, high: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise WorkshopError(f"{what} must be a whole number from {low} to {high:,}, got "
                            f"{quote(value)}")
    return value


def session_spec(level: str, seed: int, quarters: int | None = None,
                 minutes: int | None = None, rules: Rules = DEFAULT_RULES) -> SessionSpec:
    """A session's spec, every value checked; quarters equal to the level's own are stored as
    0, so the same session always has the same code."""
    lv = _built_in(level)
    seed = _whole(seed, 0, MAX_SEED, "a workshop's seed")
    q = 0 if quarters is None else _whole(quarters, 1, MAX_QUARTERS, "the quarters")
    m = 0 if minutes is None else _whole(minutes, 0, MAX_MINUTES,
                                         "the minutes per quarter (0: no timer)")
    return SessionSpec(lv.name, seed, 0 if q == lv.quarters else q, m, rules)


def new_session(folder: str | Path, level: str, seed: int, teams: str | Sequence[str],
                quarters: int | None = None, minutes: int | None = None,
                boss: str = "balanced", rules: Rules = DEFAULT_RULES) -> Session:
    """Make a session folder (its parent must exist) and return the session.

    A folder that already holds this very session (same code, teams and boss) is returned as
    it is, secrets unchanged, so running the command twice is harmless; any other non-empty
    folder is refused."""
    spec = session_spec(level, seed, quarters, minutes, rules)
    code = encode(spec)
    names = check_teams(teams.split(",") if isinstance(teams, str) else list(teams))
    boss = boss.strip()
    get_strategy(boss)
    folder = Path(folder)
    if (folder / SESSION_FILE).exists():
        existing = load_session(folder)
        if existing.spec != spec or [t.name for t in existing.teams] != list(names) \
                or existing.boss != boss:
            raise WorkshopError(f"{quote_path(folder)} already holds another session (code "
                                f"{existing.code}); give an empty or new folder")
        _make_results(existing)
        return existing
    if folder.is_dir() and any(folder.iterdir()):
        raise WorkshopError(f"{quote_path(folder)} is not empty; a new session needs an empty "
                            "or new folder")
    make_folder(folder, "session folder")
    lv = load_level(spec.level)
    session = Session(
        folder=folder, code=code, spec=spec, quarters=spec.quarters or lv.quarters,
        teams=tuple(Team(name, secrets.token_urlsafe(16)) for name in names), boss=boss,
        secret=secrets.token_urlsafe(24),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"))
    try:
        os.chmod(folder, 0o700)
    except OSError as exc:
        raise refuse(folder, "make the session folder private", exc) from None
    write_private_json(folder / SESSION_FILE, session.to_json(), "session file")
    _make_results(session)
    return session


def write_private_json(path: Path, data: Any, what: str) -> None:
    """JSON written whole (temporary file, then rename), readable by its owner only."""
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), what)
    try:
        os.chmod(path, 0o600)
    except OSError as exc:
        raise refuse(path, f"make the {what} private", exc) from None


def _make_results(session: Session) -> None:
    try:
        session.results_dir.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise refuse(session.results_dir, "create the results folder", exc) from None


def lesson_warning(level: str | Level, quarters: int | None = None) -> str | None:
    """A warning when a session's quarters are too few for its level's lesson, else None.

    Leadership's edge builds over quarters (it catches up by quarter 3 or 4), and a level with
    phases teaches through its last one, so a class that stops before either misses the point."""
    lv = load_level(level)
    q = quarters or lv.quarters
    reasons, needed = [], q
    if q < LESSON_QUARTERS:
        reasons.append("leadership catches up with management by quarter 3 or 4")
        needed = LESSON_QUARTERS
    if lv.phases and q < lv.phases[-1].start:
        last = lv.phases[-1]
        reasons.append(f"the level's last phase, {last.title!r}, starts in quarter {last.start}")
        needed = max(needed, last.start)
    if not reasons:
        return None
    return (f"{q} quarters are too few for the lesson of {lv.title} ({lv.name}): "
            f"{' and '.join(reasons)}; play at least {needed} quarters")


# ----- reading a session ---------------------------------------------------------------------
def load_session(folder: str | Path) -> Session:
    """The session in a folder, its file checked key by key (one sentence naming the file and
    the key otherwise)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise WorkshopError(f"{quote_path(folder)}: no such session folder")
    path = folder / SESSION_FILE
    data = read_json(path, "session file", WorkshopError, MAX_SESSION_BYTES)
    return _parse(folder, data, quote_path(path))


class _Keys:
    """The checks on one session file's keys, each failure a sentence naming file and key."""

    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.data, self.source = data, source

    def fail(self, key: str, expected: str) -> WorkshopError:
        return WorkshopError(f"{self.source}: key '{key}' must be {expected}, got "
                             f"{quote(self.data.get(key))}")

    def whole(self, key: str, low: int, high: int) -> int:
        value = self.data[key]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise self.fail(key, f"a whole number from {low} to {high:,}")
        return value

    def text(self, key: str, pattern: re.Pattern[str] | None = None, min_length: int = 1) -> str:
        value = self.data[key]
        if not isinstance(value, str) or len(value) < min_length or \
                (pattern is not None and not pattern.match(value)):
            raise self.fail(key, f"a string of at least {min_length} characters"
                            + (" (letters, digits, '-' and '_')" if pattern else ""))
        return value


def _header(data: Any, source: str) -> None:
    """Format, file version and model version, before any other key is read."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WorkshopError(f"{source}: not an orgsim workshop session (expected \"format\": "
                            f"\"{FORMAT}\")")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise WorkshopError(f"{source}: was made by a newer orgsim (session version {version}; "
                            f"this one reads version {VERSION})")
    if version != VERSION or isinstance(version, bool):
        raise WorkshopError(f"{source}: key 'version' must be {VERSION}, got {quote(version)}")
    made_with = data.get("orgsim_version")
    if made_with != sim.__version__:
        raise WorkshopError(f"{source}: was made with orgsim {quote(made_with)}; this is orgsim "
                            f"{sim.__version__}, whose model plays the same decisions out "
                            "differently, so the session cannot be run here")
    missing = [k for k in KEYS if k not in data]
    if missing:
        raise WorkshopError(f"{source}: key '{missing[0]}' is missing")
    unknown = sorted(str(k) for k in data if k not in KEYS)
    if unknown:
        raise WorkshopError(f"{source}: unknown key {quote(unknown[0])}; a session file has "
                            f"{', '.join(KEYS)}")


def _rules(keys: _Keys) -> Rules:
    names = [f.name for f in fields(Rules)]
    raw = keys.data["rules"]
    if not isinstance(raw, dict) or set(raw) != set(names) or \
            not all(isinstance(v, bool) for v in raw.values()):
        raise keys.fail("rules", f"an object of true or false for {', '.join(names)}")
    return Rules(**raw)


def _teams(keys: _Keys) -> tuple[Team, ...]:
    raw = keys.data["teams"]
    if not isinstance(raw, list) or not all(isinstance(t, dict) and set(t) == {"name", "token"}
                                            for t in raw):
        raise keys.fail("teams", "a list of {\"name\": ..., \"token\": ...}")
    names = check_teams([t["name"] for t in raw], f"{keys.source}: key 'teams'")
    tokens = [t["token"] for t in raw]
    if not all(isinstance(t, str) and len(t) >= MIN_SECRET and _URLSAFE.match(t)
               for t in tokens) or len(set(tokens)) != len(tokens):
        raise WorkshopError(f"{keys.source}: key 'teams' must give each team its own token of "
                            f"at least {MIN_SECRET} letters, digits, '-' and '_'")
    return tuple(Team(n, t) for n, t in zip(names, tokens, strict=True))


def _parse(folder: Path, data: Any, source: str) -> Session:
    _header(data, source)
    keys = _Keys(data, source)
    level = keys.text("level")
    if level not in level_names():
        raise keys.fail("level", f"a built-in level's name ({', '.join(level_names())})")
    seed, quarters = keys.whole("seed", 0, MAX_SEED), keys.whole("quarters", 1, MAX_QUARTERS)
    own = load_level(level).quarters
    written = SessionSpec(level, seed, 0 if quarters == own else quarters,
                          keys.whole("minutes", 0, MAX_MINUTES), _rules(keys))
    teams = _teams(keys)
    boss = keys.text("boss")
    try:
        get_strategy(boss)
    except StrategyError as exc:
        raise WorkshopError(f"{source}: key 'boss': {exc}") from None
    secret = keys.text("facilitator_secret", _URLSAFE, MIN_SECRET)
    created_at = keys.text("created_at")
    try:
        datetime.fromisoformat(created_at)
    except ValueError:
        raise keys.fail("created_at", "a date and time such as 2025-01-31T09:00:00+00:00") \
            from None
    code = keys.text("code")
    try:
        coded = decode(code)
    except WorkshopError as exc:
        raise WorkshopError(f"{source}: key 'code': {exc}") from None
    for f in fields(SessionSpec):
        if getattr(coded, f.name) != getattr(written, f.name):
            key = "orgsim_version" if f.name == "version" else f.name
            raise WorkshopError(f"{source}: key '{key}' does not match the session code "
                                f"{quote(code)} (edited or damaged)")
    return Session(folder, printed(code), coded, quarters, teams, boss, secret, created_at)
