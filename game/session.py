"""One game being played: the model, its week-by-week history, and the log that can replay it.

Why: scenes come and go, the game they show stays here. A save is the level, the seed and the
decision log with the event answers; replaying it through the same public API gives the same
state, because the model draws every random number from its own seeded generator.
"""

from __future__ import annotations

import math
import re
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

import sim
from game.history import PeopleHistory
from game.jsonfile import FileRefusedError
from sim.limits import MAX_INT, MAX_QUARTERS
from sim.safefile import quote

SAVE_FORMAT = "orgsim-save"
SAVE_VERSION = 1
_OVERRIDABLE = ("knowledge_share", "team_size", "quarters", "attention_budget")
#: A save names its level by a built-in name only, never by a path (so no file elsewhere is read).
LEVEL_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
#: A workshop game's save keeps its team and session (optional keys: key -> what it holds),
#: so its result still names them when the game is resumed.
WORKSHOP_KEYS = {"team": "a workshop team's name", "session_code": "a workshop session's code"}
WORKSHOP_KEY_CHARS = 64


def _refuse(source: str, reason: str) -> FileRefusedError:
    return FileRefusedError(f"{source}: {reason}", reason)


@dataclass(frozen=True)
class SaveHeader:
    """What a save says about itself, checked without replaying it (the Load screen's list)."""

    level: str
    seed: int
    overrides: dict[str, Any]
    decisions: list[Any]
    quarter: int
    orgsim_version: str | None
    team: str | None = None
    session_code: str | None = None


def check_save(data: dict[str, Any], source: str = "save") -> SaveHeader:
    """Check a save's own keys (format, version, level name, seed, quarter against decisions,
    a workshop game's team and session code) and return them; FileRefusedError with one
    sentence otherwise."""
    if data.get("format") != SAVE_FORMAT:
        raise _refuse(source, "is not an orgsim save")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SAVE_VERSION:
        raise _refuse(source, f"was made by a newer orgsim (save version {version}; this one "
                              f"reads version {SAVE_VERSION})")
    if version != SAVE_VERSION:
        raise _refuse(source, f"save version {quote(version)} is not supported (expected "
                              f"{SAVE_VERSION})")
    level, seed = data.get("level"), data.get("seed")
    if not isinstance(level, str) or not LEVEL_NAME_RE.match(level):
        raise _refuse(source, "key 'level' must be a built-in level's name, not a file; got "
                              f"{quote(level)}")
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_INT:
        raise _refuse(source, f"key 'seed' must be a whole number from 0 to {MAX_INT:.0e}, "
                              f"got {quote(seed)}")
    overrides, log = data.get("overrides", {}), data.get("decisions")
    if not isinstance(overrides, dict) or not set(overrides) <= set(_OVERRIDABLE):
        raise _refuse(source, f"'overrides' may only set {', '.join(_OVERRIDABLE)}")
    if not isinstance(log, list) or len(log) > MAX_QUARTERS:
        raise _refuse(source, f"'decisions' must be a list, one per quarter (at most "
                              f"{MAX_QUARTERS})")
    quarter = data.get("quarter")
    if type(quarter) is not int or quarter != len(log):
        raise _refuse(source, f"key 'quarter' is {quote(quarter)} but the save holds "
                              f"{len(log)} quarters of decisions (edited or damaged)")
    made_with = data.get("orgsim_version")
    if made_with != sim.__version__:
        other = quote(made_with) if isinstance(made_with, str) else "0.1 or earlier"
        raise _refuse(source, f"was made with orgsim {other}; this is orgsim "
                              f"{sim.__version__}, whose model plays the same decisions out "
                              "differently, so the game cannot be replayed")
    workshop = {key: _workshop_key(data, key, source) for key in WORKSHOP_KEYS}
    if (workshop["team"] is None) != (workshop["session_code"] is None):
        raise _refuse(source, "a workshop game's save has both 'team' and 'session_code' or "
                              "neither (edited or damaged)")
    return SaveHeader(level, seed, overrides, log, len(log), made_with, **workshop)


