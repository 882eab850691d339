"""A team's result file, checked and re-run: the figures a workshop shows are always the
facilitator's own re-run of the team's decision log, never the figures the file records.

Why re-run: a result file travels on USB sticks and over the network, and anyone can edit it.
A run depends only on its level, seed and decisions, so replaying the decision log from the
session's level and seed gives the true figures; the recorded ones only serve to flag a file,
saying whether it comes from another session, another model version, or was edited.

A workshop result is the game's result file (game/results.py `result_data`) plus "team" and
"session_code" (and "practice": true for a game after the team's first; "played_by": a scripted
boss's name when that boss played a missing team, see `sim.workshop.standin`).
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

import sim
from sim.decisions import Decision
from sim.decisions import attention_shares as decision_shares
from sim.errors import OrgsimError
from sim.levels import Level
from sim.limits import MAX_QUARTERS
from sim.safefile import parse_json, quote, quote_path, read_bytes
from sim.scoring import GoalResult
from sim.workshop.code import printed
from sim.workshop.errors import WorkshopError
from sim.workshop.session import Session

RESULT_FORMAT = "orgsim-result"
RESULT_VERSION = 1
MAX_RESULT_BYTES = 2_000_000
OK, OTHER_SESSION, OTHER_VERSION, EDITED = ("ok", "another session", "another model version",
                                            "edited")
#: Recorded figures within this of the re-run's are the same (JSON keeps floats exact).
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Integrity:
    """Whether a result file's own figures can be trusted, and if not, why."""

    verdict: str = OK           # ok, another session, another model version, edited
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.verdict == OK

    def __str__(self) -> str:
        return self.verdict if self.ok else f"flagged as {self.verdict}: {self.detail}"


class Shares(NamedTuple):
    """A quarter's attention as shares of the budget (one-to-ones count as leadership: they
    are people work)."""

    leadership: float
    management: float
    unspent: float


@dataclass(frozen=True, eq=False)
class TeamResult:
    """A team's game as the facilitator's re-run plays it (stars, goals, table, shares)."""

    team: str                       # as the session spells it
    source: str
    stars: int
    goals: tuple[GoalResult, ...]
    table: pd.DataFrame             # the re-run's per-quarter table
    shares: tuple[Shares, ...]
    decisions: tuple[Decision, ...]
    practice: bool                  # the file says it is a game after the team's first
    integrity: Integrity
    finished_at: str
    digest: str                     # the same game (session and decisions) has the same one
    played_by: str | None = None    # the scripted boss that stood in for a missing team


def attention_shares(level: Level, decisions: tuple[Decision, ...] | list[Decision]
                     ) -> tuple[Shares, ...]:
    """Per quarter: shares of the attention budget on leadership, management and unspent."""
    return tuple(Shares(*shares) for shares in decision_shares(level, decisions))


