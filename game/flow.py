"""Moves between scenes: the game's flow from title to debrief, in one place.

Why: scenes ask the flow to go on ("the quarter is over") instead of importing each other, so
each scene module stays about one screen, and saving after every quarter happens in one spot.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sim
from game import hotseat, registry
from game.jsonfile import FileRefusedError
from game.saves import latest_autosave, load_save, write_save

if TYPE_CHECKING:
    from game.app import App
    from game.joined import Joined
    from game.scene import Scene
    from game.session import Session


def start(app: App, session: Session | None = None) -> None:
    """The first scenes for the options: a loaded game, a level (or demo), or the title."""
    from game.app import new_seed

    app.reset(registry.make("title", app))
    app.workshop = app.options.joined is not None
    if session is None and app.options.joined is not None and not hotseat.wanted(app):
        from game.joined import resumed_game
        session = resumed_game(app.options.joined,
                               app.demo.strategy_name if app.demo else "player")
    if session is not None:
        resume_session(app, session)
    elif app.options.level is not None or app.options.demo is not None:
        level = app.options.level or sim.level_names()[0]
        seed = app.options.seed if app.options.seed is not None else new_seed()
        start_level(app, level, seed)
    if app.progress_problem:
        from game.assets import text
        show_message(app, text("load.progress"),
                     text("load.progress_body", reason=app.progress_problem))


def start_level(app: App, level: str, seed: int | None = None) -> None:
    """Open the briefing of a new game of `level` (in a hot seat, every team's new game, the
    first team's turn first)."""
    from game.app import new_seed
    from game.session import Session

    seed = seed if seed is not None else new_seed()
    if hotseat.wanted(app, level, seed):
        hotseat.start(app)
        return
    joined = app.options.joined
    app.session = Session(level, seed, app.options.overrides,
                          player=app.demo.strategy_name if app.demo else "player")
    if joined is not None and (level, seed) == (joined.level, joined.seed):
        from game.joined import attach
        attach(app.session, joined)
    app.push(registry.make("briefing", app))


def open_plan(app: App) -> None:
    """Plan the next quarter (replacing the current scene)."""
    app.replace(registry.make("plan", app))


def open_quarter(app: App) -> None:
    """Play the committed quarter; during the last one, the debrief's bosses start playing in
    the background."""
    from game.results import prepare_debrief
    if app.session is not None and app.session.next_quarter >= app.session.level.quarters:
        prepare_debrief(app.session)
    send_progress(app.session, committed=True)
    app.replace(registry.make("quarter", app))


def send_progress(session: Session | None, committed: bool = False) -> None:
    """A game joined by the facilitator's page sends its whole log after each quarter, and
    with the plan just committed for the quarter ahead after each commit; the page takes it
    whole, so a resend never duplicates."""
    if session is None or session.link is None:
        return
    planned = session.planned.to_dict() if committed and session.planned is not None else None
    session.link.send_log(session.decision_log(), planned)


def quarter_over(app: App) -> None:
    """A quarter has been played: autosave (not in demo mode; in a hot seat, to the team's own
    slot), then show its report, with a message over it when the autosave failed or had to go
    to another slot."""
    from game.assets import text
    heading, body = "", ""
    send_progress(app.session)
    if app.session is not None and app.demo is None:
        try:
            written = write_save(app.session, hotseat.autosave_slot(app))
            heading, body = text("save.elsewhere"), written.notice
        except (OSError, FileRefusedError) as exc:
            heading, body = text("save.failed"), str(exc)
    app.sounds.play("quarter")
    app.replace(registry.make("report", app))
    if body:
        show_message(app, heading, body)


def after_report(app: App) -> None:
    """From a report: plan the next quarter, or the debrief when the level is over; in a hot
    seat the next team still playing takes the laptop first."""
    if app.session is not None and app.session.finished:
        open_debrief(app, app.replace)
    elif not hotseat.hand_over(app):
        open_plan(app)


def open_debrief(app: App, place: Callable[[Scene], None]) -> None:
    """The debrief, through a short wait screen while the bosses' runs are still going, so no
    frame ever blocks on them (`place` is app.push or app.replace)."""
    from game.results import prepare_debrief
    assert app.session is not None
    runs = prepare_debrief(app.session)
    if runs.done():
        place(registry.make("debrief", app))
    else:
        place(registry.make("waiting", app, runs,
                            lambda: app.replace(registry.make("debrief", app))))


def resume_session(app: App, session: Session) -> None:
    """Carry on a loaded game at its next quarter (or its debrief if it is over)."""
    rejoin(app, session)
    app.session = session
    if session.finished:
        open_debrief(app, app.push)
    else:
        app.push(registry.make("plan", app))
    if session.replay_warning:
        show_message(app, "Loaded, with a warning", session.replay_warning)


def rejoin(app: App, session: Session) -> None:
    """A resumed workshop game is its team's again when that team was joined here: in a hot
    seat it takes the team's seat, else its line to the facilitator's page carries on. A game
    of a session or team not joined plays on, its team and code kept for its result."""
    if hotseat.adopt(app, session):
        return
    from game.joined import attach, matching
    joined = matching(session, (*app.options.teams, app.options.joined))
    if joined is not None:
        attach(session, joined)


def load_game(app: App, path: Path) -> bool:
    """Load a save file; a bad file is refused with a message and changes nothing."""
    try:
        session = load_save(path)
    except FileRefusedError as exc:
        from game.assets import text
        show_message(app, text("load.refused"), str(exc))
        return False
    to_title(app)
    resume_session(app, session)
    return True


def continue_game(app: App) -> bool:
    """Back to a hot seat left for the title, else load the newest autosave (the game may
    have been diverted to 'autosave-N')."""
    if hotseat.resume(app):
        return True
    path = latest_autosave()
    return path is not None and load_game(app, path)


def play_joined(app: App, teams: list[Joined]) -> None:
    """Play for the team(s) joined on the title screen's join form, as `orgsim play --session
    S --team T` does (several teams: a hot seat)."""
    first = teams[0]
    hotseat.end(app)                  # a hot seat of an earlier join is over
    options = app.options
    options.joined, options.teams = first, tuple(teams)
    options.level, options.seed, options.overrides = first.level, first.seed, dict(first.overrides)
    start(app)


def to_title(app: App) -> None:
    """Back to the title: a workshop picked on the title screen ends here (its levels were
    open for the class only); a game joined to a session stays in it."""
    app.session = None
    app.workshop = app.options.joined is not None
    app.reset(registry.make("title", app))


def show_message(app: App, title: str, body: str) -> None:
    app.push(registry.make("message", app, title, body))


def ask(app: App, title: str, body: str, yes_label: str, on_yes: Callable[[], None]) -> None:
    """A question over the current screen: Enter does `on_yes`, Esc goes back."""
    app.push(registry.make("message", app, title, body, confirm=on_yes, confirm_label=yes_label))


def toggle_help(app: App) -> None:
    if app.stack and registry.is_scene(app.top, "help"):
        app.pop()
    else:
        app.push(registry.make("help", app))


def open_menu(app: App) -> None:
    app.push(registry.make("menu", app))
