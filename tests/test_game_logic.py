"""The game's rules and data: explanations that add up on screen, stars, lessons, text that the
shipped font can draw, time that follows dt (not frames), a capped frame rate, keys."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pygame
import pytest
from test_game_kit import commit_anyway, frames, play_to_report, press, top_name

import sim
from game import flow
from game.app import App
from game.assets import load
from game.lessons import holds, lessons_for
from game.paths import assets_dir
from game.scoring import describe, overall, passed, score
from game.session import Session
from game.settings import Settings
from game.why import apportion, hint_for, why_view

pytest_plugins = ("test_game_kit",)   # the app, data folder and fixtures


@pytest.mark.parametrize("level, strategy", [("tutorial", "random"), ("knowledge_team", "manager"),
                                             ("factory_floor", "neglect")])
def test_explanations_add_up_exactly_as_displayed(level: str, strategy: str) -> None:
    session = Session(level, 3, {"quarters": 3})
    for _ in range(3):
        session.play_quarter(sim.get_strategy(strategy).decide(session.model))
    model = session.model
    for quarter in range(1, 4):
        ids = [None] + [w.unique_id for w in model.workers]
        for worker in ids:
            try:
                e = model.explain(quarter, worker)
            except KeyError:             # joined after that quarter
                continue
            for max_rows in (4, 12):
                view = why_view(e.start, e.end, e.contributions, max_rows=max_rows)
                assert sum(r.tenths for r in view.rows) == view.change
                assert len(view.rows) <= max_rows
                assert abs(view.change - round(e.change * 1000)) <= 1
                grouped = [r for r in view.rows if r.members]
                for row in grouped:
                    assert row.exact == pytest.approx(sum(v for _, v in row.members))


def test_apportion_keeps_the_total() -> None:
    assert apportion([0.4, 0.4, 0.4], 1) == [1, 0, 0] or sum(apportion([0.4] * 3, 1)) == 1
    assert sum(apportion([1.6, -2.6, 0.5, 0.5], 0)) == 0
    assert apportion([], 0) == []


def test_every_hint_and_fallback() -> None:
    assert "neglect" in hint_for("left alone (Unspent attention)")
    assert hint_for("something nobody wrote a hint for") == load("hints.json")["fallback"]


def test_advice_without_a_level_never_offers_hiring() -> None:
    """A view built without the level's actions must not say 'or hire' (hiring may be off)."""
    view = why_view(0.6, 0.5, {"overloaded (workload)": -0.08, "recognised": 0.02})
    assert view.concern == "overloaded (workload)"
    assert view.hint and "hire" not in view.hint.lower()
    assert "hire" in hint_for("overloaded (workload)", {"hire"}).lower()


def test_stars_are_sims_and_goals_read_plainly() -> None:
    level = sim.load_level("knowledge_team")
    table = sim.run(level, "balanced", 1)
    results = score(level, table)
    assert [r.stars for r in results] == [r.stars for r in sim.score(level, table)]
    assert overall(results) == sim.stars(results)
    assert passed(results) == (sim.stars(results) >= 1)
    for goal in level.goals:
        words = describe(goal)
        assert goal.label in words and "three stars" in words


def test_lessons_conditions_read_real_runs() -> None:
    runs = {name: sim.run("tutorial", name, 2) for name in ("leader", "manager", "balanced")}
    runs["player"] = runs["balanced"]
    for entry in load("lessons.json")["lessons"]:
        holds(entry.get("when"), runs, 0.6)          # every condition is readable
    chosen = lessons_for(runs, 0.6)
    assert 1 <= len(chosen) <= 4
    assert holds(["player.output@1", "<", "player.output_cum@end"], runs, 0.6)
    assert not holds(["nobody.output@end", ">", 0], runs, 0.6)    # a missing run is false


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() if not k.startswith("_") for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def test_the_shipped_font_draws_every_character_of_the_text(make_app: Callable[..., App]) -> None:
    make_app()
    font = pygame.font.Font(str(assets_dir() / "fonts" / "NotoSans-Regular.ttf"), 14)
    texts = [s for name in ("text.json", "lessons.json", "hints.json")
             for s in _strings(load(name))]
    for name in sim.level_names():
        level = sim.load_level(name)
        texts += [level.title, level.briefing, level.era, level.learning_goal]
        texts += [g.label for g in level.goals]
        texts += [t for e in level.events for t in (e.title, e.text, *(c.label for c in e.choices))]
    texts += [t for lv in sim.lever_table().levers for t in (lv.title, lv.seed, lv.description)]
    missing = {ch for text in texts for ch in text if ch.strip() and font.metrics(ch)[0] is None}
    assert not missing, f"characters the font cannot draw: {sorted(missing)}"


