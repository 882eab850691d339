"""The live board behind the facilitator's page: each team's committed log re-run on this
laptop, the pacing (quarters released, pause, a timer per quarter), stand-ins played by a
scripted boss, and the bosses' paths, in memory and in DIR/live/ so a restart loses nothing.

Why the server re-runs: a team's figures on the projector are always this laptop's replay of
its decision log from the session's level and seed, never figures a laptop sends. Re-running is
cheap because each team keeps one model at the end of the log it has played: a log that only
adds quarters plays on from there (the common case: a quarter at a time), anything else starts
afresh. The web layer (`sim.workshop.server`) calls these methods off its event loop; shared
state is guarded by one short lock, and each team's re-run and files by a lock of its own, so
ten teams posting at once wait only for their own.

Errors are `LiveError`s: one sentence and the HTTP status that fits it. A bad file in DIR/live
at start is a `WorkshopError` naming the file and key.
"""

from __future__ import annotations

import hmac
import json
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

import sim
from sim.decisions import Decision
from sim.errors import OrgsimError
from sim.outputs import refuse
from sim.safefile import parse_json, quote, quote_path, read_json
from sim.workshop.code import normalise, printed
from sim.workshop.collect import COUNTED, PRACTICE, Shelf
from sim.workshop.errors import WorkshopError
from sim.workshop.results import (
    MAX_RESULT_BYTES,
    OTHER_SESSION,
    TeamResult,
    game_digest,
    read_team_result,
    team_result,
)
from sim.workshop.session import Session, Team, load_session, write_private_json
from sim.workshop.standin import boss_tables, log_entry, play_boss, play_decisions, result_data

LIVE = "live"
PACING_FILE = "pacing.json"
#: Upload limits: a team's whole log (every quarter, every answer) is a few kilobytes.
MAX_LOG_BYTES = 256 * 1024
MAX_CONTROL_BYTES = 4 * 1024
MAX_LIVE_FILE = 1_000_000
TEAM_KEYS = ("team", "decisions", "planned", "updated_at")
PACING_KEYS = ("released", "paused", "remaining", "deadline_wall", "stand_ins")
MONEY_METRICS = ("budget_left", "cost")


# ----- errors: one sentence and a status ------------------------------------------------------
class LiveError(WorkshopError):
    """A request the page refuses: one sentence, sent as {"error": ...} with `status`."""

    status = 400


class BadRequestError(LiveError):
    status = 400


class UnauthorisedError(LiveError):
    status = 401


class ForbiddenError(LiveError):
    status = 403


class NotFoundError(LiveError):
    status = 404


class ConflictError(LiveError):
    status = 409


class TooLargeError(LiveError):
    status = 413


class UnplayableError(LiveError):
    status = 422


def same_secret(given: str | None, secret: str) -> bool:
    """A secret or token compared in constant time (no timing hint of how much matched)."""
    return given is not None and hmac.compare_digest(given.encode("utf-8"),
                                                     secret.encode("utf-8"))


