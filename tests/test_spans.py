"""Weeks played in one compiled call (`OrgModel._play_span`, used by `run` and `run_quarter`)
give exactly what playing week by week (`step`, as the game and `mesa.batch_run` do) gives:
the table, every weekly record, every explanation, who left and when, and the state after."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim
from sim.explain import Explainer
from sim.workforce import STATE

CASES = [("knowledge_team", "balanced", 3), ("startup", "random", 11),
         ("factory_floor", "manager", 5), ("turnaround", "neglect", 8),
         ("remote_team", "adaptive", 2), ("change_programme", "leader", 13)]
#: Larger teams, where several people leave and join most weeks and the quarter's quota of
#: quits holds some back (`kernels.churn_weeks` plays them in its weeks).
LARGE = [("knowledge_team", "neglect", 6, 400), ("turnaround", "manager", 9, 250)]


def _played(level: str, strategy: str, seed: int, by_week: bool,
            **overrides: object) -> sim.OrgModel:
    model = sim.OrgModel(level, strategy=strategy, seed=seed, **overrides)
    if by_week:
        while model.running:
            model.step()
    else:
        model.run()
    return model


def _explanations(explainer: Explainer, model: sim.OrgModel) -> list[object]:
    out = []
    for quarter in range(1, model.quarter + 1):
        team = explainer.explain(quarter)
        out.append((team.start, team.end, sorted(team.contributions.items())))
        for departure in model.departures[:3]:
            if departure.quarter == quarter:
                worker = explainer.explain(quarter, departure.worker)
                out.append(sorted(worker.contributions.items()))
    return out


@pytest.mark.parametrize(("level", "strategy", "seed", "size"),
                         [(*case, None) for case in CASES] + LARGE)
def test_a_level_played_in_spans_is_the_level_played_week_by_week(level: str, strategy: str,
                                                                   seed: int,
                                                                   size: int | None) -> None:
    sizes = {} if size is None else {"team_size": size}
    _assert_the_same_level(_played(level, strategy, seed, False, **sizes),
                           _played(level, strategy, seed, True, **sizes))


def _assert_the_same_level(spans: sim.OrgModel, weeks: sim.OrgModel) -> None:
    """A level played in spans is the level played week by week: the table, every weekly
    record, the departures, the events, every explanation and the state after."""
    pd.testing.assert_frame_equal(spans.table(), weeks.table(), check_exact=True)
    pd.testing.assert_frame_equal(spans.datacollector.get_model_vars_dataframe(),
                                  weeks.datacollector.get_model_vars_dataframe(),
                                  check_exact=True)
    assert spans.steps == weeks.steps == spans.level.quarters * 13
    assert spans.departures == weeks.departures
    assert [(e.card.id, e.quarter, e.week) for e in spans.fired] \
        == [(e.card.id, e.quarter, e.week) for e in weeks.fired]
    assert _explanations(spans.explainer, spans) == _explanations(weeks.explainer, weeks)
    for column in STATE:
        assert spans.workforce.arrays[column].tobytes() \
            == weeks.workforce.arrays[column].tobytes()
    assert spans.stocks == weeks.stocks


def test_a_team_of_one_whose_star_leaves_at_an_event_plays_as_week_by_week() -> None:
    """Events fire before the span that starts with their week; when they leave nobody (a team
    of one whose star takes an offer) the week is played as `step` plays it."""
    spans = _played("startup", "neglect", 0, False, team_size=1)
    weeks = _played("startup", "neglect", 0, True, team_size=1)
    assert any(e.star_left for e in spans.fired)          # the case this test is about
    assert 0 in spans.datacollector.model_vars["headcount"]
    pd.testing.assert_frame_equal(spans.table(), weeks.table(), check_exact=True)
    pd.testing.assert_frame_equal(spans.datacollector.get_model_vars_dataframe(),
                                  weeks.datacollector.get_model_vars_dataframe(),
                                  check_exact=True)
    assert spans.departures == weeks.departures and spans.steps == weeks.steps


def _spans(model: sim.OrgModel) -> list[tuple[int, int, int]]:
    """Play the model to its end; each span's (weeks played before it, weeks asked, played)."""
    played: list[tuple[int, int, int]] = []
    original = model._play_span

    def spy(weeks: int) -> None:
        before = model.weeks_played
        original(weeks)
        played.append((before, weeks, model.weeks_played - before))

    model._play_span = spy      # type: ignore[method-assign]
    model.run()
    return played


