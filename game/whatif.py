"""What if, from the debrief: plan one quarter again and see the game replayed from there on the
same seed and luck (sim.whatif), both paths on the debrief.

Why a copy of the game: the quarter is planned on the team as it was when that quarter began
(the same screen as in play), then the finished game is put back and the replay compared with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sim
from game import registry
from game.session import Session

if TYPE_CHECKING:
    from game.app import App


def session_before(game: Session, quarter: int) -> Session:
    """A copy of `game` replayed to the start of `quarter` (1-based), its decisions and event
    answers as they were."""
    copy = Session(game.level_name, game.seed, game.overrides, player=game.player)
    for decision in game.model.decisions[: quarter - 1]:
        copy.play_quarter(decision)
    copy.unspent_confirmed = game.unspent_confirmed
    return copy


def replay(game: Session, quarter: int, decision: sim.Decision) -> sim.WhatIf:
    """The finished game and the game with `quarter` decided as `decision`."""
    return sim.what_if(game.level, game.seed, list(game.model.decisions), quarter, decision)


def start(app: App, debrief: object, quarter: int) -> None:
    """Plan `quarter` again over the debrief; commit replays, Esc goes back unchanged."""
    from game.results import run_in_background

    game = app.session
    original = game.model.decisions[quarter - 1]

    def back() -> None:
        app.session = game
        app.pop()

    def commit(decision: sim.Decision) -> None:
        back()
        work = run_in_background(replay, game, quarter, decision)
        app.push(registry.make("waiting", app, work, lambda: (app.pop(), debrief.show_what_if(
            work.result())), message="whatif.working"))

    app.session = session_before(game, quarter)
    app.push(registry.make("plan", app, what_if=(quarter, original, commit, back)))