# ----- pacing --------------------------------------------------------------------------------
@dataclass
class Pacing:
    """Quarters released to the teams, a pause, and the current quarter's timer.

    The timer runs on the page's clock (monotonic, injectable for tests); it is stored as wall
    time (`deadline_wall`) so a restarted page carries on where it was."""

    quarters: int
    seconds: float                      # per quarter; 0: no timer
    enabled: bool = True                # False: teams play at their own pace (--no-pacing)
    released: int = 0
    paused: bool = False
    remaining: float | None = None      # timer seconds left, while paused
    deadline: float | None = None       # clock time the running timer ends

    def seconds_left(self, now: float) -> float | None:
        if not self.enabled or not self.seconds:
            return None
        if self.remaining is not None:
            return max(0.0, self.remaining)
        if self.deadline is not None:
            return max(0.0, self.deadline - now)
        return None

    def view(self, now: float) -> dict[str, Any]:
        """The pacing object of the contract."""
        if not self.enabled:
            return {"released": self.quarters, "paused": False, "seconds_left": None}
        return {"released": self.released, "paused": self.paused,
                "seconds_left": self.seconds_left(now)}

    @property
    def playable(self) -> int:
        """Quarters a team may play now (a pause holds every team at the plan screen)."""
        if not self.enabled:
            return self.quarters
        return 0 if self.paused else self.released

    def _check_enabled(self) -> None:
        if not self.enabled:
            raise ConflictError("this page runs without pacing (--no-pacing): the teams play at "
                                "their own pace, so there is nothing to release or pause")

    def release(self, now: float) -> None:
        self._check_enabled()
        if self.released >= self.quarters:
            raise ConflictError(f"all {self.quarters} quarters are released already")
        self.released += 1
        if self.seconds:
            if self.paused:
                self.remaining, self.deadline = float(self.seconds), None
            else:
                self.remaining, self.deadline = None, now + self.seconds
        else:
            self.remaining = self.deadline = None

    def pause(self, paused: bool, now: float) -> None:
        self._check_enabled()
        if paused and not self.paused and self.deadline is not None:
            self.remaining, self.deadline = max(0.0, self.deadline - now), None
        elif not paused and self.paused and self.remaining is not None:
            self.remaining, self.deadline = None, now + self.remaining
        self.paused = paused

    def to_json(self, now: float, wall: float, stand_ins: dict[str, str]) -> dict[str, Any]:
        deadline_wall = None if self.deadline is None else wall + (self.deadline - now)
        return {"released": self.released, "paused": self.paused, "remaining": self.remaining,
                "deadline_wall": deadline_wall, "stand_ins": dict(stand_ins)}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and \
        math.isfinite(value)


def read_pacing(path: Path, pacing: Pacing, session: Session, now: float, wall: float
                ) -> dict[str, str]:
    """pacing.json into `pacing`; returns the stand-ins (team name -> boss)."""
    source = quote_path(path)
    data = read_json(path, "pacing file", WorkshopError, MAX_LIVE_FILE)

    def fail(key: str, expected: str) -> WorkshopError:
        return WorkshopError(f"{source}: key '{key}' must be {expected}, got "
                             f"{quote(data.get(key))}")

    if not isinstance(data, dict):
        raise WorkshopError(f"{source}: must be a JSON object with {', '.join(PACING_KEYS)}")
    for key in PACING_KEYS:
        if key not in data:
            raise WorkshopError(f"{source}: key '{key}' is missing")
    unknown = sorted(str(k) for k in data if k not in PACING_KEYS)
    if unknown:
        raise WorkshopError(f"{source}: unknown key {quote(unknown[0])}; a pacing file has "
                            f"{', '.join(PACING_KEYS)}")
    released = data["released"]
    if not isinstance(released, int) or isinstance(released, bool) or \
            not 0 <= released <= pacing.quarters:
        raise fail("released", f"a whole number from 0 to {pacing.quarters}")
    if not isinstance(data["paused"], bool):
        raise fail("paused", "true or false")
    remaining = data["remaining"]
    if remaining is not None and not (_number(remaining) and remaining >= 0):
        raise fail("remaining", "null or seconds (0 or more)")
    deadline_wall = data["deadline_wall"]
    if deadline_wall is not None and not _number(deadline_wall):
        raise fail("deadline_wall", "null or a time in epoch seconds")
    stand_ins = data["stand_ins"]
    if not isinstance(stand_ins, dict):
        raise fail("stand_ins", "an object of team name -> scripted boss")
    chosen: dict[str, str] = {}
    for name, boss in stand_ins.items():
        team = session.team(name) if isinstance(name, str) else None
        if team is None or not isinstance(boss, str) or boss not in sim.STRATEGIES:
            raise fail("stand_ins", f"an object of a session team's name -> a scripted boss "
                                    f"({', '.join(sim.STRATEGIES)})")
        chosen[team.name] = boss
    pacing.released, pacing.paused = released, data["paused"]
    pacing.remaining = None if remaining is None else float(remaining)
    pacing.deadline = None if deadline_wall is None else now + (deadline_wall - wall)
    if pacing.paused and pacing.remaining is None and pacing.deadline is not None:
        pacing.remaining, pacing.deadline = max(0.0, pacing.deadline - now), None
    return chosen


# ----- a team's committed log on disk ----------------------------------------------------------
def team_file(session: Session, team: Team) -> Path:
    """live/<slug>.json: named after the session's own team, never after a request."""
    return session.folder / LIVE / f"{team.slug}.json"