def _left_inside(model: sim.OrgModel, played: list[tuple[int, int, int]]) -> int:
    """Departures in a week of a span other than its last (the model's own week)."""
    weeks = [d.quarter * 13 - 13 + d.week for d in model.departures if d.voluntary]
    return sum(1 for week in weeks
               if any(before < week < before + done for before, _, done in played))


def test_spans_play_on_through_leavers_and_joiners() -> None:
    """Most weeks of a level go through spans, and a span plays on through the weeks in which
    people leave and join (`kernels.churn_weeks`), stopping at events and quarters' ends."""
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=4)
    played = _spans(model)
    assert sum(done for _, _, done in played) > 0.8 * model.steps
    assert model.total_quits > 0 and model.total_hires > 0
    assert _left_inside(model, played) > 0


def _weeks_left_to_the_model(model: sim.OrgModel) -> int:
    """Play the model to its end; how many spans left their last week's leavers and joiners
    to the model (`OrgModel._book_last_week`)."""
    calls = []
    original = model._book_last_week

    def spy(*args: object) -> None:
        calls.append(args)
        original(*args)

    model._book_last_week = spy      # type: ignore[method-assign]
    model.run()
    return len(calls)


def test_a_spans_last_week_plays_its_leavers_and_joiners_in_the_span() -> None:
    """A span's last week's leavers and joiners are played in the span too (the model books
    them from its log), unless the team's agents are made, when the model plays them."""
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=4)
    assert _weeks_left_to_the_model(model) == 0
    assert model.total_quits > 0 and model.total_hires > 0
    looked_at = sim.OrgModel("knowledge_team", strategy="manager", seed=4)
    assert looked_at.workers
    assert _weeks_left_to_the_model(looked_at) > 0
    pd.testing.assert_frame_equal(model.table(), looked_at.table(), check_exact=True)


def test_spans_stop_at_a_leaver_once_the_teams_agents_are_made() -> None:
    """Once someone's agent is made (the game's and an analyst's look at the team by row),
    a span stops after a week with a leaver, which the model then plays as `step` does."""
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=4)
    assert model.workers                      # a look at the team makes its agents
    played = _spans(model)
    assert sum(done for _, _, done in played) > 0.6 * model.steps
    assert any(done < asked for _, asked, done in played)      # a quit stopped one early
    assert model.total_quits > 0 and _left_inside(model, played) == 0


def test_run_quarter_plays_in_spans_and_matches_steps() -> None:
    by_quarter = sim.OrgModel("startup", strategy="balanced", seed=21)
    rows = [by_quarter.run_quarter() for _ in range(by_quarter.level.quarters)]
    by_week = _played("startup", "balanced", 21, True)
    assert rows == by_week.rows
    assert np.array_equal(by_quarter.workforce.quarter_output, by_week.workforce.quarter_output)


@pytest.mark.parametrize(("level", "strategy", "seed", "size"), LARGE)
def test_a_span_with_no_room_left_for_its_leavers_hands_the_week_to_the_model(
        level: str, strategy: str, seed: int, size: int, monkeypatch) -> None:
    """A span whose leavers' records would overflow their room stops at that week, whose
    leavers and joiners the model then plays itself; the level is still the level played
    week by week (room for one leaver, so that most spans stop so)."""
    import sim.model
    monkeypatch.setattr(sim.model, "span_leavers_room", lambda team: 1)
    spans = sim.OrgModel(level, strategy=strategy, seed=seed, team_size=size)
    assert _weeks_left_to_the_model(spans) > 20
    _assert_the_same_level(spans, _played(level, strategy, seed, True, team_size=size))


def test_a_quarters_quota_of_quits_holds_the_same_people_back_in_spans(monkeypatch) -> None:
    """When more are ready to resign than the quarter's quota lets go, the most determined go
    first, in the weeks played in spans as week by week (a quota tightened for the test: the
    levels' 25% of a team a quarter is seldom reached)."""
    import sim.model
    monkeypatch.setattr(sim.model, "QUIT_QUOTA", 0.02)
    spans = _played("knowledge_team", "neglect", 6, False, team_size=400)
    weeks = _played("knowledge_team", "neglect", 6, True, team_size=400)
    assert spans.quits_held_back > 20
    pd.testing.assert_frame_equal(spans.table(), weeks.table(), check_exact=True)
    assert spans.departures == weeks.departures
    assert spans.quits_held_back == weeks.quits_held_back
    for column in STATE:
        assert spans.workforce.arrays[column].tobytes() \
            == weeks.workforce.arrays[column].tobytes()