def game_digest(session: Session, decisions: tuple[Decision, ...]) -> str:
    """A short fingerprint of a game in a session: its decisions and answers."""
    blob = json.dumps([session.code, [d.to_dict() for d in decisions]], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def read_team_result(session: Session, path: str | Path) -> TeamResult:
    """A team's result file (at most 2 MB), checked and re-run in the session."""
    raw = read_bytes(path, "result file", WorkshopError, MAX_RESULT_BYTES)
    return team_result(session, raw, quote_path(path))


def team_result(session: Session, raw: bytes, source: str) -> TeamResult:
    """A result sent as bytes (a file's or an upload's), checked and re-run in the session.

    Refused with one sentence: not a result, malformed, too large, a team the session does not
    have, an unfinished game, decisions that do not play on the session's level. A result that
    re-runs but whose own figures or headers disagree is returned, flagged."""
    if len(raw) > MAX_RESULT_BYTES:
        raise WorkshopError(f"{source}: is too large for a result file ({len(raw):,} bytes; "
                            f"the limit is {MAX_RESULT_BYTES:,})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise WorkshopError(f"{source}: not valid UTF-8 text, so not a result file") from None
    data = parse_json(text, source, WorkshopError)
    _check_schema(data, source)
    elsewhere = printed(data["session_code"]) != session.code
    team = session.team(data["team"])
    if team is None:
        raise _from_elsewhere(session, data, source) if elsewhere else WorkshopError(
            f"{source}: team {quote(data['team'])} is not in this session (its teams: "
            f"{', '.join(t.name for t in session.teams)})")
    try:
        decisions = tuple(Decision.from_dict(d, where=f"{source}: quarter {i + 1}")
                          for i, d in enumerate(data["decisions"]))
        if len(decisions) != session.quarters:
            raise WorkshopError(f"{source}: not a finished game: it holds {len(decisions)} "
                                f"quarters of decisions, the session plays {session.quarters}")
        level = session.level()
        table = sim.OrgModel(level, seed=session.spec.seed, decisions=decisions).run()
    except OrgsimError as exc:
        if elsewhere:
            raise _from_elsewhere(session, data, source) from None
        if data["orgsim_version"] != sim.__version__:
            raise WorkshopError(f"{source}: was made with orgsim {quote(data['orgsim_version'])}"
                                f" and does not re-run on orgsim {sim.__version__} ({exc})") \
                from None
        raise WorkshopError(str(exc)) from None
    goals = tuple(sim.score(level, table))
    stars = sim.stars(list(goals))
    return TeamResult(
        team=team.name, source=source, stars=stars, goals=goals, table=table,
        shares=attention_shares(level, decisions), decisions=decisions,
        practice=data.get("practice", False),
        integrity=_integrity(session, data, table, goals, stars),
        finished_at=data.get("finished_at", ""), digest=game_digest(session, decisions),
        played_by=data.get("played_by"))


def _from_elsewhere(session: Session, data: dict[str, Any], source: str) -> WorkshopError:
    return WorkshopError(f"{source}: comes from another session ({_elsewhere(session, data)})")


def _elsewhere(session: Session, data: dict[str, Any]) -> str:
    return f"its session code is {printed(data['session_code'])}; this session's is " \
           f"{session.code}"


# ----- the file's shape ----------------------------------------------------------------------
def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


#: key -> (check, what it must be); every key a workshop result must have.
_SCHEMA: dict[str, tuple[Any, str]] = {
    "orgsim_version": (lambda v: isinstance(v, str), "a string"),
    "level": (lambda v: isinstance(v, str), "a level's name"),
    "seed": (lambda v: _is_int(v) and v >= 0, "a whole number, 0 or more"),
    "overrides": (lambda v: isinstance(v, dict), "an object"),
    "team": (lambda v: isinstance(v, str), "the team's name"),
    "session_code": (lambda v: isinstance(v, str), "the session's code"),
    "decisions": (lambda v: isinstance(v, list) and 0 < len(v) <= MAX_QUARTERS,
                  f"a list of 1 to {MAX_QUARTERS} decisions, one per quarter"),
    "table": (lambda v: isinstance(v, list) and all(isinstance(r, dict) for r in v),
              "a list of per-quarter rows (objects)"),
    "stars": (lambda v: isinstance(v, dict) and _is_int(v.get("overall"))
              and isinstance(v.get("goals"), list)
              and all(isinstance(g, dict) and _is_number(g.get("value")) for g in v["goals"]),
              "an object with 'overall' stars and 'goals' with their values"),
}
_OPTIONAL: dict[str, tuple[Any, str]] = {
    "practice": (lambda v: isinstance(v, bool), "true or false"),
    "finished_at": (lambda v: isinstance(v, str), "a date and time"),
    "played_by": (lambda v: isinstance(v, str) and v in sim.STRATEGIES,
                  f"the name of a scripted boss ({', '.join(sim.STRATEGIES)})"),
}


def _check_schema(data: Any, source: str) -> None:
    if not isinstance(data, dict) or data.get("format") != RESULT_FORMAT:
        raise WorkshopError(f"{source}: not an orgsim result file (expected \"format\": "
                            f"\"{RESULT_FORMAT}\")")
    if data.get("version") != RESULT_VERSION or isinstance(data.get("version"), bool):
        raise WorkshopError(f"{source}: key 'version' must be {RESULT_VERSION}, got "
                            f"{quote(data.get('version'))}")
    for key, (check, expected) in _SCHEMA.items():
        if key not in data:
            raise WorkshopError(f"{source}: key '{key}' is missing (is it a workshop game's "
                                "result?)")
        if not check(data[key]):
            raise WorkshopError(f"{source}: key '{key}' must be {expected}, got "
                                f"{quote(data[key])}")
    for key, (check, expected) in _OPTIONAL.items():
        if key in data and not check(data[key]):
            raise WorkshopError(f"{source}: key '{key}' must be {expected}, got "
                                f"{quote(data[key])}")


# ----- integrity -----------------------------------------------------------------------------
def _integrity(session: Session, data: dict[str, Any], table: pd.DataFrame,
               goals: tuple[GoalResult, ...], stars: int) -> Integrity:
    """Another session first, then another model version, then any recorded figure or header
    that the re-run does not give."""
    if printed(data["session_code"]) != session.code:
        return Integrity(OTHER_SESSION, _elsewhere(session, data))
    if data["orgsim_version"] != sim.__version__:
        return Integrity(OTHER_VERSION, f"made with orgsim {quote(data['orgsim_version'])}; "
                                        f"this is orgsim {sim.__version__}")
    edit = _header_edit(session, data) or _table_edit(data["table"], table) or \
        _stars_edit(data["stars"], goals, stars)
    return Integrity(EDITED, edit) if edit else Integrity()


def _header_edit(session: Session, data: dict[str, Any]) -> str | None:
    own = sim.load_level(session.spec.level).quarters
    overrides = {k: v for k, v in data["overrides"].items()
                 if not (k == "quarters" and v == own)}
    recorded = (data["level"], data["seed"], overrides)
    if recorded != (session.spec.level, session.spec.seed, session.overrides):
        return (f"it records level {quote(data['level'])}, seed {quote(data['seed'])} and "
                f"overrides {quote(data['overrides'])}, not its session's")
    return None


def _same(recorded: Any, value: float) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return recorded is None or (isinstance(recorded, float) and math.isnan(recorded))
    return _is_number(recorded) and math.isclose(recorded, value, rel_tol=TOLERANCE,
                                                 abs_tol=TOLERANCE)


def _figure(value: Any) -> str:
    """A recorded figure as the flag shows it: a number with at most 4 decimals and thousands
    separated (1,000,000 or 585.3007, never 585.300727659057), anything else quoted."""
    if not _is_number(value):
        return quote(value)
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _table_edit(recorded: list[dict[str, Any]], table: pd.DataFrame) -> str | None:
    if len(recorded) != len(table):
        return f"it records {len(recorded)} quarters, the re-run plays {len(table)}"
    for quarter, (row, rerun) in enumerate(zip(recorded, table.to_dict(orient="records"),
                                               strict=True), start=1):
        for column, value in rerun.items():
            if not _is_number(value):
                continue
            if column not in row:
                return f"its quarter {quarter} has no {column!r}"
            if not _same(row[column], float(value)):
                return (f"it records {column} {_figure(row[column])} in quarter {quarter}, the "
                        f"re-run gives {float(value):.6g}")
    return None


def _stars_edit(recorded: dict[str, Any], goals: tuple[GoalResult, ...], stars: int
                ) -> str | None:
    if recorded["overall"] != stars:
        return f"it records {recorded['overall']} stars, the re-run earns {stars}"
    values = [g["value"] for g in recorded["goals"]]
    if len(values) != len(goals) or not all(_same(v, g.value)
                                            for v, g in zip(values, goals, strict=False)):
        return "its goals' values are not the re-run's"
    return None
