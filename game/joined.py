"""A game joined to a workshop session: which session (its code, its folder when the laptop
can see it, or the facilitator's page), which team, and where the finished game's result goes.

Why here: the game is a client of the workshop library (sim.workshop); this module is the one
place that turns `orgsim play --session CODE|DIR --team NAME` into a level, a seed and rules,
and hands a finished game's result to the session folder (the file route; a USB stick and
`orgsim workshop collect` do the same from another laptop) or to the facilitator's page
(game/live.py sends each quarter as it is committed, and the result)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.errors import OrgsimError

if TYPE_CHECKING:
    from game.live import LiveLink
    from game.session import Session


@dataclass(frozen=True)
class Joined:
    team: str
    code: str
    level: str
    seed: int
    overrides: dict
    folder: Path | None = None       # the session folder, when joined by it
    link: LiveLink | None = field(default=None, compare=False)   # when joined by the page
    #: The quarters the page already holds for the team (a restarted game resumes after them).
    resume: tuple[dict[str, Any], ...] = ()

    def deliver(self, result: Path) -> str:
        """Hand a finished game's result to the session: collected into its folder (first game
        counts, later ones are practice) or sent to its page; one line saying what became of
        it ('' when joined by the code alone: the file goes on a USB stick)."""
        if self.link is not None:
            return self.link.send_result(result.read_bytes())
        if self.folder is None:
            return ""
        from sim.workshop import collect
        return collect(self.folder, [result])[0]


def join(session: str, team: str | None, token: str | None = None) -> Joined:
    """Resolve `--session` (a code, a session folder or the page's address) and `--team`
    (checked against the session's teams when the folder or the page is at hand). Errors are
    one sentence."""
    from sim.workshop import decode, encode, load_session

    if session.strip().startswith(("http://", "https://")):
        return join_page(session, team, token)
    if not team or not team.strip():
        raise OrgsimError("--session needs --team NAME (the team this laptop plays for)")
    if token is not None:
        raise OrgsimError("--token is for joining by the facilitator page's address "
                          "(--session http://HOST:PORT/CODE)")
    folder = Path(session)
    if folder.is_dir():
        found = load_session(folder)
        chosen = found.team(team)
        if chosen is None:
            names = ", ".join(t.name for t in found.teams)
            raise OrgsimError(f"team {team.strip()!r} is not in the session {found.code} "
                              f"(its teams: {names})")
        return Joined(team=chosen.name, code=found.code, level=found.spec.level,
                      seed=found.spec.seed, overrides=dict(found.spec.overrides), folder=folder)
    spec = decode(session)
    return Joined(team=team.strip(), code=encode(spec), level=spec.level, seed=spec.seed,
                  overrides=dict(spec.overrides))


def join_page(url: str, team: str | None, token: str | None) -> Joined:
    """Join by the facilitator page's address. The code in the address gives level and seed
    (so a page that is down does not stop the game: it plays on and sends once it can); the
    page, when it answers, checks team and token and gives back the quarters it already holds,
    so a game that was closed or crashed carries on where it was."""
    from game.live import (
        LiveLink,
        PageRefusedError,
        PageUnreachableError,
        fetch_team,
        parse_address,
    )
    from sim.workshop import decode, encode

    address = parse_address(url)
    team = (team or address.team or "").strip()
    token = (token or address.token or "").strip()
    if not team:
        raise OrgsimError("--session with the page's address needs --team NAME (or a join link "
                          "with ?team=)")
    if not token:
        raise OrgsimError(f"team {team!r} needs its token to join by the page: --token T, or "
                          "the join link with ?token= (on the slip for the team)")
    spec = decode(address.code)
    resume: tuple[dict[str, Any], ...] = ()
    try:
        record = fetch_team(address, team, token)
        team = str(record.get("team", team))
        resume = tuple(record.get("decisions") or ())
    except PageRefusedError as exc:
        raise OrgsimError(f"the facilitator's page refused team {team!r}: {exc}") from None
    except PageUnreachableError:
        pass                  # plays on at its own pace; the link keeps trying
    link = LiveLink(address, team, token).start()
    return Joined(team=team, code=encode(spec), level=spec.level, seed=spec.seed,
                  overrides=dict(spec.overrides), link=link, resume=resume)


def resumed_game(joined: Joined, player: str = "player") -> Session | None:
    """The team's game replayed from the quarters the page holds (None when it holds none)."""
    import sim
    from game.session import Session

    if not joined.resume:
        return None
    game = Session(joined.level, joined.seed, joined.overrides, player=player)
    for i, entry in enumerate(joined.resume):
        game.play_quarter(sim.Decision.from_dict(entry, where=f"the page's quarter {i + 1}"))
    attach(game, joined)
    return game


def attach(game: Session, joined: Joined) -> None:
    """Make a game the team's: its name and session on the result, its line to the page."""
    game.team, game.session_code, game.link = joined.team, joined.code, joined.link


def matching(game: Session, joined: Iterable[Joined | None]) -> Joined | None:
    """Which of the joined teams `game` is played for: its team (in any case) and session code
    (a resumed save keeps both). None for a game of no workshop, or of a session or team that
    was not joined: such a game keeps its team for its result, and is nobody's to deliver."""
    if not game.team:
        return None
    return next((j for j in joined if j is not None and j.code == game.session_code
                 and j.team.casefold() == game.team.casefold()), None)