def test_fonts_ship_with_their_licence() -> None:
    fonts = assets_dir() / "fonts"
    assert (fonts / "NotoSans-Regular.ttf").is_file() and (fonts / "NotoSans-Bold.ttf").is_file()
    assert "SIL Open Font License" in (fonts / "OFL-NotoSans.txt").read_text()
    theme = json.loads((assets_dir() / "theme.json").read_text())
    assert theme["button"]["font"]["regular_path"] == "fonts/NotoSans-Regular.ttf"


def _start_quarter(app: App) -> None:
    flow.start(app)
    flow.start_level(app, "tutorial", 6)
    flow.open_plan(app)
    app.top.draft.add("vision", 1)
    app.top.commit()
    commit_anyway(app)
    assert top_name(app) == "QuarterScene"


def _weeks_after(app: App, seconds: float, dt: float) -> int:
    quarter = app.top
    quarter.set_speed(1)
    start = app.session.model.week
    for _ in range(round(seconds / dt)):
        app.frame(dt)
        if app.top is not quarter:
            break
    return app.session.model.week - start


def test_game_time_follows_dt_not_the_number_of_frames(make_app: Callable[..., App]) -> None:
    fine, coarse = make_app(), make_app()
    for app in (fine, coarse):
        _start_quarter(app)
    a = _weeks_after(fine, 2.0, 0.02)        # 100 frames
    b = _weeks_after(coarse, 2.0, 0.2)       # 10 frames
    assert a == b == 4                       # 1x is two weeks a second


def test_pause_and_speed_keys(make_app: Callable[..., App]) -> None:
    app = make_app()
    _start_quarter(app)
    quarter = app.top
    press(app, pygame.K_1)
    assert quarter.speed == 0
    week = app.session.model.week
    frames(app, 40)
    assert app.session.model.week == week            # paused: nothing moves
    press(app, pygame.K_SPACE)
    assert quarter.speed == quarter.last_speed != 0
    press(app, pygame.K_4)
    assert quarter.speed == 4
    press(app, pygame.K_ESCAPE)                      # Esc pauses and opens the menu
    assert top_name(app) == "MenuScene" and quarter.speed == 0
    press(app, pygame.K_ESCAPE)
    assert app.top is quarter
    press(app, pygame.K_F1)
    assert top_name(app) == "HelpScene"
    press(app, pygame.K_F1)
    assert app.top is quarter


def test_the_frame_rate_is_capped(make_app: Callable[..., App]) -> None:
    app = make_app(fixed_dt=None, max_frames=30)
    flow.start(app)
    started = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - started
    assert elapsed >= 29 / 60 * 0.9, "frames should wait for the 60 fps cap, not spin"
    assert "p95" in app.fps_report()


def test_sound_can_be_on_or_off(make_app: Callable[..., App]) -> None:
    app = make_app(Settings(sound=True))
    app.sounds.play("click")                  # never raises, with or without an audio device
    app.sounds.set_enabled(False)
    app.sounds.play("chime")
    assert not app.sounds.enabled


def test_worker_under_the_mouse_and_their_tooltip(make_app: Callable[..., App]) -> None:
    app = make_app()
    flow.start(app)
    flow.start_level(app, "knowledge_team", 2)
    flow.open_plan(app)
    office = app.top.office
    for desk in office.desks:
        centre = office.cell_rect(desk.slot).center
        assert office.worker_at(centre) == desk.id
        tip = office.tip_at(centre)
        assert desk.name in tip and "morale" in tip
    assert office.worker_at((0, 0)) is None


