"""People with stories (issue 10): the model keeps who left, when and how, and names the person
an event is about; the game shows them on the event, in the quarter's log and on the report."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from test_game_kit import frames

import sim
from game import flow
from game.app import App
from game.session import Session

pytest_plugins = ("test_game_kit",)


def test_every_departure_is_recorded_with_a_name_and_how() -> None:
    model = sim.OrgModel("startup", seed=5, decisions=[
        sim.Decision(attention={"plan": 2}, let_go=(3,)), sim.Decision(attention={})],
        attribution=True)
    model.run()
    let_go = [d for d in model.departures if not d.voluntary]
    assert [(d.worker, d.quarter, d.week) for d in let_go] == [(3, 1, 1)]
    quits = [d for d in model.departures if d.voluntary]
    assert len(quits) == model.total_quits > 0
    quarters = model.level.quarters
    assert all(d.name and 1 <= d.quarter <= quarters and 1 <= d.week <= 13 for d in quits)
    present = {int(w.unique_id) for w in model.workers}
    assert not present & {d.worker for d in model.departures}
    for d in quits:                        # and their own explanation is still there
        assert model.explain(d.quarter, d.worker, by="decision").contributions


def _star_card(session: Session) -> object:
    return next(c for c in session.level.events if c.target == "star" and c.choices)


def test_the_event_names_the_star_it_touches() -> None:
    session = Session("knowledge_team", 2)
    card = _star_card(session)
    person = session.model.event_subject(card)
    skills = {int(w.unique_id): w.skill for w in session.model.workers}
    assert person is not None and skills[int(person.unique_id)] == max(skills.values())
    team_card = next(c for c in session.level.events if c.target != "star")
    assert session.model.event_subject(team_card) is None
    # played out: the card touches the person it named while it waited for the answer
    named = {}
    for _ in range(12):
        if session.finished:
            break
        session.commit(sim.get_strategy("balanced").decide(session.model))
        while True:
            pending = session.pending()
            if pending is not None:
                subject = session.model.event_subject(pending)
                named[pending.id] = None if subject is None else int(subject.unique_id)
                session.answer(pending.id, pending.choices[0].id)
                continue
            if session.step_week().quarter_done:
                break
    fired = {f.card.id: f.star for f in session.model.fired if f.card.id in named}
    assert fired and fired == {k: v for k, v in named.items() if k in fired}


def test_the_game_shows_who_an_event_is_about_and_who_left(
        make_app: Callable[..., App]) -> None:
    from game.scenes.event import EventScene
    from game.scenes.report import ReportScene

    app = make_app()
    flow.start(app)
    app.session = Session("knowledge_team", 3)
    card = _star_card(app.session)
    app.push(EventScene(app, card))
    frames(app)
    person = app.session.model.event_subject(card)
    assert app.top.about().startswith(f"This is about {person.name} (")
    app.pop()
    neglect = sim.get_strategy("neglect")
    for _ in range(3):
        app.session.play_quarter(neglect.decide(app.session.model))
    app.push(ReportScene(app))
    frames(app)
    left = [d for d in app.session.model.departures if d.quarter == 3]
    caption = app.top.office_caption()
    assert left and all(d.name in caption for d in left)
    assert "quit (" in caption


def test_a_persons_card_tells_their_story(make_app: Callable[..., App]) -> None:
    from game.history import SHOWN
    from game.scenes.report import ReportScene

    session = Session("knowledge_team", 3)
    someone = int(session.model.workers[2].unique_id)
    first = sim.Decision(attention={"vision": 2, "plan": 2},
                         one_to_one=(sim.OneToOne("coach", someone),))
    session.play_quarter(first)
    neglect = sim.get_strategy("neglect")
    for _ in range(4):                                   # people burn out, leave and are replaced
        session.play_quarter(neglect.decide(session.model))
    lines = session.history.lines
    assert lines[someone][0] == "Q1: a one-to-one (coach)"
    joined = [wid for wid, story in lines.items() if any("joined the team" in s for s in story)]
    present = {int(w.unique_id) for w in session.model.workers}
    assert joined and all(wid >= session.level.team_size for wid in joined)   # newcomers only
    assert any("exhausted" in s for story in lines.values() for s in story)
    assert all(len(session.history.card(wid).splitlines()) <= SHOWN for wid in lines)
    # the card in the office shows it
    app = make_app()
    flow.start(app)
    app.session = session
    app.push(ReportScene(app))
    frames(app)
    wid = next(w for w in present if lines.get(w))
    desk = app.top.office.desk(wid)
    tip = app.top.office.tip_at(app.top.office.cell_rect(desk.slot).center)
    assert session.history.card(wid) in tip


def test_taking_up_an_idea_grows_the_teams_ideas_only_from_someone_who_has_one() -> None:
    """The 'idea' one-to-one (the office's bulb): the team's stock of ideas grows when the
    person has an idea, and not when they have none (then it is only a kind word)."""
    level = sim.load_level("knowledge_team")
    model = sim.OrgModel(level, seed=7, strategy="leader")
    for _ in range(4 * 13):                        # a leader's year: safety and motivation
        model.step()
    has = [w for w in model.workers if w.has_idea]
    hasnt = [w for w in model.workers if not w.has_idea]
    assert has and hasnt
    after = {}
    for who in (has[0], hasnt[0]):
        twin = copy.deepcopy(model)
        twin.strategy = None
        before = twin.stocks.innovation
        from sim.actions import apply_actions
        apply_actions(twin, sim.Decision(one_to_one=(sim.OneToOne("idea", who.unique_id),)))
        after[who.has_idea] = twin.stocks.innovation - before
    assert after[True] == pytest.approx(0.02, abs=1e-9) and after[False] == 0.0


def test_the_idea_button_is_for_people_with_the_bulb(make_app: Callable[..., App]) -> None:
    from game.scenes.plan import PlanScene

    app = make_app()
    flow.start(app)
    app.session = Session("knowledge_team", 7)
    leader = sim.get_strategy("leader")
    for _ in range(4):
        app.session.play_quarter(leader.decide(app.session.model))
    plan = PlanScene(app)
    app.push(plan)
    frames(app)
    assert app.top is not plan                        # quarter 5 opens the level's 2nd phase
    app.pop()                                         # its message, read
    plan.clear()                                      # room in the budget for a one-to-one
    desks = plan.office.desks
    with_idea = next(d for d in desks if "idea" in d.icons)
    without = next(d for d in desks if "idea" not in d.icons)
    plan.pick(with_idea.id)
    assert plan.one_buttons["idea"].is_enabled
    plan.one_to_one("idea")
    assert plan.draft.one_to_one[with_idea.id] == "idea"
    plan.pick(without.id)
    assert not plan.one_buttons["idea"].is_enabled
    assert "has no idea to take up" in plan.tip_text(plan.one_buttons["idea"].rect.center)
