"""Workshops: sessions for a class of teams, offline first (no pygame; the web framework only
in `server`).

Why a package of its own: `import sim` must stay as light as it is, so nothing in `sim` imports
this; the workshop commands (and the game and the facilitator's page, when they join a session)
import it by name. Only `server` (and `report`, when it renders) imports Starlette, uvicorn or
Jinja2, and only `orgsim workshop serve | report` import those two.

    code:     a short session code that a laptop with no network can join by typing
    teams:    team names and the file names they get
    session:  a session folder (session.json and results/), made and read back
    results:  a team's result file checked and re-run from its decision log
    collect:  result files copied into a session folder, first game counting
    standin:  a missing team's game finished by a scripted boss, as a result file
    live:     the facilitator page's live board (teams' logs re-run, pacing, stand-ins), kept
              in DIR/live so a restart loses nothing
    server:   the facilitator's page itself (Starlette on uvicorn), `orgsim workshop serve`
    report:   the debrief report (HTML and CSV)
"""

from sim.workshop.code import Rules, SessionSpec, decode, encode, normalise
from sim.workshop.collect import Collected, collect, collect_results
from sim.workshop.errors import WorkshopError
from sim.workshop.results import Integrity, TeamResult, read_team_result, team_result
from sim.workshop.session import Session, Team, lesson_warning, load_session, new_session

__all__ = [
    "Collected",
    "Integrity",
    "Rules",
    "Session",
    "SessionSpec",
    "Team",
    "TeamResult",
    "WorkshopError",
    "collect",
    "collect_results",
    "decode",
    "encode",
    "lesson_warning",
    "load_session",
    "new_session",
    "normalise",
    "read_team_result",
    "team_result",
]