def test_results_file_names_never_collide(tmp_path: Path, make_app: Callable[..., App]) -> None:
    from game.results import build_debrief, write_results

    app = make_app()
    session = Session("tutorial", 8, {"quarters": 1})
    session.play_quarter(sim.get_strategy("leader").decide(session.model))
    debrief = build_debrief(session)
    other = Session("tutorial", 8, {"quarters": 1})        # same level and seed, same second
    other.play_quarter(sim.get_strategy("manager").decide(other.model))
    first = write_results(debrief, app.palette, tmp_path)
    second = write_results(build_debrief(other), app.palette, tmp_path)
    assert first != second and all(p.exists() for p in (*first, *second))
    assert write_results(debrief, app.palette, tmp_path) == first   # the same game: once


def test_the_chosen_speed_carries_over_to_the_next_quarter(make_app: Callable[..., App]) -> None:
    app = make_app()
    _start_quarter(app)
    press(app, pygame.K_4)
    play_to_report(app, 2000)
    press(app, pygame.K_RETURN)                      # on to the next quarter's plan
    assert top_name(app) == "PlanScene"
    app.top.commit()
    assert top_name(app) == "QuarterScene" and app.top.speed == 4
    press(app, pygame.K_1)                           # a pause is not a speed to carry over
    assert app.session.speed == 4


def test_an_event_pops_up_in_the_week_the_log_gives_it() -> None:
    from game.scenes.quarter import current_week

    session = Session("knowledge_team", 5)
    session.commit(sim.get_strategy("balanced").decide(session.model))
    checked = 0
    while not session.finished and checked < 3:
        card = session.pending()
        if card is not None:
            shown = current_week(session.model)
            session.answer(card.id, card.choices[0].id)
            session.step_week()
            assert session.model.fired[-1].week == shown
            checked += 1
            continue
        if session.step_week().quarter_done and not session.finished:
            session.commit(sim.get_strategy("balanced").decide(session.model))
    assert checked >= 1


def test_a_one_quarter_game_says_one_quarter(make_app: Callable[..., App]) -> None:
    app = make_app(overrides={"quarters": 1})
    flow.start(app)
    flow.start_level(app, "tutorial", 2)
    frames(app)
    facts = app.top.facts_text()
    assert facts.startswith("1 quarter with") and "1 quarters" not in facts


def test_morale_is_a_percentage_everywhere_and_its_changes_are_points() -> None:
    """The goals, the people's cards and the report all give morale in % (issue 10: it was
    'points' in the report); a change of morale is in (percentage) points."""
    from game.assets import text as ui_text
    from game.office import _pct
    from game.why import points

    goal = next(g for g in sim.load_level("knowledge_team").goals if g.metric == "morale")
    assert "%" in describe(goal)
    assert _pct(0.593) == "59%"
    summary = ui_text("report.start_end", start=points(593), end=points(621),
                      change=points(28, signed=True))
    assert summary == "Morale went from 59.3% to 62.1%: a change of +2.8 points"


def test_the_week_strip_has_a_fixed_axis() -> None:
    """The quarter's week strip does not rescale as weeks come in (issue 10): morale on 0-100%,
    output on a top fixed by the level, both labelled."""
    from game.charts import spark_range
    from game.scenes.quarter import weekly_output_scale

    assert spark_range([0.55, 0.6], (0.0, 1.0)) == (0.0, 1.0)
    assert spark_range([0.55, 0.6, 0.62], (0.0, 1.0)) == (0.0, 1.0)
    for name in sim.level_names():
        level = sim.load_level(name)
        top = weekly_output_scale(level)
        weekly = sim.run(level, "adaptive", 1)["output"] / 13
        assert weekly.max() <= top, name           # the best boss stays on the chart
        assert weekly.max() >= top / 4, name       # and does not sit flat at the bottom
