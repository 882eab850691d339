"""Hot seat: several workshop teams share one laptop, each with its own game, taking turns a
quarter at a time (`orgsim play --session CODE|DIR --team "Red,Blue"`, or the title screen's
join form with a comma list of teams).

Why one object beside the app: the turn order and the teams' games live here, and the flow asks
at four points (a new game, a report read, a debrief left, Continue); every other screen plays
`app.session`, which is simply the game of the team whose turn it is. Each team's game is a
`game.session.Session` of its own (the session's level, seed and quarters; its team and code
set, as a single team's game is), autosaved to a slot named after the team, debriefed and
delivered to the session as a single team's game is. A team that has finished is skipped
while the others play on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from game import registry
from game.saves import AUTOSAVE
from sim.errors import OrgsimError

if TYPE_CHECKING:
    from game.app import App
    from game.joined import Joined
    from game.session import Session


def join_teams(session: str, teams: str | None, tokens: str | None = None) -> list[Joined]:
    """Join `session` for every team of a comma list, in that order: the command line's
    `--session S --team "Red,Blue" [--token "T1,T2"]` and the join form both come here.
    One team joins exactly as `game.joined.join` does; several are checked as a session's
    teams are (names, no two alike) and each is joined by `join` in turn, tokens paired with
    teams by position. Errors are one sentence (OrgsimError)."""
    from game.assets import count
    from game.joined import join

    names = [n.strip() for n in (teams or "").split(",") if n.strip()]
    given = [t.strip() for t in (tokens or "").split(",")] if tokens and tokens.strip() else []
    if given and len(given) != max(1, len(names)):
        raise OrgsimError(f"give one token per team, in the order of the teams "
                          f"({count(len(names), 'team')}, {count(len(given), 'token')})")
    if len(names) <= 1:
        return [join(session, names[0] if names else teams, token=given[0] if given else None)]
    from sim.workshop.teams import check_teams

    names = list(check_teams(names, where="--team"))
    joined: list[Joined] = []
    try:
        for i, name in enumerate(names):
            joined.append(join(session, name, token=(given[i] or None) if given else None))
    except BaseException:
        for earlier in joined:              # no line to the page is left open for nothing
            link = getattr(earlier, "link", None)
            if link is not None:
                link.close()
        raise
    return joined


@dataclass
class Seat:
    """One team at the shared laptop: how it joined, and its game once its first turn came."""

    joined: Joined
    game: Session | None = None
    briefed: bool = False             # the team has seen the level's briefing

    @property
    def team(self) -> str:
        return self.joined.team

    @property
    def finished(self) -> bool:
        return self.game is not None and self.game.finished

    @property
    def played(self) -> int:
        return int(self.game.model.quarter) if self.game is not None else 0

    @property
    def slot(self) -> str:
        """The team's own autosave slot ('autosave red', never the single game's 'autosave'
        nor its 'autosave-N' diversions), so no team's autosave replaces another's."""
        from sim.workshop.teams import team_slug
        return f"{AUTOSAVE} {team_slug(self.team)}"


@dataclass
class HotSeat:
    """The teams in turn order and whose turn it is."""

    seats: list[Seat]
    player: str = "player"            # or the demo boss that plays every team
    turn: int = 0

    @property
    def current(self) -> Seat:
        return self.seats[self.turn]

    @property
    def over(self) -> bool:
        return all(seat.finished for seat in self.seats)

    def game(self, seat: Seat) -> Session:
        """The seat's game, made at its first turn: the session's level, seed and quarters (or
        the quarters the facilitator's page already holds for the team), joined to its team."""
        if seat.game is None:
            from game.joined import attach, resumed_game
            from game.session import Session

            j = seat.joined
            game = resumed_game(j, self.player) or Session(j.level, j.seed, j.overrides,
                                                           player=self.player)
            attach(game, j)
            seat.game, seat.briefed = game, game.model.quarter > 0
        return seat.game

    def seat_of(self, game: Session | None) -> Seat | None:
        return next((s for s in self.seats if game is not None and s.game is game), None)

    def following(self) -> int | None:
        """The next seat after the current one that still has quarters to play (the current
        seat itself when it is the only one left); None when every team has finished."""
        n = len(self.seats)
        for k in range(1, n + 1):
            i = (self.turn + k) % n
            if not self.seats[i].finished:
                return i
        return None


_HOT_SEATS: WeakKeyDictionary[App, HotSeat] = WeakKeyDictionary()


def of(app: App) -> HotSeat | None:
    """The app's hot seat, if several teams share it."""
    return _HOT_SEATS.get(app)


def wanted(app: App, level: str | None = None, seed: int | None = None) -> bool:
    """Several teams were joined (and `level`, `seed`, when given, are their session's)."""
    teams = app.options.teams
    if len(teams) < 2:
        return False
    return level is None or (level, seed) == (teams[0].level, teams[0].seed)


def start(app: App) -> None:
    """A new round for every team of the options (the first game, or Play again): fresh
    games, the first team's turn first."""
    player = app.demo.strategy_name if app.demo else "player"
    seats = HotSeat([Seat(j) for j in app.options.teams], player=player)
    _HOT_SEATS[app] = seats
    show_turn(app, first=True)


def end(app: App) -> None:
    """Forget the app's hot seat (another session was joined)."""
    _HOT_SEATS.pop(app, None)


def show_turn(app: App, first: bool = False) -> None:
    """The hand-over screen of the team whose turn it is, its game now the app's."""
    seats = of(app)
    assert seats is not None
    app.session = seats.game(seats.current)
    app.reset(registry.make("title", app))
    app.push(registry.make("handover", app, seats, first))


def go_on(app: App) -> None:
    """The team at the laptop is ready: its briefing the first time, then its plan (or its
    debrief, for a game the page gave back finished; or the rest of its quarter, when the
    hot seat was left for the title in the middle of one)."""
    from game import flow

    seats = of(app)
    assert seats is not None
    seat = seats.current
    app.session = seats.game(seat)
    if app.session.finished:
        flow.open_debrief(app, app.replace)
    elif app.session.model.week > 0:
        flow.open_quarter(app)
    elif not seat.briefed:
        seat.briefed = True
        app.replace(registry.make("briefing", app))
    else:
        flow.open_plan(app)


def _playing(app: App) -> HotSeat | None:
    """The hot seat whose game is the app's game now (None for any other game)."""
    seats = of(app)
    return seats if seats is not None and seats.seat_of(app.session) is not None else None


def hand_over(app: App) -> bool:
    """After a team's report (or its debrief): hand the laptop to the next team still playing.
    False when there is no other team to hand it to (no hot seat, the only team left, or
    every team finished): the caller goes on as for a single team."""
    turn = next_turn(app)
    if turn is None:
        return False
    seats = _playing(app)
    assert seats is not None
    seats.turn = turn
    show_turn(app)
    return True


def next_turn(app: App) -> int | None:
    """The seat whose turn comes after the current screen, when it is another team's."""
    seats = _playing(app)
    if seats is None:
        return None
    turn = seats.following()
    return turn if turn is not None and turn != seats.turn else None


def will_hand_over(app: App) -> bool:
    """Whether leaving the current screen (a report, a debrief) hands the laptop on."""
    return next_turn(app) is not None


def resumable(app: App) -> bool:
    """A hot seat left for the title screen with teams still playing (Continue goes back)."""
    seats = of(app)
    return seats is not None and not seats.over


def resume(app: App) -> bool:
    """Back to the hot seat from the title: the hand-over to the team whose turn it is."""
    if not resumable(app):
        return False
    seats = of(app)
    assert seats is not None
    if seats.current.finished:
        turn = seats.following()
        if turn is None:
            return False
        seats.turn = turn
    show_turn(app)
    return True


def autosave_slot(app: App) -> str:
    """Where the app's game autosaves: its team's slot in a hot seat, else 'autosave'."""
    seats = _playing(app)
    seat = seats.seat_of(app.session) if seats is not None else None
    return seat.slot if seat is not None else AUTOSAVE


def joined_for(app: App, game: Session | None) -> Joined | None:
    """How the team of `game` joined its session: its own seat's in a hot seat (each team
    delivers its own result, through its own link to the page), else the joined team it is
    played for (None for a resumed game of a session or team not joined here: its result
    names its team, and is not handed to another session)."""
    from game.joined import matching

    seats = of(app)
    seat = seats.seat_of(game) if seats is not None else None
    if seat is not None:
        return seat.joined
    if game is None:
        return None
    return matching(game, (*app.options.teams, app.options.joined))


def adopt(app: App, game: Session) -> bool:
    """A resumed game of one of this hot seat's teams becomes that team's game, its turn now:
    one game per team (two would send two logs through one link to the page), autosaved to
    the team's slot, handed over after its report. False when no seat is the game's."""
    from game.joined import attach, matching

    seats = of(app)
    if seats is None:
        return False
    joined = matching(game, (seat.joined for seat in seats.seats))
    if joined is None:
        return False
    seats.turn = next(i for i, seat in enumerate(seats.seats) if seat.joined is joined)
    attach(game, joined)
    seats.current.game, seats.current.briefed = game, True
    return True


def team_on_turn(app: App) -> str:
    """The team whose turn it is, for every screen's header ('' outside a hot seat)."""
    seats = _playing(app)
    seat = seats.seat_of(app.session) if seats is not None else None
    return seat.team if seat is not None else ""