def read_team_file(session: Session, team: Team
                   ) -> tuple[list[dict[str, Any]], dict[str, Any] | None, str | None]:
    """A team's stored log (entries, planned, updated_at), each key checked; empty when the
    team has no file yet."""
    path = team_file(session, team)
    if not os.path.lexists(path):
        return [], None, None
    source = quote_path(path)
    if path.is_symlink():
        raise WorkshopError(f"{source}: is a link; the page reads only the session folder's own "
                            "files")
    data = read_json(path, "live team file", WorkshopError, MAX_LIVE_FILE)
    if not isinstance(data, dict):
        raise WorkshopError(f"{source}: must be a JSON object with {', '.join(TEAM_KEYS)}")
    for key in TEAM_KEYS:
        if key not in data:
            raise WorkshopError(f"{source}: key '{key}' is missing")
    unknown = sorted(str(k) for k in data if k not in TEAM_KEYS)
    if unknown:
        raise WorkshopError(f"{source}: unknown key {quote(unknown[0])}; a team's live file "
                            f"has {', '.join(TEAM_KEYS)}")
    if data["team"] != team.name:
        raise WorkshopError(f"{source}: key 'team' must be {team.name!r} (the file is "
                            f"{team.name}'s), got {quote(data['team'])}")
    entries, planned = data["decisions"], data["planned"]
    if not isinstance(entries, list) or len(entries) > session.quarters:
        raise WorkshopError(f"{source}: key 'decisions' must be a list of at most "
                            f"{session.quarters} log entries, got {quote(entries)}")
    try:
        for i, entry in enumerate(entries):
            Decision.from_dict(entry, where=f"{source}: key 'decisions': quarter {i + 1}")
        if planned is not None:
            Decision.from_dict(planned, where=f"{source}: key 'planned'")
    except OrgsimError as exc:
        raise WorkshopError(str(exc)) from None
    if not (data["updated_at"] is None or isinstance(data["updated_at"], str)):
        raise WorkshopError(f"{source}: key 'updated_at' must be null or a date and time, got "
                            f"{quote(data['updated_at'])}")
    return entries, planned, data["updated_at"]


def _plain(entry: Any) -> Any:
    """A log entry as plain JSON data (numpy numbers from a scripted boss become floats)."""
    return json.loads(json.dumps(entry))


# ----- re-runs, cached -------------------------------------------------------------------------
@dataclass
class _Run:
    model: sim.OrgModel
    decisions: list[Decision]
    digest: str


class Replayer:
    """Each team's model at the end of the log it last played, keyed by the log's digest: a
    log that extends it plays on from there, any other log starts afresh. One thread at a time
    per team (the board's team lock)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.level = session.level()
        self._runs: dict[str, _Run] = {}

    def _fresh(self) -> _Run:
        return _Run(sim.OrgModel(self.level, seed=self.session.spec.seed), [],
                    game_digest(self.session, ()))

    def model(self, slug: str, decisions: list[Decision], where: str) -> sim.OrgModel:
        """The team's model after these decisions (UnplayableError naming the quarter otherwise)."""
        run = self._runs.get(slug)
        n = len(run.decisions) if run is not None else 0
        if run is None or n > len(decisions) or \
                game_digest(self.session, tuple(decisions[:n])) != run.digest:
            run = self._fresh()
        try:
            play_decisions(run.model, decisions[len(run.decisions):], where)
        except OrgsimError as exc:
            self._runs.pop(slug, None)
            raise UnplayableError(f"{exc}; nothing stored") from None
        run.decisions = list(decisions)
        run.digest = game_digest(self.session, tuple(decisions))
        self._runs[slug] = run
        return run.model

    def moved(self, slug: str, decisions: list[Decision]) -> None:
        """The team's model was played on (a stand-in): it now stands after these decisions."""
        run = self._runs[slug]
        run.decisions = list(decisions)
        run.digest = game_digest(self.session, tuple(decisions))


# ----- the board -----------------------------------------------------------------------------
def has_money(level: sim.Level) -> bool:
    """The level has a budget or a goal on money: the board shows what is left."""
    return level.budget is not None or any(g.metric in MONEY_METRICS for g in level.goals)


def path_of(table: pd.DataFrame | None) -> dict[str, list[float]]:
    if table is None or table.empty:
        return {"output_cum": [], "morale": []}
    return {"output_cum": [float(v) for v in table["output_cum"]],
            "morale": [float(v) for v in table["morale"]]}


