"""A missing team played by a scripted boss: the team's committed quarters as they were, then
the boss on the session's level and seed, and the finished game as a result file.

Why a model of the team's own: the boss takes over where the team stopped, so its quarters
start from the team's state (its people, morale, money), not from the boss's own path. The
quarters the team committed are replayed first (their event answers as logged, unanswered ones
by default, as the game does), then the boss decides each quarter and answers its events at
the moment they fire, exactly as a headless boss run does (`sim.OrgModel(strategy=...)`), so a
stand-in from quarter 1 plays the boss's own path.

The result has the shape the game writes (game/results.py `result_data`) plus
`"played_by": "<boss>"`, and its decision log holds every answer, so `team_result` re-runs it
like any team's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

import sim
from sim.decisions import Decision
from sim.decisions import attention_shares as decision_shares
from sim.safefile import quote, quote_path
from sim.workshop.collect import Collected, Shelf
from sim.workshop.errors import WorkshopError
from sim.workshop.results import RESULT_FORMAT, RESULT_VERSION, team_result
from sim.workshop.session import Session, load_session


def answers(model: sim.OrgModel, quarter: int) -> dict[str, str]:
    """Event answers given in a quarter (1-based), whoever gave them: event id -> choice."""
    return {f.card.id: f.choice for f in model.fired
            if f.quarter == quarter and f.choice is not None}


def log_entry(model: sim.OrgModel, quarter: int) -> dict[str, Any]:
    """A finished quarter's log entry, as the game logs it: the decision with that quarter's
    event answers merged into its responses (so a re-run answers alike)."""
    entry = model.decisions[quarter - 1].to_dict()
    entry["responses"] = {**entry.get("responses", {}), **answers(model, quarter)}
    return entry


def play_decisions(model: sim.OrgModel, decisions: Sequence[Decision], where: str) -> None:
    """Play the next quarters with these decisions, each checked against the team as it is
    then (DecisionError naming `where` and the quarter otherwise)."""
    for decision in decisions:
        quarter = int(model.quarter) + 1
        sim.validate_decision(decision, model.level, set(model.workforce.ids.tolist()),
                              where=f"{where}: quarter {quarter}")
        model.set_decision(decision)
        model.run_quarter()


def play_boss(model: sim.OrgModel, boss: str, until: int) -> list[dict[str, Any]]:
    """The boss plays the model's next quarters up to quarter `until`; their log entries.

    The boss is the model's strategy only while it plays (a team that comes back plays on
    from the same model with its own decisions)."""
    strategy = sim.get_strategy(boss)
    first = int(model.quarter) + 1
    model.strategy = strategy
    try:
        while int(model.quarter) < min(until, model.level.quarters):
            model.run_quarter()
    finally:
        model.strategy = None
    return [log_entry(model, q) for q in range(first, int(model.quarter) + 1)]


def stand_in(session: Session, boss: str, committed: Sequence[Mapping[str, Any]] = (),
             where: str = "the team's log") -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """The whole game of a team whose committed log is `committed`, finished by `boss`: the
    full decision log and the per-quarter table."""
    decisions = [Decision.from_dict(e, where=f"{where}: quarter {i + 1}")
                 for i, e in enumerate(committed)]
    model = sim.OrgModel(session.level(), seed=session.spec.seed)
    play_decisions(model, decisions, where)
    log = [log_entry(model, q) for q in range(1, int(model.quarter) + 1)]
    log += play_boss(model, boss, session.quarters)
    return log, model.table()


def boss_tables(session: Session) -> dict[str, pd.DataFrame]:
    """The three reference bosses on the session's level and seed (the result's archetypes)."""
    from sim.workshop.report import BOSSES

    return {name: sim.OrgModel(session.level(), strategy=name, seed=session.spec.seed).run()
            for name in BOSSES}


def _plain(value: Any) -> Any:
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and value != value:
        return None
    return value


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as JSON rows, floats kept to full precision (NaN as null), as the game writes."""
    return [{k: _plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")]


def result_data(session: Session, team: str, boss: str, log: Sequence[Mapping[str, Any]],
                table: pd.DataFrame, archetypes: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """A stand-in's finished game as a result file (game/results.py's shape, "played_by")."""
    level = session.level()
    goals = sim.score(level, table)
    stars = sim.stars(goals)
    decisions = [Decision.from_dict(e) for e in log]
    return {
        "format": RESULT_FORMAT, "version": RESULT_VERSION, "orgsim_version": sim.__version__,
        "level": session.spec.level, "level_title": level.title, "seed": session.spec.seed,
        "overrides": dict(session.overrides), "player": boss, "team": team,
        "session_code": session.code, "played_by": boss,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "stars": {"overall": stars, "passed": stars >= 1, "goals": [
            {"label": g.goal.label, "metric": g.goal.metric, "at": g.goal.at,
             "better": g.goal.better, "thresholds": list(g.goal.stars), "value": g.value,
             "stars": g.stars} for g in goals]},
        "decisions": [dict(e) for e in log],
        "table": records(table),
        "attention_shares": [dict(zip(("leadership", "management", "unspent"), sh, strict=True))
                             for sh in decision_shares(level, decisions)],
        "archetypes": {name: records(run) for name, run in archetypes.items()},
        "lessons": [],
    }


def check_boss(boss: str) -> str:
    """One of the scripted bosses a result can name (leader, manager, balanced, ...)."""
    name = boss.strip()
    if name not in sim.STRATEGIES:
        raise WorkshopError(f"a stand-in is a scripted boss ({', '.join(sim.STRATEGIES)}), not "
                            f"{quote(boss)}")
    return name


def finish(folder: str | Path, team: str, boss: str | None = None) -> Collected:
    """Offline: `boss` (the session's own by default) finishes a missing team's game from the
    quarters it committed on the page (DIR/live, if any), and the result is stored in
    results/ as `collect` stores a file."""
    from sim.workshop.live import read_team_file, team_file

    session = load_session(folder)
    chosen = session.team(team)
    if chosen is None:
        raise WorkshopError(f"team {quote(team)} is not in this session (its teams: "
                            f"{', '.join(t.name for t in session.teams)})")
    name = check_boss(boss if boss is not None else session.boss)
    entries, planned, _ = read_team_file(session, chosen)
    committed = entries + ([planned] if planned is not None else [])
    log, table = stand_in(session, name, committed,
                          where=f"{quote_path(team_file(session, chosen))}: key 'decisions'")
    data = result_data(session, chosen.name, name, log, table, boss_tables(session))
    raw = (json.dumps(data, indent=1) + "\n").encode("utf-8")
    source = f"{chosen.name}'s stand-in ({name} boss)"
    return Shelf(session).place(source, team_result(session, raw, source), raw)