def _workshop_key(data: dict[str, Any], key: str, source: str) -> str | None:
    """A workshop game's team or session code from its save (None when the game had none)."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > WORKSHOP_KEY_CHARS:
        raise _refuse(source, f"key {quote(key)} must be {WORKSHOP_KEYS[key]} (text of 1 to "
                              f"{WORKSHOP_KEY_CHARS} characters), got {quote(value)}")
    return value


@dataclass(frozen=True)
class WeekRecord:
    """The team after one week, for the live strip."""

    quarter: int
    week: int
    morale: float
    output: float


@dataclass
class WeekResult:
    """What one week changed that the screen should show."""

    left: list[int] = field(default_factory=list)       # quit (voluntarily) this week
    let_go: list[int] = field(default_factory=list)     # let go by the boss this week
    joined: list[int] = field(default_factory=list)
    fired: list[Any] = field(default_factory=list)      # events that fired this week
    quarter_done: bool = False


class Session:
    """A level being played, through `sim`'s public API only."""

    def __init__(self, level: str, seed: int, overrides: dict[str, Any] | None = None,
                 player: str = "player") -> None:
        self.level_name = level
        self.seed = int(seed)
        self.overrides = dict(overrides or {})
        self.player = player                 # "player", or the demo strategy's name
        self.team: str | None = None         # a workshop team's name (game.joined)
        self.session_code: str | None = None
        self.link: Any = None                # game.live.LiveLink when joined by the page
        # The report explains morale by decision (issue 9), so the game carries attributions.
        self.model = sim.OrgModel(level, seed=self.seed, attribution=True, **self.overrides)
        self.weeks: list[WeekRecord] = []
        self.start_morale = self.model.morale
        self.replay_warning = ""
        # Files this game wrote, with a digest of their bytes: its own autosave is replaced
        # without replaying it, and a save sent to another slot keeps going there.
        self.written: dict[Path, str] = {}
        self.planned: sim.Decision | None = None     # committed for the quarter ahead
        self.unspent_confirmed = False   # the player said once that unspent points are meant
        self.archetypes: Future | None = None   # the debrief's boss runs (game.results)
        self.speed: int | None = None            # the quarter speed the player last chose
        self.seats: dict[int, int] = {}          # worker id -> desk, kept for the whole level
        self.history = PeopleHistory()           # each person's story, for their card
        self.phases_told: set[str] = set()       # phases whose start the plan has told

    # ----- reading ------------------------------------------------------------------------
    @property
    def level(self) -> sim.Level:
        return self.model.level

    @property
    def finished(self) -> bool:
        return bool(self.model.finished)

    @property
    def next_quarter(self) -> int:
        """The quarter being planned or played (1-based)."""
        return int(self.model.quarter) + 1

    def table(self) -> pd.DataFrame:
        return self.model.table()

    # ----- playing ------------------------------------------------------------------------
    def commit(self, decision: sim.Decision) -> None:
        """The decision for the quarter about to start (checked by the model now)."""
        self.model.set_decision(decision)
        self.planned = decision
        self.history.quarter_begins(self.next_quarter, decision)

    def current_decision(self) -> sim.Decision:
        """The decision of the quarter being played (committed, even before its first week)."""
        if self.model.week == 0:
            return self.planned if self.planned is not None else sim.Decision()
        return self.model.decisions[-1]

    def pending(self) -> Any:
        """An event waiting for an answer before the next week, or None."""
        return self.model.pending_choice()

    def answer(self, event_id: str, choice_id: str) -> None:
        self.model.answer(event_id, choice_id)

    def step_week(self) -> WeekResult:
        """Advance one week and report who left or joined and which events fired."""
        model = self.model
        before = {w.unique_id for w in model.workers}
        fired_before, departed_before = len(model.fired), len(model.departures)
        quarter = model.quarter
        model.step()
        gone = model.departures[departed_before:]
        week = len([w for w in self.weeks if w.quarter == quarter + 1]) + 1
        self.weeks.append(WeekRecord(quarter + 1, week, float(model.morale),
                                     float(model.week_output)))
        self.history.week_done(model, quarter + 1, week)
        return WeekResult(
            left=[d.worker for d in gone if d.voluntary],
            let_go=[d.worker for d in gone if not d.voluntary],
            joined=sorted({w.unique_id for w in model.workers} - before),
            fired=list(model.fired[fired_before:]), quarter_done=model.quarter > quarter,
        )

    def play_quarter(self, decision: sim.Decision) -> None:
        """Commit and play a whole quarter (events answered as the decision says, else default)."""
        self.commit(decision)
        while True:
            card = self.pending()
            if card is not None:
                self.answer(card.id, card.default or card.choices[0].id)
                continue
            if self.step_week().quarter_done:
                return

    # ----- the log ------------------------------------------------------------------------
    def answers(self, quarter: int) -> dict[str, str]:
        """Event answers given in a quarter (1-based): event id -> choice id."""
        return {f.card.id: f.choice for f in self.model.fired
                if f.quarter == quarter and f.choice is not None}

    def decision_log(self) -> list[dict[str, Any]]:
        """Each finished quarter's decision with that quarter's event answers merged in."""
        log = []
        for i, decision in enumerate(self.model.decisions[: self.model.quarter]):
            entry = decision.to_dict()
            entry["responses"] = {**entry.get("responses", {}), **self.answers(i + 1)}
            log.append(entry)
        return log

    def to_save(self) -> dict[str, Any]:
        """The save: enough to replay the game exactly, plus a check of where it ended."""
        return {
            "format": SAVE_FORMAT, "version": SAVE_VERSION, "orgsim_version": sim.__version__,
            "level": self.level_name, "seed": self.seed, "overrides": self.overrides,
            "quarter": int(self.model.quarter), "level_title": self.level.title,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "decisions": self.decision_log(),
            "check": self.check_values(),
            **{key: getattr(self, key) for key in WORKSHOP_KEYS if getattr(self, key)},
        }

    @classmethod
    def from_save(cls, data: dict[str, Any], source: str = "save") -> Session:
        """Replay a save; refuse (FileRefusedError) anything that is not a sound orgsim save."""
        header = check_save(data, source)
        try:
            session = cls(header.level, header.seed, header.overrides)
            if header.quarter > session.level.quarters:
                raise _refuse(source, f"has {header.quarter} quarters but level "
                                      f"'{header.level}' has only {session.level.quarters}")
            for i, entry in enumerate(header.decisions):
                decision = sim.Decision.from_dict(entry, where=f"{source}: quarter {i + 1}")
                session.play_quarter(decision)
        except FileRefusedError:
            raise
        except sim.OrgsimError as exc:
            message = str(exc)
            raise (FileRefusedError(message) if message.startswith(source)
                   else _refuse(source, message)) from None
        session.team, session.session_code = header.team, header.session_code
        session.replay_warning = session._check(data.get("check"), source)
        return session

    def check_values(self) -> dict[str, float]:
        """Where the game stands, so a load can tell whether its replay ended in the same place."""
        table = self.table()
        if not len(table):
            return {}
        return {"output_cum": float(table["output_cum"].iloc[-1]),
                "morale": float(table["morale"].iloc[-1])}

    def _check(self, check: Any, source: str) -> str:
        """A warning when the replay ends elsewhere than the save did. Saves of another
        version are refused before replaying, so a difference means the save was edited or
        damaged."""
        if not isinstance(check, dict):
            return ""
        now_values = self.check_values()
        for key in ("output_cum", "morale"):
            saved = check.get(key)
            if key not in now_values or isinstance(saved, bool):
                continue
            now = now_values[key]
            if isinstance(saved, int | float) and not math.isclose(saved, now, rel_tol=1e-9,
                                                                   abs_tol=1e-12):
                return (f"{source}: the save's figures do not match its own replay (edited "
                        f"or damaged); the replay ends with {key} {now:.3f} instead of "
                        f"{saved:.3f}")
        return ""