@dataclass
class TeamLive:
    """What the page knows of one team."""

    team: Team
    entries: list[dict[str, Any]] = field(default_factory=list)   # finished quarters' log
    decisions: list[Decision] = field(default_factory=list)       # the same, read
    planned: dict[str, Any] | None = None
    updated_at: str | None = None
    table: pd.DataFrame | None = None           # the re-run of `decisions`
    seen: float | None = None                   # clock time of its last request
    result: str | None = None                   # counted, practice
    integrity: str | None = None
    result_table: pd.DataFrame | None = None    # the counted result's re-run
    placed: str | None = None                   # digest of the stand-in game written

    @property
    def played(self) -> int:
        return len(self.entries)

    @property
    def committed(self) -> int:
        return self.played + (self.planned is not None)

    def shown_table(self) -> pd.DataFrame | None:
        """The counted result's re-run once there is one (the game that counts), else the
        live log's."""
        return self.result_table if self.result_table is not None else self.table


def _integrity(result: TeamResult) -> str:
    i = result.integrity
    return "ok" if i.ok else f"{i.verdict}: {i.detail}"


class Board:
    """The live state of one session (see the module's docstring)."""

    def __init__(self, folder: str | Path, *, pacing: bool = True,
                 clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time) -> None:
        self.session = load_session(folder)
        self.level = self.session.level()
        self.clock, self.wall = clock, wall
        self.lock = threading.RLock()
        self.pacing = Pacing(self.session.quarters, 60.0 * self.session.spec.minutes,
                             enabled=pacing)
        self.stand_ins: dict[str, str] = {}           # team name -> boss
        self.replayer = Replayer(self.session)
        self.bosses = boss_tables(self.session)
        self.boss_paths = {name: path_of(table) for name, table in self.bosses.items()}
        self.money = has_money(self.level)
        self.teams = {t.slug: TeamLive(t) for t in self.session.teams}
        self._team_locks = {t.slug: threading.Lock() for t in self.session.teams}
        self._shelf_lock = threading.Lock()
        self.shelf = Shelf(self.session)
        self.live_dir = self._live_folder()
        self._load()
        self.advance_stand_ins()

    # ----- start: everything reloaded from DIR/live and DIR/results ---------------------------
    def _live_folder(self) -> Path:
        folder = self.session.folder / LIVE
        if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
            raise WorkshopError(f"{quote_path(folder)} is not a folder of the session's own (a "
                                "link or a file); nothing is written outside the session "
                                "folder")
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)
        except OSError as exc:
            raise refuse(folder, "create the live folder", exc) from None
        return folder

    def _load(self) -> None:
        for live in self.teams.values():
            entries, planned, updated_at = read_team_file(self.session, live.team)
            decisions = [Decision.from_dict(e) for e in entries]
            source = f"{quote_path(team_file(self.session, live.team))}: key 'decisions'"
            try:
                model = self.replayer.model(live.team.slug, decisions, source)
            except UnplayableError as exc:
                raise WorkshopError(str(exc).removesuffix("; nothing stored")) from None
            live.entries, live.decisions, live.updated_at = list(entries), decisions, updated_at
            live.table = model.table()
            live.planned = planned
            self._read_result(live)
        path = self.live_dir / PACING_FILE
        if path.is_symlink():
            raise WorkshopError(f"{quote_path(path)}: is a link; the page reads only the "
                                "session folder's own files")
        if os.path.lexists(path):
            self.stand_ins = read_pacing(path, self.pacing, self.session, self.clock(),
                                         self.wall())

    def _read_result(self, live: TeamLive) -> None:
        """The team's result as results/ holds it: counted (its re-run), practice, or none."""
        path = self.session.results_dir / f"{live.team.slug}.json"
        if os.path.lexists(path) and not path.is_symlink():
            try:
                result = read_team_result(self.session, path)
            except OrgsimError:
                result = None             # the report lists it as refused
            if result is not None and result.team == live.team.name and not result.practice:
                live.result, live.integrity = COUNTED, _integrity(result)
                live.result_table = result.table
                return
        practice = self.session.practice_dir
        if practice.is_dir() and not practice.is_symlink() and any(
                p.name.startswith(f"{live.team.slug}-") and len(p.stem) == len(live.team.slug) + 17
                for p in practice.glob("*.json")):
            live.result = PRACTICE

    # ----- who is asking ----------------------------------------------------------------------
    def check_code(self, code: str) -> None:
        if normalise(code) != normalise(self.session.code):
            raise NotFoundError(f"this page runs session {self.session.code}; the code "
                                f"{quote(code)} is another session's")

    def team(self, name: str) -> Team:
        team = self.session.team(name)
        if team is None:
            raise NotFoundError(f"team {quote(name)} is not in this session (its teams: "
                                f"{', '.join(t.name for t in self.session.teams)})")
        return team

    def check_token(self, team: Team, authorization: str | None) -> None:
        """The team's own token, as 'Authorization: Bearer TOKEN'."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise UnauthorisedError(f"writing {team.name}'s records needs its token (header "
                                    "'Authorization: Bearer TOKEN'; the token is in the "
                                    "team's join link)")
        if not same_secret(token.strip(), team.token):
            raise UnauthorisedError(f"that token is not {team.name}'s; use the token in "
                                    f"{team.name}'s join link")
        with self.lock:
            self.teams[team.slug].seen = self.clock()

    def check_key(self, key: str | None) -> None:
        if not same_secret(key, self.session.secret):
            raise ForbiddenError("wrong facilitator key: use the facilitator link that "
                                 "'orgsim workshop serve' printed (…/?key=…)")

    # ----- what the page shows ------------------------------------------------------------------
    def pacing_view(self) -> dict[str, Any]:
        with self.lock:
            return self.pacing.view(self.clock())

    def state(self) -> dict[str, Any]:
        """Everything the projector page shows (the contract's /api/state)."""
        with self.lock:
            now = self.clock()
            teams = [self._team_state(live, now) for live in self.teams.values()]
            pacing = self.pacing.view(now)
        return {"code": self.session.code, "level": self.level.name,
                "title": self.level.title, "quarters": self.session.quarters,
                "minutes": self.session.spec.minutes, "output_unit": self.level.output_unit,
                "pacing": pacing, "teams": teams, "bosses": self.boss_paths}

    def _team_state(self, live: TeamLive, now: float) -> dict[str, Any]:
        table = live.shown_table()
        played = 0 if table is None else len(table)
        figures: dict[str, Any] = {"stars": None, "output": None, "morale": None,
                                   "quits": None, "budget": None}
        if played:
            last = table.iloc[-1]
            figures = {"stars": sim.stars(sim.score(self.level, table)),
                       "output": float(last["output_cum"]), "morale": float(last["morale"]),
                       "quits": int(table["quits"].sum()),
                       "budget": float(last["budget_left"]) if self.money else None}
        return {"name": live.team.name, "committed": max(live.committed, played),
                "played": played,
                "finished": played >= self.session.quarters or live.result == COUNTED,
                "stand_in": self.stand_ins.get(live.team.name),
                "seen": None if live.seen is None else round(max(0.0, now - live.seen), 1),
                **figures, "path": path_of(table), "result": live.result,
                "integrity": live.integrity}

    def team_record(self, team: Team) -> dict[str, Any]:
        with self.lock:
            live = self.teams[team.slug]
            return {"team": team.name, "decisions": list(live.entries),
                    "planned": live.planned, "pacing": self.pacing.view(self.clock())}

    def session_info(self) -> dict[str, Any]:
        s = self.session
        return {"code": s.code, "level": s.spec.level, "seed": s.spec.seed,
                "quarters": s.quarters, "minutes": s.spec.minutes,
                "overrides": dict(s.overrides), "teams": [t.name for t in s.teams]}

    # ----- a team's log -------------------------------------------------------------------------
    def put_decisions(self, team: Team, body: bytes) -> dict[str, Any]:
        """The team's whole log so far (idempotent; see the contract). Blocking: run it off the
        event loop."""
        source = f"{team.name}'s decision log"
        data = parse_json(_text(body, source), source, BadRequestError)
        if not isinstance(data, dict) or "decisions" not in data or \
                set(data) - {"decisions", "planned"}:
            raise BadRequestError(f"{source}: expected a JSON object with \"decisions\" (the "
                                  "log of the finished quarters) and \"planned\" (null or "
                                  "the next quarter's committed decision)")
        entries, planned = data["decisions"], data.get("planned")
        quarters = self.session.quarters
        if not isinstance(entries, list) or len(entries) > quarters:
            raise UnplayableError(f"{source}: \"decisions\" must be a list of at most {quarters} "
                                  f"log entries (the session plays {quarters} quarters), got "
                                  f"{quote(entries)}")
        if planned is not None and len(entries) >= quarters:
            raise UnplayableError(f"{source}: all {quarters} quarters are played, so there is no "
                                  "quarter left to plan (\"planned\" must be null)")
        try:
            decisions = [Decision.from_dict(e, where=f"{source}: quarter {i + 1}")
                         for i, e in enumerate(entries)]
            plan = None if planned is None else Decision.from_dict(
                planned, where=f"{source}: the plan for quarter {len(entries) + 1}")
        except OrgsimError as exc:
            raise UnplayableError(f"{exc}; nothing stored") from None
        with self._team_locks[team.slug]:
            live = self.teams[team.slug]
            for i, (sent, kept) in enumerate(zip(decisions, live.decisions, strict=False)):
                if sent != kept:
                    raise ConflictError(f"quarter {i + 1} is already committed with other "
                                        f"decisions ({team.name}'s log on this page differs "
                                        "from the one sent); nothing stored")
            kept_plan = None if live.planned is None else Decision.from_dict(live.planned)
            if len(decisions) < live.played or (
                    len(decisions) == live.played and plan in (None, kept_plan)):
                return self._reply(live)                        # a resend: nothing changes
            where = f"{team.name}'s log"
            model = self.replayer.model(team.slug, decisions, where)
            if plan is not None:
                try:
                    sim.validate_decision(plan, self.level, set(model.workforce.ids.tolist()),
                                          where=f"{where}: the plan for quarter "
                                                f"{len(decisions) + 1}")
                except OrgsimError as exc:
                    raise UnplayableError(f"{exc}; nothing stored") from None
            self._store(live, [_plain(e) for e in entries], decisions,
                        None if planned is None else _plain(planned), model.table())
            return self._reply(live)

    def _reply(self, live: TeamLive) -> dict[str, Any]:
        with self.lock:
            return {"committed": live.committed, "played": live.played,
                    "pacing": self.pacing.view(self.clock())}

    def _store(self, live: TeamLive, entries: list[dict[str, Any]], decisions: list[Decision],
               planned: dict[str, Any] | None, table: pd.DataFrame) -> None:
        """The team's new log: written to live/<slug>.json first, then shown (team lock held)."""
        updated_at = datetime.now(UTC).isoformat(timespec="seconds")
        write_private_json(team_file(self.session, live.team),
                           {"team": live.team.name, "decisions": entries, "planned": planned,
                            "updated_at": updated_at}, "live team file")
        with self.lock:
            live.entries, live.decisions, live.planned = entries, decisions, planned
            live.table, live.updated_at = table, updated_at

    # ----- a team's result ----------------------------------------------------------------------
    def put_result(self, team: Team, body: bytes) -> str:
        """A finished game's result file, re-run and stored as `collect` stores it; what became
        of it, in one sentence. Blocking: run it off the event loop."""
        source = f"{team.name}'s result"
        data = parse_json(_text(body, source), source, BadRequestError)
        code = data.get("session_code") if isinstance(data, dict) else None
        if isinstance(code, str) and normalise(code) != normalise(self.session.code):
            raise ConflictError(f"{source}: comes from another session (its session code is "
                                f"{quote(printed(code))}; this session's is {self.session.code}); "
                                "not collected")
        try:
            result = team_result(self.session, body, source)
        except OrgsimError as exc:
            raise UnplayableError(f"{exc}; not collected") from None
        if result.team != team.name:
            raise ForbiddenError(f"{source}: holds {result.team}'s game, and {team.name}'s token "
                                 f"writes only {team.name}'s records; not collected")
        if result.integrity.verdict == OTHER_SESSION:
            raise ConflictError(f"{source}: comes from another session "
                                f"({result.integrity.detail}); not collected")
        return self._place(team, result, body, source)

    def _place(self, team: Team, result: TeamResult, raw: bytes, source: str) -> str:
        with self._shelf_lock:
            placed = self.shelf.place(source, result, raw)
        line = placed.line.removeprefix(f"{source}: ")    # the team knows what it sent
        with self.lock:
            live = self.teams[team.slug]
            if placed.status == COUNTED:
                live.result, live.integrity = COUNTED, _integrity(result)
                live.result_table = result.table
            elif placed.status == PRACTICE and live.result is None:
                live.result = PRACTICE
        return line

    # ----- pacing and stand-ins (facilitator) ---------------------------------------------------
    def release(self) -> dict[str, Any]:
        with self.lock:
            self.pacing.release(self.clock())
            self._save_pacing()
        self.advance_stand_ins()
        return self.pacing_view()

    def pause(self, paused: bool) -> dict[str, Any]:
        with self.lock:
            self.pacing.pause(paused, self.clock())
            self._save_pacing()
        self.advance_stand_ins()
        return self.pacing_view()

    def set_stand_in(self, name: Any, boss: Any) -> dict[str, Any]:
        """A missing team played by a scripted boss from its committed log (None: stop)."""
        if not isinstance(name, str):
            raise BadRequestError(f"\"team\" must be a team's name, got {quote(name)}")
        team = self.team(name)
        if boss is not None and (not isinstance(boss, str) or boss not in sim.STRATEGIES):
            raise BadRequestError(f"\"boss\" must be a scripted boss ({', '.join(sim.STRATEGIES)}) "
                                  f"or null (no stand-in), got {quote(boss)}")
        with self.lock:
            if boss is None:
                self.stand_ins.pop(team.name, None)
            else:
                self.stand_ins[team.name] = boss
            self._save_pacing()
        self.advance_stand_ins()
        with self.lock:
            return self._team_state(self.teams[team.slug], self.clock())

    def _save_pacing(self) -> None:
        """pacing.json (board lock held)."""
        write_private_json(self.live_dir / PACING_FILE,
                           self.pacing.to_json(self.clock(), self.wall(), self.stand_ins),
                           "pacing file")

    def advance_stand_ins(self) -> None:
        """Each stand-in plays its team's quarters up to those released, and writes the
        team's result when the level ends. Blocking: run it off the event loop."""
        with self.lock:
            chosen = [(self.session.team(name), boss) for name, boss in self.stand_ins.items()]
            until = self.pacing.playable
        for team, boss in chosen:
            if team is not None:
                self._stand_in(team, boss, until)

    def _stand_in(self, team: Team, boss: str, until: int) -> None:
        with self._team_locks[team.slug]:
            live = self.teams[team.slug]
            if live.result == COUNTED:
                return
            if live.played < until:
                where = f"{team.name}'s log"
                model = self.replayer.model(team.slug, live.decisions, where)
                entries = list(live.entries)
                if live.planned is not None:          # committed by the team: played as it is
                    play_decisions(model, [Decision.from_dict(live.planned)], where)
                    entries.append(_plain(log_entry(model, int(model.quarter))))
                entries += [_plain(e) for e in play_boss(model, boss, until)]
                decisions = [Decision.from_dict(e) for e in entries]
                self.replayer.moved(team.slug, decisions)
                self._store(live, entries, decisions, None, model.table())
            digest = game_digest(self.session, tuple(live.decisions))
            if live.played >= self.session.quarters and live.placed != digest:
                data = result_data(self.session, team.name, boss, live.entries, live.table,
                                   self.bosses)
                raw = (json.dumps(data, indent=1) + "\n").encode("utf-8")
                source = f"{team.name}'s stand-in ({boss} boss)"
                self._place(team, team_result(self.session, raw, source), raw, source)
                live.placed = digest


def _text(body: bytes, source: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequestError(f"{source}: the body is not UTF-8 text, so not JSON") from None


def check_size(length: str | None, limit: int, what: str) -> None:
    """A request's Content-Length against the limit, before a byte is read."""
    if length is None:
        return
    try:
        size = int(length)
    except ValueError:
        raise BadRequestError(f"the Content-Length header {quote(length)} is not a number") \
            from None
    if size > limit:
        raise TooLargeError(f"{what} is {size:,} bytes; the limit is {limit:,} bytes")


__all__ = ["MAX_CONTROL_BYTES", "MAX_LOG_BYTES", "MAX_RESULT_BYTES", "Board", "LiveError",
           "Pacing", "read_team_file"]
