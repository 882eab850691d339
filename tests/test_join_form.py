"""The title screen's Workshop item has a join form: the session's code (or its folder, or the
facilitator page's address), the team (a comma list for a hot seat) and an optional token.
Join calls the same joining function as the command line; what it refuses is shown on the form
in its own sentence; the whole form works from the keyboard. Real App, dummy video driver,
real session folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame
import pytest
from layout_audit import audit_screen, problems
from test_game_kit import frames, press, top_name

from game import flow, hotseat, registry
from game.app import App
from game.settings import Settings
from sim.errors import OrgsimError
from sim.workshop import new_session

pytest_plugins = ("test_game_kit",)


def open_form(app: App) -> None:
    flow.start(app)
    app.push(registry.make("workshop", app))
    press(app, pygame.K_j)
    assert top_name(app) == "JoinScene"


def type_text(app: App, words: str) -> None:
    """Typed as the keyboard does: one TEXTINPUT event a character."""
    for ch in words:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    frames(app, 2)


def drawn(app: App) -> list[str]:
    return [t.text for t in audit_screen(app).drawn]


def test_joining_with_a_code_and_a_team_starts_the_teams_game(
        make_app: Callable[..., App], data_dir: Path, tmp_path: Path) -> None:
    session = new_session(tmp_path / "class", "tutorial", 17, ["Red", "Blue"], quarters=2)
    app = make_app()
    open_form(app)
    form = app.top
    form.entries["session"].set_text(session.code.lower())
    form.entries["team"].set_text("Red")
    form.join()
    frames(app)
    assert top_name(app) == "BriefingScene"
    game = app.session
    assert (game.level_name, game.seed, game.level.quarters) == ("tutorial", 17, 2)
    assert (game.team, game.session_code) == ("Red", session.code)
    assert app.workshop and app.options.joined.team == "Red"
    assert hotseat.of(app) is None                              # one team: no hot seat


def test_a_comma_list_of_teams_joins_a_hot_seat_by_the_folder(
        make_app: Callable[..., App], data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    new_session(folder, "tutorial", 4, ["Red", "Blue"], quarters=2)
    app = make_app()
    open_form(app)
    app.top.entries["session"].set_text(str(folder))
    app.top.entries["team"].set_text("blue, red")
    app.top.join()
    frames(app)
    assert top_name(app) == "HandoverScene"
    assert [s.team for s in hotseat.of(app).seats] == ["Blue", "Red"]   # the session's names
    assert all(s.joined.folder == folder for s in hotseat.of(app).seats)
    assert "Team Blue goes first" in drawn(app)


@pytest.mark.parametrize("session, team, token", [
    ("0000-0000-0000-0000", "Red", ""),                 # a typo in the code
    ("{folder}", "Green", ""),                          # a team not in the session
    ("{folder}", "Red,Red", ""),                        # a team twice
    ("{code}", "Red", "abc"),                           # a token without the page
])
def test_a_refused_join_shows_the_joining_functions_sentence(
        make_app: Callable[..., App], data_dir: Path, tmp_path: Path, session: str,
        team: str, token: str) -> None:
    made = new_session(tmp_path / "class", "tutorial", 4, ["Red", "Blue"], quarters=2)
    session = session.format(folder=tmp_path / "class", code=made.code)
    with pytest.raises(OrgsimError) as refused:
        hotseat.join_teams(session, team, token or None)
    app = make_app()
    open_form(app)
    form = app.top
    for key, value in (("session", session), ("team", team), ("token", token)):
        form.entries[key].set_text(value)
    press(app, pygame.K_RETURN)
    assert app.top is form and app.session is None             # nothing started
    assert form.error == str(refused.value)
    assert str(refused.value) in drawn(app)
    assert problems(app, audit_screen(app)) == []


def test_empty_fields_are_asked_for_on_the_form(make_app: Callable[..., App],
                                                data_dir: Path) -> None:
    app = make_app()
    open_form(app)
    press(app, pygame.K_RETURN)
    assert "Type the session code" in app.top.error and app.top.entries["session"].is_focused
    type_text(app, "0503-0G01-0000-BXW4")
    press(app, pygame.K_RETURN)
    assert "Type your team's name" in app.top.error and app.top.entries["team"].is_focused


def test_keyboard_only_from_the_title_to_the_game(make_app: Callable[..., App],
                                                  data_dir: Path, tmp_path: Path) -> None:
    """Tab to Workshop on the title, Enter, J, type the code, Tab, type the team, Enter; and
    Esc goes back, keeping what was typed until the form is left."""
    session = new_session(tmp_path / "class", "tutorial", 9, ["Red", "Blue"], quarters=2)
    app = make_app()
    flow.start(app)
    frames(app)
    for _ in range(3):                               # New game, Load game, Workshop
        press(app, pygame.K_TAB)
    assert app.top.focus.current.text == "Workshop"
    press(app, pygame.K_RETURN)
    assert top_name(app) == "WorkshopScene"
    press(app, pygame.K_j)
    assert top_name(app) == "JoinScene"
    form = app.top
    assert form.entries["session"].is_focused
    press(app, pygame.K_ESCAPE)                      # Esc: back to the Workshop screen
    assert top_name(app) == "WorkshopScene"
    # J as a keyboard sends it: the key, then its letter as text, in one batch of events
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_j, mod=0, unicode="j",
                                         scancode=0))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="j"))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_j, mod=0, unicode="j",
                                         scancode=0))
    frames(app, 2)
    form = app.top
    assert top_name(app) == "JoinScene" and form.entries["session"].get_text() == ""
    type_text(app, session.code)
    press(app, pygame.K_TAB)
    assert form.entries["team"].is_focused and not form.entries["session"].is_focused
    type_text(app, "Red, Blue")
    press(app, pygame.K_TAB)
    assert form.entries["token"].is_focused
    press(app, pygame.K_TAB)
    assert form.focus.current is form.join_button    # then the buttons
    press(app, pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert form.entries["token"].is_focused and form.focus.current is None
    press(app, pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    press(app, pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert form.entries["session"].is_focused
    press(app, pygame.K_BACKSPACE)                   # keys edit the field, not the focus
    assert form.entries["session"].get_text() == session.code[:-1]
    type_text(app, session.code[-1])
    assert form.entries["team"].get_text() == "Red, Blue"
    press(app, pygame.K_RETURN)
    assert top_name(app) == "HandoverScene"
    assert [s.team for s in hotseat.of(app).seats] == ["Red", "Blue"]
    press(app, pygame.K_RETURN)
    assert top_name(app) == "BriefingScene" and app.session.team == "Red"


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
@pytest.mark.parametrize("projector", [False, True], ids=["normal", "projector"])
def test_the_workshop_screen_and_the_form_fit(make_app: Callable[..., App], data_dir: Path,
                                              tmp_path: Path, size: tuple[int, int],
                                              projector: bool) -> None:
    app = make_app(Settings(window=size, projector=projector, sound=False))
    flow.start(app)
    app.push(registry.make("workshop", app))
    frames(app, 2)
    assert problems(app, audit_screen(app)) == []
    press(app, pygame.K_j)
    app.top.error = ("session code '0000-0000-0000-0000': the code's checksum does not match: "
                     "check it for a typo")
    frames(app, 2)
    assert problems(app, audit_screen(app)) == []
    window = app.screen.get_rect()
    for element in [*app.top.focus.items, *app.top.entries.values()]:
        assert window.contains(element.rect)
    pygame.image.save(app.screen, str(tmp_path / f"join-{size[0]}x{size[1]}.png"))
